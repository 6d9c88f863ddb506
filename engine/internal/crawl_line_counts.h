// The counts behind a CrawlLineStats, for the engine's own codecs
// (statistics_io.h): kept out of the public header so that it carries no
// container types.
#ifndef SHABIH_ENGINE_INTERNAL_CRAWL_LINE_COUNTS_H_
#define SHABIH_ENGINE_INTERNAL_CRAWL_LINE_COUNTS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "shabih/boilerplate.h"

namespace shabih {

struct CrawlLineStats::Counts {
  explicit Counts(size_t max_bytes) : max_counted_line_bytes(max_bytes) {}

  size_t max_counted_line_bytes;
  bool finalized = false;
  uint64_t documents = 0;
  absl::flat_hash_map<uint64_t, uint32_t> sites;  // site key -> documents
  absl::flat_hash_map<uint64_t, uint32_t> lines;  // PairKey(site, line) -> documents
  std::vector<uint64_t> scratch;                  // one document's line keys
};

}  // namespace shabih

#endif  // SHABIH_ENGINE_INTERNAL_CRAWL_LINE_COUNTS_H_

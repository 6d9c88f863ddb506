// What CrawlStatistics holds, for the engine's own stages (the signer, the
// online deduper): kept out of the public header so the installed API does
// not carry the line table or the sketch's bit layout.
#ifndef SHABIH_ENGINE_INTERNAL_CRAWL_STATISTICS_H_
#define SHABIH_ENGINE_INTERNAL_CRAWL_STATISTICS_H_

#include <cstdint>
#include <memory>
#include <string>

#include "engine/internal/document_frequency.h"
#include "engine/internal/evidence.h"
#include "shabih/boilerplate.h"
#include "shabih/signer.h"

namespace shabih {

struct CrawlStatistics::Parts {
  uint64_t documents = 0;
  uint64_t sampled_documents = 0;
  std::unique_ptr<CrawlLineStats> lines;  // null without line statistics
  CommonShingles common;                  // empty without template-aware signatures
  std::string built_with;                 // StatisticsKey() of the builder's options
  // --verify evidence only (null otherwise): word document frequencies.
  // Not serialized: the stages and the index refuse evidence verification.
  std::shared_ptr<const internal::WordFrequency> words;
};

// The options the statistics depend on, as a key compared by the signer.
std::string StatisticsKey(const DedupOptions& options);

}  // namespace shabih

#endif  // SHABIH_ENGINE_INTERNAL_CRAWL_STATISTICS_H_

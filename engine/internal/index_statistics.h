// Which crawl statistics a run against the index signs with, and what it
// stores back (engine/index_dedup.cc).
//
// Signatures of earlier runs must stay valid, so the common-shingle set
// (template wording left out of signatures) is that of the index's first
// run, fixed for its life. Per-site line counts only steer stripping of new
// pages, whose signatures are made now: they grow with every run (the
// stored counts plus the new crawl's), so a site's menus learned yesterday
// are stripped from today's pages too.
#ifndef SHABIH_ENGINE_INTERNAL_INDEX_STATISTICS_H_
#define SHABIH_ENGINE_INTERNAL_INDEX_STATISTICS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "shabih/signer.h"

namespace shabih::internal {

// `stored`: the index's statistics bytes (empty for a new index);
// `crawl`: the builder that saw the new crawl. Returns the statistics to
// sign with and sets *to_store to the bytes the index keeps after the run.
absl::StatusOr<std::shared_ptr<const CrawlStatistics>> StatisticsForRun(
    absl::string_view stored, std::unique_ptr<CrawlStatisticsBuilder> crawl, std::string* to_store);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_INDEX_STATISTICS_H_

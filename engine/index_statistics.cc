#include "engine/internal/index_statistics.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/crawl_statistics.h"
#include "engine/internal/statistics_io.h"
#include "engine/internal/status_macros.h"

namespace shabih::internal {

absl::StatusOr<std::shared_ptr<const CrawlStatistics>> StatisticsForRun(
    absl::string_view stored, std::unique_ptr<CrawlStatisticsBuilder> crawl, std::string* to_store) {
  std::shared_ptr<const CrawlStatistics> fresh = crawl->Finish();
  SHABIH_RETURN_IF_ERROR(crawl->status());  // spilled line counts that could not be read back
  if (stored.empty()) {  // the index's first run: its statistics become the generation's
    SHABIH_ASSIGN_OR_RETURN(*to_store, fresh->Serialize());
    return fresh;
  }
  // The stored common-shingle set with the line counts of both crawls
  // summed (CrawlStatistics::MergeLines, done in place: the stored counts
  // grow with the index, and a copy of them doubled the run's peak).
  // Both are finalized (lines on one page dropped), so a line seen on one
  // page of each crawl stays unseen: a line needs two pages of one crawl to
  // be remembered (docs/index.md).
  auto parts = std::make_unique<CrawlStatistics::Parts>();
  SHABIH_RETURN_IF_ERROR(ParseStatistics(stored, parts.get()));
  const CrawlStatistics::Parts& add = fresh->parts();
  if (parts->built_with != add.built_with) {
    return absl::InvalidArgumentError(absl::StrCat("CrawlStatistics::MergeLines: statistics built with other options (",
                                                   parts->built_with, " vs ", add.built_with, ")"));
  }
  parts->documents += add.documents;
  if (parts->lines && add.lines) parts->lines->Merge(*add.lines);
  fresh.reset();
  auto combined = std::make_shared<const CrawlStatistics>(std::move(parts));
  SHABIH_ASSIGN_OR_RETURN(*to_store, combined->Serialize());
  return std::shared_ptr<const CrawlStatistics>(std::move(combined));
}

}  // namespace shabih::internal

#include "engine/internal/index_statistics.h"

#include <utility>

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
  SHABIH_ASSIGN_OR_RETURN(std::shared_ptr<const CrawlStatistics> kept, CrawlStatistics::Deserialize(stored));
  // The stored common-shingle set with the line counts of both crawls
  // summed. Both are finalized (lines on one page dropped), so a line seen
  // on one page of each crawl stays unseen: a line needs two pages of one
  // crawl to be remembered (docs/index.md).
  SHABIH_ASSIGN_OR_RETURN(std::shared_ptr<const CrawlStatistics> combined, CrawlStatistics::MergeLines(*kept, *fresh));
  SHABIH_ASSIGN_OR_RETURN(*to_store, combined->Serialize());
  return combined;
}

}  // namespace shabih::internal

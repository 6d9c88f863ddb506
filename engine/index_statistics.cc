#include "engine/internal/index_statistics.h"
// TEMPORARY until statistics serialization lands: signs with the new crawl's own statistics.
namespace shabih::internal {
absl::StatusOr<std::shared_ptr<const CrawlStatistics>> StatisticsForRun(
    absl::string_view, std::unique_ptr<CrawlStatisticsBuilder> crawl, std::string* to_store) {
  to_store->clear();
  return crawl->Finish();
}
}  // namespace shabih::internal

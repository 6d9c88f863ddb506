#include "engine/internal/index_statistics.h"

#include <utility>

#include "engine/internal/crawl_statistics.h"
#include "engine/internal/status_macros.h"

namespace shabih::internal {

absl::StatusOr<std::shared_ptr<const CrawlStatistics>> StatisticsForRun(
    absl::string_view stored, std::unique_ptr<CrawlStatisticsBuilder> crawl, std::string* to_store) {
  std::shared_ptr<const CrawlStatistics> fresh = crawl->Finish();
  if (stored.empty()) {  // the index's first run: its statistics become the generation's
    SHABIH_ASSIGN_OR_RETURN(*to_store, fresh->Serialize());
    return fresh;
  }
  SHABIH_ASSIGN_OR_RETURN(std::shared_ptr<const CrawlStatistics> kept, CrawlStatistics::Deserialize(stored));
  if (kept->parts().built_with != fresh->parts().built_with) {
    return absl::InvalidArgumentError("the index's statistics were built with other options");
  }
  // The common-shingle set and its document count stay the generation's;
  // line counts add up. Both sides are finalized, so a line seen on one page
  // of each crawl counts as unseen: a line needs two pages of one crawl to
  // be remembered (docs/index.md).
  auto parts = std::make_unique<CrawlStatistics::Parts>();
  const CrawlStatistics::Parts& k = kept->parts();
  parts->documents = k.documents;
  parts->sampled_documents = k.sampled_documents;
  parts->common = k.common;
  parts->built_with = k.built_with;
  if (k.lines || fresh->parts().lines) {
    parts->lines = std::make_unique<CrawlLineStats>(k.lines ? *k.lines : *fresh->parts().lines);
    if (k.lines && fresh->parts().lines) parts->lines->Merge(*fresh->parts().lines);
  }
  auto combined = std::make_shared<const CrawlStatistics>(std::move(parts));
  SHABIH_ASSIGN_OR_RETURN(*to_store, combined->Serialize());
  return combined;
}

}  // namespace shabih::internal

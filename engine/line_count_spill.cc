#include "engine/internal/line_count_spill.h"

#include <utility>
#include <vector>

#include "engine/internal/crawl_line_counts.h"
#include "engine/internal/external_sort.h"
#include "engine/internal/status_macros.h"

namespace shabih::internal {

struct LineCountSpill::Sorter {
  Sorter(const std::string& dir, uint64_t memory) : sorter(dir, memory) {}
  ExternalSorter<LineCountRecord, std::less<LineCountRecord>> sorter;
};

LineCountSpill::LineCountSpill(std::string work_dir, uint64_t memory_bytes)
    : work_dir_(std::move(work_dir)), memory_bytes_(memory_bytes) {}
LineCountSpill::~LineCountSpill() = default;

bool LineCountSpill::Full(absl::Span<const std::unique_ptr<CrawlLineStats>> parts) const {
  uint64_t held = 0;
  for (const auto& part : parts) {
    if (part) held += part->MemoryBytes();
  }
  return held > memory_bytes_ / 4;
}

absl::Status LineCountSpill::Spill(CrawlLineStats& lines) {
  CrawlLineStats::Counts& c = *lines.counts_;
  if (c.lines.empty()) return absl::OkStatus();
  if (!sorter_) sorter_ = std::make_unique<Sorter>(work_dir_, memory_bytes_ / 2);
  std::vector<LineCountRecord> chunk;
  chunk.reserve(4096);
  for (const auto& [key, count] : c.lines) {
    chunk.push_back({key, count, 0});
    if (chunk.size() == chunk.capacity()) {
      SHABIH_RETURN_IF_ERROR(sorter_->sorter.Add(chunk));
      chunk.clear();
    }
  }
  SHABIH_RETURN_IF_ERROR(sorter_->sorter.Add(chunk));
  spilled_records_ += c.lines.size();
  decltype(c.lines)().swap(c.lines);  // frees the table: clear() may keep it
  return absl::OkStatus();
}

absl::Status LineCountSpill::Restore(CrawlLineStats* lines, bool finalize) {
  if (!sorter_) {
    if (finalize) lines->Finalize();
    return absl::OkStatus();
  }
  SHABIH_RETURN_IF_ERROR(Spill(*lines));
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<RecordStream<LineCountRecord>> sorted, sorter_->sorter.Finish());
  CrawlLineStats::Counts& c = *lines->counts_;
  LineCountRecord r;
  bool have = sorted->Next(&r);
  while (have) {
    const uint64_t key = r.key;
    uint64_t total = 0;
    while (have && r.key == key) {
      total += r.count;
      have = sorted->Next(&r);
    }
    if (!finalize || total >= 2) c.lines[key] = static_cast<uint32_t>(std::min<uint64_t>(total, UINT32_MAX));
  }
  SHABIH_RETURN_IF_ERROR(sorted->status());
  sorted.reset();
  sorter_.reset();
  spilled_records_ = 0;
  if (finalize) lines->Finalize();
  return absl::OkStatus();
}

}  // namespace shabih::internal

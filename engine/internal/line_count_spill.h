// Per-site line counts (CrawlLineStats) held within a memory budget: past
// it they move to sorted runs on disk and are summed back when counting
// ends.
//
//   internal::LineCountSpill spill(work_dir, /*memory_bytes=*/64 << 20);
//   for (each batch) {
//     for (...) stats.AddDocument(site, text);
//     if (spill.Full(stats)) SHABIH_RETURN_IF_ERROR(spill.Spill(stats));
//   }
//   SHABIH_RETURN_IF_ERROR(spill.Restore(&stats, /*finalize=*/true));
//
// Why: the first pass counts every distinct (site, line) pair of a crawl,
// and most of them (an article's own sentences) are on one page: 1M
// generated pages hold tens of millions, hundreds of MB in a hash map,
// while the pairs that matter (on two pages or more) are a few percent.
// Spilled counts are summed exactly, so the statistics, and every output
// built from them, are the same whatever the budget (`--memory`).
//
// Memory: the hash maps of the instances checked by Full() are let grow to
// a quarter of `memory_bytes` (a map doubles when it grows, so it stays
// under half); the sorter that takes spilled counts buffers at most the
// other half. Restore() then holds what it keeps: with finalize, only the
// pairs on two pages or more.
//
// Scratch files live in `work_dir` (created if missing) and are removed
// when the spill is destroyed, also after errors.
//
// Thread safety: one thread uses an instance.
#ifndef SHABIH_ENGINE_INTERNAL_LINE_COUNT_SPILL_H_
#define SHABIH_ENGINE_INTERNAL_LINE_COUNT_SPILL_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "shabih/boilerplate.h"

namespace shabih::internal {

struct LineCountRecord {  // 16 bytes on disk
  uint64_t key = 0;       // the (site, line) pair's key in CrawlLineStats
  uint32_t count = 0;
  uint32_t pad = 0;
  bool operator<(const LineCountRecord& o) const { return key < o.key; }
};

class LineCountSpill {
 public:
  LineCountSpill(std::string work_dir, uint64_t memory_bytes);
  ~LineCountSpill();
  LineCountSpill(const LineCountSpill&) = delete;
  LineCountSpill& operator=(const LineCountSpill&) = delete;

  // True when the line counts of `parts` (null entries skipped) hold more
  // than their share of the budget.
  bool Full(absl::Span<const std::unique_ptr<CrawlLineStats>> parts) const;
  // Moves the line counts of `lines` to the sorter; its document and site
  // counts stay.
  absl::Status Spill(CrawlLineStats& lines);
  bool spilled() const { return spilled_records_ > 0; }
  uint64_t spilled_records() const { return spilled_records_; }

  // Sums every spilled count into `lines` (with what it holds), dropping the
  // pairs on one page when `finalize` (as CrawlLineStats::Finalize). Call
  // once; the spill is empty afterwards.
  absl::Status Restore(CrawlLineStats* lines, bool finalize);

 private:
  struct Sorter;
  std::string work_dir_;
  uint64_t memory_bytes_;
  std::unique_ptr<Sorter> sorter_;
  uint64_t spilled_records_ = 0;
};

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_LINE_COUNT_SPILL_H_

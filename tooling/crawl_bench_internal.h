// The pieces of the crawl bench (tooling/crawl_bench.h), one concept a file:
// the roofline (crawl_bench_roofline.cc), the one-thread stage profile
// (crawl_bench_profile.cc), measuring a point in a forked child
// (crawl_bench_isolate.cc), the growth fit (crawl_bench_growth.cc) and the
// reports (crawl_bench_report.cc); crawl_bench.cc runs the points.
//
//   shabih::CrawlBenchPoint point;
//   point.roofline = shabih::bench::MeasureRoofline({"crawl.jsonl"}, shabih::ReadOptions(), 3);
//   absl::Status s = shabih::bench::Profile({"crawl.jsonl"}, shabih::DedupOptions(), &point);
//
// Thread safety: as RunCrawlBench: MeasureIsolated forks.
#ifndef SHABIH_TOOLING_CRAWL_BENCH_INTERNAL_H_
#define SHABIH_TOOLING_CRAWL_BENCH_INTERNAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "shabih/corpus.h"
#include "shabih/dedup_options.h"
#include "tooling/crawl_bench.h"

namespace shabih::bench {

// Every input byte read once and hashed once per '\n'-separated line with
// XXH3 on one thread, over exactly the files CorpusReader::Open(inputs,
// read) lists: the practical speed limit of any pipeline over them. The
// fastest of `repeats` passes; unreadable files are skipped, as the reader
// skips them.
RooflineFigure MeasureRoofline(const std::vector<std::string>& inputs, const ReadOptions& read, int repeats);

// The signing path of RunDedup on one thread, split into its stages and
// timed per document (or per batch for the statistics): point->profile.
// InternalError if the timed steps ever sign a document differently from
// DocumentSigner.
absl::Status Profile(const std::vector<std::string>& inputs, const DedupOptions& options,
                     CrawlBenchPoint* point);

// The raw figures of a point as text lines, and back: how a forked child
// sends them to its parent.
std::string SerializePoint(const CrawlBenchPoint& point);
absl::StatusOr<CrawlBenchPoint> ParsePoint(absl::string_view text);

// Runs measure(&point) in a forked child (point.size = size preset) and
// returns the point it measured, or its error; the child's peak RSS is its
// own.
absl::StatusOr<CrawlBenchPoint> MeasureIsolated(uint64_t size,
                                                absl::FunctionRef<absl::Status(CrawlBenchPoint*)> measure);

}  // namespace shabih::bench

#endif  // SHABIH_TOOLING_CRAWL_BENCH_INTERNAL_H_

// The read-the-next-batch-while-processing loop, written once for every
// crawl pipeline (dedup's statistics and signing passes, strip).
//
// Batch k is processed (on a second thread when `overlap`) while batch k+1
// is read on the calling thread; finished batches are handed back on the
// calling thread, in input order, so results never depend on timing.
#ifndef SHABIH_ENGINE_INTERNAL_BATCH_LOOP_H_
#define SHABIH_ENGINE_INTERNAL_BATCH_LOOP_H_

#include <cstddef>
#include <future>
#include <memory>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "engine/internal/pipeline_util.h"
#include "shabih/corpus.h"

namespace shabih::internal {

// Appends documents from next(Document*) to *docs until a batch is full
// (kBatchDocuments documents or kBatchBytes of text); returns the text
// bytes added. Stops early when next() returns false.
template <typename Next>
size_t FillBatch(Next&& next, std::vector<Document>* docs) {
  size_t bytes = 0;
  Document doc;
  while (docs->size() < kBatchDocuments && bytes < kBatchBytes) {
    if (!next(&doc)) break;
    bytes += doc.text.size();
    docs->push_back(std::move(doc));
  }
  return bytes;
}

// read(Batch*) fills a fresh batch and returns false when it holds nothing;
// process(Batch*) does the heavy work; finish(Batch*) -> absl::Status
// consumes the result. Stops at the first error of finish().
template <typename Batch, typename Read, typename Process, typename Finish>
absl::Status OverlapBatches(bool overlap, Read&& read, Process&& process, Finish&& finish) {
  std::unique_ptr<Batch> working;
  std::future<void> done;
  auto complete = [&]() -> absl::Status {
    if (!working) return absl::OkStatus();
    if (done.valid()) done.get();
    absl::Status status = finish(working.get());
    working.reset();
    return status;
  };
  while (true) {
    auto batch = std::make_unique<Batch>();
    const bool more = read(batch.get());
    absl::Status status = complete();
    if (!status.ok()) return status;
    if (!more) return absl::OkStatus();
    working = std::move(batch);
    if (overlap) {
      done = std::async(std::launch::async, [&process, b = working.get()] { process(b); });
    } else {
      process(working.get());
    }
  }
}

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_BATCH_LOOP_H_

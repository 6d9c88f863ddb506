// The index-backed run behind `shabih dedup NEW --index IDX`
// (engine/index_dedup.cc; the layout in engine/internal/index_store.h).
#ifndef SHABIH_ENGINE_INTERNAL_INDEX_DEDUP_H_
#define SHABIH_ENGINE_INTERNAL_INDEX_DEDUP_H_

#include "absl/status/statusor.h"
#include "engine/internal/dedup_run.h"
#include "shabih/dedup.h"

namespace shabih::internal {

// Deduplicates run.inputs against run.options.index_dir and adds them to it;
// writes clusters.jsonl, candidates.jsonl and summary.json into run.out.
// `ephemeral`: the index is a fresh one in a work folder, never committed:
// the out-of-core form of a plain run (--memory), whose outputs are the
// bytes the in-memory Deduper writes.
absl::StatusOr<DedupSummary> RunIndexedDedup(Run& run, const ProgressCallback& callback, bool ephemeral);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_INDEX_DEDUP_H_

// The verify partitions of the sharded stages (shabih/stages.h,
// engine/stage_verify.cc): the LSH band space cut into key ranges, each
// range's candidates found and verified by one process, and the cluster
// stage's merge of their results.
//
//   BandPartition p = PartitionOfBands(resolved, /*partition=*/1, /*partitions=*/4);
//   // records r with p.begin <= r.band < p.end belong to partition 1
//   absl::StatusOr<std::optional<Verified>> v = ReadVerifyPartitions(work, key, &summary);
//
// Why by band: a bucket is (band, key), so a partition of whole bands holds
// whole buckets, and the in-memory search's rule (BucketPairs, with its
// capping of big buckets) gives exactly its pairs there. The same pair can
// come from buckets of two partitions: each verifies it alike (the same
// signatures), and the merge keeps one.
//
// Thread safety: plain functions.
#ifndef SHABIH_ENGINE_INTERNAL_STAGE_PARTITIONS_H_
#define SHABIH_ENGINE_INTERNAL_STAGE_PARTITIONS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "engine/internal/verify.h"
#include "shabih/dedup_options.h"
#include "shabih/deduper.h"

namespace shabih::internal {

// BandRecord::band values [begin, end) of one partition: the run's bands
// (the threshold's, then containment's) cut into `partitions` contiguous
// ranges of near-equal size. Partitions beyond the band count are empty.
struct BandPartition {
  uint64_t begin = 0, end = 0;
};
BandPartition PartitionOfBands(const DedupOptions& resolved, int partition, int partitions);

// The candidates of every verify-P/ of the work folder merged by (a, b),
// duplicates dropped, as VerifyCandidates would have returned them on the
// whole run's candidates (edges, containment flags, evidence); fills the
// summary's candidate_pairs and capped_buckets. nullopt when the folder has
// no verify-0/meta (the cluster stage then searches itself);
// FailedPrecondition for a partition missing or written by another run.
absl::StatusOr<std::optional<Verified>> ReadVerifyPartitions(const std::string& work, uint64_t key,
                                                             DedupSummary* summary);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_STAGE_PARTITIONS_H_

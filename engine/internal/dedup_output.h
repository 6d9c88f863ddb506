// What `shabih dedup` and `shabih pairs` write: clusters.jsonl, the pairs
// file, summary.json, and the --keep copy of canonical documents. The file
// formats are CONTRACT.md's (docs/contract.md).
#ifndef SHABIH_ENGINE_INTERNAL_DEDUP_OUTPUT_H_
#define SHABIH_ENGINE_INTERNAL_DEDUP_OUTPUT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "engine/internal/output_dir.h"
#include "shabih/deduper.h"

namespace shabih::internal {

// One line per record: {"id","cluster","canonical","similarity"}, and for
// a non-canonical record "linked_via","link_jaccard","link_containment"
// after them.
std::string ClustersJsonl(absl::Span<const ClusterRecord> records);
// One line per candidate pair (candidates.jsonl), ids from `records`:
// {"a","b","jaccard","containment","verdict"}, a refused edge adding
// "relation" (its verification's verdict) and, refused-too-far,
// "canonical","far","far_similarity".
std::string CandidatesJsonl(absl::Span<const CandidateRecord> candidates, absl::Span<const ClusterRecord> records);
// The same with ids looked up by document number (documents below
// `documents` are shown; an index-backed run numbers index-wide).
std::string CandidatesJsonl(absl::Span<const CandidateRecord> candidates, uint64_t documents,
                            const std::function<std::string(uint32_t)>& id_of);
// One line per pair: {"a","b","jaccard","containment","relation"}.
std::string PairsJsonl(absl::Span<const VerifiedPair> pairs);
// `inputs`: the run's INPUT arguments as given; summary.json records them
// ("inputs") and their absolute paths ("inputs_absolute"), so that `shabih
// report` can re-read the texts of the documents it shows.
std::string SummaryJson(const DedupSummary& summary, const DedupOptions& options,
                        const std::vector<std::string>& inputs = {});

// --keep writes files named like the inputs: refuses, before any work, a
// keep directory inside an input directory, a layout that would overwrite
// an input, or two inputs written to one file.
absl::Status CheckKeepTargets(const std::vector<std::string>& inputs, const DedupOptions& options);
// Writes the canonical documents (records[d].canonical) into `keep` in the
// input's layout; *kept counts them. Every file is closed on every path;
// JSONL outputs are renamed into place by keep->Finish().
absl::Status WriteKept(const std::vector<std::string>& inputs, const DedupOptions& options,
                       absl::Span<const ClusterRecord> records, OutputDir* keep, uint64_t* kept);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_DEDUP_OUTPUT_H_

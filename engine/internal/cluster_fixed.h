// Bounded clustering of a run's new documents against clusters an earlier
// run published (the persistent index, engine/index_dedup.cc).
//
//   // Documents 0-1 are new; 2 is published as canonical, 3 as its member.
//   std::vector<shabih::Edge> edges = {{0, 1, 0.9f}, {1, 3, 0.8f}};
//   std::vector<uint64_t> lengths = {900, 800, 0, 0};  // only free documents' lengths are used
//   std::vector<uint32_t> fixed = {shabih::kNoDocument, shabih::kNoDocument, 2, 2};
//   shabih::Clustering c = shabih::internal::ClusterWithPublished(4, edges, lengths, fixed, 0.3, similarity);
//   // c.canonical[0] == 2 when both new documents are within 0.3 of document 2.
//
// Why: a batch run over every document merges clusters edge by edge, most
// similar first, each merge checked against the merged cluster's canonical
// (ClusterMode::kBounded, shabih/cluster.h). An index run cannot re-cluster
// what earlier runs published, so it runs that same loop with the
// published clusters present from the start as fixed clusters: they keep
// their canonical (so a longer new copy joins as a member), take in new
// clusters whose every member is within `link_threshold` of that canonical,
// and never merge with one another. With no fixed documents the result is
// ClusterDocuments(..., ClusterMode::kBounded, ...) exactly.
//
// fixed[d]: kNoDocument for a free (new) document, else the number of the
// canonical of d's published cluster (itself for the canonical). Link
// trees hang each published member from its canonical, so a new document
// whose edge reaches a published member links to that member.
//
// Thread safety: a pure function; calls `similarity` and `metric` from the
// calling thread only.
#ifndef SHABIH_ENGINE_INTERNAL_CLUSTER_FIXED_H_
#define SHABIH_ENGINE_INTERNAL_CLUSTER_FIXED_H_

#include <cstddef>
#include <cstdint>

#include "absl/types/span.h"
#include "shabih/cluster.h"

namespace shabih::internal {

Clustering ClusterWithPublished(size_t num_docs, absl::Span<const Edge> edges, absl::Span<const uint64_t> lengths,
                                absl::Span<const uint32_t> fixed, double link_threshold,
                                const SimilarityFn& similarity, const SimilarityFn* metric = nullptr);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_CLUSTER_FIXED_H_

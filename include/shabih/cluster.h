// Clusters of near-duplicate documents from verified similarity edges, and
// the choice of each cluster's canonical document.
//
//   std::vector<shabih::Edge> edges = ...;  // verified pairs, any order
//   shabih::Clustering c = shabih::ClusterDocuments(num_docs, edges, text_lengths, {});
//   c.canonical[d]  // ordinal of the canonical document of d's cluster
//
// Canonical document: the member with the longest main text (bytes after
// stripping); ties go to the earliest in input order. Deterministic for any
// edge order.
//
// Modes:
//  - kConnected: transitive closure (union-find). Simple, but one noisy edge
//    can chain unrelated stories into a giant cluster.
//  - kStar: chaining-resistant. Documents are visited by canonical priority;
//    each unassigned one becomes a centre and takes every unassigned
//    neighbour it has a direct edge to. Every member is then directly
//    similar to its canonical; edges that would join two stars are refused
//    and counted.
//  - kBounded: chaining-resistant, closer to kConnected in recall. Edges are
//    taken from the most similar down (ties by ordinals); an edge merges two
//    clusters only when every member that would get a new canonical document
//    is at least `link_threshold` similar to it (via the `similarity`
//    callback), so every member of a cluster stays within that similarity of
//    its canonical. A chain whose
//    ends have nothing in common stops growing; edited copies of one story,
//    each close to the original, stay together. Refused edges are counted.
//
// Thread safety: pure function.
#ifndef SHABIH_CLUSTER_H_
#define SHABIH_CLUSTER_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace shabih {

struct Edge {
  uint32_t a = 0;
  uint32_t b = 0;
  float similarity = 0;
};

enum class ClusterMode { kConnected, kStar, kBounded };

const char* ClusterModeName(ClusterMode mode);
absl::StatusOr<ClusterMode> ParseClusterMode(absl::string_view name);

struct Clustering {
  // Per document: the ordinal of its cluster's canonical document.
  std::vector<uint32_t> canonical;
  uint64_t num_clusters = 0;
  uint64_t largest_cluster = 0;
  // Verified edges not used because they would merge two clusters (kStar).
  uint64_t refused_edges = 0;
};

// `text_lengths[d]` is document d's main-text length, for the canonical
// choice. Edges with an endpoint >= num_docs are ignored.
Clustering ClusterDocuments(size_t num_docs, absl::Span<const Edge> edges,
                            absl::Span<const uint64_t> text_lengths, ClusterMode mode);

// Similarity of two documents by ordinal (e.g. estimated Jaccard).
using SimilarityFn = std::function<double(uint32_t, uint32_t)>;

// kBounded (and the others, which ignore the extra arguments). `metric`,
// when given, is a similarity whose distance 1 - metric obeys the triangle
// inequality (estimated Jaccard does: it is a normalized Hamming distance
// between signatures) and never exceeds `similarity`; it lets a merge skip
// re-checking members whose distance to the new canonical is bounded, which
// keeps the clustering near-linear when canonicals change often.
Clustering ClusterDocuments(size_t num_docs, absl::Span<const Edge> edges,
                            absl::Span<const uint64_t> text_lengths, ClusterMode mode,
                            double link_threshold, const SimilarityFn& similarity,
                            const SimilarityFn* metric = nullptr);

}  // namespace shabih

#endif  // SHABIH_CLUSTER_H_

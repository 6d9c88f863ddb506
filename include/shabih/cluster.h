// Clusters of near-duplicate documents from verified similarity edges, and
// the choice of each cluster's canonical document.
//
//   // Three documents: 0 and 1 are near-duplicates (a verified edge), 2 stands alone.
//   std::vector<shabih::Edge> edges = {{0, 1, 0.8f}};  // verified pairs, any order
//   std::vector<uint64_t> text_lengths = {120, 300, 90};  // main-text bytes, per document
//   // The documents' similarity by ordinal; RunDedup uses estimated Jaccard.
//   shabih::SimilarityFn similarity = [](uint32_t a, uint32_t b) { return a == b ? 1.0 : 0.8; };
//   shabih::Clustering c = shabih::ClusterDocuments(3, edges, text_lengths, shabih::ClusterMode::kBounded,
//                                                   /*link_threshold=*/0.3, similarity);
//   std::vector<uint32_t> duplicates;  // documents that are not their cluster's canonical
//   for (uint32_t d = 0; d < c.canonical.size(); ++d) {
//     if (c.canonical[d] != d) duplicates.push_back(d);  // {0}: 1 is longer, so canonical
//   }
//   // Why 0 is in 1's cluster: the verified edge to c.linked_via[0] == 1.
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
//    its canonical. A chain whose ends have nothing in common stops growing;
//    edited copies of one story, each close to the original, stay together.
//    Refused edges are counted.
//
// How each member joined (Clustering::linked_via): every cluster carries a
// link tree, rooted at the canonical document, whose edges are verified
// edges the clustering did not refuse; linked_via[d] is d's parent in it,
// the document at the other end of the edge that links d towards the
// canonical (linked_via[d] == d for a canonical document). The parent is
// the first step of the shortest chain of such edges from d to the
// canonical; of several equally short chains, the one whose first edge is
// most similar (ties by the edge's ordinals). So a member with a direct
// edge to its canonical links to it, and following linked_via from any
// member reaches the canonical in fewer steps than the cluster has members,
// with no cycle. Per mode:
//  - kStar: linked_via[d] is the centre, the canonical: a direct edge.
//  - kBounded: the edges that merged clusters, and the edges that came
//    when both ends were already together; a refused edge never links, even
//    when its ends were joined later through other edges. A member may have
//    no edge to its canonical (it is still within link_threshold of it).
//  - kConnected: every edge; a member may be far from its canonical.
// The choice is deterministic for any edge order, like the clusters.
//
// Defaults: the mode and the link threshold have none here, because the
// right ones depend on the caller; the pipeline's, kBounded with
// link_threshold 0.3 (on the generated crawl the recall of kConnected,
// without its chains: docs/methods.md), are in DedupOptions
// (shabih/dedup_options.h). `metric` defaults to nullptr (below).
//
// Thread safety: pure functions; ClusterDocuments calls `similarity` and
// `metric` on the calling thread only, so they need not be thread-safe.
#ifndef SHABIH_CLUSTER_H_
#define SHABIH_CLUSTER_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace shabih {

// A verified pair of document ordinals (either order) and its similarity,
// which orders kBounded's merges (most similar first). Zero-initialized so a
// default Edge is inert: a self-loop that every mode ignores.
struct Edge {
  uint32_t a = 0;
  uint32_t b = 0;
  float similarity = 0;
};

enum class ClusterMode { kConnected, kStar, kBounded };

const char* ClusterModeName(ClusterMode mode);
absl::StatusOr<ClusterMode> ParseClusterMode(absl::string_view name);

// No document: a Refusal's fields that do not apply.
inline constexpr uint32_t kNoDocument = 0xFFFFFFFFu;

// A verified edge the clustering did not use because it would have merged
// two clusters, and why.
struct Refusal {
  uint32_t a = 0;  // the edge's endpoints, a < b
  uint32_t b = 0;
  // kBounded: the canonical document the merge would have given, and the
  // first member found that would have been below link_threshold of it,
  // with that similarity (the `similarity` callback's). The refusal is
  // decided when the edge's turn comes; other edges may join a and b later.
  // kStar: kNoDocument for both (a and b are in different stars, those of
  // canonical[a] and canonical[b]).
  uint32_t canonical = kNoDocument;
  uint32_t far = kNoDocument;
  double far_similarity = 0;
};

struct Clustering {
  // Per document: the ordinal of its cluster's canonical document.
  std::vector<uint32_t> canonical;
  // Per document: its parent in the cluster's link tree (above); itself for
  // a canonical document.
  std::vector<uint32_t> linked_via;
  uint64_t num_clusters = 0;
  uint64_t largest_cluster = 0;
  // Verified edges not used because they would merge two clusters (kStar,
  // kBounded; always 0 for kConnected).
  uint64_t refused_edges = 0;
  // Those edges, one Refusal each (refusals.size() == refused_edges), sorted
  // by (a, b).
  std::vector<Refusal> refusals;
};

// `text_lengths[d]` is document d's main-text length, for the canonical
// choice (a document past its end counts as length 0). Edges with an
// endpoint >= num_docs are ignored. There is no similarity here, so kBounded
// accepts every merge and gives kConnected's clusters; pass a similarity to
// the overload below to bound them.
Clustering ClusterDocuments(size_t num_docs, absl::Span<const Edge> edges,
                            absl::Span<const uint64_t> text_lengths, ClusterMode mode);

// Similarity of two documents by ordinal (e.g. estimated Jaccard).
using SimilarityFn = std::function<double(uint32_t, uint32_t)>;

// kBounded (and the others, which ignore the extra arguments). `metric`,
// when given, is a similarity whose distance 1 - metric obeys the triangle
// inequality (estimated Jaccard does: it is a normalized Hamming distance
// between signatures) and never exceeds `similarity`; it lets a merge skip
// re-checking members whose distance to the new canonical is bounded, which
// keeps the clustering near-linear when canonicals change often. Default
// nullptr: it is only a shortcut (the result is the same without it), and
// not every similarity has such a metric.
Clustering ClusterDocuments(size_t num_docs, absl::Span<const Edge> edges,
                            absl::Span<const uint64_t> text_lengths, ClusterMode mode,
                            double link_threshold, const SimilarityFn& similarity,
                            const SimilarityFn* metric = nullptr);

}  // namespace shabih

#endif  // SHABIH_CLUSTER_H_

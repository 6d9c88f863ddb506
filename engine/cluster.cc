#include "shabih/cluster.h"

#include <algorithm>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "engine/internal/cluster_fixed.h"

namespace shabih {
namespace {

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0u); }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];  // path halving
      x = parent_[x];
    }
    return x;
  }
  // The root with the smaller ordinal wins, keeping the structure
  // independent of edge order.
  void Union(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return;
    if (a < b) parent_[b] = a; else parent_[a] = b;
  }

 private:
  std::vector<uint32_t> parent_;
};

// True when document a should be canonical rather than b.
bool Precedes(uint32_t a, uint32_t b, absl::Span<const uint64_t> lengths) {
  const uint64_t la = a < lengths.size() ? lengths[a] : 0;
  const uint64_t lb = b < lengths.size() ? lengths[b] : 0;
  return la != lb ? la > lb : a < b;
}

void Summarize(Clustering* c) {
  std::vector<uint32_t> sizes(c->canonical.size(), 0);
  for (uint32_t root : c->canonical) ++sizes[root];
  c->num_clusters = 0;
  c->largest_cluster = 0;
  for (uint32_t s : sizes) {
    if (s > 0) ++c->num_clusters;
    c->largest_cluster = std::max<uint64_t>(c->largest_cluster, s);
  }
}

// The edges that can link (endpoints in range, no self-loop) as a < b,
// most similar first, ties by ordinals: the order kBounded merges in and
// link trees prefer, whatever the callers' order.
std::vector<Edge> MergeOrder(size_t num_docs, absl::Span<const Edge> edges) {
  std::vector<Edge> order;
  order.reserve(edges.size());
  for (const Edge& e : edges) {
    if (e.a < num_docs && e.b < num_docs && e.a != e.b) {
      order.push_back({std::min(e.a, e.b), std::max(e.a, e.b), e.similarity});
    }
  }
  std::sort(order.begin(), order.end(), [](const Edge& x, const Edge& y) {
    if (x.similarity != y.similarity) return x.similarity > y.similarity;
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  return order;
}

// Each member's parent in its cluster's link tree (cluster.h): hop counts
// from the canonical over the usable edges (verified, not refused, both
// ends in one cluster), then each member takes, of its neighbours one hop
// nearer, the one whose edge comes first in `order` (most similar). Parents
// are strictly nearer, so following them ends at the canonical.
std::vector<uint32_t> LinkTrees(const std::vector<Edge>& order, const std::vector<uint8_t>& usable,
                                const std::vector<uint32_t>& canonical) {
  const size_t n = canonical.size();
  std::vector<uint32_t> offsets(n + 1, 0);
  for (size_t i = 0; i < order.size(); ++i) {
    if (!usable[i]) continue;
    ++offsets[order[i].a + 1];
    ++offsets[order[i].b + 1];
  }
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
  std::vector<uint32_t> neighbours(offsets.back());
  std::vector<uint32_t> fill(offsets.begin(), offsets.end() - 1);
  for (size_t i = 0; i < order.size(); ++i) {
    if (!usable[i]) continue;
    neighbours[fill[order[i].a]++] = order[i].b;
    neighbours[fill[order[i].b]++] = order[i].a;
  }
  std::vector<uint32_t> hops(n, kNoDocument);
  std::vector<uint32_t> queue;
  for (uint32_t root = 0; root < n; ++root) {
    if (canonical[root] != root) continue;
    hops[root] = 0;
    queue.assign(1, root);
    for (size_t next = 0; next < queue.size(); ++next) {
      const uint32_t d = queue[next];
      for (uint32_t i = offsets[d]; i < offsets[d + 1]; ++i) {
        const uint32_t m = neighbours[i];
        if (hops[m] != kNoDocument) continue;
        hops[m] = hops[d] + 1;
        queue.push_back(m);
      }
    }
  }
  std::vector<uint32_t> linked_via(n);
  std::iota(linked_via.begin(), linked_via.end(), 0u);
  for (size_t i = 0; i < order.size(); ++i) {
    if (!usable[i]) continue;
    const uint32_t a = order[i].a, b = order[i].b;
    if (hops[a] == kNoDocument || hops[b] == kNoDocument) continue;  // not inside a cluster: unusable
    if (hops[a] == hops[b] + 1 && linked_via[a] == a) linked_via[a] = b;
    if (hops[b] == hops[a] + 1 && linked_via[b] == b) linked_via[b] = a;
  }
  return linked_via;
}

Clustering Connected(size_t num_docs, absl::Span<const Edge> edges, absl::Span<const uint64_t> lengths) {
  UnionFind uf(num_docs);
  for (const Edge& e : edges) {
    if (e.a < num_docs && e.b < num_docs) uf.Union(e.a, e.b);
  }
  std::vector<uint32_t> best(num_docs);
  std::iota(best.begin(), best.end(), 0u);
  for (uint32_t d = 0; d < num_docs; ++d) {
    const uint32_t root = uf.Find(d);
    if (Precedes(d, best[root], lengths)) best[root] = d;
  }
  Clustering c;
  c.canonical.resize(num_docs);
  for (uint32_t d = 0; d < num_docs; ++d) c.canonical[d] = best[uf.Find(d)];
  // Every edge lies inside a component, so every edge is usable.
  const std::vector<Edge> order = MergeOrder(num_docs, edges);
  c.linked_via = LinkTrees(order, std::vector<uint8_t>(order.size(), 1), c.canonical);
  return c;
}

Clustering Star(size_t num_docs, absl::Span<const Edge> edges, absl::Span<const uint64_t> lengths) {
  // Adjacency in CSR form.
  std::vector<uint32_t> offsets(num_docs + 1, 0);
  for (const Edge& e : edges) {
    if (e.a >= num_docs || e.b >= num_docs || e.a == e.b) continue;
    ++offsets[e.a + 1];
    ++offsets[e.b + 1];
  }
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
  std::vector<uint32_t> neighbours(offsets.back());
  std::vector<uint32_t> fill(offsets.begin(), offsets.end() - 1);
  for (const Edge& e : edges) {
    if (e.a >= num_docs || e.b >= num_docs || e.a == e.b) continue;
    neighbours[fill[e.a]++] = e.b;
    neighbours[fill[e.b]++] = e.a;
  }
  std::vector<uint32_t> order;
  for (uint32_t d = 0; d < num_docs; ++d) {
    if (offsets[d + 1] > offsets[d]) order.push_back(d);
  }
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return Precedes(a, b, lengths); });
  constexpr uint32_t kUnassigned = 0xFFFFFFFFu;
  Clustering c;
  c.canonical.assign(num_docs, kUnassigned);
  for (uint32_t centre : order) {
    if (c.canonical[centre] != kUnassigned) continue;
    c.canonical[centre] = centre;
    for (uint32_t i = offsets[centre]; i < offsets[centre + 1]; ++i) {
      const uint32_t n = neighbours[i];
      if (c.canonical[n] == kUnassigned) c.canonical[n] = centre;
    }
  }
  for (uint32_t d = 0; d < num_docs; ++d) {
    if (c.canonical[d] == kUnassigned) c.canonical[d] = d;
  }
  c.linked_via = c.canonical;  // every member has a direct edge to its centre
  for (const Edge& e : edges) {
    if (e.a >= num_docs || e.b >= num_docs) continue;
    if (c.canonical[e.a] != c.canonical[e.b]) c.refusals.push_back({std::min(e.a, e.b), std::max(e.a, e.b)});
  }
  c.refused_edges = c.refusals.size();
  return c;
}

// `fixed` (empty, or one entry per document): kNoDocument for a free
// document, else the document that is canonical of the published cluster it
// belongs to (internal/cluster_fixed.h). Such clusters start whole, keep
// their canonical, take in free clusters like any merge and never merge
// with one another.
Clustering Bounded(size_t num_docs, absl::Span<const Edge> edges, absl::Span<const uint64_t> lengths,
                   double link_threshold, const SimilarityFn& similarity, const SimilarityFn* metric,
                   absl::Span<const uint32_t> fixed = {}) {
  const std::vector<Edge> order = MergeOrder(num_docs, edges);
  std::vector<uint8_t> usable(order.size(), 1);  // 0: refused
  // Clusters as member lists with their canonical document; a merge moves
  // the smaller list into the larger (O(n log n) moves in all).
  std::vector<uint32_t> cluster_of(num_docs), canonical(num_docs);
  std::vector<std::vector<uint32_t>> members(num_docs);
  std::vector<uint8_t> published(num_docs, 0);
  // Upper bound on 1 - metric(member, canonical) over each cluster's
  // members. By the triangle inequality a merge needs no scan of the joining
  // members when radius + distance(canonicals) stays within the link.
  std::vector<double> radius(num_docs, 0.0);
  const double max_distance = 1.0 - link_threshold + 1e-12;
  for (uint32_t d = 0; d < num_docs; ++d) {
    cluster_of[d] = d;
    canonical[d] = d;
    members[d] = {d};
  }
  for (uint32_t d = 0; d < fixed.size() && d < num_docs; ++d) {
    if (fixed[d] == kNoDocument || fixed[d] >= num_docs) continue;
    published[fixed[d]] = 1;
    if (fixed[d] == d) continue;
    cluster_of[d] = fixed[d];
    members[fixed[d]].push_back(d);
    std::vector<uint32_t>().swap(members[d]);
  }
  Clustering c;
  for (size_t i = 0; i < order.size(); ++i) {
    const Edge& e = order[i];
    uint32_t x = cluster_of[e.a], y = cluster_of[e.b];
    if (x == y) continue;
    if (published[x] && published[y]) {  // two published clusters stay apart: not a refusal
      usable[i] = 0;
      continue;
    }
    const uint32_t merged_canonical = published[x]   ? canonical[x]
                                      : published[y] ? canonical[y]
                                      : Precedes(canonical[x], canonical[y], lengths) ? canonical[x]
                                                                                      : canonical[y];
    // The members that would get a new canonical must all be similar to it,
    // so every cluster keeps radius <= 1 - link_threshold around its
    // canonical document.
    const uint32_t joining = merged_canonical == canonical[x] ? y : x;
    const uint32_t keeping = joining == x ? y : x;
    double joining_radius = 0;
    bool close = false;
    if (metric != nullptr) {
      joining_radius = radius[joining] + (1.0 - (*metric)(canonical[joining], merged_canonical));
      close = joining_radius <= max_distance;
    }
    if (!close) {  // the bound does not decide: check every joining member
      close = true;
      joining_radius = 0;
      for (uint32_t m : members[joining]) {
        const double s = similarity(m, merged_canonical);
        if (s < link_threshold) {
          close = false;
          c.refusals.push_back({e.a, e.b, merged_canonical, m, s});
          break;
        }
        if (metric != nullptr) joining_radius = std::max(joining_radius, 1.0 - (*metric)(m, merged_canonical));
      }
    }
    if (!close) {
      usable[i] = 0;
      continue;
    }
    const double merged_radius = std::max(radius[keeping], joining_radius);
    if (members[x].size() < members[y].size()) std::swap(x, y);
    for (uint32_t m : members[y]) cluster_of[m] = x;
    members[x].insert(members[x].end(), members[y].begin(), members[y].end());
    std::vector<uint32_t>().swap(members[y]);
    canonical[x] = merged_canonical;
    radius[x] = merged_radius;
    published[x] = published[x] || published[y];
  }
  c.canonical.resize(num_docs);
  for (uint32_t d = 0; d < num_docs; ++d) c.canonical[d] = canonical[cluster_of[d]];
  // A refused edge whose ends joined later through other edges stays out
  // of the link trees: the clustering did not take it. A published member
  // hangs from its canonical (an edge ahead of all others), so that a new
  // document reached through it links to it.
  if (fixed.empty()) {
    c.linked_via = LinkTrees(order, usable, c.canonical);
  } else {
    std::vector<Edge> tree_order;
    for (uint32_t d = 0; d < fixed.size() && d < num_docs; ++d) {
      if (fixed[d] != kNoDocument && fixed[d] < num_docs && fixed[d] != d) tree_order.push_back({fixed[d], d, 2.0f});
    }
    std::vector<uint8_t> tree_usable(tree_order.size(), 1);
    tree_order.insert(tree_order.end(), order.begin(), order.end());
    tree_usable.insert(tree_usable.end(), usable.begin(), usable.end());
    c.linked_via = LinkTrees(tree_order, tree_usable, c.canonical);
  }
  c.refused_edges = c.refusals.size();
  return c;
}

}  // namespace

const char* ClusterModeName(ClusterMode mode) {
  switch (mode) {
    case ClusterMode::kStar: return "star";
    case ClusterMode::kBounded: return "bounded";
    case ClusterMode::kConnected: break;
  }
  return "connected";
}

absl::StatusOr<ClusterMode> ParseClusterMode(absl::string_view name) {
  if (name == "star") return ClusterMode::kStar;
  if (name == "bounded") return ClusterMode::kBounded;
  if (name == "connected") return ClusterMode::kConnected;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown cluster mode '", name, "' (expected bounded, star or connected)"));
}

Clustering ClusterDocuments(size_t num_docs, absl::Span<const Edge> edges,
                            absl::Span<const uint64_t> text_lengths, ClusterMode mode) {
  return ClusterDocuments(num_docs, edges, text_lengths, mode, 0.0, [](uint32_t, uint32_t) { return 1.0; }, nullptr);
}

Clustering ClusterDocuments(size_t num_docs, absl::Span<const Edge> edges,
                            absl::Span<const uint64_t> text_lengths, ClusterMode mode,
                            double link_threshold, const SimilarityFn& similarity, const SimilarityFn* metric) {
  Clustering c;
  switch (mode) {
    case ClusterMode::kStar: c = Star(num_docs, edges, text_lengths); break;
    case ClusterMode::kBounded: c = Bounded(num_docs, edges, text_lengths, link_threshold, similarity, metric); break;
    case ClusterMode::kConnected: c = Connected(num_docs, edges, text_lengths); break;
  }
  // kBounded refuses in merge order, kStar in the callers' edge order.
  std::stable_sort(c.refusals.begin(), c.refusals.end(),
                   [](const Refusal& x, const Refusal& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  Summarize(&c);
  return c;
}

namespace internal {

Clustering ClusterWithPublished(size_t num_docs, absl::Span<const Edge> edges, absl::Span<const uint64_t> lengths,
                                absl::Span<const uint32_t> fixed, double link_threshold,
                                const SimilarityFn& similarity, const SimilarityFn* metric) {
  Clustering c = Bounded(num_docs, edges, lengths, link_threshold, similarity, metric, fixed);
  std::stable_sort(c.refusals.begin(), c.refusals.end(),
                   [](const Refusal& x, const Refusal& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  Summarize(&c);
  return c;
}

}  // namespace internal
}  // namespace shabih

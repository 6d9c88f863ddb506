#include "shabih/cluster.h"

#include <algorithm>
#include <numeric>

#include "absl/strings/str_cat.h"

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
  for (const Edge& e : edges) {
    if (e.a >= num_docs || e.b >= num_docs) continue;
    if (c.canonical[e.a] != c.canonical[e.b]) ++c.refused_edges;
  }
  return c;
}

Clustering Bounded(size_t num_docs, absl::Span<const Edge> edges, absl::Span<const uint64_t> lengths,
                   double link_threshold, const SimilarityFn& similarity, const SimilarityFn* metric) {
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
  // Clusters as member lists with their canonical document; a merge moves
  // the smaller list into the larger (O(n log n) moves in all).
  std::vector<uint32_t> cluster_of(num_docs), canonical(num_docs);
  std::vector<std::vector<uint32_t>> members(num_docs);
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
  Clustering c;
  for (const Edge& e : order) {
    uint32_t x = cluster_of[e.a], y = cluster_of[e.b];
    if (x == y) continue;
    const uint32_t merged_canonical = Precedes(canonical[x], canonical[y], lengths) ? canonical[x] : canonical[y];
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
        if (similarity(m, merged_canonical) < link_threshold) {
          close = false;
          break;
        }
        if (metric != nullptr) joining_radius = std::max(joining_radius, 1.0 - (*metric)(m, merged_canonical));
      }
    }
    if (!close) {
      ++c.refused_edges;
      continue;
    }
    const double merged_radius = std::max(radius[keeping], joining_radius);
    if (members[x].size() < members[y].size()) std::swap(x, y);
    for (uint32_t m : members[y]) cluster_of[m] = x;
    members[x].insert(members[x].end(), members[y].begin(), members[y].end());
    std::vector<uint32_t>().swap(members[y]);
    canonical[x] = merged_canonical;
    radius[x] = merged_radius;
  }
  c.canonical.resize(num_docs);
  for (uint32_t d = 0; d < num_docs; ++d) c.canonical[d] = canonical[cluster_of[d]];
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
  Summarize(&c);
  return c;
}

}  // namespace shabih

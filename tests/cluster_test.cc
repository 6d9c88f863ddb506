#include "shabih/cluster.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <vector>

#include "gtest/gtest.h"
#include "shabih/lsh.h"
#include "shabih/minhash.h"

namespace shabih {
namespace {

// Partition as a set of sorted member lists, comparable across methods.
std::set<std::vector<uint32_t>> Partition(const std::vector<uint32_t>& canonical) {
  std::map<uint32_t, std::vector<uint32_t>> groups;
  for (uint32_t d = 0; d < canonical.size(); ++d) groups[canonical[d]].push_back(d);
  std::set<std::vector<uint32_t>> out;
  for (auto& [c, members] : groups) out.insert(members);
  return out;
}

TEST(Cluster, ConnectedComponentsAndCanonicalIsLongestThenFirst) {
  std::vector<Edge> edges = {{0, 1, 0.9f}, {1, 2, 0.8f}, {4, 5, 0.7f}};
  std::vector<uint64_t> lengths = {10, 30, 30, 5, 1, 1};
  const Clustering c = ClusterDocuments(6, edges, lengths, ClusterMode::kConnected);
  EXPECT_EQ(c.canonical, (std::vector<uint32_t>{1, 1, 1, 3, 4, 4}));
  EXPECT_EQ(c.num_clusters, 3u);
  EXPECT_EQ(c.largest_cluster, 3u);
}

TEST(Cluster, IndependentOfEdgeOrder) {
  std::mt19937_64 rng(3);
  std::vector<Edge> edges;
  for (int i = 0; i < 300; ++i) {
    // Few distinct similarities, so kBounded's order needs its tie-break.
    const float similarity = 0.5f + static_cast<float>(rng() % 4) / 10.0f;
    edges.push_back({static_cast<uint32_t>(rng() % 200), static_cast<uint32_t>(rng() % 200), similarity});
  }
  std::vector<uint64_t> lengths(200);
  for (auto& l : lengths) l = rng() % 5;
  // A symmetric similarity that refuses some merges in kBounded.
  const SimilarityFn similarity = [](uint32_t a, uint32_t b) {
    return ((std::min(a, b) * 7919u + std::max(a, b) * 104729u) % 100) / 100.0;
  };
  for (ClusterMode mode : {ClusterMode::kConnected, ClusterMode::kStar, ClusterMode::kBounded}) {
    const Clustering a = ClusterDocuments(200, edges, lengths, mode, 0.3, similarity);
    std::shuffle(edges.begin(), edges.end(), rng);
    for (Edge& e : edges) std::swap(e.a, e.b);
    const Clustering b = ClusterDocuments(200, edges, lengths, mode, 0.3, similarity);
    EXPECT_EQ(a.canonical, b.canonical) << ClusterModeName(mode);
    EXPECT_EQ(a.linked_via, b.linked_via) << ClusterModeName(mode);
    EXPECT_EQ(a.refused_edges, b.refused_edges) << ClusterModeName(mode);
    EXPECT_LT(a.num_clusters, 150u) << ClusterModeName(mode) << ": the edges merge documents";
    if (mode != ClusterMode::kConnected) {
      EXPECT_GT(a.refused_edges, 0u) << ClusterModeName(mode);
    }
  }
}

TEST(Cluster, BoundedWithoutSimilarityMergesLikeConnected) {
  // The overload without a similarity has nothing to bound merges with
  // (cluster.h says so); pin that, on a chain bounded mode would cut.
  std::vector<Edge> chain;
  for (uint32_t i = 0; i + 1 < 30; ++i) chain.push_back({i, i + 1, 0.5f + 0.01f * static_cast<float>(i % 7)});
  std::vector<uint64_t> lengths(30);
  for (uint32_t d = 0; d < 30; ++d) lengths[d] = (d * 37) % 11;
  const Clustering bounded = ClusterDocuments(30, chain, lengths, ClusterMode::kBounded);
  const Clustering connected = ClusterDocuments(30, chain, lengths, ClusterMode::kConnected);
  EXPECT_EQ(bounded.canonical, connected.canonical);
  EXPECT_EQ(bounded.num_clusters, 1u);
  EXPECT_EQ(bounded.refused_edges, 0u);
  const SimilarityFn ends_apart = [](uint32_t a, uint32_t b) { return a > b + 3 || b > a + 3 ? 0.0 : 0.9; };
  EXPECT_GT(ClusterDocuments(30, chain, lengths, ClusterMode::kBounded, 0.3, ends_apart).num_clusters, 1u);
}

TEST(Cluster, StarRefusesChainsButKeepsDenseGroups) {
  // A chain 0-1-2-...-9: neighbours similar, ends unrelated.
  std::vector<Edge> chain;
  for (uint32_t i = 0; i + 1 < 10; ++i) chain.push_back({i, i + 1, 0.85f});
  std::vector<uint64_t> lengths(10, 100);
  const Clustering connected = ClusterDocuments(10, chain, lengths, ClusterMode::kConnected);
  EXPECT_EQ(connected.largest_cluster, 10u);
  const Clustering star = ClusterDocuments(10, chain, lengths, ClusterMode::kStar);
  EXPECT_LE(star.largest_cluster, 3u);
  EXPECT_GT(star.refused_edges, 0u);
  for (uint32_t d = 0; d < 10; ++d) {  // every member is adjacent to its canonical
    const uint32_t c = star.canonical[d];
    EXPECT_TRUE(c == d || c + 1 == d || d + 1 == c);
  }
  // A clique stays whole.
  std::vector<Edge> clique;
  for (uint32_t i = 0; i < 50; ++i)
    for (uint32_t j = i + 1; j < 50; ++j) clique.push_back({i, j, 0.7f});
  EXPECT_EQ(ClusterDocuments(50, clique, std::vector<uint64_t>(50, 1), ClusterMode::kStar).num_clusters, 1u);
}

TEST(Cluster, LshClustersEqualBruteForceAllPairs) {
  // 300 documents: 60 stories with 1-4 edited copies each, plus singletons.
  std::mt19937_64 rng(11);
  std::vector<std::vector<uint64_t>> docs;
  for (int story = 0; story < 60; ++story) {
    std::vector<uint64_t> base;
    for (int i = 0; i < 200 + static_cast<int>(rng() % 300); ++i) base.push_back(rng());
    docs.push_back(base);
    const int copies = 1 + static_cast<int>(rng() % 4);
    for (int c = 0; c < copies; ++c) {
      std::vector<uint64_t> copy;
      for (uint64_t x : base)
        if (rng() % 100 >= 8) copy.push_back(x);      // drop ~8 %
      for (int i = 0; i < static_cast<int>(base.size() / 20); ++i) copy.push_back(rng());  // add ~5 %
      docs.push_back(copy);
    }
  }
  while (docs.size() < 300) {
    std::vector<uint64_t> single;
    for (int i = 0; i < 150; ++i) single.push_back(rng());
    docs.push_back(single);
  }
  const int perms = 128;
  const double threshold = 0.5;
  auto hasher = MinHasher::Create({.num_perms = perms});
  std::vector<uint32_t> sigs(docs.size() * perms);
  for (size_t d = 0; d < docs.size(); ++d) hasher->Sign(docs[d], absl::MakeSpan(sigs.data() + d * perms, perms));
  auto sig = [&](size_t d) { return absl::MakeConstSpan(sigs.data() + d * perms, perms); };
  std::vector<uint64_t> lengths(docs.size());
  for (size_t d = 0; d < docs.size(); ++d) lengths[d] = docs[d].size();

  std::vector<Edge> brute;
  for (uint32_t a = 0; a < docs.size(); ++a)
    for (uint32_t b = a + 1; b < docs.size(); ++b)
      if (EstimateJaccard(sig(a), sig(b)) >= threshold) brute.push_back({a, b, 1});

  const LshParams params = OptimalLshParams(threshold, perms);
  std::vector<uint8_t> eligible(docs.size(), 1);
  std::vector<Edge> lsh;
  for (DocPair p : LshCandidatePairs(sigs, perms, params, eligible, {}, nullptr))
    if (EstimateJaccard(sig(PairFirst(p)), sig(PairSecond(p))) >= threshold)
      lsh.push_back({PairFirst(p), PairSecond(p), 1});

  const Clustering expected = ClusterDocuments(docs.size(), brute, lengths, ClusterMode::kConnected);
  const Clustering actual = ClusterDocuments(docs.size(), lsh, lengths, ClusterMode::kConnected);
  EXPECT_EQ(Partition(actual.canonical), Partition(expected.canonical));
  EXPECT_EQ(actual.canonical, expected.canonical);
  EXPECT_GE(expected.num_clusters, 60u);
  EXPECT_LT(expected.num_clusters, 300u);
}

// The link-tree contract of cluster.h, checked by brute force: a canonical
// links to itself; every other member's linked_via edge is one of `edges`
// and not refused, inside its cluster; following linked_via reaches the
// canonical without a cycle; the parent is one hop nearer the canonical
// than any other choice would be (shortest chains); refusals are the
// refused edges, each explained.
void ExpectLinkTrees(const Clustering& c, const std::vector<Edge>& edges, ClusterMode mode, double link,
                     const SimilarityFn& similarity) {
  const size_t n = c.canonical.size();
  ASSERT_EQ(c.linked_via.size(), n);
  std::set<std::pair<uint32_t, uint32_t>> verified, refused;
  for (const Edge& e : edges) verified.insert({std::min(e.a, e.b), std::max(e.a, e.b)});
  ASSERT_EQ(c.refusals.size(), c.refused_edges);
  for (size_t i = 0; i < c.refusals.size(); ++i) {
    const Refusal& r = c.refusals[i];
    EXPECT_LT(r.a, r.b);
    EXPECT_TRUE(verified.count({r.a, r.b})) << "refused a non-edge " << r.a << "-" << r.b;
    if (i > 0) EXPECT_LE(std::make_pair(c.refusals[i - 1].a, c.refusals[i - 1].b), std::make_pair(r.a, r.b));
    refused.insert({r.a, r.b});
    if (mode == ClusterMode::kStar) {
      EXPECT_EQ(r.far, kNoDocument);
      EXPECT_NE(c.canonical[r.a], c.canonical[r.b]);
    } else {
      ASSERT_NE(r.far, kNoDocument);
      EXPECT_LT(r.far_similarity, link);
      EXPECT_DOUBLE_EQ(r.far_similarity, similarity(r.far, r.canonical));
    }
  }
  // Hop distances to the canonical over the unrefused edges inside clusters.
  std::vector<std::vector<uint32_t>> adjacent(n);
  for (const auto& [a, b] : verified) {
    if (a == b || c.canonical[a] != c.canonical[b] || refused.count({a, b})) continue;
    adjacent[a].push_back(b);
    adjacent[b].push_back(a);
  }
  std::vector<int> hops(n, -1);
  for (uint32_t root = 0; root < n; ++root) {
    if (c.canonical[root] != root) continue;
    std::vector<uint32_t> queue = {root};
    hops[root] = 0;
    for (size_t i = 0; i < queue.size(); ++i) {
      for (uint32_t m : adjacent[queue[i]]) {
        if (hops[m] < 0) hops[m] = hops[queue[i]] + 1, queue.push_back(m);
      }
    }
  }
  for (uint32_t d = 0; d < n; ++d) {
    const uint32_t via = c.linked_via[d];
    if (c.canonical[d] == d) {
      EXPECT_EQ(via, d);
      continue;
    }
    EXPECT_TRUE(verified.count({std::min(d, via), std::max(d, via)})) << d << " linked via a non-edge " << via;
    EXPECT_FALSE(refused.count({std::min(d, via), std::max(d, via)})) << d << " linked via a refused edge";
    EXPECT_EQ(c.canonical[via], c.canonical[d]) << d;
    EXPECT_EQ(hops[via] + 1, hops[d]) << d << ": not the first step of a shortest chain";
    uint32_t at = d;
    size_t steps = 0;
    while (c.canonical[at] != at && steps <= n) at = c.linked_via[at], ++steps;
    EXPECT_EQ(at, c.canonical[d]) << d << ": linked_via does not reach the canonical (a cycle)";
  }
}

TEST(Cluster, LinkedViaIsATreeOfVerifiedEdgesRootedAtTheCanonical) {
  std::mt19937_64 rng(21);
  for (int round = 0; round < 20; ++round) {
    const uint32_t n = 30 + static_cast<uint32_t>(rng() % 150);
    std::vector<Edge> edges;
    std::set<std::pair<uint32_t, uint32_t>> pairs;  // each pair once, as the Deduper's edges are
    for (uint32_t i = 0; i < n * 2; ++i) {
      const float similarity = 0.4f + static_cast<float>(rng() % 6) / 10.0f;
      const uint32_t a = static_cast<uint32_t>(rng() % n), b = static_cast<uint32_t>(rng() % n);
      if (pairs.insert({std::min(a, b), std::max(a, b)}).second) edges.push_back({a, b, similarity});
    }
    std::vector<uint64_t> lengths(n);
    for (auto& l : lengths) l = rng() % 7;
    const SimilarityFn similarity = [](uint32_t a, uint32_t b) {
      return ((std::min(a, b) * 7919u + std::max(a, b) * 104729u) % 100) / 100.0;
    };
    for (ClusterMode mode : {ClusterMode::kConnected, ClusterMode::kStar, ClusterMode::kBounded}) {
      SCOPED_TRACE(::testing::Message() << ClusterModeName(mode) << " round " << round);
      const Clustering c = ClusterDocuments(n, edges, lengths, mode, 0.3, similarity);
      ExpectLinkTrees(c, edges, mode, 0.3, similarity);
      // Some members are not adjacent to their canonical, or the tree
      // check above would not reach past depth 1.
      if (mode == ClusterMode::kConnected && round == 0) {
        size_t deep = 0;
        for (uint32_t d = 0; d < n; ++d) deep += c.linked_via[d] != c.canonical[d];
        EXPECT_GT(deep, 0u);
      }
    }
  }
}

TEST(Cluster, ChainMemberBelowTheThresholdIsLinkedViaItsNeighbour) {
  // 0 (longest, canonical) - 1 - 2 - 3: 2 has no edge to 0 but stays within
  // the link threshold of it; 3 would be too far from 0 and is refused.
  const std::vector<Edge> edges = {{0, 1, 0.7f}, {1, 2, 0.6f}, {2, 3, 0.5f}, {0, 2, 0.2f}};
  const std::vector<uint64_t> lengths = {400, 300, 200, 100};
  const SimilarityFn similarity = [](uint32_t a, uint32_t b) {
    const uint32_t gap = a > b ? a - b : b - a;
    return gap == 0 ? 1.0 : gap == 1 ? 0.65 : gap == 2 ? 0.35 : 0.1;
  };
  // {0, 2} at 0.2 is an edge here only to show a weak direct edge still wins
  // over a longer chain of strong ones: the shortest chain comes first.
  const Clustering bounded = ClusterDocuments(4, edges, lengths, ClusterMode::kBounded, 0.3, similarity);
  EXPECT_EQ(bounded.canonical, (std::vector<uint32_t>{0, 0, 0, 3}));
  EXPECT_EQ(bounded.linked_via, (std::vector<uint32_t>{0, 0, 0, 3}));
  ASSERT_EQ(bounded.refusals.size(), 1u);
  EXPECT_EQ(bounded.refusals[0].a, 2u);
  EXPECT_EQ(bounded.refusals[0].b, 3u);
  EXPECT_EQ(bounded.refusals[0].canonical, 0u);
  EXPECT_EQ(bounded.refusals[0].far, 3u);
  EXPECT_DOUBLE_EQ(bounded.refusals[0].far_similarity, 0.1);
  const std::vector<Edge> chain(edges.begin(), edges.begin() + 3);
  const Clustering without_direct = ClusterDocuments(4, chain, lengths, ClusterMode::kBounded, 0.3, similarity);
  EXPECT_EQ(without_direct.linked_via, (std::vector<uint32_t>{0, 0, 1, 3}));
  const Clustering connected = ClusterDocuments(4, chain, lengths, ClusterMode::kConnected);
  EXPECT_EQ(connected.canonical, (std::vector<uint32_t>{0, 0, 0, 0}));
  EXPECT_EQ(connected.linked_via, (std::vector<uint32_t>{0, 0, 1, 2}));
  const Clustering star = ClusterDocuments(4, chain, lengths, ClusterMode::kStar);
  EXPECT_EQ(star.canonical, (std::vector<uint32_t>{0, 0, 2, 2}));
  EXPECT_EQ(star.linked_via, star.canonical);
  ASSERT_EQ(star.refusals.size(), 1u);
  EXPECT_EQ(star.refusals[0].a, 1u);
  EXPECT_EQ(star.refusals[0].far, kNoDocument);
}

TEST(Cluster, LinkedViaPrefersTheMostSimilarOfEquallyShortChains) {
  // 3 reaches the canonical 0 through 1 (edge 0.5) or 2 (edge 0.9): two hops
  // either way, so the more similar first edge, 3-2, links it.
  const std::vector<Edge> edges = {{0, 1, 0.8f}, {0, 2, 0.8f}, {1, 3, 0.5f}, {2, 3, 0.9f}};
  const Clustering c = ClusterDocuments(4, edges, std::vector<uint64_t>{9, 1, 1, 1}, ClusterMode::kConnected);
  EXPECT_EQ(c.linked_via, (std::vector<uint32_t>{0, 0, 0, 2}));
}

TEST(Cluster, ParsesModes) {
  EXPECT_EQ(*ParseClusterMode("star"), ClusterMode::kStar);
  EXPECT_EQ(*ParseClusterMode("connected"), ClusterMode::kConnected);
  EXPECT_EQ(*ParseClusterMode("bounded"), ClusterMode::kBounded);
  EXPECT_FALSE(ParseClusterMode("kmeans").ok());
}

}  // namespace
}  // namespace shabih

namespace shabih {
namespace {

// Signatures of explicit sets, for clustering tests on real similarities.
struct SignedSets {
  int perms = 128;
  std::vector<uint32_t> sigs;
  std::vector<uint64_t> lengths;
  absl::Span<const uint32_t> Sig(uint32_t d) const { return absl::MakeConstSpan(sigs.data() + size_t{d} * perms, perms); }
  void Add(const std::vector<uint64_t>& set) {
    static const MinHasher hasher = *MinHasher::Create({.num_perms = 128});
    sigs.resize(sigs.size() + perms);
    hasher.Sign(set, absl::MakeSpan(sigs.data() + sigs.size() - perms, perms));
    lengths.push_back(set.size());
  }
  Clustering Cluster(ClusterMode mode, double threshold, double link) const {
    std::vector<uint8_t> eligible(lengths.size(), 1);
    std::vector<Edge> edges;
    for (DocPair p : LshCandidatePairs(sigs, perms, OptimalLshParams(threshold, perms), eligible, {}, nullptr)) {
      const double j = EstimateJaccard(Sig(PairFirst(p)), Sig(PairSecond(p)));
      if (j >= threshold) edges.push_back({PairFirst(p), PairSecond(p), static_cast<float>(j)});
    }
    const SimilarityFn jaccard = [this](uint32_t a, uint32_t b) { return EstimateJaccard(Sig(a), Sig(b)); };
    const Clustering with_bound = ClusterDocuments(lengths.size(), edges, lengths, mode, link, jaccard, &jaccard);
    // The triangle-inequality shortcut never changes the result.
    EXPECT_EQ(with_bound.canonical, ClusterDocuments(lengths.size(), edges, lengths, mode, link, jaccard).canonical);
    return with_bound;
  }
};

TEST(Cluster, ChainOfOverlappingDocumentsIsNotOneCluster) {
  // 20 windows of 1,000 elements sliding by 81: neighbours share 85 %
  // (Jaccard 0.85), the ends nothing.
  SignedSets docs;
  for (uint64_t i = 0; i < 20; ++i) {
    std::vector<uint64_t> window;
    for (uint64_t x = i * 81; x < i * 81 + 1000; ++x) window.push_back(x * 0x9E3779B97F4A7C15ULL);
    docs.Add(window);
  }
  EXPECT_EQ(docs.Cluster(ClusterMode::kConnected, 0.5, 0.3).largest_cluster, 20u) << "the failure being fixed";
  for (ClusterMode mode : {ClusterMode::kBounded, ClusterMode::kStar}) {
    const Clustering c = docs.Cluster(mode, 0.5, 0.3);
    EXPECT_LT(c.largest_cluster, 10u) << ClusterModeName(mode);
    EXPECT_GT(c.refused_edges, 0u);
    // No cluster holds two documents that share less than 20 %; and some
    // neighbours were merged, or the check above would hold vacuously.
    int together = 0;
    for (uint32_t a = 0; a < 20; ++a) {
      for (uint32_t b = a + 1; b < 20; ++b) {
        if (c.canonical[a] != c.canonical[b]) continue;
        ++together;
        EXPECT_GT(EstimateJaccard(docs.Sig(a), docs.Sig(b)), 0.2) << ClusterModeName(mode) << " " << a << "," << b;
      }
    }
    EXPECT_GE(together, 5) << ClusterModeName(mode);
    EXPECT_LT(c.num_clusters, 20u) << ClusterModeName(mode);
  }
}

TEST(Cluster, GrowingCopiesThatEachBecomeCanonicalStayOneCluster) {
  // Each copy is one element longer, so every merge hands the big cluster a
  // new canonical document (the case that made bounded clustering scan all
  // members on every merge).
  std::mt19937_64 rng(77);
  std::vector<uint64_t> base;
  for (int i = 0; i < 300; ++i) base.push_back(rng());
  SignedSets docs;
  for (int c = 0; c < 400; ++c) {
    base.push_back(rng());
    docs.Add(base);
  }
  const Clustering c = docs.Cluster(ClusterMode::kBounded, 0.5, 0.3);
  EXPECT_LE(c.num_clusters, 3u);
}

TEST(Cluster, FiftyEditedCopiesStayOneCluster) {
  std::mt19937_64 rng(50);
  std::vector<uint64_t> original;
  for (int i = 0; i < 600; ++i) original.push_back(rng());
  SignedSets docs;
  docs.Add(original);
  for (int c = 0; c < 49; ++c) {
    std::vector<uint64_t> copy;
    for (uint64_t x : original)
      if (rng() % 100 >= 10) copy.push_back(x);  // drop 10 %
    for (int i = 0; i < 30; ++i) copy.push_back(rng());  // add 5 %
    docs.Add(copy);
  }
  for (int i = 0; i < 20; ++i) {  // unrelated documents around them
    std::vector<uint64_t> other;
    for (int j = 0; j < 600; ++j) other.push_back(rng());
    docs.Add(other);
  }
  for (ClusterMode mode : {ClusterMode::kBounded, ClusterMode::kStar, ClusterMode::kConnected}) {
    const Clustering c = docs.Cluster(mode, 0.5, 0.3);
    EXPECT_EQ(c.largest_cluster, 50u) << ClusterModeName(mode);
    EXPECT_EQ(c.num_clusters, 21u) << ClusterModeName(mode);
  }
}

}  // namespace
}  // namespace shabih

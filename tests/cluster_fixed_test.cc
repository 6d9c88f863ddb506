// internal::ClusterWithPublished: the bounded clustering of an index run,
// with clusters of earlier runs held fixed (engine/internal/cluster_fixed.h).
#include "engine/internal/cluster_fixed.h"

#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "shabih/cluster.h"

namespace shabih {
namespace {

// Similarities of a small world: sim[a][b], symmetric, 1 on the diagonal.
SimilarityFn Table(std::vector<std::vector<double>> sim) {
  return [sim = std::move(sim)](uint32_t a, uint32_t b) { return sim[a][b]; };
}

TEST(ClusterWithPublished, WithoutFixedDocumentsItIsTheBoundedClustering) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 200; ++trial) {
    const uint32_t n = 2 + rng() % 12;
    std::vector<std::vector<double>> sim(n, std::vector<double>(n, 1.0));
    std::vector<Edge> edges;
    for (uint32_t a = 0; a < n; ++a) {
      for (uint32_t b = a + 1; b < n; ++b) {
        sim[a][b] = sim[b][a] = (rng() % 100) / 100.0;
        if (sim[a][b] >= 0.4) edges.push_back({a, b, static_cast<float>(sim[a][b])});
      }
    }
    std::vector<uint64_t> lengths(n);
    for (auto& l : lengths) l = rng() % 5;
    const SimilarityFn s = Table(sim);
    const Clustering want = ClusterDocuments(n, edges, lengths, ClusterMode::kBounded, 0.3, s, nullptr);
    const Clustering got = internal::ClusterWithPublished(n, edges, lengths, {}, 0.3, s, nullptr);
    ASSERT_EQ(got.canonical, want.canonical) << "trial " << trial;
    ASSERT_EQ(got.linked_via, want.linked_via) << "trial " << trial;
    ASSERT_EQ(got.refused_edges, want.refused_edges) << "trial " << trial;
  }
}

// Nodes 0-1 new (1 the longer), 2 a published canonical, 3 its published member.
TEST(ClusterWithPublished, PublishedCanonicalStaysCanonicalAndNewCopiesLinkToTheirEdge) {
  const std::vector<Edge> edges = {{0, 1, 0.9f}, {1, 3, 0.8f}};
  const std::vector<uint64_t> lengths = {800, 900, 0, 0};
  const std::vector<uint32_t> fixed = {kNoDocument, kNoDocument, 2, 2};
  const Clustering c = internal::ClusterWithPublished(4, edges, lengths, fixed, 0.3,
                                                      [](uint32_t, uint32_t) { return 0.5; });
  EXPECT_EQ(c.canonical, (std::vector<uint32_t>{2, 2, 2, 2}));
  EXPECT_EQ(c.linked_via[1], 3u);  // its edge reaches the published member
  EXPECT_EQ(c.linked_via[0], 1u);
  EXPECT_EQ(c.refused_edges, 0u);
}

TEST(ClusterWithPublished, NewClusterWithAMemberFarFromThePublishedCanonicalStaysApart) {
  // 0-1 new and close; 1 close to published 2; 0 far from 2.
  std::vector<std::vector<double>> sim = {{1, 0.9, 0.1}, {0.9, 1, 0.8}, {0.1, 0.8, 1}};
  const std::vector<Edge> edges = {{0, 1, 0.9f}, {1, 2, 0.8f}};
  const Clustering c = internal::ClusterWithPublished(3, edges, {5, 5, 0}, {kNoDocument, kNoDocument, 2}, 0.3,
                                                      Table(sim));
  EXPECT_EQ(c.canonical, (std::vector<uint32_t>{0, 0, 2}));
  ASSERT_EQ(c.refused_edges, 1u);
  EXPECT_EQ(c.refusals[0].canonical, 2u);  // the merge would have made 2 canonical of 0
  EXPECT_EQ(c.refusals[0].far, 0u);
}

TEST(ClusterWithPublished, TwoPublishedClustersNeverMerge) {
  // New 0 bridges published clusters {1} and {2, 3}: it joins the closer.
  const std::vector<Edge> edges = {{0, 1, 0.7f}, {0, 3, 0.9f}};
  const std::vector<uint32_t> fixed = {kNoDocument, 1, 2, 2};
  const Clustering c = internal::ClusterWithPublished(4, edges, {9, 0, 0, 0}, fixed, 0.3,
                                                      [](uint32_t, uint32_t) { return 0.6; });
  EXPECT_EQ(c.canonical, (std::vector<uint32_t>{2, 1, 2, 2}));
  EXPECT_EQ(c.linked_via[0], 3u);
  EXPECT_EQ(c.refused_edges, 0u);  // not a similarity refusal
  EXPECT_EQ(c.num_clusters, 2u);
}

}  // namespace
}  // namespace shabih

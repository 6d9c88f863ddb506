// Clustering verified edges (union-find / star) and choosing canonicals.
// Edges are synthetic and crawl-like: ~30 % of documents have a duplicate,
// clusters of 2-8 documents with every member linked to one or two others.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include "shabih/cluster.h"

namespace shabih {
namespace {

struct Graph {
  std::vector<Edge> edges;
  std::vector<uint64_t> lengths;
};

const Graph& SyntheticGraph(size_t num_docs) {
  static std::map<size_t, Graph>* cache = new std::map<size_t, Graph>();
  auto it = cache->find(num_docs);
  if (it != cache->end()) return it->second;
  Graph g;
  std::mt19937_64 rng(9);
  g.lengths.resize(num_docs);
  for (uint64_t& length : g.lengths) length = 500 + rng() % 8000;
  // Random cluster ids over a shuffled order, so members are far apart in
  // input order, as cross-posts are.
  std::vector<uint32_t> order(num_docs);
  for (size_t i = 0; i < num_docs; ++i) order[i] = static_cast<uint32_t>(i);
  std::shuffle(order.begin(), order.end(), rng);
  size_t i = 0;
  while (i < num_docs) {
    size_t size = 1;
    if (rng() % 100 < 12) size = 2 + rng() % 7;  // ~30 % of documents in clusters
    size = std::min(size, num_docs - i);
    for (size_t m = 1; m < size; ++m) {
      const uint32_t a = order[i + m], b = order[i + rng() % m];
      g.edges.push_back({a, b, 0.5f + static_cast<float>(rng() % 500) / 1000.0f});
      if (m >= 2 && rng() % 2) g.edges.push_back({a, order[i + rng() % m], 0.6f});
    }
    i += size;
  }
  std::shuffle(g.edges.begin(), g.edges.end(), rng);
  return cache->emplace(num_docs, std::move(g)).first->second;
}

// range(0) documents; range(1): 0 = connected (union-find), 1 = star.
// Items = documents; the edge count is a counter.
void BM_ClusterDocuments(benchmark::State& state) {
  const size_t num_docs = state.range(0);
  const Graph& g = SyntheticGraph(num_docs);
  const ClusterMode mode = state.range(1) == 0 ? ClusterMode::kConnected : ClusterMode::kStar;
  uint64_t clusters = 0;
  for (auto _ : state) {
    Clustering c = ClusterDocuments(num_docs, g.edges, g.lengths, mode);
    clusters = c.num_clusters;
    benchmark::DoNotOptimize(c.canonical.data());
  }
  state.SetLabel(ClusterModeName(mode));
  state.SetItemsProcessed(state.iterations() * num_docs);
  state.SetBytesProcessed(state.iterations() * g.edges.size() * sizeof(Edge));
  state.counters["edges"] = static_cast<double>(g.edges.size());
  state.counters["clusters"] = static_cast<double>(clusters);
}
BENCHMARK(BM_ClusterDocuments)
    ->Args({100000, 0})
    ->Args({100000, 1})
    ->Args({1000000, 0})
    ->Args({1000000, 1})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace shabih

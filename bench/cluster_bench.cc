// Clustering verified edges and choosing canonicals.
//  - BM_ClusterDocuments (connected, star): edges only, synthetic and
//    crawl-like: ~30 % of documents have a duplicate, clusters of 2-8
//    documents with every member linked to one or two others.
//  - BM_ClusterBounded (the default mode): edges plus the MinHash
//    signatures its similarity callback reads, since the bounded mode checks
//    members against canonicals as it merges.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include "absl/types/span.h"
#include "shabih/cluster.h"
#include "shabih/dedup_options.h"
#include "shabih/minhash.h"

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

// Documents with signatures, for the bounded mode: edges are the pairs whose
// estimated Jaccard reaches the default threshold, weighted by it, as
// RunDedup verifies them. Members are far apart in input order.
struct SignedGraph {
  int perms = MinHashOptions().num_perms;
  std::vector<uint32_t> signatures;  // num_docs x perms
  Graph graph;
  absl::Span<const uint32_t> Signature(uint32_t d) const {
    return absl::MakeConstSpan(signatures.data() + size_t{d} * perms, perms);
  }
};

// Builds the documents group by group, each group taking the next ordinals
// of a shuffled order. Per group: 0.05 % chains of 40-199 documents, 0.02 %
// wire stories with 50-299 copies, ~12 % small clusters of 2-8, the rest
// singletons; so ~44 % of documents have a duplicate, ~4 % are in chains
// and ~2 % in the large copy clusters.
class SignedGraphBuilder {
 public:
  explicit SignedGraphBuilder(size_t num_docs) : rng_(17), order_(num_docs) {
    g_.signatures.resize(num_docs * g_.perms);
    g_.graph.lengths.resize(num_docs);
    for (size_t i = 0; i < num_docs; ++i) order_[i] = static_cast<uint32_t>(i);
    std::shuffle(order_.begin(), order_.end(), rng_);
  }

  SignedGraph Build() {
    const size_t num_docs = order_.size();
    while (next_ < num_docs) {
      const uint64_t roll = rng_() % 10000;
      if (roll < 5) {
        Chain(40 + rng_() % 160);
      } else if (roll < 7) {
        Copies(50 + rng_() % 250);
      } else if (roll < 1200) {
        SmallCluster(2 + rng_() % 7);
      } else {
        Fresh();
      }
    }
    std::shuffle(g_.graph.edges.begin(), g_.graph.edges.end(), rng_);
    return std::move(g_);
  }

 private:
  uint32_t* Sig(uint32_t d) { return g_.signatures.data() + size_t{d} * g_.perms; }

  // A new document: random signature and main-text length; its ordinal.
  uint32_t Fresh() {
    const uint32_t d = order_[next_++];
    for (int p = 0; p < g_.perms; ++p) Sig(d)[p] = static_cast<uint32_t>(rng_());
    g_.graph.lengths[d] = 500 + rng_() % 8000;
    return d;
  }

  // A new document copying `from` with `percent` of its slots changed.
  uint32_t Derived(uint32_t from, int percent) {
    const uint32_t d = order_[next_++];
    for (int p = 0; p < g_.perms; ++p) {
      Sig(d)[p] = static_cast<int>(rng_() % 100) < percent ? static_cast<uint32_t>(rng_()) : Sig(from)[p];
    }
    g_.graph.lengths[d] = 500 + rng_() % 8000;
    return d;
  }

  // An edge when the pair verifies, as RunDedup keeps it.
  void Link(uint32_t a, uint32_t b) {
    const double j = EstimateJaccard(g_.Signature(a), g_.Signature(b));
    if (j >= threshold_) g_.graph.edges.push_back({a, b, static_cast<float>(j)});
  }

  // A re-post or two: every copy edited 5-30 % from the original, linked to
  // one or two earlier members.
  void SmallCluster(size_t size) {
    std::vector<uint32_t> members = {Fresh()};
    while (members.size() < size && next_ < order_.size()) {
      const size_t m = members.size();
      members.push_back(Derived(members[0], 5 + static_cast<int>(rng_() % 26)));
      Link(members.back(), members[rng_() % m]);
      if (m >= 2 && rng_() % 2) Link(members.back(), members[rng_() % m]);
    }
  }

  // A story updated step by step (15 % per step): neighbours verify, the
  // ends share nothing, so connected clustering would chain them all.
  void Chain(size_t size) {
    std::vector<uint32_t> chain = {Fresh()};
    while (chain.size() < size && next_ < order_.size()) {
      chain.push_back(Derived(chain.back(), 15));
      for (size_t back = 2; back <= std::min<size_t>(4, chain.size()); ++back) {
        Link(chain.back(), chain[chain.size() - back]);
      }
    }
  }

  // A wire story with many edited copies (10 % each), each longer than the
  // last, so merges keep handing the cluster a new canonical document.
  void Copies(size_t size) {
    const uint32_t original = Fresh();
    std::vector<uint32_t> copies = {original};
    uint64_t length = g_.graph.lengths[original];
    while (copies.size() < size && next_ < order_.size()) {
      const uint32_t d = Derived(original, 10);
      g_.graph.lengths[d] = ++length;
      Link(d, original);
      for (int i = 0; i < 2; ++i) Link(d, copies[rng_() % copies.size()]);
      copies.push_back(d);
    }
  }

  std::mt19937_64 rng_;
  std::vector<uint32_t> order_;
  size_t next_ = 0;
  const double threshold_ = DedupOptions().threshold;
  SignedGraph g_;
};

const SignedGraph& SyntheticSignedGraph(size_t num_docs) {
  static std::map<size_t, SignedGraph>* cache = new std::map<size_t, SignedGraph>();
  auto it = cache->find(num_docs);
  if (it == cache->end()) it = cache->emplace(num_docs, SignedGraphBuilder(num_docs).Build()).first;
  return it->second;
}

// range(0) documents; range(1): 1 = with the triangle-inequality metric, as
// RunDedup calls it, 0 = without (every merge re-checks the joining
// members). Default link threshold. Items = documents.
void BM_ClusterBounded(benchmark::State& state) {
  const size_t num_docs = state.range(0);
  const SignedGraph& g = SyntheticSignedGraph(num_docs);
  // Counts the signature comparisons, what the metric's bound saves.
  uint64_t comparisons = 0;
  const SimilarityFn jaccard = [&g, &comparisons](uint32_t a, uint32_t b) {
    ++comparisons;
    return EstimateJaccard(g.Signature(a), g.Signature(b));
  };
  const SimilarityFn* metric = state.range(1) != 0 ? &jaccard : nullptr;
  const double link = DedupOptions().link_threshold;
  Clustering c;
  for (auto _ : state) {
    comparisons = 0;
    c = ClusterDocuments(num_docs, g.graph.edges, g.graph.lengths, ClusterMode::kBounded, link, jaccard, metric);
    benchmark::DoNotOptimize(c.canonical.data());
  }
  state.counters["comparisons"] = static_cast<double>(comparisons);
  state.SetLabel(metric != nullptr ? "bounded+metric" : "bounded");
  state.SetItemsProcessed(state.iterations() * num_docs);
  state.SetBytesProcessed(state.iterations() * g.graph.edges.size() * sizeof(Edge));
  state.counters["edges"] = static_cast<double>(g.graph.edges.size());
  state.counters["clusters"] = static_cast<double>(c.num_clusters);
  state.counters["largest"] = static_cast<double>(c.largest_cluster);
  state.counters["refused"] = static_cast<double>(c.refused_edges);
}
BENCHMARK(BM_ClusterBounded)
    ->Args({100000, 0})
    ->Args({100000, 1})
    ->Args({300000, 1})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace shabih

// LSH candidate generation (banding by sorting) over a crawl's signatures.
// Signatures are synthetic: random documents plus planted near-duplicates
// (a copy of an earlier document with ~30 % of slots changed, J ~ 0.7), so
// buckets and candidate pairs look like a crawl's, at any size.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include "shabih/lsh.h"
#include "shabih/minhash.h"

namespace shabih {
namespace {

constexpr int kPerms = 128;

struct Signatures {
  std::vector<uint32_t> values;  // num_docs x kPerms
  std::vector<uint8_t> eligible;
};

// 10 % of documents are near-duplicates of an earlier one.
const Signatures& SyntheticSignatures(size_t num_docs) {
  static std::map<size_t, Signatures>* cache = new std::map<size_t, Signatures>();
  auto it = cache->find(num_docs);
  if (it != cache->end()) return it->second;
  Signatures s;
  s.values.resize(num_docs * kPerms);
  s.eligible.assign(num_docs, 1);
  std::mt19937_64 rng(42);
  for (size_t d = 0; d < num_docs; ++d) {
    uint32_t* sig = s.values.data() + d * kPerms;
    if (d > 0 && rng() % 10 == 0) {
      const uint32_t* original = s.values.data() + (rng() % d) * kPerms;
      for (int p = 0; p < kPerms; ++p) sig[p] = rng() % 10 < 3 ? static_cast<uint32_t>(rng()) : original[p];
    } else {
      for (int p = 0; p < kPerms; ++p) sig[p] = static_cast<uint32_t>(rng());
    }
  }
  return cache->emplace(num_docs, std::move(s)).first->second;
}

// range(0) documents, range(1) threads, threshold 0.5 (the default bands x
// rows). Items = documents; bytes = signature bytes read.
void BM_LshCandidatePairs(benchmark::State& state) {
  const size_t num_docs = state.range(0);
  const Signatures& sigs = SyntheticSignatures(num_docs);
  const LshParams params = OptimalLshParams(0.5, kPerms);
  LshOptions options;
  options.threads = static_cast<int>(state.range(1));
  LshStats stats;
  for (auto _ : state) {
    stats = {};
    std::vector<DocPair> pairs = LshCandidatePairs(sigs.values, kPerms, params, sigs.eligible, options, &stats);
    benchmark::DoNotOptimize(pairs.data());
  }
  state.SetItemsProcessed(state.iterations() * num_docs);
  state.SetBytesProcessed(state.iterations() * sigs.values.size() * sizeof(uint32_t));
  state.counters["pairs"] = static_cast<double>(stats.candidate_pairs);
  state.counters["bands"] = params.bands;
  state.counters["rows"] = params.rows;
}
BENCHMARK(BM_LshCandidatePairs)
    ->Args({10000, 1})
    ->Args({100000, 1})
    ->Args({100000, 2})
    ->Unit(benchmark::kMillisecond);

// Candidate generation plus verification of every candidate on the full
// signatures, as RunDedup does it (one thread).
void BM_LshCandidatesAndVerify(benchmark::State& state) {
  const size_t num_docs = state.range(0);
  const Signatures& sigs = SyntheticSignatures(num_docs);
  const LshParams params = OptimalLshParams(0.5, kPerms);
  LshStats stats;
  size_t edges = 0;
  for (auto _ : state) {
    std::vector<DocPair> pairs = LshCandidatePairs(sigs.values, kPerms, params, sigs.eligible, {}, &stats);
    edges = 0;
    for (DocPair p : pairs) {
      const uint32_t* a = sigs.values.data() + size_t{PairFirst(p)} * kPerms;
      const uint32_t* b = sigs.values.data() + size_t{PairSecond(p)} * kPerms;
      edges += EstimateJaccard(absl::MakeConstSpan(a, kPerms), absl::MakeConstSpan(b, kPerms)) >= 0.5;
    }
    benchmark::DoNotOptimize(edges);
  }
  state.SetItemsProcessed(state.iterations() * num_docs);
  state.SetBytesProcessed(state.iterations() * sigs.values.size() * sizeof(uint32_t));
  state.counters["edges"] = static_cast<double>(edges);
}
BENCHMARK(BM_LshCandidatesAndVerify)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace shabih

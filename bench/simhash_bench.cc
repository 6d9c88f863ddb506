#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "bench/bench_data.h"
#include "shabih/simhash.h"

namespace shabih {
namespace {

using bench_data::RandomHashes;

// One document of range(0) shingle hashes (400 ~ a news article).
void BM_SimHash(benchmark::State& state) {
  const std::vector<uint64_t> shingles = RandomHashes(state.range(0), 1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(SimHash(shingles));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * state.range(0) * sizeof(uint64_t));
}
BENCHMARK(BM_SimHash)->Arg(50)->Arg(400)->Arg(4000);

void BM_SimHashWeighted(benchmark::State& state) {
  const std::vector<uint64_t> shingles = RandomHashes(state.range(0), 2);
  std::mt19937 rng(3);
  std::vector<float> idf(shingles.size());
  for (float& w : idf) w = std::uniform_real_distribution<float>(0.5f, 12.0f)(rng);
  for (auto _ : state) {
    benchmark::DoNotOptimize(SimHash(shingles, idf));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * state.range(0) * (sizeof(uint64_t) + sizeof(float)));
}
BENCHMARK(BM_SimHashWeighted)->Arg(400);

// range(0) fingerprints, radius range(1): random fingerprints plus 1 % planted
// near-duplicates, so there is output to produce. Items = fingerprints.
void BM_HammingNearPairs(benchmark::State& state) {
  const size_t n = state.range(0);
  const int k = static_cast<int>(state.range(1));
  std::vector<uint64_t> fps = RandomHashes(n, 4);
  std::mt19937_64 rng(5);
  for (size_t i = 0; i + 1 < n; i += 100) fps[i + 1] = fps[i] ^ (uint64_t{1} << (rng() % 64));
  HammingOptions options;
  options.max_distance = k;
  NearPairsStats stats;
  size_t pairs = 0;
  for (auto _ : state) {
    auto result = NearPairs(fps, options, &stats);
    pairs = result->size();
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.SetBytesProcessed(state.iterations() * n * sizeof(uint64_t));
  state.counters["pairs"] = static_cast<double>(pairs);
  state.counters["B"] = stats.num_blocks;
  state.counters["compares"] = static_cast<double>(stats.candidates_checked);
}
BENCHMARK(BM_HammingNearPairs)
    ->Args({31030, 3})
    ->Args({100000, 3})
    ->Args({1000000, 3})
    ->Args({100000, 6})
    ->Unit(benchmark::kMillisecond);

// Streaming: query then add, per fingerprint.
void BM_HammingIndexQueryAdd(benchmark::State& state) {
  const size_t n = state.range(0);
  const std::vector<uint64_t> fps = RandomHashes(n, 6);
  for (auto _ : state) {
    auto index = HammingIndex::Create(3);
    size_t found = 0;
    for (uint64_t fp : fps) {
      found += index->Query(fp).size();
      index->Add(fp).IgnoreError();
    }
    benchmark::DoNotOptimize(found);
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_HammingIndexQueryAdd)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace shabih

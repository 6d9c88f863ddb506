// MinHash signatures per document of realistic length, and the Jaccard
// estimate used to verify candidate pairs.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_data.h"
#include "shabih/minhash.h"

namespace shabih {
namespace {

using bench_data::RandomHashes;

// One document of range(0) shingles (a news article has 300-600), range(1)
// permutations. Items = documents signed; bytes = shingle hashes read.
void BM_MinHashSign(benchmark::State& state) {
  const std::vector<uint64_t> shingles = RandomHashes(state.range(0), 7);
  const MinHasher hasher = *MinHasher::Create({.num_perms = static_cast<int>(state.range(1))});
  std::vector<uint32_t> signature(hasher.num_perms());
  for (auto _ : state) {
    hasher.Sign(shingles, absl::MakeSpan(signature));
    benchmark::DoNotOptimize(signature.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * shingles.size() * sizeof(uint64_t));
  // Seconds per shingle, printed with an SI prefix (e.g. 1.2n = 1.2 ns).
  state.counters["per_shingle"] =
      benchmark::Counter(static_cast<double>(state.iterations() * shingles.size()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_MinHashSign)
    ->Args({300, 128})
    ->Args({450, 128})
    ->Args({600, 128})
    ->Args({450, 64})
    ->Args({450, 256});

// Every document of a text set (real length distribution), 128 permutations.
// Bytes = page text, so MB/s compares with normalization and the roofline.
void BM_MinHashSignTexts(benchmark::State& state) {
  const bench_data::TextSet& set = bench_data::Texts(state.range(0));
  const bench_data::Shingled& shingled = bench_data::ShingledTexts(state.range(0));
  const MinHasher hasher = *MinHasher::Create();
  std::vector<uint32_t> signature(hasher.num_perms());
  for (auto _ : state) {
    for (const std::vector<uint64_t>& shingles : shingled.shingles) {
      hasher.Sign(shingles, absl::MakeSpan(signature));
      benchmark::DoNotOptimize(signature.data());
    }
  }
  state.SetLabel(set.name);
  state.SetBytesProcessed(state.iterations() * set.bytes);
  state.SetItemsProcessed(state.iterations() * set.docs.size());
  state.counters["shingles_per_doc"] =
      set.docs.empty() ? 0.0 : static_cast<double>(shingled.total_shingles) / set.docs.size();
}
BENCHMARK(BM_MinHashSignTexts)->Arg(bench_data::kCorpus)->Arg(bench_data::kGenerated);

// Verification of one candidate pair on full 128-slot signatures.
void BM_EstimateJaccard(benchmark::State& state) {
  std::mt19937 rng(11);
  std::vector<uint32_t> a(128), b(128);
  for (size_t i = 0; i < a.size(); ++i) {
    a[i] = rng();
    b[i] = (rng() % 2) ? a[i] : rng();
  }
  for (auto _ : state) benchmark::DoNotOptimize(EstimateJaccard(a, b));
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * 2 * a.size() * sizeof(uint32_t));
}
BENCHMARK(BM_EstimateJaccard);

}  // namespace
}  // namespace shabih

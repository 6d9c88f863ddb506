// Tokenize + shingle hashing: text -> token hashes -> word 5-shingle hashes.
// MB/s is of page text in both benchmarks, so they compare with
// normalize_bench.cc and roofline_bench.cc directly.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bench/bench_data.h"
#include "shabih/normalize.h"
#include "shabih/shingle.h"

namespace shabih {
namespace {

// Both steps, per document, as the pipeline runs them.
void BM_TokenizeAndShingle(benchmark::State& state) {
  const bench_data::TextSet& set = bench_data::Texts(state.range(0));
  const Normalizer& normalizer = Normalizer::Default();
  std::vector<uint64_t> tokens, shingles;
  uint64_t total = 0;
  for (auto _ : state) {
    total = 0;
    for (const std::string& doc : set.docs) {
      tokens.clear();
      normalizer.TokenHashes(doc, &tokens);
      ShingleHashes(tokens, kDefaultShingleSize, &shingles);
      total += shingles.size();
    }
    benchmark::DoNotOptimize(shingles.data());
  }
  state.SetLabel(set.name);
  state.SetBytesProcessed(state.iterations() * set.bytes);
  state.SetItemsProcessed(state.iterations() * set.docs.size());
  state.counters["shingles"] = static_cast<double>(total);
}
BENCHMARK(BM_TokenizeAndShingle)->Arg(bench_data::kCorpus)->Arg(bench_data::kGenerated);

// Shingle hashing alone, from precomputed token hashes (items = shingles).
void BM_ShingleHashes(benchmark::State& state) {
  const bench_data::TextSet& set = bench_data::Texts(state.range(0));
  const bench_data::Shingled& shingled = bench_data::ShingledTexts(state.range(0));
  const int k = static_cast<int>(state.range(1));
  std::vector<uint64_t> shingles;
  uint64_t total = 0;
  for (auto _ : state) {
    total = 0;
    for (const std::vector<uint64_t>& tokens : shingled.tokens) {
      ShingleHashes(tokens, k, &shingles);
      total += shingles.size();
    }
    benchmark::DoNotOptimize(shingles.data());
  }
  state.SetLabel(set.name);
  state.SetBytesProcessed(state.iterations() * set.bytes);
  state.SetItemsProcessed(state.iterations() * total);
}
BENCHMARK(BM_ShingleHashes)
    ->Args({bench_data::kCorpus, 5})
    ->Args({bench_data::kGenerated, 5})
    ->Args({bench_data::kGenerated, 3})
    ->Args({bench_data::kGenerated, 9});

}  // namespace
}  // namespace shabih

// Normalization: raw page text -> normalized token hashes (the first step of
// the hot path), on real and generated Arabic pages. Compare its MB/s with
// BM_RooflineXxh3 in roofline_bench.cc (same bytes).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bench/bench_data.h"
#include "engine/internal/arabic_fold.h"
#include "shabih/normalize.h"

namespace shabih {
namespace {

using bench_data::Texts;

void RunTokenHashes(benchmark::State& state, const Normalizer& normalizer) {
  const bench_data::TextSet& set = Texts(state.range(0));
  std::vector<uint64_t> hashes;
  uint64_t tokens = 0;
  for (auto _ : state) {
    tokens = 0;
    for (const std::string& doc : set.docs) {
      hashes.clear();
      normalizer.TokenHashes(doc, &hashes);
      tokens += hashes.size();
    }
    benchmark::DoNotOptimize(hashes.data());
  }
  state.SetLabel(set.name);
  state.SetBytesProcessed(state.iterations() * set.bytes);
  state.SetItemsProcessed(state.iterations() * set.docs.size());
  state.counters["tokens"] = static_cast<double>(tokens);
}

// The engine's default (light prefix folding).
void BM_NormalizeTokenHashes(benchmark::State& state) { RunTokenHashes(state, Normalizer::Default()); }
BENCHMARK(BM_NormalizeTokenHashes)->Arg(bench_data::kCorpus)->Arg(bench_data::kGenerated);

// Character folding only: the cost of the clitic folding is the difference.
void BM_NormalizeTokenHashesNoFolding(benchmark::State& state) {
  static const std::unique_ptr<Normalizer> normalizer =
      *Normalizer::Create({.prefix_folding = PrefixFolding::kNone});
  RunTokenHashes(state, *normalizer);
}
BENCHMARK(BM_NormalizeTokenHashesNoFolding)->Arg(bench_data::kCorpus)->Arg(bench_data::kGenerated);

// The human-readable form (a string per document): not on the hot path.
void BM_NormalizeToString(benchmark::State& state) {
  const bench_data::TextSet& set = Texts(state.range(0));
  const Normalizer& normalizer = Normalizer::Default();
  for (auto _ : state) {
    for (const std::string& doc : set.docs) benchmark::DoNotOptimize(normalizer.Normalize(doc));
  }
  state.SetLabel(set.name);
  state.SetBytesProcessed(state.iterations() * set.bytes);
  state.SetItemsProcessed(state.iterations() * set.docs.size());
}
BENCHMARK(BM_NormalizeToString)->Arg(bench_data::kCorpus);

// Creating a normalizer: options checked, the shared table referenced
// (items = normalizers created).
void BM_NormalizerCreate(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Normalizer::Create());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NormalizerCreate);

// Expanding the committed table (normalize_table.inc) into the 64K-entry
// lookup table: the start-up cost, paid once per process.
void BM_FoldTableExpand(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(internal::ExpandFoldTable());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FoldTableExpand)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace shabih

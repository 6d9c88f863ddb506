// Normalization: raw page text -> normalized token hashes (the first step of
// the hot path), on real and generated Arabic pages. Compare its MB/s with
// BM_RooflineXxh3 in roofline_bench.cc (same bytes).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bench/bench_data.h"
#include "engine/internal/arabic_fold.h"
#include "engine/internal/tokenize.h"
#include "shabih/normalize.h"
#include "shabih/simd.h"

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

// Old vs new (issue 15): the scalar tokenizer the SIMD one replaced (one
// table lookup per code point), on the same texts with the default folding.
void BM_NormalizeTokenHashesScalar(benchmark::State& state) {
  const bench_data::TextSet& set = Texts(state.range(0));
  const internal::FoldTable* table = internal::SharedTokenizerTables().fold;
  std::vector<uint64_t> hashes;
  for (auto _ : state) {
    for (const std::string& doc : set.docs) {
      hashes.clear();
      internal::TokenOutput out{.hashes = &hashes};
      internal::ScalarTokenize(table, PrefixFolding::kLight, doc, &out);
    }
    benchmark::DoNotOptimize(hashes.data());
  }
  state.SetLabel(set.name);
  state.SetBytesProcessed(state.iterations() * set.bytes);
  state.SetItemsProcessed(state.iterations() * set.docs.size());
}
BENCHMARK(BM_NormalizeTokenHashesScalar)->Arg(bench_data::kCorpus)->Arg(bench_data::kGenerated);

// The SIMD tokenizer pinned to each target this CPU runs
// (BM_NormalizeTokenHashesTarget/AVX2/0, ...); BM_NormalizeTokenHashes runs the best.
void RunPinned(benchmark::State& state, const std::string& target) {
  if (!SetSimdTarget(target).ok()) {
    state.SkipWithError("target not available");
    return;
  }
  RunTokenHashes(state, Normalizer::Default());
  (void)SetSimdTarget("");
}
const bool kTargetsRegistered = [] {
  for (const std::string& target : SimdTargets()) {
    benchmark::RegisterBenchmark(("BM_NormalizeTokenHashesTarget/" + target).c_str(),
                                 [target](benchmark::State& state) { RunPinned(state, target); })
        ->Arg(bench_data::kCorpus);
  }
  return true;
}();

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

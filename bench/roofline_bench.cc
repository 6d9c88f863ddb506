// The roofline: the same page bytes only read and hashed once with XXH3 (no
// normalization, no MinHash) - the practical speed limit of the hot path -
// and, on the same bytes, the floors of DESIGN-NOTES.md ("The floor on this
// machine") and the engine's own hot path, so one run gives the ratios:
//
//   BM_RooflineXxh3            one XXH3 per document
//   BM_RooflineXxh3Lines       one XXH3 per '\n' line (what `shabih bench` uses on files)
//   BM_FloorAsciiShingles      split at ASCII whitespace, XXH3 per token, 5-shingle combine
//   BM_FloorAsciiMinHash       ... plus 128-permutation MinHash (the engine's MinHasher)
//   BM_EngineHotPath           Normalizer::TokenHashes + ShingleHashes + MinHasher::Sign
//   BM_EngineHotPathStrip      ... after single-page boilerplate stripping
// All set bytes = page text bytes, items = documents.
#include <benchmark/benchmark.h>
#include <xxhash.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_data.h"
#include "shabih/boilerplate.h"
#include "shabih/minhash.h"
#include "shabih/normalize.h"
#include "shabih/shingle.h"

namespace shabih {
namespace {

void Finish(benchmark::State& state, const bench_data::TextSet& set) {
  state.SetLabel(set.name);
  state.SetBytesProcessed(state.iterations() * set.bytes);
  state.SetItemsProcessed(state.iterations() * set.docs.size());
}

void BM_RooflineXxh3(benchmark::State& state) {
  const bench_data::TextSet& set = bench_data::Texts(state.range(0));
  uint64_t sink = 0;
  for (auto _ : state) {
    for (const std::string& doc : set.docs) sink ^= XXH3_64bits(doc.data(), doc.size());
    benchmark::DoNotOptimize(sink);
  }
  Finish(state, set);
}
BENCHMARK(BM_RooflineXxh3)->Arg(bench_data::kCorpus)->Arg(bench_data::kGenerated);

void BM_RooflineXxh3Lines(benchmark::State& state) {
  const bench_data::TextSet& set = bench_data::Texts(state.range(0));
  uint64_t sink = 0;
  for (auto _ : state) {
    for (const std::string& doc : set.docs) {
      const char* p = doc.data();
      const char* end = p + doc.size();
      while (p < end) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
        if (nl == nullptr) nl = end;
        sink ^= XXH3_64bits(p, nl - p);
        p = nl + 1;
      }
    }
    benchmark::DoNotOptimize(sink);
  }
  Finish(state, set);
}
BENCHMARK(BM_RooflineXxh3Lines)->Arg(bench_data::kCorpus)->Arg(bench_data::kGenerated);

// The DESIGN-NOTES tokenizer floor: bytes split at ASCII whitespace only,
// no Unicode, no folding. Appends token hashes to *tokens.
void AsciiTokenHashes(const std::string& text, std::vector<uint64_t>* tokens) {
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')) ++p;
    const char* start = p;
    while (p < end && !(*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')) ++p;
    if (p > start) tokens->push_back(XXH3_64bits(start, p - start));
  }
}

void AsciiShingles(const std::string& text, std::vector<uint64_t>* tokens, std::vector<uint64_t>* shingles) {
  tokens->clear();
  AsciiTokenHashes(text, tokens);
  ShingleHashes(*tokens, kDefaultShingleSize, shingles);
}

void BM_FloorAsciiShingles(benchmark::State& state) {
  const bench_data::TextSet& set = bench_data::Texts(state.range(0));
  std::vector<uint64_t> tokens, shingles;
  for (auto _ : state) {
    for (const std::string& doc : set.docs) {
      AsciiShingles(doc, &tokens, &shingles);
      benchmark::DoNotOptimize(shingles.data());
    }
  }
  Finish(state, set);
}
BENCHMARK(BM_FloorAsciiShingles)->Arg(bench_data::kCorpus)->Arg(bench_data::kGenerated);

void BM_FloorAsciiMinHash(benchmark::State& state) {
  const bench_data::TextSet& set = bench_data::Texts(state.range(0));
  const MinHasher hasher = *MinHasher::Create();
  std::vector<uint64_t> tokens, shingles;
  std::vector<uint32_t> signature(hasher.num_perms());
  for (auto _ : state) {
    for (const std::string& doc : set.docs) {
      AsciiShingles(doc, &tokens, &shingles);
      hasher.Sign(shingles, absl::MakeSpan(signature));
      benchmark::DoNotOptimize(signature.data());
    }
  }
  Finish(state, set);
}
BENCHMARK(BM_FloorAsciiMinHash)->Arg(bench_data::kCorpus)->Arg(bench_data::kGenerated);

void BM_EngineHotPath(benchmark::State& state) {
  const bench_data::TextSet& set = bench_data::Texts(state.range(0));
  const Normalizer& normalizer = Normalizer::Default();
  const MinHasher hasher = *MinHasher::Create();
  std::vector<uint64_t> tokens, shingles;
  std::vector<uint32_t> signature(hasher.num_perms());
  for (auto _ : state) {
    for (const std::string& doc : set.docs) {
      tokens.clear();
      normalizer.TokenHashes(doc, &tokens);
      ShingleHashes(tokens, kDefaultShingleSize, &shingles);
      hasher.Sign(shingles, absl::MakeSpan(signature));
      benchmark::DoNotOptimize(signature.data());
    }
  }
  Finish(state, set);
}
BENCHMARK(BM_EngineHotPath)->Arg(bench_data::kCorpus)->Arg(bench_data::kGenerated);

void BM_EngineHotPathStrip(benchmark::State& state) {
  const bench_data::TextSet& set = bench_data::Texts(state.range(0));
  static const std::unique_ptr<BoilerplateClassifier> classifier = *BoilerplateClassifier::Create({});
  const Normalizer& normalizer = Normalizer::Default();
  const MinHasher hasher = *MinHasher::Create();
  std::vector<uint64_t> tokens, shingles;
  std::vector<uint32_t> signature(hasher.num_perms());
  std::string kept;
  for (auto _ : state) {
    for (const std::string& doc : set.docs) {
      classifier->Strip("site", doc, nullptr, &kept);
      tokens.clear();
      normalizer.TokenHashes(kept, &tokens);
      ShingleHashes(tokens, kDefaultShingleSize, &shingles);
      hasher.Sign(shingles, absl::MakeSpan(signature));
      benchmark::DoNotOptimize(signature.data());
    }
  }
  Finish(state, set);
}
BENCHMARK(BM_EngineHotPathStrip)->Arg(bench_data::kCorpus)->Arg(bench_data::kGenerated);

}  // namespace
}  // namespace shabih

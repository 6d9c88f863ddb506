// Boilerplate stripping: line classification (pass 2), per-site line
// statistics (pass 1), and the dedup signer on the same pages for scale.
// The acceptance bar (issue 4) is that stripping adds at most 30 % to the
// end-to-end dedup time; dedup runs at about 100 MB/s/core, so pass 1 plus
// pass 2 should together run at 330+ MB/s/core. docs/boilerplate.md records
// the numbers.
//
// Arg 0: bench_data::kCorpus (real pages, or $SHABIH_BENCH_CORPUS) or
// kGenerated (2,000 synthetic pages with templates, 12 sites).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_data.h"
#include "shabih/boilerplate.h"
#include "tooling/crawl_generator.h"
#include "shabih/minhash.h"
#include "shabih/normalize.h"
#include "shabih/shingle.h"

namespace shabih {
namespace {

// Pages with their sites: the per-site statistics need them.
struct SitePages {
  std::string name;
  std::vector<std::string> sites;
  std::vector<std::string> texts;
  uint64_t bytes = 0;
};

const SitePages& Pages(int64_t id) {
  static const SitePages* corpus = [] {
    auto* p = new SitePages;
    const bench_data::TextSet& set = bench_data::Texts(bench_data::kCorpus);
    p->name = set.name;
    p->texts = set.docs;
    p->sites.assign(set.docs.size(), "");  // one site: a conservative case for repetition
    p->bytes = set.bytes;
    return p;
  }();
  static const SitePages* generated = [] {
    auto* p = new SitePages;
    p->name = "generated";
    GeneratorOptions options;
    options.pages = 2000;
    options.seed = 1;
    auto generator = CrawlGenerator::Create(options);
    GeneratedPage page;
    while (generator.ok() && (*generator)->Next(&page)) {
      p->bytes += page.text.size();
      p->sites.push_back(page.site);
      p->texts.push_back(std::move(page.text));
    }
    return p;
  }();
  return id == bench_data::kGenerated ? *generated : *corpus;
}

const BoilerplateClassifier& Classifier() {
  static const std::unique_ptr<BoilerplateClassifier> classifier = *BoilerplateClassifier::Create({});
  return *classifier;
}

std::unique_ptr<CrawlLineStats> BuildStats(const SitePages& pages) {
  auto stats = std::make_unique<CrawlLineStats>(BoilerplateOptions());
  for (size_t i = 0; i < pages.texts.size(); ++i) stats->AddDocument(pages.sites[i], pages.texts[i]);
  stats->Finalize();
  return stats;
}

void Report(benchmark::State& state, const SitePages& pages) {
  state.SetLabel(pages.name);
  state.SetBytesProcessed(state.iterations() * pages.bytes);
  state.SetItemsProcessed(state.iterations() * pages.texts.size());
}

// Pass 2 without crawl context (single-page mode: signals 3-5).
void BM_BoilerplateClassifySinglePage(benchmark::State& state) {
  const SitePages& pages = Pages(state.range(0));
  const BoilerplateClassifier& classifier = Classifier();
  std::vector<LineVerdict> verdicts;
  uint64_t boilerplate = 0;
  for (auto _ : state) {
    boilerplate = 0;
    for (size_t i = 0; i < pages.texts.size(); ++i) {
      classifier.Classify(pages.sites[i], pages.texts[i], nullptr, &verdicts);
      for (const LineVerdict& v : verdicts) boilerplate += v.boilerplate;
    }
  }
  Report(state, pages);
  state.counters["boilerplate_lines"] = static_cast<double>(boilerplate);
}
BENCHMARK(BM_BoilerplateClassifySinglePage)->Arg(bench_data::kCorpus)->Arg(bench_data::kGenerated);

// Pass 2 with per-site statistics (signals 1-5), as `shabih strip` and
// `shabih dedup` run it.
void BM_BoilerplateClassifyWithStats(benchmark::State& state) {
  const SitePages& pages = Pages(state.range(0));
  const std::unique_ptr<CrawlLineStats> stats = BuildStats(pages);
  const BoilerplateClassifier& classifier = Classifier();
  std::vector<LineVerdict> verdicts;
  for (auto _ : state) {
    for (size_t i = 0; i < pages.texts.size(); ++i) {
      classifier.Classify(pages.sites[i], pages.texts[i], stats.get(), &verdicts);
    }
    benchmark::DoNotOptimize(verdicts.data());
  }
  Report(state, pages);
}
BENCHMARK(BM_BoilerplateClassifyWithStats)->Arg(bench_data::kCorpus)->Arg(bench_data::kGenerated);

// Pass 2 with statistics still being counted (online mode: not finalized,
// so the tables still hold every line seen once). Same verdicts as
// BM_BoilerplateClassifyWithStats; the lookups probe larger tables.
void BM_BoilerplateClassifyWithUnfinalizedStats(benchmark::State& state) {
  const SitePages& pages = Pages(state.range(0));
  CrawlLineStats stats{BoilerplateOptions()};
  for (size_t i = 0; i < pages.texts.size(); ++i) stats.AddDocument(pages.sites[i], pages.texts[i]);
  const BoilerplateClassifier& classifier = Classifier();
  std::vector<LineVerdict> verdicts;
  for (auto _ : state) {
    for (size_t i = 0; i < pages.texts.size(); ++i) {
      classifier.Classify(pages.sites[i], pages.texts[i], &stats, &verdicts);
    }
    benchmark::DoNotOptimize(verdicts.data());
  }
  Report(state, pages);
  state.counters["distinct_lines"] = static_cast<double>(stats.distinct_lines());
}
BENCHMARK(BM_BoilerplateClassifyWithUnfinalizedStats)->Arg(bench_data::kCorpus)->Arg(bench_data::kGenerated);

// Strip(): classification plus assembling the kept text.
void BM_BoilerplateStrip(benchmark::State& state) {
  const SitePages& pages = Pages(state.range(0));
  const std::unique_ptr<CrawlLineStats> stats = BuildStats(pages);
  const BoilerplateClassifier& classifier = Classifier();
  std::string kept;
  uint64_t kept_bytes = 0;
  for (auto _ : state) {
    kept_bytes = 0;
    for (size_t i = 0; i < pages.texts.size(); ++i) {
      classifier.Strip(pages.sites[i], pages.texts[i], stats.get(), &kept);
      kept_bytes += kept.size();
    }
  }
  Report(state, pages);
  state.counters["kept_fraction"] = static_cast<double>(kept_bytes) / static_cast<double>(pages.bytes);
}
BENCHMARK(BM_BoilerplateStrip)->Arg(bench_data::kCorpus)->Arg(bench_data::kGenerated);

// Pass 1: per-site line statistics (AddDocument for every page, Finalize).
void BM_CrawlLineStats(benchmark::State& state) {
  const SitePages& pages = Pages(state.range(0));
  size_t distinct = 0;
  for (auto _ : state) {
    const std::unique_ptr<CrawlLineStats> stats = BuildStats(pages);
    distinct = stats->distinct_lines();
  }
  Report(state, pages);
  state.counters["distinct_lines"] = static_cast<double>(distinct);
}
BENCHMARK(BM_CrawlLineStats)->Arg(bench_data::kCorpus)->Arg(bench_data::kGenerated);

// The normalized line hash alone, over every line.
void BM_LineFingerprint(benchmark::State& state) {
  const SitePages& pages = Pages(state.range(0));
  uint64_t x = 0;
  for (auto _ : state) {
    for (const std::string& text : pages.texts) {
      size_t pos = 0;
      while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        x ^= LineFingerprint(absl::string_view(text).substr(pos, end - pos));
        pos = end + 1;
      }
    }
    benchmark::DoNotOptimize(x);
  }
  Report(state, pages);
}
BENCHMARK(BM_LineFingerprint)->Arg(bench_data::kCorpus)->Arg(bench_data::kGenerated);

// For scale: what dedup does to each page after stripping (normalize,
// 5-shingles, 128-permutation MinHash). Stripping's cost is measured
// against this plus reading and JSON parsing.
void BM_DedupSignForScale(benchmark::State& state) {
  const SitePages& pages = Pages(state.range(0));
  const Normalizer& normalizer = Normalizer::Default();
  const MinHasher hasher = *MinHasher::Create({});
  std::vector<uint64_t> tokens, shingles;
  std::vector<uint32_t> signature(hasher.num_perms());
  for (auto _ : state) {
    for (const std::string& text : pages.texts) {
      tokens.clear();
      normalizer.TokenHashes(text, &tokens);
      ShingleHashes(tokens, kDefaultShingleSize, &shingles);
      hasher.Sign(shingles, absl::MakeSpan(signature));
    }
    benchmark::DoNotOptimize(signature.data());
  }
  Report(state, pages);
}
BENCHMARK(BM_DedupSignForScale)->Arg(bench_data::kCorpus)->Arg(bench_data::kGenerated);

}  // namespace
}  // namespace shabih

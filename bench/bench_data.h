// Shared inputs for the micro benchmarks: realistic Arabic page texts.
//
// Two text sets, selected by a benchmark's argument (kCorpus / kGenerated):
//  - kCorpus: real text. $SHABIH_BENCH_CORPUS (any input `shabih dedup`
//    reads: a JSONL file, a directory of .txt pages; e.g. SaudiNewsNet as
//    JSONL) when set, its first $SHABIH_BENCH_MAX_MB megabytes (default 16);
//    otherwise this repository's corpus/ (85 real SaudiNewsNet articles in
//    page templates, ~0.45 MB), found next to this header.
//  - kGenerated: 2,000 pages of the seeded synthetic crawl (shabih gen,
//    seed 1; ~8 MB): full pages with boilerplate, Zipf-like vocabulary.
// Both are built once per process and cached; benchmarks time only their
// own work on them.
#ifndef SHABIH_BENCH_BENCH_DATA_H_
#define SHABIH_BENCH_BENCH_DATA_H_

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "shabih/corpus.h"
#include "tooling/crawl_generator.h"
#include "shabih/normalize.h"
#include "shabih/shingle.h"

namespace shabih::bench_data {

enum TextSetId : int { kCorpus = 0, kGenerated = 1 };

struct TextSet {
  std::string name;
  std::vector<std::string> docs;
  uint64_t bytes = 0;
};

// n uniformly random 64-bit values (stand-ins for shingle hashes), seeded.
inline std::vector<uint64_t> RandomHashes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint64_t> v(n);
  for (uint64_t& x : v) x = rng();
  return v;
}

inline std::filesystem::path RepoCorpusDir() {
  return std::filesystem::path(__FILE__).parent_path().parent_path() / "corpus";
}

inline TextSet ReadTextSet(const std::string& input, uint64_t max_bytes) {
  TextSet set;
  set.name = input;
  auto reader = CorpusReader::Open({input}, ReadOptions());
  if (!reader.ok()) return set;
  Document doc;
  while (set.bytes < max_bytes && (*reader)->Next(&doc)) {
    set.bytes += doc.text.size();
    set.docs.push_back(std::move(doc.text));
  }
  return set;
}

inline TextSet GenerateTextSet(int64_t pages) {
  TextSet set;
  set.name = "generated";
  GeneratorOptions options;
  options.pages = pages;
  options.seed = 1;
  auto generator = CrawlGenerator::Create(options);
  if (!generator.ok()) return set;
  GeneratedPage page;
  while ((*generator)->Next(&page)) {
    set.bytes += page.text.size();
    set.docs.push_back(std::move(page.text));
  }
  return set;
}

inline const TextSet& CorpusTexts() {
  static const TextSet* set = [] {
    const char* env = std::getenv("SHABIH_BENCH_CORPUS");
    const char* max_mb = std::getenv("SHABIH_BENCH_MAX_MB");
    const uint64_t max_bytes = (max_mb != nullptr ? std::strtoull(max_mb, nullptr, 10) : 16) << 20;
    auto* s = new TextSet(ReadTextSet(env != nullptr && *env ? env : RepoCorpusDir().string(), max_bytes));
    if (s->docs.empty()) *s = GenerateTextSet(100);  // no corpus found: still measure something
    s->name = env != nullptr && *env ? "env-corpus" : "corpus";
    return s;
  }();
  return *set;
}

inline const TextSet& GeneratedTexts() {
  static const TextSet* set = new TextSet(GenerateTextSet(2000));
  return *set;
}

inline const TextSet& Texts(int64_t id) { return id == kGenerated ? GeneratedTexts() : CorpusTexts(); }

// Token hashes and k-shingle hashes of every document of a set.
struct Shingled {
  std::vector<std::vector<uint64_t>> tokens;
  std::vector<std::vector<uint64_t>> shingles;
  uint64_t total_tokens = 0;
  uint64_t total_shingles = 0;
};

inline Shingled ShingleTextSet(const TextSet& set, int k = kDefaultShingleSize) {
  Shingled out;
  const Normalizer& normalizer = Normalizer::Default();
  for (const std::string& doc : set.docs) {
    std::vector<uint64_t> tokens, shingles;
    normalizer.TokenHashes(doc, &tokens);
    ShingleHashes(tokens, k, &shingles);
    out.total_tokens += tokens.size();
    out.total_shingles += shingles.size();
    out.tokens.push_back(std::move(tokens));
    out.shingles.push_back(std::move(shingles));
  }
  return out;
}

inline const Shingled& ShingledTexts(int64_t id) {
  static const Shingled* corpus = new Shingled(ShingleTextSet(CorpusTexts()));
  static const Shingled* generated = new Shingled(ShingleTextSet(GeneratedTexts()));
  return id == kGenerated ? *generated : *corpus;
}

}  // namespace shabih::bench_data

#endif  // SHABIH_BENCH_BENCH_DATA_H_

#include "engine/internal/document_frequency.h"

#include <xxhash.h>

#include <algorithm>
#include <cmath>

namespace shabih {
namespace {

constexpr uint64_t kBlocks = uint64_t{1} << CommonShingles::kBlockBits;

inline uint8_t* Block(std::vector<uint8_t>& counters, uint64_t h) {
  return counters.data() + (h & CommonShingles::kBlockMask) * 64;
}

}  // namespace

uint64_t DocumentSampleHash(absl::string_view site, absl::string_view text) {
  // The site's hash as the seed: one pass over the text, and the same text
  // on two sites gets unrelated hashes.
  return XXH3_64bits_withSeed(text.data(), text.size(), XXH3_64bits(site.data(), site.size()));
}

uint64_t SampleThreshold(double sample_rate) {
  const double rate = std::clamp(sample_rate, 0.0, 1.0);
  return rate >= 1.0 ? UINT64_MAX : static_cast<uint64_t>(rate * 18446744073709551616.0);
}

DocumentSampler::DocumentSampler(const DocumentFrequencyOptions& options)
    : threshold_(SampleThreshold(options.sample_rate)), max_documents_(options.max_documents) {}

bool DocumentSampler::Take(uint64_t sample_hash) {
  if (taken_ >= max_documents_) return false;
  if (threshold_ != UINT64_MAX && sample_hash >= threshold_) return false;
  ++taken_;
  return true;
}

double CommonMinDocuments(const DedupOptions& o, uint64_t documents) {
  // A floor of 10: below it, a story re-posted a handful of times in a small
  // crawl would lose the text its copies share (docs/methods.md).
  constexpr double kFloor = 10;
  const double n = static_cast<double>(documents);
  double cutoff = o.common_min_documents;
  if (o.common_relative > 0) cutoff = std::min(cutoff, std::max(kFloor, o.common_relative * n));
  return std::max(cutoff, o.common_fraction * n);
}

void ShingleCells(absl::Span<const uint64_t> shingles, std::vector<uint64_t>* scratch, std::vector<uint32_t>* cells) {
  scratch->assign(shingles.begin(), shingles.end());
  std::sort(scratch->begin(), scratch->end());
  scratch->erase(std::unique(scratch->begin(), scratch->end()), scratch->end());
  cells->clear();
  cells->reserve(scratch->size());
  for (uint64_t s : *scratch) {
    cells->push_back(static_cast<uint32_t>((s & CommonShingles::kBlockMask) << 12 | CommonShingles::CellA(s) << 6 |
                                           CommonShingles::CellB(s)));
  }
  std::sort(cells->begin(), cells->end());
}

DocumentFrequencySketch::DocumentFrequencySketch() : counters_(kBlocks * 64, 0) {}

void DocumentFrequencySketch::AddDocument(absl::Span<const uint64_t> shingles) {
  ++sampled_documents_;
  scratch_.assign(shingles.begin(), shingles.end());
  std::sort(scratch_.begin(), scratch_.end());
  scratch_.erase(std::unique(scratch_.begin(), scratch_.end()), scratch_.end());
  for (uint64_t s : scratch_) {
    uint8_t* block = Block(counters_, s);
    uint8_t& a = block[CommonShingles::CellA(s)];
    uint8_t& b = block[CommonShingles::CellB(s)];
    a += a != 255;
    b += b != 255;
    max_count_ = std::max({max_count_, a, b});
  }
}

void DocumentFrequencySketch::AddCells(absl::Span<const uint32_t> cells) {
  ++sampled_documents_;
  for (uint32_t code : cells) {
    uint8_t* block = counters_.data() + static_cast<size_t>(code >> 12) * 64;
    uint8_t& a = block[(code >> 6) & 63];
    uint8_t& b = block[code & 63];
    a += a != 255;
    b += b != 255;
    max_count_ = std::max({max_count_, a, b});
  }
}

void DocumentFrequencySketch::Merge(const DocumentFrequencySketch& other) {
  sampled_documents_ += other.sampled_documents_;
  max_count_ = static_cast<uint8_t>(std::min(255, int{max_count_} + int{other.max_count_}));  // a bound
  uint8_t* a = counters_.data();
  const uint8_t* b = other.counters_.data();
  for (size_t i = 0; i < counters_.size(); ++i) a[i] = static_cast<uint8_t>(std::min(255, int{a[i]} + int{b[i]}));
}

double DocumentFrequencySketch::EstimateDocuments(uint64_t shingle, uint64_t total_documents) const {
  const uint8_t* block = counters_.data() + (shingle & CommonShingles::kBlockMask) * 64;
  const int count = std::min(block[CommonShingles::CellA(shingle)], block[CommonShingles::CellB(shingle)]);
  if (sampled_documents_ == 0) return 0;
  return count * static_cast<double>(total_documents) / static_cast<double>(sampled_documents_);
}

void CommonShingles::AddShingles(absl::Span<const uint64_t> shingles) {
  if (shingles.empty()) return;
  if (words_.empty()) words_.assign(kBlocks, 0);
  for (uint64_t s : shingles) {
    uint64_t& word = words_[s & kBlockMask];
    const uint64_t before = word;
    word |= (uint64_t{1} << CellA(s)) | (uint64_t{1} << CellB(s));
    common_cells_ += static_cast<uint64_t>(__builtin_popcountll(word ^ before));
  }
}

CommonShingles DocumentFrequencySketch::Common(double min_documents, uint64_t total_documents) const {
  CommonShingles common;
  if (sampled_documents_ == 0 || total_documents == 0) return common;
  const double rate = static_cast<double>(sampled_documents_) / static_cast<double>(total_documents);
  // In sampled units, at least 2: one sampled occurrence says nothing.
  // Compared as a double first: a huge --common-df must not overflow.
  const double scaled = std::ceil(min_documents * rate);
  if (!(scaled <= 255.0)) return common;  // saturated counters cannot tell (or NaN)
  const int threshold = std::max(2, static_cast<int>(scaled));
  // No counter reaches the threshold (a small crawl, or a high one): skip
  // the 2 MiB set and the pass over 16 MiB of counters.
  if (threshold > max_count_) return common;
  common.words_.assign(kBlocks, 0);
  for (uint64_t block = 0; block < kBlocks; ++block) {
    const uint8_t* c = counters_.data() + block * 64;
    uint64_t word = 0;
    for (int i = 0; i < 64; ++i) word |= static_cast<uint64_t>(c[i] >= threshold) << i;
    common.words_[block] = word;
    common.common_cells_ += static_cast<uint64_t>(__builtin_popcountll(word));
  }
  return common;
}

}  // namespace shabih

#include "shabih/document_frequency.h"

#include <algorithm>
#include <cmath>

namespace shabih {
namespace {

// SplitMix64 finalizer: spreads input ordinals uniformly over 64 bits.
uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

constexpr uint64_t kMask = (uint64_t{1} << 24) - 1;
inline uint64_t Cell(uint64_t shingle, int row) { return row == 0 ? shingle & kMask : (shingle >> 32) & kMask; }

}  // namespace

DocumentFrequencySketch::DocumentFrequencySketch(const DocumentFrequencyOptions& options) : options_(options) {
  const double rate = std::clamp(options.sample_rate, 0.0, 1.0);
  sample_threshold_ = rate >= 1.0 ? UINT64_MAX : static_cast<uint64_t>(rate * 18446744073709551616.0);
  counters_[0].assign(kWidth, 0);
  counters_[1].assign(kWidth, 0);
}

bool DocumentFrequencySketch::Samples(uint64_t ordinal) const {
  return sample_threshold_ == UINT64_MAX || Mix(ordinal) < sample_threshold_;
}

void DocumentFrequencySketch::AddDocument(absl::Span<const uint64_t> shingles) {
  ++sampled_documents_;
  scratch_.assign(shingles.begin(), shingles.end());
  std::sort(scratch_.begin(), scratch_.end());
  scratch_.erase(std::unique(scratch_.begin(), scratch_.end()), scratch_.end());
  for (uint64_t s : scratch_) {
    for (int row = 0; row < 2; ++row) {
      uint8_t& c = counters_[row][Cell(s, row)];
      if (c != 255) ++c;
    }
  }
}

void DocumentFrequencySketch::Merge(const DocumentFrequencySketch& other) {
  sampled_documents_ += other.sampled_documents_;
  for (int row = 0; row < 2; ++row) {
    uint8_t* a = counters_[row].data();
    const uint8_t* b = other.counters_[row].data();
    for (uint64_t i = 0; i < kWidth; ++i) a[i] = static_cast<uint8_t>(std::min(255, int{a[i]} + int{b[i]}));
  }
}

double DocumentFrequencySketch::EstimateDocuments(uint64_t shingle) const {
  const int count = std::min(counters_[0][Cell(shingle, 0)], counters_[1][Cell(shingle, 1)]);
  const double rate = sample_threshold_ == UINT64_MAX ? 1.0 : options_.sample_rate;
  return count / rate;
}

CommonShingles DocumentFrequencySketch::Common(double min_documents) const {
  const double rate = sample_threshold_ == UINT64_MAX ? 1.0 : options_.sample_rate;
  // In sampled units, at least 2: one sampled occurrence says nothing.
  const int threshold = std::max(2, static_cast<int>(std::ceil(min_documents * rate)));
  CommonShingles common;
  if (threshold > 255) return common;  // saturated counters cannot tell
  common.rows_.assign(2, std::vector<uint64_t>(kWidth / 64, 0));
  for (int row = 0; row < 2; ++row) {
    const uint8_t* c = counters_[row].data();
    uint64_t* bits = common.rows_[row].data();
    for (uint64_t i = 0; i < kWidth; ++i) {
      if (c[i] >= threshold) {
        bits[i >> 6] |= uint64_t{1} << (i & 63);
        if (row == 0) ++common.common_cells_;
      }
    }
  }
  return common;
}

}  // namespace shabih

#include "engine/internal/evidence.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <mutex>

namespace shabih::internal {
namespace {

constexpr int kCounterBits = 20;
constexpr uint64_t kCounterMask = (uint64_t{1} << kCounterBits) - 1;

// Two cells per word from disjoint bits of its (already uniform) XXH3 hash.
inline uint32_t CellA(uint64_t h) { return static_cast<uint32_t>(h & kCounterMask); }
inline uint32_t CellB(uint64_t h) { return static_cast<uint32_t>((h >> kCounterBits) & kCounterMask); }
// The sketch's 32-bit value of a word: other bits again, so that the
// bottom-k order is independent of the counter cells.
inline uint32_t SketchValue(uint64_t h) { return static_cast<uint32_t>(h >> 32); }

inline void Bump(uint16_t& c) {
  if (c != std::numeric_limits<uint16_t>::max()) ++c;
}

}  // namespace

WordFrequency::WordFrequency() : counters_(size_t{1} << kCounterBits, 0), stamps_(size_t{1} << kCounterBits, 0) {}

void WordFrequency::AddDocument(absl::Span<const uint64_t> tokens) {
  const uint32_t stamp = static_cast<uint32_t>(sampled_documents_ + 1);
  auto bump_once = [&](uint32_t cell) {
    if (stamps_[cell] == stamp) return;
    stamps_[cell] = stamp;
    Bump(counters_[cell]);
  };
  for (uint64_t t : tokens) {
    bump_once(CellA(t));
    bump_once(CellB(t));
  }
  ++sampled_documents_;
}

void WordFrequency::Merge(const WordFrequency& other) {
  for (size_t i = 0; i < counters_.size(); ++i) {
    const uint32_t sum = uint32_t{counters_[i]} + other.counters_[i];
    counters_[i] = static_cast<uint16_t>(std::min<uint32_t>(sum, std::numeric_limits<uint16_t>::max()));
  }
  sampled_documents_ += other.sampled_documents_;
}

double WordFrequency::EstimateDocuments(uint64_t token, uint64_t total_documents) const {
  if (sampled_documents_ == 0) return 0;
  const uint16_t count = std::min(counters_[CellA(token)], counters_[CellB(token)]);
  return static_cast<double>(count) * static_cast<double>(total_documents) / static_cast<double>(sampled_documents_);
}

double RareMaxDocuments(const DedupOptions& o, uint64_t documents) {
  return std::max(o.evidence_rare_min_documents, o.evidence_rare_fraction * static_cast<double>(documents));
}

RareWords::RareWords(const WordFrequency& words, uint64_t total_documents, double max_documents) {
  if (words.sampled_documents_ == 0 || total_documents == 0) return;
  // count x total / sampled < max  <=>  count < max x sampled / total.
  const double cut = max_documents * static_cast<double>(words.sampled_documents_) /
                     static_cast<double>(total_documents);
  frequent_.assign(words.counters_.size() / 64, 0);
  for (size_t i = 0; i < words.counters_.size(); ++i) {
    if (words.counters_[i] >= cut) frequent_[i / 64] |= uint64_t{1} << (i % 64);
  }
}

bool RareWords::IsRare(uint64_t token) const {
  if (frequent_.empty()) return true;
  const uint32_t a = CellA(token), b = CellB(token);
  return ((frequent_[a / 64] >> (a % 64)) & (frequent_[b / 64] >> (b % 64)) & 1) == 0;
}

void MakeRareWordSketch(absl::Span<const uint64_t> tokens, const RareWords& rare, RareWordSketch* out) {
  // Filter first, then sort the few rare words (not the whole text). A
  // word the sample never saw is the rarest of all.
  out->values.clear();
  for (uint64_t t : tokens) {
    if (rare.IsRare(t)) out->values.push_back(SketchValue(t));
  }
  std::sort(out->values.begin(), out->values.end());
  out->values.erase(std::unique(out->values.begin(), out->values.end()), out->values.end());
  out->count = static_cast<uint32_t>(out->values.size());
  if (out->values.size() > static_cast<size_t>(kRareWordSample)) out->values.resize(kRareWordSample);
}

double RareContainment(absl::Span<const uint32_t> a, uint32_t count_a, absl::Span<const uint32_t> b,
                       uint32_t count_b) {
  if (count_a == 0 || count_b == 0 || a.empty() || b.empty()) return 0;
  if (count_b < count_a) {
    std::swap(a, b);
    std::swap(count_a, count_b);
  }
  // Values up to `limit` are complete in both sketches: a sketch that holds
  // its whole set is complete everywhere, a truncated one up to its largest.
  uint32_t limit = std::numeric_limits<uint32_t>::max();
  if (count_a > a.size()) limit = std::min(limit, a.back());
  if (count_b > b.size()) limit = std::min(limit, b.back());
  uint32_t sampled = 0, shared = 0;
  size_t j = 0;
  for (uint32_t v : a) {
    if (v > limit) break;
    ++sampled;
    while (j < b.size() && b[j] < v) ++j;
    if (j < b.size() && b[j] == v) ++shared;
  }
  return sampled == 0 ? 0.0 : static_cast<double>(shared) / sampled;
}

bool EvidenceJoins(const DedupOptions& o, double jaccard, double rare_containment) {
  if (jaccard >= o.threshold) return true;
  return jaccard >= o.evidence_min_jaccard && rare_containment >= o.evidence_rare_containment;
}

LshParams EvidenceLshParams(const DedupOptions& o) {
  if (o.evidence_bands > 0 && o.evidence_rows > 0) return {o.evidence_bands, o.evidence_rows};
  // The search integrates every bands x rows at a low threshold (~70M
  // instructions), and options are resolved more than once per run: the
  // last answer is kept.
  struct Memo {
    double min_jaccard = -1, weight = -1;
    int perms = -1;
    LshParams params;
  };
  static std::mutex mutex;
  static Memo memo;  // guarded by mutex
  const std::lock_guard<std::mutex> lock(mutex);
  if (memo.min_jaccard != o.evidence_min_jaccard || memo.perms != o.minhash.num_perms ||
      memo.weight != o.lsh_recall_weight) {
    memo.params = OptimalLshParams(o.evidence_min_jaccard, o.minhash.num_perms, 1.0 - o.lsh_recall_weight,
                                   o.lsh_recall_weight);
    memo.min_jaccard = o.evidence_min_jaccard;
    memo.perms = o.minhash.num_perms;
    memo.weight = o.lsh_recall_weight;
  }
  return memo.params;
}

}  // namespace shabih::internal

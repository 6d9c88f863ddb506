// Small pieces the cluster and line scorers share: dense ids for strings and
// the ratios behind precision, recall and F1.
//
//   shabih::eval::Interner clusters;
//   const uint32_t a = clusters.Intern("s0000001");   // 0
//   const uint32_t b = clusters.Intern("s0000002");   // 1
//   double p = shabih::eval::Ratio(3, 4, /*if_empty=*/1.0);   // 0.75
//
// Thread safety: an Interner is used by one thread at a time; the functions
// are pure.
#ifndef SHABIH_TOOLING_EVAL_UTIL_H_
#define SHABIH_TOOLING_EVAL_UTIL_H_

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace shabih::eval {

// "No id": a document missing from one side, a line without a kind.
inline constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// Pairs among n items.
inline int64_t Choose2(int64_t n) { return n * (n - 1) / 2; }

inline double Ratio(int64_t num, int64_t den, double if_empty) {
  return den == 0 ? if_empty : static_cast<double>(num) / static_cast<double>(den);
}

inline double F1(double p, double r) { return p + r == 0 ? 0.0 : 2 * p * r / (p + r); }

// Strings to dense ids, in first-seen order.
class Interner {
 public:
  uint32_t Intern(absl::string_view s) {
    auto [it, inserted] = index_.try_emplace(s, static_cast<uint32_t>(names_.size()));
    if (inserted) names_.emplace_back(s);
    return it->second;
  }
  // A new id named `s` even when `s` was seen: for names that are labels,
  // not keys (every gold "singleton" is a cluster of its own). Find and
  // Intern never return it.
  uint32_t AddUnique(absl::string_view s) {
    names_.emplace_back(s);
    return static_cast<uint32_t>(names_.size() - 1);
  }
  // kNone when `s` was never interned.
  uint32_t Find(absl::string_view s) const {
    auto it = index_.find(s);
    return it == index_.end() ? kNone : it->second;
  }
  const std::string& Name(uint32_t id) const { return names_[id]; }
  size_t size() const { return names_.size(); }

 private:
  absl::flat_hash_map<std::string, uint32_t> index_;
  std::vector<std::string> names_;
};

}  // namespace shabih::eval

#endif  // SHABIH_TOOLING_EVAL_UTIL_H_

// The generator's randomness: splitmix64 streams seeded from (seed, what,
// which), so that any story or page can be regenerated alone.
//
//   const uint64_t seed = 1, story_id = 42;
//   shabih::gen::Rng r(shabih::gen::Hash3(seed, story_id, shabih::gen::kStreamBody));
//   const int paragraphs = r.Range(3, 8);   // same value on every machine
//
// Determinism rests on three rules: every random decision comes from Rng (no
// std:: distributions, whose results differ between standard libraries), no
// floating point, and every stream is seeded from (seed, what, which).
//
// Thread safety: an Rng is a value; use one per thread.
#ifndef SHABIH_TOOLING_CRAWL_GENERATOR_RANDOM_H_
#define SHABIH_TOOLING_CRAWL_GENERATOR_RANDOM_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace shabih::gen {

// absl::string_view is its own type in this Abseil build (not
// std::string_view), so std::string::append does not take it.
inline void AppendView(absl::string_view s, std::string* out) { out->append(s.data(), s.size()); }

inline uint64_t SplitMix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

inline uint64_t Hash3(uint64_t a, uint64_t b, uint64_t c) {
  return SplitMix(SplitMix(SplitMix(a) ^ b) ^ (c * 0xD1B54A32D192ED03ull));
}

// Stream tags: one per kind of decision, so that adding a decision to one
// stream never shifts another.
enum Stream : uint64_t {
  kStreamHeadline = 1,
  kStreamBody = 2,
  kStreamFill = 3,
  kStreamEvent = 4,
  kStreamPage = 5,
  kStreamCopy = 6,
  kStreamSite = 7,
  kStreamBlock = 8,
  kStreamAltHeadline = 9,
};

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    state_ += 0x9E3779B97F4A7C15ull;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) by multiply-shift; n > 0.
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  int Range(int lo, int hi) { return lo + static_cast<int>(Below(hi - lo + 1)); }
  bool Chance(int per_mille) { return per_mille > 0 && Below(1000) < static_cast<uint64_t>(per_mille); }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }

 private:
  uint64_t state_;
};

}  // namespace shabih::gen

#endif  // SHABIH_TOOLING_CRAWL_GENERATOR_RANDOM_H_

// b-bit MinHash signatures: the index's compact option (--signature-bits).
//
//   std::vector<uint8_t> bytes(internal::SignatureBytes(128, 16));
//   internal::PackSignature(signature, 16, bytes.data());      // the low 16 bits of each value
//   internal::UnpackSignature(bytes.data(), 16, absl::MakeSpan(back));
//   double j = internal::BBitJaccard(EstimateJaccard(back_a, back_b), 16);
//
// Why (Li and König, "b-Bit Minwise Hashing", WWW 2010): keeping b bits of
// each MinHash value cuts the signature, the biggest part of an index
// document (512 of 995 bytes at 128 permutations), by 32/b, and the
// estimator stays unbiased once the chance 2^-b that two unrelated values
// agree in their low bits is taken out:
//   J = (matched - 2^-b) / (1 - 2^-b).
// Its variance grows by about 1 / (1 - 2^-b)^2 from the same matches plus
// the random agreements: negligible at b = 16, visible at b = 8 (measured
// in docs/index.md). Band keys are computed from the full values at signing
// time, so candidate search is unchanged; only verification reads b bits.
//
// Unpacking is injective on the stored bits (the all-ones value, which is
// also what an empty document's kEmptySlot keeps, reads back as kEmptySlot),
// so equal stored values read back equal and unequal ones unequal.
//
// Thread safety: pure functions.
#ifndef SHABIH_ENGINE_INTERNAL_BBIT_SIGNATURE_H_
#define SHABIH_ENGINE_INTERNAL_BBIT_SIGNATURE_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "absl/types/span.h"

namespace shabih::internal {

inline constexpr int kMaxPerms = 4096;  // ResolveDedupOptions' bound on num_perms

// 32 (full values, the default), 16 or 8.
inline bool ValidSignatureBits(int bits) { return bits == 32 || bits == 16 || bits == 8; }
inline size_t SignatureBytes(int perms, int bits) { return static_cast<size_t>(perms) * bits / 8; }

inline void PackSignature(absl::Span<const uint32_t> signature, int bits, uint8_t* out) {
  if (bits == 32) {
    std::memcpy(out, signature.data(), signature.size() * 4);
  } else if (bits == 16) {
    for (size_t i = 0; i < signature.size(); ++i) {
      const uint16_t v = static_cast<uint16_t>(signature[i]);
      std::memcpy(out + 2 * i, &v, 2);
    }
  } else {
    for (size_t i = 0; i < signature.size(); ++i) out[i] = static_cast<uint8_t>(signature[i]);
  }
}

inline void UnpackSignature(const uint8_t* in, int bits, absl::Span<uint32_t> out) {
  if (bits == 32) {
    std::memcpy(out.data(), in, out.size() * 4);
    return;
  }
  const uint32_t ones = bits == 16 ? 0xFFFFu : 0xFFu;
  for (size_t i = 0; i < out.size(); ++i) {
    uint32_t v;
    if (bits == 16) {
      uint16_t h;
      std::memcpy(&h, in + 2 * i, 2);
      v = h;
    } else {
      v = in[i];
    }
    out[i] = v == ones ? 0xFFFFFFFFu : v;
  }
}

// The Jaccard estimate from the fraction of equal b-bit values.
inline double BBitJaccard(double matched, int bits) {
  if (bits >= 32) return matched;
  const double chance = 1.0 / static_cast<double>(uint64_t{1} << bits);
  return std::clamp((matched - chance) / (1.0 - chance), 0.0, 1.0);
}

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_BBIT_SIGNATURE_H_

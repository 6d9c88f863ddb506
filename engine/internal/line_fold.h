// The fold behind LineFingerprint (shabih/boilerplate.h): what each code
// point of a line becomes in the bytes a line fingerprint hashes.
//
//   internal::LineFolder folder;
//   for (int32_t cp : code_points_of_line) folder.Put(cp);   // <= kChunk per
//   folder.MaybeFlush();                                      // MaybeFlush
//   uint64_t fingerprint = folder.Finish();
//
// The folder is a header so that the classifier's line scan
// (engine/line_shape.cc) can fold a short line in the same pass that reads
// its shape, with Put inlined into that loop; LineFingerprint
// (engine/line_fingerprint.cc) drives the same folder, so both give the same
// value by construction.
//
// Arabic letters fold exactly as the normalizer folds them for tokens: the
// Arabic block's table is derived from the normalizer's (one table, pinned
// by kNormalizationVersion). They once differed (U+0672 / U+0673, alef with
// wavy hamza, folded to alef for tokens and not for lines); unifying changed
// no output on SaudiNewsNet or the corpus (docs/boilerplate.md).
//
// Thread safety: the tables are constants; a LineFolder is one line's state.
#ifndef SHABIH_ENGINE_INTERNAL_LINE_FOLD_H_
#define SHABIH_ENGINE_INTERNAL_LINE_FOLD_H_

#include <xxhash.h>

#include "engine/internal/utf8.h"

#include <cstddef>
#include <cstdint>

// The tables are hidden: the library is compiled as position-independent
// code, where a default-visibility global is reached through the GOT, and
// the fold reads them once per code point.
#if defined(__GNUC__)
#define SHABIH_LINE_FOLD_HIDDEN __attribute__((visibility("hidden")))
#else
#define SHABIH_LINE_FOLD_HIDDEN
#endif

namespace shabih::internal {

// What each ASCII byte becomes in a fingerprint: 0 vanishes (spaces,
// punctuation, controls), '0' for a digit, the lower-case letter otherwise.
struct AsciiLineFold {
  uint8_t to[128];
  constexpr AsciiLineFold() : to() {
    for (int c = 0; c < 128; ++c) {
      if (c >= '0' && c <= '9')
        to[c] = '0';
      else if (c >= 'a' && c <= 'z')
        to[c] = static_cast<uint8_t>(c);
      else if (c >= 'A' && c <= 'Z')
        to[c] = static_cast<uint8_t>(c | 0x20);
      else
        to[c] = 0;
    }
  }
};
SHABIH_LINE_FOLD_HIDDEN inline constexpr AsciiLineFold kAsciiLineFold;

// U+0600..U+06FF as the line fold sees them: 0 (vanishes without ending a
// number: harakat, Quranic marks, tatweel, Arabic punctuation), '0' (a
// digit, Arabic-Indic or Persian) or the folded code point. Built once from
// the normalizer's table (FoldForMatching, engine/internal/arabic_fold.h),
// so lines and tokens fold every Arabic letter alike: one table, one
// version (kNormalizationVersion).
struct ArabicLineFold {
  int32_t to[256];
  ArabicLineFold();
};
// Filled during static initialization, before any line is folded.
SHABIH_LINE_FOLD_HIDDEN extern const ArabicLineFold kArabicLineFold;

// Folds code points into the bytes a line fingerprint hashes and hashes
// them in chunks: digits (any script) collapse to one '0' per run, ASCII
// letters are lower-cased, spaces and punctuation vanish, Arabic letters
// fold as above; everything else is kept as UTF-8.
class LineFolder {
 public:
  // Feeds one code point (negative: an invalid byte, ignored).
  void Put(int32_t cp) {
    if (cp < 0x80) {
      if (cp < 0) return;
      const uint8_t fold = kAsciiLineFold.to[cp];
      if (fold == 0) {
        in_digits_ = false;
      } else if (fold != '0') {
        in_digits_ = false;
        buffer_[used_++] = fold;
      } else if (!in_digits_) {  // one '0' per run of digits
        in_digits_ = true;
        buffer_[used_++] = '0';
      }
      return;
    }
    int32_t c = cp;
    if (cp >= 0x0600 && cp <= 0x06FF) {
      c = kArabicLineFold.to[cp - 0x0600];
      if (c == 0) return;  // marks and tatweel vanish without splitting a number
    } else if ((cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
               cp == 0xFEFF || (cp >= 0x3000 && cp <= 0x303F)) {
      // Latin-1 punctuation, general punctuation, arrows, shapes.
      in_digits_ = false;
      return;
    }
    if (c == '0') {
      if (!in_digits_) buffer_[used_++] = '0';
      in_digits_ = true;
      return;
    }
    in_digits_ = false;
    PutUtf8(c);
  }
  // Call after at most kChunk code points since the last call: hashes the
  // buffer once it is well filled, so Put never needs a bounds check.
  void MaybeFlush() {
    if (used_ < kFlushAt) return;
    seed_ = XXH3_64bits_withSeed(buffer_, used_, seed_);
    hashed_ = true;
    used_ = 0;
  }
  // The fingerprint: 0 when nothing was kept (no letter or digit), never 0
  // otherwise.
  uint64_t Finish() {
    if (used_ == 0 && !hashed_) return 0;
    if (used_ > 0) seed_ = XXH3_64bits_withSeed(buffer_, used_, seed_);
    return seed_ == 0 ? 1 : seed_;
  }

  static constexpr size_t kChunk = 256;

 private:
  void PutUtf8(int32_t c) {
    used_ += EncodeUtf8(static_cast<char32_t>(c), reinterpret_cast<char*>(buffer_ + used_));
  }

  static constexpr size_t kFlushAt = 768;
  uint8_t buffer_[kFlushAt + 4 * kChunk + 8];
  size_t used_ = 0;
  uint64_t seed_ = 0;
  bool hashed_ = false;
  bool in_digits_ = false;
};

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_LINE_FOLD_H_

// The tokenizer's building blocks, shared by the scalar reference tokenizer
// (engine/normalize.cc) and the SIMD one (engine/tokenize_simd.cc), so that
// both apply the same rules byte for byte:
//
//   TokenBuilder<Sink> b(PrefixFolding::kLight, sink);   // sink(absl::string_view)
//   const uint8_t* p = begin;
//   while (p < end) p = StepCodePoint(table, p, end, b);   // one code point per step
//   b.Flush();
//
// Header-only and always inlined: the SIMD code's per-target loop is
// compiled with target attributes, and GCC inlines a function without them
// into it only when forced.
//
// Thread safety: a TokenBuilder is per call; the table is immutable.
#ifndef SHABIH_ENGINE_INTERNAL_TOKEN_BUILDER_H_
#define SHABIH_ENGINE_INTERNAL_TOKEN_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "absl/base/attributes.h"
#include "absl/strings/string_view.h"
#include "engine/internal/arabic_fold.h"
#include "engine/internal/utf8_decode.h"
#include "shabih/normalize.h"

namespace shabih::internal {

// Tokens longer than this are cut into pieces: a 100 MB run of letters
// without spaces must not grow a buffer without bound.
inline constexpr size_t kMaxTokenBytes = 256;
// A kWord character is appended without a cut while the token holds at most
// this many bytes (the 6-byte entry copy must fit in kMaxTokenBytes).
inline constexpr size_t kMaxLengthBeforeWord = kMaxTokenBytes - kMaxWordFoldBytes;

// Applies PrefixFolding::kLight to a normalized token; returns the kept part
// (possibly empty: the token is dropped). Letters are compared as their
// two UTF-8 bytes: this runs once per token on the hot path.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline absl::string_view FoldPrefixes(absl::string_view token) {
  auto letter = [&token](size_t i) -> uint16_t {
    return static_cast<uint16_t>(static_cast<unsigned char>(token[2 * i]) << 8 |
                                 static_cast<unsigned char>(token[2 * i + 1]));
  };
  constexpr uint16_t kWaw = 0xD988, kAlef = 0xD8A7, kLam = 0xD984, kBa = 0xD8A8, kFa = 0xD981, kKaf = 0xD983;
  const size_t n = token.size();
  if (n < 2) return token;
  const uint16_t first = letter(0);
  if (n == 2) return first == kWaw ? absl::string_view() : token;  // stand-alone conjunction
  if (n < 8) return token;  // under 4 letters nothing is removed
  // Which prefix is cut is data (about a third of tokens lose "ال"), so it is
  // chosen without branches: in the order conjunction+article, article,
  // conjunction.
  const uint16_t second = letter(1), third = letter(2);
  const bool conjunction_article = (n >= 10) & (second == kAlef) & (third == kLam) &
                                   ((first == kWaw) | (first == kBa) | (first == kFa) | (first == kKaf));
  const bool article = ((first == kAlef) & (second == kLam)) | ((first == kLam) & (second == kLam));
  const size_t cut = conjunction_article ? 6 : article ? 4 : first == kWaw ? 2 : 0;
  return absl::string_view(token.data() + cut, n - cut);
}

// The token being assembled, and where finished tokens go.
template <typename Sink>
class TokenBuilder {
 public:
  TokenBuilder(PrefixFolding folding, Sink& sink) : folding_(folding), sink_(sink) {}

  bool empty() const { return length_ == 0; }

  // Ends the current token (if any) and hands it, clitic-folded, to the sink.
  ABSL_ATTRIBUTE_ALWAYS_INLINE void Flush() {
    if (length_ == 0) return;
    const size_t n = length_;
    length_ = 0;
    Emit(absl::string_view(token_, n));
  }

  // A complete token straight from the caller's bytes (no copy): only when
  // empty(), for a run of characters that fold to themselves.
  ABSL_ATTRIBUTE_ALWAYS_INLINE void Emit(absl::string_view t) {
    if (folding_ == PrefixFolding::kLight) t = FoldPrefixes(t);
    if (!t.empty()) sink_(t);
  }

  // Bytes of a long form or a supplementary-plane character.
  ABSL_ATTRIBUTE_ALWAYS_INLINE void Append(const char* bytes, size_t n) {
    if (length_ + n > kMaxTokenBytes) Flush();
    std::memcpy(token_ + length_, bytes, n);
    length_ += n;
  }

  // One kWord character (its table entry).
  ABSL_ATTRIBUTE_ALWAYS_INLINE void AppendWord(const FoldEntry& e) {
    if (length_ > kMaxLengthBeforeWord) Flush();
    std::memcpy(token_ + length_, e.bytes, sizeof(e.bytes));
    length_ += e.length;
  }

  // Whether n bytes of whole kWord characters that fold to themselves can be
  // appended at once with the cut AppendWord would make per character: none
  // is made while every character starts at length <= kMaxLengthBeforeWord.
  ABSL_ATTRIBUTE_ALWAYS_INLINE bool CanAppendPlain(size_t n) const { return length_ + n <= kMaxLengthBeforeWord + 1; }
  ABSL_ATTRIBUTE_ALWAYS_INLINE void AppendPlain(const char* bytes, size_t n) {
    std::memcpy(token_ + length_, bytes, n);
    length_ += n;
  }

 private:
  const PrefixFolding folding_;
  Sink& sink_;
  size_t length_ = 0;
  // Slack so that 6-byte entry copies never need a bounds check.
  char token_[kMaxTokenBytes + 64];
};

// Consumes the code point at p (p < end) into b; returns where the next one
// starts. This is the whole of the normalizer's per-character rule.
template <typename Builder>
ABSL_ATTRIBUTE_ALWAYS_INLINE inline const uint8_t* StepCodePoint(const FoldTable& table, const uint8_t* p, const uint8_t* end, Builder& b) {
  int32_t cp;
  if (*p < 0x80) {
    cp = *p++;
  } else {
    int n;
    cp = DecodeUtf8(p, end, &n);
    p += n;
    if (cp < 0) {  // invalid byte: a separator, never a crash
      b.Flush();
      return p;
    }
    if (cp >= 0x10000) {  // supplementary planes: kept verbatim as word chars
      b.Append(reinterpret_cast<const char*>(p - n), n);
      return p;
    }
  }
  const FoldEntry& e = table.entries[cp];
  switch (e.kind) {
    case FoldKind::kWord:
      b.AppendWord(e);
      break;
    case FoldKind::kSeparator:
      b.Flush();
      break;
    case FoldKind::kDrop:
      break;
    case FoldKind::kLong: {
      const absl::string_view form = table.LongForm(e);
      size_t start = 0;
      while (start <= form.size()) {
        size_t space = form.find(' ', start);
        if (space == absl::string_view::npos) space = form.size();
        if (space > start) b.Append(form.data() + start, space - start);
        if (space < form.size()) b.Flush();
        start = space + 1;
      }
      break;
    }
  }
  return p;
}

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_TOKEN_BUILDER_H_

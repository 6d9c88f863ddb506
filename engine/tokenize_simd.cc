// The SIMD tokenizer (engine/internal/tokenize.h), compiled once per
// instruction set by Highway's foreach_target and dispatched at run time from
// the one exported entry point, Tokenize().
//
// Per 64-byte block, vector compares and two-nibble shuffles give three bit
// masks: plain bytes (characters that fold to themselves), ASCII separators,
// and the lead bytes of plain Arabic letters. The scalar loop then walks the
// block with bit scans: a plain run bounded by separators is emitted straight
// from the input, other plain runs are copied whole, separator runs end the
// token, and everything else takes the reference's per-code-point step.

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "engine/tokenize_simd.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

// XXH3 compiled into this file: tokens are short (10 bytes on average), so
// a call costs as much as the hash. Same source and version as the
// library's, so the same values (the differential tests compare them).
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cstring>

#include "absl/base/attributes.h"
#include "engine/internal/token_builder.h"
#include "engine/internal/tokenize.h"
#include "hwy/highway.h"

// The sinks, called once per token, defined once (outside the per-target
// region, so without target attributes) and forced inline: GCC inlines a
// function into target code only when forced, and a forced target-attributed
// sink could not be inlined into the (attribute-free) TokenBuilder.
#ifndef SHABIH_TOKENIZE_SIMD_SINKS_
#define SHABIH_TOKENIZE_SIMD_SINKS_
namespace shabih::internal {

// XXH3_64bits, with its <= 16-byte case (most tokens) forced inline: its
// public entry point is not. This is the branch XXH3_64bits itself takes
// (same secret, seed 0).
ABSL_ATTRIBUTE_ALWAYS_INLINE inline uint64_t HashToken(absl::string_view token) {
  if (token.size() <= 16) {
    return XXH3_len_0to16_64b(reinterpret_cast<const xxh_u8*>(token.data()), token.size(), XXH3_kSecret, 0);
  }
  return XXH3_64bits(token.data(), token.size());
}

struct HashSink {
  std::vector<uint64_t>* hashes;
  ABSL_ATTRIBUTE_ALWAYS_INLINE void operator()(absl::string_view token) const {
    hashes->push_back(HashToken(token));
  }
};
struct TokensSink {
  std::vector<std::string>* tokens;
  void operator()(absl::string_view token) const { tokens->emplace_back(token); }
};
struct JoinSink {
  std::string* joined;
  size_t start;
  void operator()(absl::string_view token) const {
    if (joined->size() > start) joined->push_back(' ');
    joined->append(token.data(), token.size());
  }
};

}  // namespace shabih::internal
#endif  // SHABIH_TOKENIZE_SIMD_SINKS_

HWY_BEFORE_NAMESPACE();
namespace shabih::internal {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

constexpr size_t kBlock = 64;

struct BlockMasks {
  uint64_t plain;      // byte i belongs to a character that folds to itself (once rewritten)
  uint64_t separator;  // byte i belongs to a separator (ASCII or Arabic)
  uint64_t lead;       // byte i is the lead byte of an Arabic character in plain or separator
  uint64_t fold;       // byte i is the lead byte of an Arabic letter to rewrite
};

// Bit i of the result is lane i of m (lanes <= 64).
template <class D, class M>
HWY_INLINE uint64_t MaskToBits(D d, M m) {
  uint8_t bytes[8] = {};
  hn::StoreMaskBits(d, m, bytes);
  uint64_t bits;
  std::memcpy(&bits, bytes, sizeof(bits));
  return bits;
}

// The block's masks from the per-byte ones (leads of two-byte characters
// mark their continuation byte too).
HWY_INLINE BlockMasks Combine(uint64_t ascii_plain, uint64_t ascii_separator, uint64_t letter, uint64_t fold,
                              uint64_t arabic_separator) {
  const uint64_t word = letter | fold;
  BlockMasks m;
  m.plain = ascii_plain | word | (word << 1);
  m.separator = ascii_separator | arabic_separator | (arabic_separator << 1);
  m.lead = word | arabic_separator;
  m.fold = fold;
  return m;
}

// Classifies p[0..64); reads p[64] too (the continuation byte of a letter
// whose lead is p[63]).
#if HWY_TARGET == HWY_SCALAR
// Highway's one-lane fallback has no byte shuffle across a 16-byte table:
// the same lookups, a byte at a time.
HWY_INLINE BlockMasks Classify(const uint8_t* p, const TokenizerTables& t) {
  uint64_t plain = 0, separator = 0, letter = 0, fold = 0, arabic_separator = 0;
  for (size_t i = 0; i < kBlock; ++i) {
    const uint8_t v = p[i], next = p[i + 1];
    const uint64_t bit = uint64_t{1} << i;
    if (v < 0x80) {
      if (t.ascii_plain[v & 0xF] & (1u << (v >> 4))) plain |= bit;
      if (t.ascii_separator[v & 0xF] & (1u << (v >> 4))) separator |= bit;
    } else if ((v & 0xFC) == 0xD8 && (next & 0xC0) == 0x80) {
      const unsigned offset = (v & 3u) << 6 | (next & 0x3Fu);
      const unsigned mask = 1u << (offset & 7);
      if (t.arabic_plain[offset >> 3] & mask) letter |= bit;
      if (t.arabic_fold[offset >> 3] & mask) fold |= bit;
      if (t.arabic_separator[offset >> 3] & mask) arabic_separator |= bit;
    }
  }
  return Combine(plain, separator, letter, fold, arabic_separator);
}
#else
HWY_INLINE BlockMasks Classify(const uint8_t* p, const TokenizerTables& t) {
  const hn::CappedTag<uint8_t, kBlock> d;
  const size_t lanes = hn::Lanes(d);
  alignas(16) static constexpr uint8_t kBitOf[16] = {1, 2, 4, 8, 16, 32, 64, 128, 0, 0, 0, 0, 0, 0, 0, 0};
  const auto bit_of = hn::LoadDup128(d, kBitOf);
  const auto ascii_plain = hn::LoadDup128(d, t.ascii_plain);
  const auto ascii_separator = hn::LoadDup128(d, t.ascii_separator);
  const auto plain_low = hn::LoadDup128(d, t.arabic_plain);
  const auto plain_high = hn::LoadDup128(d, t.arabic_plain + 16);
  const auto fold_low = hn::LoadDup128(d, t.arabic_fold);
  const auto fold_high = hn::LoadDup128(d, t.arabic_fold + 16);
  const auto separator_low = hn::LoadDup128(d, t.arabic_separator);
  const auto separator_high = hn::LoadDup128(d, t.arabic_separator + 16);
  const auto k0f = hn::Set(d, 0x0F);
  const auto zero = hn::Zero(d);
  // Whether a and b share a set bit (hn::TestBit would say true for b == 0).
  auto shares_bit = [&](auto a, auto b) { return hn::Ne(hn::And(a, b), zero); };
  uint64_t plain = 0, separator = 0, letter = 0, fold = 0, arabic_separator = 0;
  for (size_t i = 0; i < kBlock; i += lanes) {
    const auto v = hn::LoadU(d, p + i);
    const auto next = hn::LoadU(d, p + i + 1);
    // ASCII: row = low nibble, bit = high nibble (0 for bytes >= 0x80).
    const auto high_bit = hn::TableLookupBytes(bit_of, hn::ShiftRight<4>(v));
    const auto low = hn::And(v, k0f);
    const auto is_plain = shares_bit(hn::TableLookupBytes(ascii_plain, low), high_bit);
    const auto is_separator = shares_bit(hn::TableLookupBytes(ascii_separator, low), high_bit);
    // Arabic: lead 0xD8..0xDB then a continuation byte; the code point's
    // offset from U+0600 is 8 * row + bit, row = (lead & 3) << 3 | (next >> 3) & 7.
    const auto is_lead = hn::Eq(hn::And(v, hn::Set(d, 0xFC)), hn::Set(d, 0xD8));
    const auto is_continuation = hn::Eq(hn::And(next, hn::Set(d, 0xC0)), hn::Set(d, 0x80));
    const auto row = hn::Or(hn::ShiftLeft<3>(hn::And(v, hn::Set(d, 3))), hn::And(hn::ShiftRight<3>(next), hn::Set(d, 7)));
    const auto row_low = hn::And(row, k0f);
    const auto high_rows = shares_bit(row, hn::Set(d, 16));
    const auto code_bit = hn::TableLookupBytes(bit_of, hn::And(next, hn::Set(d, 7)));
    const auto arabic = hn::And(is_lead, is_continuation);
    auto in_class = [&](auto low_rows, auto high_rows_table) {
      const auto bits = hn::IfThenElse(high_rows, hn::TableLookupBytes(high_rows_table, row_low),
                                       hn::TableLookupBytes(low_rows, row_low));
      return hn::And(arabic, shares_bit(bits, code_bit));
    };
    plain |= MaskToBits(d, is_plain) << i;
    separator |= MaskToBits(d, is_separator) << i;
    letter |= MaskToBits(d, in_class(plain_low, plain_high)) << i;
    fold |= MaskToBits(d, in_class(fold_low, fold_high)) << i;
    arabic_separator |= MaskToBits(d, in_class(separator_low, separator_high)) << i;
  }
  return Combine(plain, separator, letter, fold, arabic_separator);
}
#endif  // HWY_TARGET == HWY_SCALAR

template <typename Sink>
HWY_INLINE void TokenizeWith(const TokenizerTables& t, PrefixFolding folding, absl::string_view text, Sink& sink) {
  const FoldTable& table = *t.fold;
  TokenBuilder<Sink> b(folding, sink);
  const uint8_t* const begin = reinterpret_cast<const uint8_t*>(text.data());
  const uint8_t* const end = begin + text.size();
  const uint8_t* p = begin;  // always at the start of a code point
  // A block (and the byte after it) with its folds rewritten, or the
  // zero-padded last block.
  alignas(64) uint8_t copy[2 * kBlock];
  for (const uint8_t* block = begin; block < end; block += kBlock) {
    const size_t available = static_cast<size_t>(end - block);
    BlockMasks m;
    const uint8_t* src = block;  // where plain runs are read: the text, or its rewritten copy
    if (available > kBlock) {
      m = Classify(block, t);
      if (m.fold != 0) {
        if (available >= sizeof(copy)) {
          std::memcpy(copy, block, sizeof(copy));  // a fixed size: inlined vector moves
        } else {
          std::memcpy(copy, block, available);
        }
        src = copy;
      }
    } else {
      // The last block, from a zero-padded copy (a zero byte continues no
      // letter, so nothing is plain past the end).
      std::memset(copy, 0, sizeof(copy));
      std::memcpy(copy, block, available);
      m = Classify(copy, t);
      if (available < kBlock) m.plain &= (uint64_t{1} << available) - 1;
      src = copy;
    }
    // Letters that fold to another two-byte letter, rewritten in place.
    for (uint64_t f = m.fold; f != 0; f &= f - 1) {
      const size_t i = static_cast<size_t>(std::countr_zero(f));
      const char* to = t.arabic_fold_to[(copy[i] & 3u) << 6 | (copy[i + 1] & 0x3Fu)];
      copy[i] = static_cast<uint8_t>(to[0]);
      copy[i + 1] = static_cast<uint8_t>(to[1]);
    }
    const size_t limit = std::min(available, kBlock);
    size_t off = static_cast<size_t>(p - block);  // a character may have run past the last block
    while (off < limit) {
      const uint64_t plain = m.plain >> off;
      if (plain & 1) {
        size_t stop = off + static_cast<size_t>(std::countr_one(plain));
        // A letter whose lead closes the block takes its continuation along.
        if (stop == kBlock && (m.lead >> (kBlock - 1)) != 0) ++stop;
        const char* run = reinterpret_cast<const char*>(src + off);
        const size_t n = stop - off;
        if (b.empty() && (block + stop == end || (stop < limit && ((m.separator >> stop) & 1)))) {
          b.Emit(absl::string_view(run, n));  // a whole token needing no folding
          off = stop;
        } else if (b.CanAppendPlain(n)) {
          b.AppendPlain(run, n);
          off = stop;
        } else {  // at the length cut: the exact per-character rule
          const uint8_t* q = block + off;
          while (q < block + stop) q = StepCodePoint(table, q, end, b);
          off = static_cast<size_t>(q - block);
        }
        continue;
      }
      const uint64_t separator = m.separator >> off;
      if (separator & 1) {
        b.Flush();
        off += static_cast<size_t>(std::countr_one(separator));
        if (off == kBlock && (m.lead >> (kBlock - 1)) != 0) ++off;  // an Arabic separator across the edge
        continue;
      }
      off = static_cast<size_t>(StepCodePoint(table, block + off, end, b) - block);
    }
    p = block + off;
  }
  b.Flush();
}

void TokenizeTarget(const TokenizerTables& t, PrefixFolding folding, absl::string_view text, TokenOutput* out) {
  out->target = HWY_TARGET;
  if (out->hashes != nullptr) {
    HashSink sink{out->hashes};
    TokenizeWith(t, folding, text, sink);
  } else if (out->tokens != nullptr) {
    TokensSink sink{out->tokens};
    TokenizeWith(t, folding, text, sink);
  } else if (out->joined != nullptr) {
    JoinSink sink{out->joined, out->joined->size()};
    TokenizeWith(t, folding, text, sink);
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace shabih::internal
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace shabih::internal {

HWY_EXPORT(TokenizeTarget);

void Tokenize(const TokenizerTables& tables, PrefixFolding folding, absl::string_view text, TokenOutput* out) {
  HWY_DYNAMIC_DISPATCH(TokenizeTarget)(tables, folding, text, out);
}

int64_t CompiledSimdTargets() { return HWY_TARGETS; }

}  // namespace shabih::internal
#endif  // HWY_ONCE

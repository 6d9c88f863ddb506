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

#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cstring>

#include "engine/internal/token_builder.h"
#include "engine/internal/tokenize.h"
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace shabih::internal {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

constexpr size_t kBlock = 64;

struct BlockMasks {
  uint64_t plain;      // byte i belongs to a character that folds to itself
  uint64_t separator;  // byte i is an ASCII separator
  uint64_t lead;       // byte i is the lead byte of a plain Arabic letter
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

// Classifies p[0..64); reads p[64] too (the continuation byte of a letter
// whose lead is p[63]).
#if HWY_TARGET == HWY_SCALAR
// Highway's one-lane fallback has no byte shuffle across a 16-byte table:
// the same lookups, a byte at a time.
HWY_INLINE BlockMasks Classify(const uint8_t* p, const TokenizerTables& t) {
  BlockMasks m = {0, 0, 0};
  for (size_t i = 0; i < kBlock; ++i) {
    const uint8_t v = p[i], next = p[i + 1];
    const uint64_t bit = uint64_t{1} << i;
    if (v < 0x80) {
      if (t.ascii_plain[v & 0xF] & (1u << (v >> 4))) m.plain |= bit;
      if (t.ascii_separator[v & 0xF] & (1u << (v >> 4))) m.separator |= bit;
    } else if ((v & 0xFC) == 0xD8 && (next & 0xC0) == 0x80) {
      const unsigned offset = (v & 3u) << 6 | (next & 0x3Fu);
      if (t.arabic_plain[offset >> 3] & (1u << (offset & 7))) m.lead |= bit;
    }
  }
  m.plain |= m.lead | (m.lead << 1);
  return m;
}
#else
HWY_INLINE BlockMasks Classify(const uint8_t* p, const TokenizerTables& t) {
  const hn::CappedTag<uint8_t, kBlock> d;
  const size_t lanes = hn::Lanes(d);
  alignas(16) static constexpr uint8_t kBitOf[16] = {1, 2, 4, 8, 16, 32, 64, 128, 0, 0, 0, 0, 0, 0, 0, 0};
  const auto bit_of = hn::LoadDup128(d, kBitOf);
  const auto ascii_plain = hn::LoadDup128(d, t.ascii_plain);
  const auto ascii_separator = hn::LoadDup128(d, t.ascii_separator);
  const auto arabic_low = hn::LoadDup128(d, t.arabic_plain);
  const auto arabic_high = hn::LoadDup128(d, t.arabic_plain + 16);
  const auto k0f = hn::Set(d, 0x0F);
  const auto zero = hn::Zero(d);
  // Whether a and b share a set bit (hn::TestBit would say true for b == 0).
  auto shares_bit = [&](auto a, auto b) { return hn::Ne(hn::And(a, b), zero); };
  BlockMasks m = {0, 0, 0};
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
    const auto row_bits = hn::IfThenElse(shares_bit(row, hn::Set(d, 16)), hn::TableLookupBytes(arabic_high, row_low),
                                         hn::TableLookupBytes(arabic_low, row_low));
    const auto letter_bit = hn::TableLookupBytes(bit_of, hn::And(next, hn::Set(d, 7)));
    const auto is_letter = hn::And(hn::And(is_lead, is_continuation), shares_bit(row_bits, letter_bit));
    m.plain |= MaskToBits(d, is_plain) << i;
    m.separator |= MaskToBits(d, is_separator) << i;
    m.lead |= MaskToBits(d, is_letter) << i;
  }
  m.plain |= m.lead | (m.lead << 1);
  return m;
}
#endif  // HWY_TARGET == HWY_SCALAR

template <typename Sink>
HWY_INLINE void TokenizeWith(const TokenizerTables& t, PrefixFolding folding, absl::string_view text, Sink& sink) {
  const FoldTable& table = *t.fold;
  TokenBuilder<Sink> b(folding, sink);
  const uint8_t* const begin = reinterpret_cast<const uint8_t*>(text.data());
  const uint8_t* const end = begin + text.size();
  const uint8_t* p = begin;  // always at the start of a code point
  for (const uint8_t* block = begin; block < end; block += kBlock) {
    const size_t available = static_cast<size_t>(end - block);
    BlockMasks m;
    if (available > kBlock) {
      m = Classify(block, t);
    } else {
      // The last block, from a zero-padded copy (a zero byte continues no
      // letter, so nothing is plain past the end).
      alignas(64) uint8_t tail[2 * kBlock] = {};
      std::memcpy(tail, block, available);
      m = Classify(tail, t);
      if (available < kBlock) m.plain &= (uint64_t{1} << available) - 1;
    }
    const size_t limit = std::min(available, kBlock);
    size_t off = static_cast<size_t>(p - block);  // a character may have run past the last block
    while (off < limit) {
      const uint64_t plain = m.plain >> off;
      if (plain & 1) {
        size_t stop = off + static_cast<size_t>(std::countr_one(plain));
        // A letter whose lead closes the block takes its continuation along.
        if (stop == kBlock && (m.lead >> (kBlock - 1)) != 0) ++stop;
        const char* run = reinterpret_cast<const char*>(block + off);
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
    std::vector<uint64_t>* hashes = out->hashes;
    auto sink = [hashes](absl::string_view token) { hashes->push_back(XXH3_64bits(token.data(), token.size())); };
    TokenizeWith(t, folding, text, sink);
  } else if (out->tokens != nullptr) {
    std::vector<std::string>* tokens = out->tokens;
    auto sink = [tokens](absl::string_view token) { tokens->emplace_back(token); };
    TokenizeWith(t, folding, text, sink);
  } else if (out->joined != nullptr) {
    std::string* joined = out->joined;
    const size_t start = joined->size();
    auto sink = [joined, start](absl::string_view token) {
      if (joined->size() > start) joined->push_back(' ');
      joined->append(token.data(), token.size());
    };
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

// The SIMD tokenizer against the scalar reference (today's normalizer), on
// every Highway target this CPU supports, forced in turn.
#include "engine/internal/tokenize.h"

#include <bit>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/utf8.h"
#include "gtest/gtest.h"
#include "hwy/targets.h"
#include "shabih/corpus.h"
#include "shabih/normalize.h"
#include "shabih/simd.h"
#include "tests/test_util.h"

namespace shabih::internal {
namespace {

// Every target compiled into the library that this CPU runs (no mock).
std::vector<int64_t> TargetsToTest() {
  hwy::SetSupportedTargetsForTest(0);
  std::vector<int64_t> targets;
  for (int64_t t = hwy::SupportedTargets() & CompiledSimdTargets(); t != 0; t &= t - 1) targets.push_back(t & -t);
  return targets;
}

// Forces one target for the scope (Highway's test hook; the next dispatch
// re-reads it), and clears the mock afterwards.
class ForceTarget {
 public:
  explicit ForceTarget(int64_t target) { hwy::SetSupportedTargetsForTest(target); }
  ~ForceTarget() { hwy::SetSupportedTargetsForTest(0); }
};

const PrefixFolding kFoldings[] = {PrefixFolding::kNone, PrefixFolding::kLight};

// Runs text through the SIMD tokenizer (whatever target is forced) and the
// reference, in all three output forms; returns the target that ran.
int64_t ExpectSameAsScalar(absl::string_view text, PrefixFolding folding, const std::string& what) {
  const TokenizerTables& t = SharedTokenizerTables();
  std::vector<uint64_t> hashes, want_hashes;
  std::vector<std::string> tokens, want_tokens;
  std::string joined, want_joined;
  TokenOutput out{.hashes = &hashes};
  Tokenize(t, folding, text, &out);
  TokenOutput want{.hashes = &want_hashes};
  ScalarTokenize(t.fold, folding, text, &want);
  TokenOutput out_tokens{.tokens = &tokens}, want_tokens_out{.tokens = &want_tokens};
  Tokenize(t, folding, text, &out_tokens);
  ScalarTokenize(t.fold, folding, text, &want_tokens_out);
  TokenOutput out_joined{.joined = &joined}, want_joined_out{.joined = &want_joined};
  Tokenize(t, folding, text, &out_joined);
  ScalarTokenize(t.fold, folding, text, &want_joined_out);
  EXPECT_EQ(tokens, want_tokens) << what;
  EXPECT_EQ(hashes, want_hashes) << what;
  EXPECT_EQ(joined, want_joined) << what;
  EXPECT_EQ(out.target, out_tokens.target);
  return out.target;
}

// Random text that visits every path: ASCII (every byte), Arabic letters that
// fold and that do not, diacritics, tatweel, alef forms, Persian and Urdu
// letters, presentation forms, digits, other scripts, supplementary planes,
// long runs without a separator (the 256-byte cut), and invalid UTF-8.
std::string RandomText(std::mt19937& rng, size_t pieces) {
  static const std::vector<char32_t> kArabicSpecial = {
      0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673, 0x0629, 0x0649, 0x0626, 0x0624, 0x0640, 0x064B, 0x064E,
      0x0650, 0x0651, 0x0652, 0x0670, 0x06D6, 0x067E, 0x0686, 0x0698, 0x06A9, 0x06AF, 0x06CC, 0x06D2, 0x06C1,
      0x06BE, 0x0660, 0x0669, 0x06F0, 0x06F9, 0x060C, 0x061B, 0x061F, 0x066A, 0x200C, 0x200D, 0x200F, 0x00A0,
      0xFEFB, 0xFDFA, 0xFDF2, 0xFB50, 0xFE8D, 0xFEE0, 0xFEF4, 0xFE70, 0x0041, 0x005A, 0x00C9, 0x00DF, 0x0130};
  std::string s;
  auto cp = [&](char32_t c) { AppendUtf8(c, &s); };
  for (size_t i = 0; i < pieces; ++i) {
    switch (rng() % 16) {
      case 0:
      case 1:
      case 2:
      case 3: {  // an Arabic word of plain letters
        const int n = 1 + rng() % 9;
        for (int j = 0; j < n; ++j) cp(0x0621 + rng() % 0x2A);
        break;
      }
      case 4:
      case 5:
        s.push_back(' ');
        break;
      case 6:
        cp(kArabicSpecial[rng() % kArabicSpecial.size()]);
        break;
      case 7:
        cp(0x0600 + rng() % 0x100);  // the whole Arabic block
        break;
      case 8:
        s.push_back(static_cast<char>(rng() % 0x80));  // every ASCII byte
        break;
      case 9:
        s.push_back(static_cast<char>('a' + rng() % 26));
        break;
      case 10:
        cp(0xFB50 + rng() % (0xFEFF - 0xFB50));  // presentation forms A and B
        break;
      case 11:
        cp(rng() % 0x10000 < 0xD800 ? rng() % 0xD800 : 0xE000 + rng() % 0x2000);  // anywhere in the BMP
        break;
      case 12:
        cp(0x10000 + rng() % 0x100000);
        break;
      case 13:  // invalid UTF-8: stray continuations, truncated leads, surrogates, overlongs
        switch (rng() % 5) {
          case 0: s.push_back(static_cast<char>(0x80 + rng() % 0x40)); break;
          case 1: s.push_back(static_cast<char>(0xD8 + rng() % 4)); break;
          case 2: s += "\xED\xA0\x80"; break;
          case 3: s += "\xC0\xAF"; break;
          default: s.push_back(static_cast<char>(0xF0 + rng() % 0x10)); break;
        }
        break;
      case 14: {  // a long run without separators, sometimes with folds inside
        const int n = 100 + rng() % 300;
        for (int j = 0; j < n; ++j) {
          if (rng() % 40 == 0) cp(kArabicSpecial[rng() % kArabicSpecial.size()]);
          else if (rng() % 3 == 0) s.push_back(static_cast<char>('0' + rng() % 10));
          else cp(0x0628 + rng() % 0x12);
        }
        break;
      }
      default:
        s += "\xD9\x88\xD8\xA7\xD9\x84";  // "وال", the clitic folding's prefix
        break;
    }
  }
  return s;
}

TEST(TokenizeSimd, EveryCompiledTargetRunsAndMatchesTheScalarTokenizer) {
  const std::vector<int64_t> targets = TargetsToTest();
  // Highway compiles several targets on x86 (SSSE3, SSE4, AVX2, AVX3 and a
  // portable one, EMU128 or SCALAR):
  // a build that dispatches to one only would test nothing here.
  // (A -march=native build, SHABIH_NATIVE, compiles only targets at or
  // above the build machine's, so there fewer are expected.)
#if HWY_ARCH_X86 && (HWY_STATIC_TARGET == HWY_SCALAR || HWY_STATIC_TARGET == HWY_EMU128)
  ASSERT_GE(std::popcount(static_cast<uint64_t>(CompiledSimdTargets())), 4);
  ASSERT_GE(targets.size(), 2u) << "this CPU supports fewer than two compiled targets";
#endif
  ASSERT_FALSE(targets.empty());
  int64_t ran = 0;
  for (int64_t target : targets) {
    ForceTarget force(target);
    std::mt19937 rng(7);
    for (int seed = 0; seed < 150; ++seed) {
      const std::string text = RandomText(rng, 1 + rng() % 400);
      for (PrefixFolding folding : kFoldings) {
        const int64_t got = ExpectSameAsScalar(text, folding, absl::StrCat(hwy::TargetName(target), " seed ", seed));
        ASSERT_EQ(got, target) << "asked for " << hwy::TargetName(target) << ", ran " << hwy::TargetName(got);
        ran |= got;
      }
    }
  }
  // Every compiled-and-supported target really ran (not just the best one).
  int64_t want = 0;
  for (int64_t t : targets) want |= t;
  EXPECT_EQ(ran, want);
  EXPECT_EQ(std::popcount(static_cast<uint64_t>(ran)), static_cast<int>(targets.size()));
}

// Every prefix of a text crosses the 64-byte block edge at another place,
// and ends inside a letter, a run or a separator.
TEST(TokenizeSimd, EveryLengthAndOffsetMatches) {
  std::mt19937 rng(11);
  const std::string text = RandomText(rng, 120);
  for (int64_t target : TargetsToTest()) {
    ForceTarget force(target);
    for (size_t start = 0; start < 70; ++start) {
      for (size_t n = 0; start + n <= text.size() && n < 160; ++n) {
        for (PrefixFolding folding : kFoldings) {
          ExpectSameAsScalar(absl::string_view(text).substr(start, n), folding,
                             absl::StrCat(hwy::TargetName(target), " at ", start, "+", n));
        }
      }
    }
  }
}

// The 256-byte cut of long tokens, with plain runs that cross block edges,
// with one- and two-byte letters and a fold right at the cut.
TEST(TokenizeSimd, LongTokensAreCutAsTheScalarTokenizerCutsThem) {
  for (int64_t target : TargetsToTest()) {
    ForceTarget force(target);
    for (int prefix = 0; prefix < 8; ++prefix) {
      for (int fold_at = 120; fold_at < 135; ++fold_at) {
        std::string s(prefix, 'x');
        for (int i = 0; i < 300; ++i) {
          if (i == fold_at) s += "\xD8\xA9";  // ta marbuta: folds
          s += (i % 7 == 3) ? "7" : "\xD8\xA8";
        }
        for (PrefixFolding folding : kFoldings) {
          ExpectSameAsScalar(s, folding, absl::StrCat(hwy::TargetName(target), " ", prefix, "/", fold_at));
        }
      }
    }
  }
}

TEST(TokenizeSimd, KnownAnswersOnEveryTarget) {
  for (int64_t target : TargetsToTest()) {
    ForceTarget force(target);
    SCOPED_TRACE(hwy::TargetName(target));
    EXPECT_EQ(Normalizer::Default().Normalize("وَقَالَ الرَّئِيسُ: «أهلاً»"), "قال رييس اهلا");
    std::vector<std::string> tokens;
    Normalizer::Default().Tokens("Hello, العالم ١٢٣ جمـــيل", &tokens);
    EXPECT_EQ(tokens, (std::vector<std::string>{"hello", "عالم", "123", "جميل"}));
  }
}

// SimdTarget names what runs; SetSimdTarget pins it and rejects a bad name.
TEST(Simd, PinningChoosesTheTargetThatRuns) {
  const std::vector<std::string> all = SimdTargets();
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(SimdTarget(), all.front());
  for (const std::string& name : all) {
    ASSERT_TRUE(SetSimdTarget(name).ok()) << name;
    EXPECT_EQ(SimdTarget(), name);
    EXPECT_EQ(SimdTargets(), std::vector<std::string>{name});
    EXPECT_EQ(Normalizer::Default().Normalize("والتقنية"), "تقنيه");
  }
  const absl::Status bad = SetSimdTarget("NEON-9000");
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("available"), absl::string_view::npos) << bad.message();
  EXPECT_EQ(SimdTarget(), all.back());  // a failed call keeps the pin
  ASSERT_TRUE(SetSimdTarget("").ok());
  EXPECT_EQ(SimdTarget(), all.front());
  EXPECT_EQ(SimdTargets(), all);
}

// All of SaudiNewsNet, when the shared corpus is present.
TEST(TokenizeSimd, SaudiNewsNetMatchesTheScalarTokenizer) {
  std::filesystem::path script;
  for (const char* dir : {SHABIH_SOURCE_DIR "/../shared", "/work/shared"}) {
    const std::filesystem::path p = std::filesystem::path(dir) / "corpus/saudinewsnet/to_jsonl.py";
    if (std::filesystem::exists(p)) script = p;
  }
  if (script.empty()) GTEST_SKIP() << "SaudiNewsNet (../shared/corpus/saudinewsnet) is not here";
  ::shabih::testing::TempDir dir;
  const std::string jsonl = dir.path() + "/snn.jsonl";
  const std::string command = "/usr/bin/python3 '" + script.string() + "' '" + jsonl + "' 2>/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  auto reader = CorpusReader::Open({jsonl}, ReadOptions());
  ASSERT_TRUE(reader.ok()) << reader.status();
  const std::vector<int64_t> targets = TargetsToTest();
  const TokenizerTables& t = SharedTokenizerTables();
  Document doc;
  size_t docs = 0;
  std::vector<uint64_t> got, want;
  while ((*reader)->Next(&doc)) {
    ++docs;
    for (PrefixFolding folding : kFoldings) {
      want.clear();
      TokenOutput w{.hashes = &want};
      ScalarTokenize(t.fold, folding, doc.text, &w);
      for (int64_t target : targets) {
        ForceTarget force(target);
        got.clear();
        TokenOutput g{.hashes = &got};
        Tokenize(t, folding, doc.text, &g);
        ASSERT_EQ(g.target, target);
        ASSERT_EQ(got, want) << doc.id << " on " << hwy::TargetName(target);
      }
    }
  }
  EXPECT_EQ(docs, 31030u);
}

}  // namespace
}  // namespace shabih::internal

#include "shabih/shingle.h"

#include <xxhash.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "shabih/normalize.h"

namespace shabih {
namespace {

TEST(Shingle, CountsAndShortDocuments) {
  std::vector<uint64_t> out;
  std::vector<uint64_t> tokens = {1, 2, 3, 4, 5, 6, 7};
  ShingleHashes(tokens, 5, &out);
  EXPECT_EQ(out.size(), 3u);
  ShingleHashes(absl::MakeConstSpan(tokens).subspan(0, 2), 5, &out);
  EXPECT_EQ(out.size(), 1u) << "a document shorter than k still gets one shingle";
  ShingleHashes({}, 5, &out);
  EXPECT_TRUE(out.empty());
}

TEST(Shingle, SameWindowSameHashOrderMatters) {
  std::vector<uint64_t> a = {10, 20, 30, 40}, b = {99, 10, 20, 30}, c = {30, 20, 10, 40};
  std::vector<uint64_t> sa, sb, sc;
  ShingleHashes(a, 3, &sa);
  ShingleHashes(b, 3, &sb);
  ShingleHashes(c, 3, &sc);
  EXPECT_EQ(sa[0], sb[1]);  // window {10,20,30} in both
  EXPECT_NE(sa[0], sc[0]);  // same tokens, other order
  EXPECT_NE(sa[0], sa[1]);
}

TEST(Shingle, KOfOneIsTheTokenSet) {
  std::vector<uint64_t> tokens = {5, 6, 5}, out;
  ShingleHashes(tokens, 1, &out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], out[2]);
}

// Known answers, computed once with the code of kNormalizationVersion
// "ar-norm-1" and committed as literals: token hash -> shingle hash is what
// every stored signature is made of. If one of these values changes, old and
// new signatures no longer compare: that requires a new kNormalizationVersion
// (a tokenization change) or a new signature scheme version (a hashing
// change), never an updated literal alone.
constexpr char kKnownText[] =
    "قال المتحدث باسم الرئاسة الروسية، ديمتري بيسكوف، إن الكرملين يرحب بالحوار";

TEST(ShingleKnownAnswer, TokenHashesOfAFixedTextAreXxh3OfTheNormalizedTokens) {
  std::vector<std::string> tokens;
  std::vector<uint64_t> hashes;
  Normalizer::Default().Tokens(kKnownText, &tokens);
  Normalizer::Default().TokenHashes(kKnownText, &hashes);
  const std::vector<std::string> expected_tokens = {"قال",    "متحدث", "باسم", "رياسه",  "روسيه", "ديمتري",
                                                    "بيسكوف", "ان",    "كرملين", "يرحب", "حوار"};
  EXPECT_EQ(tokens, expected_tokens);
  const std::vector<uint64_t> expected = {
      0xCF419DFF05ECA452ULL, 0x5FC7DF9397E33485ULL, 0xACAC56575DFE3B09ULL, 0x7A575A200448D21DULL,
      0x11E67CEB2CF3B666ULL, 0xA4E53318D7C046C1ULL, 0xFA556C808A1C35CCULL, 0x36F6E50809101EE9ULL,
      0x51CE6C80EB873A83ULL, 0xD88C116649F0C970ULL, 0xF93BFE46E2CAC284ULL};
  EXPECT_EQ(hashes, expected);
  EXPECT_EQ(XXH3_64bits("رياسه", std::string("رياسه").size()), 0x7A575A200448D21DULL);
}

TEST(ShingleKnownAnswer, ShingleHashesOfFixedTokenSequences) {
  std::vector<uint64_t> tokens, shingles;
  Normalizer::Default().TokenHashes(kKnownText, &tokens);
  // The first 5 tokens: one 5-shingle.
  ShingleHashes(absl::MakeConstSpan(tokens).subspan(0, 5), 5, &shingles);
  EXPECT_EQ(shingles, std::vector<uint64_t>({0xA3529606B04DC60DULL}));
  // All 11 tokens: 7 shingles, the first one as above.
  ShingleHashes(tokens, 5, &shingles);
  EXPECT_EQ(shingles, std::vector<uint64_t>({0xA3529606B04DC60DULL, 0xE746B5B6456C10CFULL, 0x4B56ABDED38E8A1FULL,
                                             0x085B450C55062F4AULL, 0x9BC1497DAE6D1A80ULL, 0x95E2EE51B1EBF2ADULL,
                                             0x2E6CC7B2CDEDE8F0ULL}));
  // Independent of the normalizer: the shingle of token hashes 1..5.
  const std::vector<uint64_t> numbers = {1, 2, 3, 4, 5};
  ShingleHashes(numbers, 5, &shingles);
  EXPECT_EQ(shingles, std::vector<uint64_t>({0xA9188C1490E695AFULL}));
}

}  // namespace
}  // namespace shabih

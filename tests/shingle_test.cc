#include "shabih/shingle.h"

#include <vector>

#include "gtest/gtest.h"

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

}  // namespace
}  // namespace shabih

#include "engine/internal/byte_stream.h"

#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/compress_util.h"
#include "tests/test_util.h"

namespace shabih::internal {
namespace {

using shabih::testing::GzipMember;
using shabih::testing::ZstdFrame;

// Everything the stream yields, read in small pieces (so that reads end
// inside members and frames).
std::string Drain(ByteStream* s, size_t piece = 7) {
  std::string out(piece, '\0'), all;
  size_t got;
  while ((got = s->Read(out.data(), piece)) > 0) all.append(out, 0, got);
  return all;
}

std::string Big(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += "line " + std::to_string(i * 7919 % 1000) + " نص عربي\n";
  return s;
}

TEST(ByteStreamTest, GzipMembersAreReadOneAfterTheOther) {
  const std::string a = "first record\n", b = Big(3000), c = "third\n";
  const std::string bytes = GzipMember(a) + GzipMember(b) + GzipMember(c);
  auto s = ByteStream::FromBytes(bytes, Compression::kGzip);
  EXPECT_EQ(Drain(s.get()), a + b + c);
  EXPECT_FALSE(s->truncated());
  EXPECT_EQ(s->error(), "");
  EXPECT_EQ(s->consumed(), bytes.size());
}

TEST(ByteStreamTest, ZstdFramesAreReadOneAfterTheOther) {
  const std::string a = Big(2000), b = "second frame\n";
  const std::string bytes = ZstdFrame(a) + ZstdFrame(b);  // outlives the stream
  auto s = ByteStream::FromBytes(bytes, Compression::kZstd);
  EXPECT_EQ(Drain(s.get(), 4096), a + b);
  EXPECT_FALSE(s->truncated());
  EXPECT_EQ(s->error(), "");
}

TEST(ByteStreamTest, TruncatedStreamsKeepWhatWasRead) {
  const std::string a = "complete member\n", b = Big(3000);
  for (const Compression c : {Compression::kGzip, Compression::kZstd}) {
    const std::string first = c == Compression::kGzip ? GzipMember(a) : ZstdFrame(a);
    const std::string second = c == Compression::kGzip ? GzipMember(b) : ZstdFrame(b);
    const std::string bytes = first + second.substr(0, second.size() / 2);
    auto s = ByteStream::FromBytes(bytes, c);
    const std::string got = Drain(s.get(), 1000);
    EXPECT_TRUE(s->truncated()) << static_cast<int>(c);
    EXPECT_EQ(got.substr(0, a.size()), a);
    // zlib gives out what it inflated of the cut member; zstd only whole
    // blocks (here the cut block is the frame's only one).
    if (c == Compression::kGzip) EXPECT_GT(got.size(), a.size());
    EXPECT_EQ(got, (a + b).substr(0, got.size()));
  }
}

TEST(ByteStreamTest, CorruptAndTrailingBytesAreReported) {
  std::string bytes = GzipMember(Big(100));
  bytes[bytes.size() / 2] ^= 0x55;
  auto s = ByteStream::FromBytes(bytes, Compression::kGzip);
  Drain(s.get());
  EXPECT_TRUE(absl::StartsWith(s->error(), "corrupt-gzip") || s->truncated()) << s->error();
  const std::string trailing = GzipMember("ok\n") + "junk";
  auto t = ByteStream::FromBytes(trailing, Compression::kGzip);
  EXPECT_EQ(Drain(t.get()), "ok\n");
  EXPECT_EQ(t->error(), "gzip-trailing-garbage");
  auto z = ByteStream::FromBytes("not zstd at all", Compression::kZstd);
  EXPECT_EQ(Drain(z.get()), "");
  EXPECT_TRUE(absl::StartsWith(z->error(), "corrupt-zstd")) << z->error();
}

TEST(ByteStreamTest, FilesAndPlainBytes) {
  shabih::testing::TempDir dir;
  const std::string b = Big(20000);  // several input chunks
  shabih::testing::WriteFile(dir / "x.gz", GzipMember("a\n") + GzipMember(b));
  auto s = ByteStream::OpenFile(dir / "x.gz", CompressionOfPath("x.gz"));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(Drain(s->get(), 65536), "a\n" + b);
  EXPECT_FALSE(ByteStream::OpenFile(dir / "missing", Compression::kNone).ok());
  auto plain = ByteStream::FromBytes("plain", Compression::kNone);
  EXPECT_EQ(Drain(plain.get(), 2), "plain");
  EXPECT_EQ(CompressionOfPath("a.warc.zst"), Compression::kZstd);
  EXPECT_EQ(CompressionOfPath("a.warc"), Compression::kNone);
  EXPECT_EQ(SniffCompression(ZstdFrame("x")), Compression::kZstd);
}

}  // namespace
}  // namespace shabih::internal

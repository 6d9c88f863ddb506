#include "engine/internal/paged_file.h"

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

namespace fs = std::filesystem;
using internal::AtomicFileWriter;
using internal::PagedReader;
using internal::SequentialReader;
using testing::ReadFile;
using testing::TempDir;

std::vector<std::string> Names(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

TEST(AtomicFileWriter, WithoutCommitLeavesNoFile) {
  TempDir dir;
  {
    auto w = AtomicFileWriter::Create(dir / "out.bin", 4096);
    ASSERT_TRUE(w.ok()) << w.status();
    ASSERT_TRUE((*w)->Append(RandomBytes(10000, 1)).ok());  // more than the buffer: some bytes hit the disk
    EXPECT_EQ(Names(dir.path()).size(), 1u) << "the temporary exists while writing";
    EXPECT_TRUE(internal::IsAtomicWriterTemporary(Names(dir.path())[0]));
  }
  EXPECT_TRUE(Names(dir.path()).empty());
}

TEST(AtomicFileWriter, CommitPublishesTheWholeFileAndReplacesAnOldOne) {
  TempDir dir;
  testing::WriteFile(dir / "out.bin", "old contents");
  const std::string bytes = RandomBytes(3 << 20, 2);
  auto w = AtomicFileWriter::Create(dir / "out.bin", 1 << 16);
  ASSERT_TRUE(w.ok());
  for (size_t i = 0; i < bytes.size(); i += 100000) ASSERT_TRUE((*w)->Append(bytes.substr(i, 100000)).ok());
  const std::vector<uint32_t> tail = {1, 2, 3};
  ASSERT_TRUE((*w)->AppendRecords<uint32_t>(tail).ok());
  EXPECT_EQ((*w)->bytes_written(), bytes.size() + 12);
  EXPECT_EQ(ReadFile(dir / "out.bin"), "old contents") << "replaced only at Commit";
  ASSERT_TRUE((*w)->Commit().ok());
  std::string expected = bytes;
  expected.append(reinterpret_cast<const char*>(tail.data()), 12);
  EXPECT_EQ(ReadFile(dir / "out.bin"), expected);
  EXPECT_EQ(Names(dir.path()), std::vector<std::string>{"out.bin"});
  EXPECT_FALSE((*w)->Commit().ok()) << "once";
  w->reset();
  EXPECT_EQ(Names(dir.path()), std::vector<std::string>{"out.bin"}) << "a committed file stays";
}

TEST(AtomicFileWriter, AMissingFolderIsAStatusNamingThePath) {
  TempDir dir;
  auto w = AtomicFileWriter::Create(dir / "no/such/out.bin");
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(w.status().message().find(dir / "no/such/out.bin"), std::string::npos) << w.status();
  EXPECT_NE(w.status().message().find("No such file or directory"), std::string::npos) << w.status();
}

TEST(FileWriter, AFullDiskIsResourceExhausted) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  auto w = internal::FileWriter::Create("/dev/full", 4096);
  ASSERT_TRUE(w.ok()) << w.status();
  absl::Status status = (*w)->Append(RandomBytes(10000, 3));
  if (status.ok()) status = (*w)->Close(/*sync=*/false);
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted) << status;
  EXPECT_NE(status.message().find("No space left on device"), std::string::npos) << status;
}

TEST(AtomicFileWriter, TemporaryNamesAreRecognized) {
  EXPECT_TRUE(internal::IsAtomicWriterTemporary("manifest.tmp-123-0"));
  EXPECT_TRUE(internal::IsAtomicWriterTemporary("run-7.keys.tmp-1-42"));
  EXPECT_FALSE(internal::IsAtomicWriterTemporary("manifest"));
  EXPECT_FALSE(internal::IsAtomicWriterTemporary("notes.tmp-file"));
  EXPECT_FALSE(internal::IsAtomicWriterTemporary(".tmp-1-2"));
  EXPECT_FALSE(internal::IsAtomicWriterTemporary("a.tmp-1-"));
}

TEST(WriteFileDurably, WritesAndReplaces) {
  TempDir dir;
  ASSERT_TRUE(internal::WriteFileDurably(dir / "f", "one").ok());
  ASSERT_TRUE(internal::WriteFileDurably(dir / "f", "").ok());
  EXPECT_EQ(ReadFile(dir / "f"), "");
  EXPECT_EQ(Names(dir.path()), std::vector<std::string>{"f"});
  EXPECT_TRUE(internal::FsyncDirectory(dir.path()).ok());
  EXPECT_FALSE(internal::FsyncDirectory(dir / "missing").ok());
}

TEST(SequentialReader, ReadsRecordsAcrossBuffersAndStopsCleanly) {
  TempDir dir;
  const std::string bytes = RandomBytes(100000, 4);  // 25,000 uint32
  testing::WriteFile(dir / "f", bytes);
  auto r = SequentialReader::Open(dir / "f", 4096);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->size(), bytes.size());
  std::string got;
  uint32_t v;
  ASSERT_TRUE((*r)->Read(&v, 4));
  got.append(reinterpret_cast<char*>(&v), 4);
  std::string big(10000, '\0');  // larger than the buffer
  ASSERT_TRUE((*r)->Read(big.data(), big.size()));
  got += big;
  while ((*r)->Read(&v, 4)) got.append(reinterpret_cast<char*>(&v), 4);
  EXPECT_TRUE((*r)->status().ok()) << (*r)->status();
  EXPECT_EQ(got, bytes);
  EXPECT_EQ((*r)->position(), bytes.size());
  EXPECT_FALSE((*r)->Read(&v, 4)) << "still at the end";
}

TEST(SequentialReader, ReportsATruncatedRecord) {
  TempDir dir;
  testing::WriteFile(dir / "f", "0123456789");
  auto r = SequentialReader::Open(dir / "f");
  ASSERT_TRUE(r.ok());
  char buf[4];
  EXPECT_TRUE((*r)->Read(buf, 4));
  EXPECT_TRUE((*r)->Read(buf, 4));
  EXPECT_FALSE((*r)->Read(buf, 4));
  EXPECT_EQ((*r)->status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE((*r)->status().message().find("truncated"), std::string::npos) << (*r)->status();
  EXPECT_NE((*r)->status().message().find(dir / "f"), std::string::npos);
  EXPECT_EQ((*r)->position(), 8u);
}

TEST(SequentialReader, AMissingFileIsNotFound) {
  TempDir dir;
  EXPECT_EQ(SequentialReader::Open(dir / "none").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(PagedReader::Open(dir / "none").status().code(), absl::StatusCode::kNotFound);
}

TEST(PagedReader, RandomReadsEqualTheFileBytes) {
  TempDir dir;
  const std::string bytes = RandomBytes((1 << 20) + 123, 5);  // a partial last page
  testing::WriteFile(dir / "f", bytes);
  auto r = PagedReader::Open(dir / "f", 4096, 64 << 10);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->size(), bytes.size());
  std::mt19937_64 rng(6);
  for (int i = 0; i < 3000; ++i) {
    const size_t n = rng() % 10000;
    const uint64_t offset = rng() % (bytes.size() - n + 1);
    std::string out(n, '\0');
    ASSERT_TRUE((*r)->Read(offset, n, out.data()).ok());
    ASSERT_EQ(out, bytes.substr(offset, n)) << offset << " " << n;
  }
  char c;
  EXPECT_TRUE((*r)->Read(bytes.size(), 0, &c).ok());
  EXPECT_TRUE((*r)->Read(bytes.size() - 1, 1, &c).ok());
  EXPECT_EQ(c, bytes.back());
  EXPECT_EQ((*r)->Read(bytes.size(), 1, &c).code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ((*r)->Read(UINT64_MAX, 2, &c).code(), absl::StatusCode::kOutOfRange) << "no overflow";
}

TEST(PagedReader, PagesAreReadOnceWhileTheyStayCached) {
  TempDir dir;
  const std::string bytes = RandomBytes(40 * 4096, 7);  // 40 pages
  testing::WriteFile(dir / "f", bytes);
  char buf[8];
  {
    auto r = PagedReader::Open(dir / "f", 4096, 64 * 4096);  // room for all 40
    ASSERT_TRUE(r.ok());
    for (int pass = 0; pass < 3; ++pass) {
      for (uint64_t off = 0; off + 8 <= bytes.size(); off += 1000) ASSERT_TRUE((*r)->Read(off, 8, buf).ok());
    }
    EXPECT_EQ((*r)->page_reads(), 40u);
  }
  {
    auto r = PagedReader::Open(dir / "f", 4096, 10 * 4096);  // 10 pages: a scan evicts what it needs next
    ASSERT_TRUE(r.ok());
    for (int pass = 0; pass < 3; ++pass) {
      for (uint64_t off = 0; off + 8 <= bytes.size(); off += 1000) ASSERT_TRUE((*r)->Read(off, 8, buf).ok());
    }
    EXPECT_EQ((*r)->page_reads(), 120u);
    // Within 10 pages, least recently used first: page 39 is still cached, page 0 is not.
    const uint64_t before = (*r)->page_reads();
    ASSERT_TRUE((*r)->Read(39 * 4096, 8, buf).ok());
    EXPECT_EQ((*r)->page_reads(), before);
    ASSERT_TRUE((*r)->Read(0, 8, buf).ok());
    EXPECT_EQ((*r)->page_reads(), before + 1);
    // A read across a page boundary touches both pages.
    ASSERT_TRUE((*r)->Read(5 * 4096 - 4, 8, buf).ok());
    EXPECT_EQ((*r)->page_reads(), before + 3);
    EXPECT_EQ(std::string(buf, 8), bytes.substr(5 * 4096 - 4, 8));
  }
  {
    auto r = PagedReader::Open(dir / "f", 4096, 0);  // still one page
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE((*r)->Read(10, 8, buf).ok());
    ASSERT_TRUE((*r)->Read(100, 8, buf).ok());
    EXPECT_EQ((*r)->page_reads(), 1u);
  }
}

TEST(PagedReader, ConcurrentReadersSeeTheFileBytes) {
  TempDir dir;
  const std::string bytes = RandomBytes(512 << 10, 8);
  testing::WriteFile(dir / "f", bytes);
  auto r = PagedReader::Open(dir / "f", 4096, 32 << 10);  // 8 pages for 128: many misses and evictions
  ASSERT_TRUE(r.ok());
  const PagedReader& reader = **r;
  std::vector<int> mismatches(2, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 rng(100 + t);
      std::string out;
      for (int i = 0; i < 5000; ++i) {
        const size_t n = 1 + rng() % 6000;
        const uint64_t offset = rng() % (bytes.size() - n + 1);
        out.assign(n, '\0');
        if (!reader.Read(offset, n, out.data()).ok() || std::memcmp(out.data(), bytes.data() + offset, n) != 0) {
          ++mismatches[t];
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches, (std::vector<int>{0, 0}));
}

TEST(OpenRecordFile, RejectsAPartialRecord) {
  TempDir dir;
  testing::WriteFile(dir / "f", std::string(17, 'x'));
  auto s = internal::OpenRecordFile<uint64_t>(dir / "f");
  EXPECT_EQ(s.status().code(), absl::StatusCode::kDataLoss);
  testing::WriteFile(dir / "g", std::string(16, 'x'));
  auto g = internal::OpenRecordFile<uint64_t>(dir / "g");
  ASSERT_TRUE(g.ok());
  uint64_t v;
  EXPECT_TRUE((*g)->Next(&v));
  EXPECT_TRUE((*g)->Next(&v));
  EXPECT_FALSE((*g)->Next(&v));
  EXPECT_TRUE((*g)->status().ok());
}

}  // namespace
}  // namespace shabih

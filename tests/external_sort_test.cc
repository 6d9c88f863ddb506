#include "engine/internal/external_sort.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace shabih {
namespace {

namespace fs = std::filesystem;
using internal::ExternalSorter;
using internal::MergeStreams;
using internal::RecordStream;
using testing::TempDir;

// 16 bytes, ordered by key only: seq (the insertion index) shows stability.
struct Rec16 {
  uint64_t key;
  uint64_t seq;
  bool operator==(const Rec16&) const = default;
};
struct ByKey {
  bool operator()(const Rec16& a, const Rec16& b) const { return a.key < b.key; }
};

// 24 bytes like a band key: ordered by (band, hash), doc rides along.
struct Rec24 {
  uint32_t band;
  uint32_t pad;
  uint64_t hash;
  uint64_t doc;
  bool operator==(const Rec24&) const = default;
};
struct ByBandHash {
  bool operator()(const Rec24& a, const Rec24& b) const {
    return a.band != b.band ? a.band < b.band : a.hash < b.hash;
  }
};
static_assert(sizeof(Rec16) == 16 && sizeof(Rec24) == 24);

std::vector<Rec16> Random16(size_t n, uint64_t key_range, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Rec16> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = {rng() % key_range, i};
  return out;
}

std::vector<Rec24> Random24(size_t n, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Rec24> out(n);
  for (size_t i = 0; i < n; ++i) {
    out[i] = {static_cast<uint32_t>(rng() % 9), 0, rng() % 5000, i};  // many ties
  }
  return out;
}

template <typename T>
std::vector<T> Drain(RecordStream<T>* stream) {
  std::vector<T> out;
  T r;
  while (stream->Next(&r)) out.push_back(r);
  EXPECT_TRUE(stream->status().ok()) << stream->status();
  return out;
}

template <typename T, typename Less>
std::vector<T> Oracle(std::vector<T> v, Less less) {
  std::stable_sort(v.begin(), v.end(), less);
  return v;
}

size_t Entries(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return 0;
  return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

template <typename T, typename Less>
std::vector<T> SortExternally(const std::vector<T>& input, const std::string& dir, uint64_t memory, Less less) {
  ExternalSorter<T, Less> sorter(dir, memory, less);
  // Half one by one, half in spans of varying length: both Add()s.
  size_t i = 0;
  for (; i < input.size() / 2; ++i) EXPECT_TRUE(sorter.Add(input[i]).ok());
  for (size_t step = 1; i < input.size(); step = step * 3 % 1000 + 1) {
    const size_t n = std::min(step, input.size() - i);
    EXPECT_TRUE(sorter.Add(absl::Span<const T>(input.data() + i, n)).ok());
    i += n;
  }
  EXPECT_EQ(sorter.records(), input.size());
  auto stream = sorter.Finish();
  EXPECT_TRUE(stream.ok()) << stream.status();
  if (!stream.ok()) return {};
  return Drain(stream->get());
}

TEST(ExternalSorter, EmptyAndSingleRecordInputs) {
  TempDir dir;
  for (size_t n : {0, 1}) {
    const auto input = Random16(n, 10, 1);
    EXPECT_EQ(SortExternally(input, dir / "work", 1 << 20, ByKey()), input);
  }
  EXPECT_FALSE(fs::exists(dir / "work")) << "nothing spilled, so no folder and no file";
}

TEST(ExternalSorter, InMemorySortWritesNoFileAndIsStable) {
  TempDir dir;
  const auto input = Random16(20000, 50, 2);
  ExternalSorter<Rec16, ByKey> sorter(dir / "work", 64 << 20, ByKey());
  ASSERT_TRUE(sorter.Add(input).ok());
  auto stream = sorter.Finish();
  ASSERT_TRUE(stream.ok());
  EXPECT_EQ(Drain(stream->get()), Oracle(input, ByKey()));
  EXPECT_EQ(sorter.spilled_runs(), 0u);
  EXPECT_EQ(sorter.spilled_bytes(), 0u);
  EXPECT_FALSE(fs::exists(dir / "work"));
}

TEST(ExternalSorter, SpilledRunsMergeToTheStableSortWithDuplicates) {
  TempDir dir;
  // 1 MiB holds about 43,690 Rec16: 300,000 make 7 runs.
  const auto input = Random16(300000, 1000, 3);
  ExternalSorter<Rec16, ByKey> sorter(dir / "work", 1 << 20, ByKey());
  ASSERT_TRUE(sorter.Add(input).ok());
  EXPECT_GE(sorter.spilled_runs(), 6u);
  EXPECT_GT(Entries(dir / "work"), 0u) << "runs are on disk while sorting";
  {
    auto stream = sorter.Finish();
    ASSERT_TRUE(stream.ok()) << stream.status();
    EXPECT_EQ(sorter.merge_passes(), 0u) << "7 runs fit one merge";
    EXPECT_EQ(Drain(stream->get()), Oracle(input, ByKey()));
  }
  EXPECT_EQ(sorter.spilled_bytes(), input.size() * sizeof(Rec16));
}

TEST(ExternalSorter, ManyRunsNeedMergePassesAndGiveTheSameOrder) {
  TempDir dir;
  // 800,000 Rec16 at 1 MiB: 19 runs, more than the 15 a 1 MiB merge buffers.
  const auto input = Random16(800000, 1u << 20, 4);
  ExternalSorter<Rec16, ByKey> sorter(dir / "work", 1 << 20, ByKey());
  ASSERT_TRUE(sorter.Add(input).ok());
  auto stream = sorter.Finish();
  ASSERT_TRUE(stream.ok()) << stream.status();
  EXPECT_GT(sorter.spilled_runs(), 15u);
  EXPECT_GE(sorter.merge_passes(), 1u);
  EXPECT_GT(sorter.spilled_bytes(), input.size() * sizeof(Rec16)) << "a merge pass rewrites runs";
  EXPECT_EQ(Drain(stream->get()), Oracle(input, ByKey()));
}

TEST(ExternalSorter, OutputIsTheSameWhateverTheMemoryBudget) {
  TempDir dir;
  const auto input = Random24(150000, 5);  // 3.6 MB
  const auto expected = Oracle(input, ByBandHash());
  for (uint64_t memory : {uint64_t{1} << 20, uint64_t{3} << 20, uint64_t{64} << 20}) {
    EXPECT_EQ(SortExternally(input, dir / "work", memory, ByBandHash()), expected) << memory;
  }
  EXPECT_EQ(Entries(dir / "work"), 0u);
}

TEST(ExternalSorter, DefaultLessSortsPlainIntegers) {
  TempDir dir;
  std::mt19937_64 rng(6);
  std::vector<uint64_t> input(200000);
  for (auto& v : input) v = rng() % 100000;
  auto expected = input;
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(SortExternally(input, dir / "work", 1 << 20, std::less<uint64_t>()), expected);
}

TEST(ExternalSorter, ScratchFilesOutliveTheSorterUntilTheStreamIsGone) {
  TempDir dir;
  const auto input = Random16(100000, 100, 7);
  std::unique_ptr<RecordStream<Rec16>> stream;
  {
    ExternalSorter<Rec16, ByKey> sorter(dir / "work", 1 << 20, ByKey());
    ASSERT_TRUE(sorter.Add(input).ok());
    auto s = sorter.Finish();
    ASSERT_TRUE(s.ok());
    stream = std::move(*s);
  }
  EXPECT_GT(Entries(dir / "work"), 0u);
  EXPECT_EQ(Drain(stream.get()), Oracle(input, ByKey()));
  stream.reset();
  EXPECT_EQ(Entries(dir / "work"), 0u);
}

TEST(ExternalSorter, ScratchFilesAreRemovedWhenTheSorterDiesUnfinished) {
  TempDir dir;
  {
    ExternalSorter<Rec16, ByKey> sorter(dir / "work", 1 << 20, ByKey());
    ASSERT_TRUE(sorter.Add(Random16(100000, 100, 8)).ok());
    EXPECT_GT(Entries(dir / "work"), 0u);
  }
  EXPECT_EQ(Entries(dir / "work"), 0u);
}

TEST(ExternalSorter, AnUnusableWorkDirectoryIsAStatusNamingIt) {
  TempDir dir;
  testing::WriteFile(dir / "file", "x");  // a file where a folder should be (fails even for root)
  const std::string work = dir / "file/work";
  ExternalSorter<Rec16, ByKey> sorter(work, 1 << 20, ByKey());
  absl::Status status;
  for (int i = 0; i < 5 && status.ok(); ++i) status = sorter.Add(Random16(20000, 100, 9));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << status;
  EXPECT_NE(status.message().find(work), std::string::npos) << status;
  EXPECT_FALSE(sorter.Add(Rec16{1, 1}).ok()) << "the error sticks";
  EXPECT_FALSE(sorter.Finish().ok());
}

TEST(ExternalSorter, MisuseIsAStatus) {
  TempDir dir;
  ExternalSorter<Rec16, ByKey> sorter(dir / "work", 0, ByKey());
  EXPECT_EQ(sorter.memory_bytes(), internal::kMinSortMemoryBytes) << "raised to the floor";
  ASSERT_TRUE(sorter.Add(Rec16{2, 0}).ok());
  ASSERT_TRUE(sorter.Finish().ok());
  EXPECT_EQ(sorter.Finish().status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(sorter.Add(Rec16{1, 1}).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(MergeStreams, EqualsTheStableSortOfTheConcatenation) {
  std::mt19937 rng(10);
  for (int trial = 0; trial < 30; ++trial) {
    const size_t k = rng() % 7;  // 0 to 6 streams, some empty
    std::vector<Rec16> concatenation;
    std::vector<std::unique_ptr<RecordStream<Rec16>>> streams;
    for (size_t s = 0; s < k; ++s) {
      auto part = Oracle(Random16(rng() % 300, 20, rng()), ByKey());
      for (auto& r : part) r.seq = concatenation.size() + (&r - part.data());  // global position
      concatenation.insert(concatenation.end(), part.begin(), part.end());
      streams.push_back(std::make_unique<internal::VectorRecordStream<Rec16>>(part));
    }
    auto merged = MergeStreams<Rec16, ByKey>(std::move(streams), ByKey());
    EXPECT_EQ(Drain(merged.get()), Oracle(concatenation, ByKey())) << "trial " << trial;
  }
}

TEST(MergeStreams, MergesSortedFilesAndReportsATruncatedOne) {
  TempDir dir;
  const auto a = Oracle(Random16(5000, 300, 11), ByKey());
  const auto b = Oracle(Random16(7000, 300, 12), ByKey());
  for (const auto& [name, v] : {std::pair{"a", &a}, std::pair{"b", &b}}) {
    auto w = internal::AtomicFileWriter::Create(dir / name);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->AppendRecords<Rec16>(*v).ok());
    ASSERT_TRUE((*w)->Commit().ok());
  }
  std::vector<std::unique_ptr<RecordStream<Rec16>>> streams;
  for (const char* name : {"a", "b"}) {
    auto s = internal::OpenRecordFile<Rec16>(dir / name, 4096);
    ASSERT_TRUE(s.ok()) << s.status();
    streams.push_back(std::move(*s));
  }
  auto concatenation = a;
  concatenation.insert(concatenation.end(), b.begin(), b.end());
  auto merged = MergeStreams<Rec16, ByKey>(std::move(streams), ByKey());
  EXPECT_EQ(Drain(merged.get()), Oracle(concatenation, ByKey()));

  // Cut b in the middle of a record: the merge ends with DataLoss.
  fs::resize_file(dir / "b", 1000 * sizeof(Rec16) + 5);
  EXPECT_EQ(internal::OpenRecordFile<Rec16>(dir / "b").status().code(), absl::StatusCode::kDataLoss);
}

// Gives `good` records, then fails.
class FailingStream final : public RecordStream<Rec16> {
 public:
  explicit FailingStream(int good) : good_(good) {}
  bool Next(Rec16* r) override {
    if (next_ == good_) {
      status_ = absl::DataLossError("disk gone");
      return false;
    }
    *r = {static_cast<uint64_t>(next_++), 0};
    return true;
  }
  absl::Status status() const override { return status_; }

 private:
  int good_, next_ = 0;
  absl::Status status_;
};

TEST(MergeStreams, AnInputErrorEndsTheMergeWithThatError) {
  for (int good : {0, 3}) {
    std::vector<std::unique_ptr<RecordStream<Rec16>>> streams;
    streams.push_back(std::make_unique<internal::VectorRecordStream<Rec16>>(Random16(10, 1, 13)));
    streams.push_back(std::make_unique<FailingStream>(good));
    auto merged = MergeStreams<Rec16, ByKey>(std::move(streams), ByKey());
    Rec16 r;
    int n = 0;
    while (merged->Next(&r)) ++n;
    EXPECT_LT(n, 13);
    EXPECT_EQ(merged->status().code(), absl::StatusCode::kDataLoss) << good;
    EXPECT_FALSE(merged->Next(&r));
  }
}

}  // namespace
}  // namespace shabih

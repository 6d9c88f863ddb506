// External sort of band-key-like records (24 bytes) and page-cached random
// reads: the out-of-core building blocks, in MB/s. The sort runs once in
// memory and once with a budget that spills about 20 runs (merged in two
// passes), so the two figures show what spilling costs.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "engine/internal/external_sort.h"
#include "engine/internal/paged_file.h"

namespace shabih {
namespace {

struct BandKey {
  uint32_t band;
  uint32_t pad;
  uint64_t hash;
  uint64_t doc;
};
struct ByBandHash {
  bool operator()(const BandKey& a, const BandKey& b) const {
    return a.band != b.band ? a.band < b.band : a.hash < b.hash;
  }
};

// A private folder under $TMPDIR, removed at exit.
struct WorkDir {
  WorkDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base ? base : "/tmp") + "/shabih-bench-XXXXXX";
    path = mkdtemp(tmpl.data()) ? tmpl : "/tmp";
  }
  ~WorkDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string path;
};

void BM_ExternalSort(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const uint64_t memory = static_cast<uint64_t>(state.range(1)) << 20;
  std::mt19937_64 rng(1);
  std::vector<BandKey> keys(n);
  for (size_t i = 0; i < n; ++i) keys[i] = {static_cast<uint32_t>(rng() % 16), 0, rng(), i};
  WorkDir dir;
  uint64_t runs = 0;
  for (auto _ : state) {
    internal::ExternalSorter<BandKey, ByBandHash> sorter(dir.path, memory, ByBandHash());
    if (!sorter.Add(keys).ok()) state.SkipWithError("Add failed");
    auto stream = sorter.Finish();
    if (!stream.ok()) state.SkipWithError("Finish failed");
    BandKey k;
    uint64_t sum = 0;
    while ((*stream)->Next(&k)) sum += k.doc;
    benchmark::DoNotOptimize(sum);
    runs = sorter.spilled_runs();
  }
  state.counters["runs"] = static_cast<double>(runs);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n * sizeof(BandKey)));
}
BENCHMARK(BM_ExternalSort)->Args({1 << 20, 64})->Args({1 << 20, 1})->Unit(benchmark::kMillisecond);

// 512-byte reads (a signature) at random offsets of a 32 MiB file through a
// 4 MiB cache: mostly misses, so this is pread plus the cache's bookkeeping.
void BM_PagedReaderRandomRead(benchmark::State& state) {
  WorkDir dir;
  const std::string path = dir.path + "/signatures";
  {
    auto w = internal::AtomicFileWriter::Create(path);
    std::string block(1 << 20, 'x');
    for (int i = 0; i < 32 && w.ok(); ++i) (void)(*w)->Append(block);
    if (!w.ok() || !(*w)->Commit().ok()) state.SkipWithError("cannot write the file");
  }
  auto reader = internal::PagedReader::Open(path, static_cast<size_t>(state.range(0)), 4 << 20);
  if (!reader.ok()) state.SkipWithError("cannot open the file");
  std::mt19937_64 rng(2);
  char buf[512];
  for (auto _ : state) {
    const uint64_t offset = (rng() % ((32 << 20) / 512)) * 512;
    if (!(*reader)->Read(offset, sizeof buf, buf).ok()) state.SkipWithError("read failed");
    benchmark::DoNotOptimize(buf);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * sizeof buf));
}
BENCHMARK(BM_PagedReaderRandomRead)->Arg(4 << 10)->Arg(64 << 10);

}  // namespace
}  // namespace shabih

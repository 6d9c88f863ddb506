// Sharded reading (shabih/corpus.h, "Shards"): what a shard pays to know
// the global line numbers of a JSONL file it starts inside, against the
// read itself. docs/performance.md records the numbers.
//
// The input: the generated pages (bench_data::kGenerated) as JSONL lines
// without ids, repeated to 64 MB, written once under $TMPDIR.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "bench/bench_data.h"
#include "engine/internal/json_writer.h"
#include "engine/internal/shard_plan.h"
#include "shabih/corpus.h"

namespace shabih {
namespace {

const std::string& JsonlPath() {
  static const std::string* path = [] {
    const char* tmp = std::getenv("TMPDIR");
    auto* p = new std::string((std::filesystem::path(tmp ? tmp : "/tmp") /
                               absl::StrCat("shabih-shard-bench-", getpid(), ".jsonl")).string());
    std::ofstream out(*p, std::ios::binary);
    const bench_data::TextSet& set = bench_data::Texts(bench_data::kGenerated);
    uint64_t written = 0;
    while (written < (64u << 20)) {
      for (const std::string& text : set.docs) {
        std::string line = "{\"text\":";
        AppendJsonString(text, &line);
        line += "}\n";
        out << line;
        written += line.size();
      }
    }
    std::atexit([] { std::filesystem::remove(JsonlPath()); });
    return p;
  }();
  return *path;
}

void BM_CountNewlines(benchmark::State& state) {
  const int fd = open(JsonlPath().c_str(), O_RDONLY);
  const uint64_t size = static_cast<uint64_t>(lseek(fd, 0, SEEK_END));
  for (auto _ : state) benchmark::DoNotOptimize(internal::CountNewlines(fd, size));
  close(fd);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * size));
}
BENCHMARK(BM_CountNewlines)->Unit(benchmark::kMillisecond);

// The last of N shards: it parses 1/N of the file and counts the newlines
// of the (N-1)/N before it. Bytes processed: its own share.
void BM_ReadLastShard(benchmark::State& state) {
  const int count = static_cast<int>(state.range(0));
  ReadOptions options;
  options.shard_index = count - 1;
  options.shard_count = count;
  uint64_t owned = 0;
  for (auto _ : state) {
    auto reader = CorpusReader::Open({JsonlPath()}, options);
    Document doc;
    while ((*reader)->Next(&doc)) benchmark::DoNotOptimize(doc.text.data());
    owned = (*reader)->stats().bytes;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * owned));
}
BENCHMARK(BM_ReadLastShard)->Arg(1)->Arg(2)->Arg(8)->Arg(32)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace shabih

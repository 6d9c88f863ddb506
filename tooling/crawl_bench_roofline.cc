// The roofline: read + XXH3 per line, no parsing. It walks the sources the
// CorpusReader resolves (same directory order, same file types, same
// exclusions), so it reads exactly the bytes the pipeline reads.
#include <fcntl.h>
#include <unistd.h>
#include <xxhash.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>

#include "absl/strings/str_cat.h"
#include "engine/internal/pipeline_util.h"
#include "tooling/crawl_bench_internal.h"

namespace shabih::bench {
namespace {

// A file's bytes, decompressed when it is gzip.
class RawFile {
 public:
  ~RawFile() {
    if (gz_ != nullptr) gzclose(gz_);
    if (fd_ >= 0) close(fd_);
  }
  absl::Status Open(const Source& source) {
    path_ = source.path;
    if (source.gzip) {
      gz_ = gzopen(path_.c_str(), "rb");
      if (gz_ == nullptr) return absl::NotFoundError(absl::StrCat("cannot read ", path_));
      gzbuffer(gz_, 1 << 20);
      return absl::OkStatus();
    }
    fd_ = open(path_.c_str(), O_RDONLY);
    if (fd_ < 0) {
      return absl::NotFoundError(absl::StrCat("cannot read ", path_, ": ", std::strerror(errno)));
    }
    return absl::OkStatus();
  }
  // Bytes read (0 at the end), or an error.
  absl::StatusOr<size_t> Read(char* into, size_t want) {
    while (true) {
      const ssize_t got = gz_ != nullptr
                              ? gzread(gz_, into, static_cast<unsigned>(std::min<size_t>(want, 1u << 30)))
                              : read(fd_, into, want);
      if (got < 0 && gz_ == nullptr && errno == EINTR) continue;
      if (got < 0) return absl::DataLossError(absl::StrCat("error while reading ", path_));
      return static_cast<size_t>(got);
    }
  }

 private:
  std::string path_;
  int fd_ = -1;
  gzFile gz_ = nullptr;
};

// Hashes the '\n'-separated lines of one source; adds to *bytes, *lines, *sink.
absl::Status HashLines(const Source& source, uint64_t* bytes, uint64_t* lines, uint64_t* sink) {
  RawFile file;
  if (absl::Status s = file.Open(source); !s.ok()) return s;
  std::vector<char> buffer(1 << 20);
  size_t held = 0;  // bytes of an unfinished line at the start of buffer
  while (true) {
    if (held == buffer.size()) buffer.resize(buffer.size() * 2);
    absl::StatusOr<size_t> got = file.Read(buffer.data() + held, buffer.size() - held);
    if (!got.ok()) return got.status();
    if (*got == 0) break;
    *bytes += *got;
    const char* begin = buffer.data();
    const char* end = buffer.data() + held + *got;
    const char* line = begin;
    while (const char* nl = static_cast<const char*>(std::memchr(line, '\n', end - line))) {
      *sink ^= XXH3_64bits(line, nl - line);
      ++*lines;
      line = nl + 1;
    }
    held = end - line;
    if (held > 0 && line != begin) std::memmove(buffer.data(), line, held);
  }
  if (held > 0) {
    *sink ^= XXH3_64bits(buffer.data(), held);
    ++*lines;
  }
  return absl::OkStatus();
}

}  // namespace

RooflineFigure MeasureRoofline(const std::vector<std::string>& inputs, const ReadOptions& read, int repeats) {
  RooflineFigure best;
  absl::StatusOr<std::unique_ptr<CorpusReader>> reader = CorpusReader::Open(inputs, read);
  if (!reader.ok()) return best;  // Bad options: the pipeline reports them.
  const std::vector<Source>& sources = (*reader)->sources();
  uint64_t sink = 0;
  for (int r = 0; r < std::max(1, repeats); ++r) {
    RooflineFigure run;
    const internal::Clock::time_point start = internal::Clock::now();
    for (const Source& source : sources) {
      // An unreadable file is skipped, as the reader skips it (and counts it).
      HashLines(source, &run.bytes, &run.lines, &sink).IgnoreError();
    }
    run.seconds = internal::SecondsSince(start);
    if (r == 0 || run.seconds < best.seconds) best = run;
  }
  // Keeps the hashing observable so that it cannot be optimized away.
  static std::atomic<uint64_t> roofline_sink{0};
  roofline_sink.fetch_xor(sink, std::memory_order_relaxed);
  return best;
}

}  // namespace shabih::bench

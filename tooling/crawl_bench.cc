#include "tooling/crawl_bench.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xxhash.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "engine/internal/status_macros.h"
#include "shabih/boilerplate.h"
#include "engine/internal/json_writer.h"
#include "shabih/minhash.h"
#include "shabih/normalize.h"
#include "engine/internal/resource_usage.h"
#include "shabih/shingle.h"
#include "shabih/strip.h"
#include "shabih/version.h"

namespace shabih {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double PerSecond(double amount, double seconds) { return seconds > 0 ? amount / seconds : 0; }

// ---------------------------------------------------------------------------
// Roofline: every input byte read once and hashed once per line with XXH3.

bool IsCrawlFile(const fs::path& path) {
  const std::string name = path.filename().string();
  return absl::EndsWith(name, ".txt") || absl::EndsWith(name, ".jsonl") || absl::EndsWith(name, ".jsonl.gz");
}

// The files the reader would visit (directories walked for the extensions
// the reader reads; explicit files as given).
std::vector<std::string> CrawlFiles(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      std::vector<std::string> found;
      for (fs::recursive_directory_iterator it(input, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec) && IsCrawlFile(it->path())) found.push_back(it->path().string());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(input);
    }
  }
  return files;
}

// Hashes the '\n'-separated lines of one file; adds to *bytes, *lines, *sink.
absl::Status HashFileLines(const std::string& path, uint64_t* bytes, uint64_t* lines, uint64_t* sink) {
  const bool gzip = absl::EndsWith(path, ".gz");
  int fd = -1;
  gzFile gz = nullptr;
  if (gzip) {
    gz = gzopen(path.c_str(), "rb");
    if (gz == nullptr) return absl::NotFoundError(absl::StrCat("cannot read ", path));
    gzbuffer(gz, 1 << 20);
  } else {
    fd = open(path.c_str(), O_RDONLY);
    if (fd < 0) return absl::NotFoundError(absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  std::vector<char> buffer(1 << 20);
  size_t held = 0;  // bytes of an unfinished line at the start of buffer
  absl::Status status;
  while (true) {
    if (held == buffer.size()) buffer.resize(buffer.size() * 2);
    const size_t want = buffer.size() - held;
    ssize_t got;
    if (gzip) {
      got = gzread(gz, buffer.data() + held, static_cast<unsigned>(std::min<size_t>(want, 1u << 30)));
    } else {
      got = read(fd, buffer.data() + held, want);
      if (got < 0 && errno == EINTR) continue;
    }
    if (got < 0) {
      status = absl::DataLossError(absl::StrCat("error while reading ", path));
      break;
    }
    if (got == 0) break;
    *bytes += static_cast<uint64_t>(got);
    const char* begin = buffer.data();
    const char* end = buffer.data() + held + got;
    const char* line = begin;
    while (const char* nl = static_cast<const char*>(std::memchr(line, '\n', end - line))) {
      *sink ^= XXH3_64bits(line, nl - line);
      ++*lines;
      line = nl + 1;
    }
    held = end - line;
    if (held > 0 && line != begin) std::memmove(buffer.data(), line, held);
  }
  if (held > 0 && status.ok()) {
    *sink ^= XXH3_64bits(buffer.data(), held);
    ++*lines;
  }
  if (gzip) {
    gzclose(gz);
  } else {
    close(fd);
  }
  return status;
}

RooflineFigure MeasureRoofline(const std::vector<std::string>& inputs, int repeats) {
  const std::vector<std::string> files = CrawlFiles(inputs);
  RooflineFigure best;
  uint64_t sink = 0;
  for (int r = 0; r < std::max(1, repeats); ++r) {
    RooflineFigure run;
    const Clock::time_point start = Clock::now();
    for (const std::string& file : files) {
      // An unreadable file is skipped, as the reader skips it (and counts it).
      HashFileLines(file, &run.bytes, &run.lines, &sink).IgnoreError();
    }
    run.seconds = SecondsSince(start);
    if (r == 0 || run.seconds < best.seconds) best = run;
  }
  // Keeps the hashing observable so that it cannot be optimized away.
  static std::atomic<uint64_t> roofline_sink{0};
  roofline_sink.fetch_xor(sink, std::memory_order_relaxed);
  return best;
}

// ---------------------------------------------------------------------------
// One-thread profile: the hot path split into stages, timed per document.

absl::Status Profile(const std::vector<std::string>& inputs, const DedupOptions& options,
                     CrawlBenchPoint* point) {
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<Normalizer> normalizer, Normalizer::Create(options.normalizer));
  SHABIH_ASSIGN_OR_RETURN(const MinHasher hasher, MinHasher::Create(options.minhash));
  std::unique_ptr<BoilerplateClassifier> classifier;
  std::unique_ptr<CrawlLineStats> line_stats;
  double scan = 0;
  if (options.strip) {
    SHABIH_ASSIGN_OR_RETURN(classifier, BoilerplateClassifier::Create(options.boilerplate));
    if (options.strip_crawl_stats) {
      const Clock::time_point start = Clock::now();
      SHABIH_ASSIGN_OR_RETURN(line_stats,
                              CollectCrawlLineStats(inputs, options.read, options.boilerplate, 1, nullptr));
      scan = SecondsSince(start);
    }
  }
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> reader, CorpusReader::Open(inputs, options.read));
  double read = 0, strip = 0, normalize = 0, shingle = 0, sign = 0;
  Document doc;
  std::string kept;
  std::vector<uint64_t> tokens, shingles;
  std::vector<uint32_t> signature(static_cast<size_t>(hasher.num_perms()));
  uint64_t sink = 0;
  while (true) {
    const Clock::time_point t0 = Clock::now();
    const bool more = reader->Next(&doc);
    const Clock::time_point t1 = Clock::now();
    read += std::chrono::duration<double>(t1 - t0).count();
    if (!more) break;
    absl::string_view text = doc.text;
    Clock::time_point t2 = t1;
    if (classifier) {
      classifier->Strip(doc.site, doc.text, line_stats.get(), &kept);
      text = kept;
      t2 = Clock::now();
      strip += std::chrono::duration<double>(t2 - t1).count();
    }
    tokens.clear();
    normalizer->TokenHashes(text, &tokens);
    const Clock::time_point t3 = Clock::now();
    ShingleHashes(tokens, options.shingle_size, &shingles);
    const Clock::time_point t4 = Clock::now();
    hasher.Sign(shingles, absl::MakeSpan(signature));
    const Clock::time_point t5 = Clock::now();
    sink ^= signature[0];
    normalize += std::chrono::duration<double>(t3 - t2).count();
    shingle += std::chrono::duration<double>(t4 - t3).count();
    sign += std::chrono::duration<double>(t5 - t4).count();
  }
  static std::atomic<uint64_t> profile_sink{0};
  profile_sink.fetch_xor(sink, std::memory_order_relaxed);
  point->profile.clear();
  point->profile.push_back({"read", read});
  if (options.strip && options.strip_crawl_stats) point->profile.push_back({"strip-scan", scan});
  if (options.strip) point->profile.push_back({"strip", strip});
  point->profile.push_back({"normalize", normalize});
  point->profile.push_back({"shingle", shingle});
  point->profile.push_back({"sign", sign});
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// Measuring one point, in this process.

// Resets VmHWM to the current RSS (Linux >= 4.0); false where not allowed.
bool ResetPeakRss() {
  std::ofstream clear("/proc/self/clear_refs");
  if (!clear) return false;
  clear << "5";
  clear.close();
  return static_cast<bool>(clear);
}

absl::Status MeasurePoint(const std::vector<std::string>& inputs, const CrawlBenchOptions& options,
                          const std::string& out_dir, CrawlBenchPoint* point) {
  point->roofline = MeasureRoofline(inputs, options.roofline_repeats);
  point->start_rss_bytes = CurrentRssBytes();
  SHABIH_ASSIGN_OR_RETURN(const DedupSummary summary, RunDedup(inputs, options.dedup, out_dir, {}));
  // Read before the profile, whose memory must not count.
  point->peak_rss_bytes = std::max(PeakRssBytes(), point->start_rss_bytes);
  point->documents = summary.documents;
  point->bytes = summary.read.bytes;
  point->threads = summary.threads;
  point->seconds = summary.seconds;
  point->index_bytes = summary.index_bytes;
  point->clusters = summary.clusters;
  point->duplicates = summary.duplicates;
  point->candidate_pairs = summary.candidate_pairs;
  point->verified_edges = summary.verified_edges;
  point->stages.clear();
  double staged = 0;
  for (const StageTime& stage : summary.stages) {
    point->stages.push_back({stage.stage, stage.seconds});
    staged += stage.seconds;
  }
  // Building the normalizer table, the classifier and the like.
  if (summary.seconds > staged) point->stages.insert(point->stages.begin(), StageFigure{"setup", summary.seconds - staged});
  std::error_code ec;
  fs::remove_all(out_dir, ec);
  if (options.profile) SHABIH_RETURN_IF_ERROR(Profile(inputs, options.dedup, point));
  return absl::OkStatus();
}

// Fills the derived figures (rates, per-document memory, totals).
void Finish(CrawlBenchPoint* point) {
  const double mb = point->bytes / 1e6, docs = static_cast<double>(point->documents);
  auto fill = [&](std::vector<StageFigure>* stages, double total) {
    if (stages->empty()) return;
    stages->push_back({"total", total});
    for (StageFigure& s : *stages) {
      s.mb_per_second = PerSecond(mb, s.seconds);
      s.docs_per_second = PerSecond(docs, s.seconds);
    }
  };
  double profile_total = 0;
  for (const StageFigure& s : point->profile) profile_total += s.seconds;
  fill(&point->profile, profile_total);
  fill(&point->stages, point->seconds);
  point->roofline.mb_per_second = PerSecond(point->roofline.bytes / 1e6, point->roofline.seconds);
  point->mb_per_second = PerSecond(mb, point->seconds);
  point->docs_per_second = PerSecond(docs, point->seconds);
  point->roofline_fraction =
      point->roofline.mb_per_second > 0 ? point->mb_per_second / point->roofline.mb_per_second : 0;
  const uint64_t grown = point->peak_rss_bytes - std::min(point->peak_rss_bytes, point->start_rss_bytes);
  point->memory_bytes_per_document = docs > 0 ? grown / docs : 0;
  point->index_bytes_per_document = docs > 0 ? point->index_bytes / docs : 0;
}

// ---------------------------------------------------------------------------
// Measuring one point in a forked child. The child sends its raw figures
// back over a pipe as text lines; the parent parses them.

std::string SerializePoint(const CrawlBenchPoint& p) {
  std::string out = absl::StrFormat("point %d %d %d %d %.17g %d %d %d %d %d %d %d\n", p.size, p.documents,
                                    p.bytes, p.threads, p.seconds, p.start_rss_bytes, p.peak_rss_bytes,
                                    p.index_bytes, p.clusters, p.duplicates, p.candidate_pairs,
                                    p.verified_edges);
  absl::StrAppendFormat(&out, "roofline %d %d %.17g\n", p.roofline.bytes, p.roofline.lines, p.roofline.seconds);
  for (const StageFigure& s : p.profile) absl::StrAppendFormat(&out, "profile %.17g %s\n", s.seconds, s.stage);
  for (const StageFigure& s : p.stages) absl::StrAppendFormat(&out, "stage %.17g %s\n", s.seconds, s.stage);
  return out;
}

absl::StatusOr<CrawlBenchPoint> ParsePoint(absl::string_view text) {
  CrawlBenchPoint p;
  bool have_point = false;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    std::vector<std::string> f = absl::StrSplit(line, absl::MaxSplits(' ', 12));
    bool ok = true;
    if (f[0] == "error" && f.size() >= 2) {
      int code = 0;
      const size_t space = line.find(' ', 6);
      ok = absl::SimpleAtoi(f[1], &code);
      return absl::Status(static_cast<absl::StatusCode>(ok ? code : 2),
                          space == absl::string_view::npos ? "" : line.substr(space + 1));
    } else if (f[0] == "point" && f.size() == 13) {
      uint64_t* ints[] = {&p.size, &p.documents, &p.bytes};
      for (int i = 0; i < 3; ++i) ok &= absl::SimpleAtoi(f[1 + i], ints[i]);
      ok &= absl::SimpleAtoi(f[4], &p.threads);
      ok &= absl::SimpleAtod(f[5], &p.seconds);
      uint64_t* more[] = {&p.start_rss_bytes, &p.peak_rss_bytes, &p.index_bytes, &p.clusters,
                          &p.duplicates,      &p.candidate_pairs, &p.verified_edges};
      for (int i = 0; i < 7; ++i) ok &= absl::SimpleAtoi(f[6 + i], more[i]);
      have_point = ok;
    } else if (f[0] == "roofline") {
      std::vector<std::string> r = absl::StrSplit(line, ' ');
      ok = r.size() == 4 && absl::SimpleAtoi(r[1], &p.roofline.bytes) &&
           absl::SimpleAtoi(r[2], &p.roofline.lines) && absl::SimpleAtod(r[3], &p.roofline.seconds);
    } else if (f[0] == "profile" || f[0] == "stage") {
      std::vector<std::string> r = absl::StrSplit(line, absl::MaxSplits(' ', 2));
      StageFigure s;
      ok = r.size() == 3 && absl::SimpleAtod(r[1], &s.seconds);
      s.stage = r.size() == 3 ? r[2] : "";
      (f[0] == "profile" ? p.profile : p.stages).push_back(s);
    } else {
      ok = false;
    }
    if (!ok) return absl::InternalError(absl::StrCat("benchmark child sent a bad line: ", line));
  }
  if (!have_point) return absl::InternalError("benchmark child sent no figures");
  return p;
}

bool WriteAll(int fd, absl::string_view data) {
  while (!data.empty()) {
    const ssize_t n = write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

absl::StatusOr<CrawlBenchPoint> MeasureIsolated(const std::vector<std::string>& inputs,
                                                const CrawlBenchOptions& options, const std::string& out_dir,
                                                uint64_t size) {
  int fds[2];
  if (pipe(fds) != 0) return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
  std::fflush(nullptr);  // nothing buffered may be written twice
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
  }
  if (pid == 0) {
    // The child: measure, send, and leave without running the parent's
    // exit handlers or destructors.
    close(fds[0]);
    CrawlBenchPoint point;
    point.size = size;
    const absl::Status status = MeasurePoint(inputs, options, out_dir, &point);
    std::string message = SerializePoint(point);
    if (!status.ok()) {
      // One line: the parent reads the message up to the line's end.
      std::string text(status.message());
      std::replace(text.begin(), text.end(), '\n', ' ');
      message = absl::StrCat("error ", static_cast<int>(status.code()), " ", text, "\n");
    }
    const bool sent = WriteAll(fds[1], message);
    close(fds[1]);
    _exit(sent ? 0 : 1);
  }
  close(fds[1]);
  std::string received;
  char buffer[4096];
  while (true) {
    const ssize_t n = read(fds[0], buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    received.append(buffer, static_cast<size_t>(n));
  }
  close(fds[0]);
  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(wstatus)) {
    return absl::InternalError(absl::StrCat("benchmark child died with signal ", WTERMSIG(wstatus),
                                            WTERMSIG(wstatus) == SIGKILL ? " (out of memory?)" : ""));
  }
  return ParsePoint(received);
}

// ---------------------------------------------------------------------------
// Inputs for each size.

// Writes the first `size` documents of `inputs` to `path` as JSONL. Sets
// *documents to the number written (fewer than size: the input ended).
absl::Status WritePrefix(const std::vector<std::string>& inputs, const ReadOptions& read, uint64_t size,
                         const fs::path& path, uint64_t* documents) {
  ReadOptions options = read;
  options.keep_raw = true;
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> reader, CorpusReader::Open(inputs, options));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return absl::PermissionDeniedError(absl::StrCat("cannot write ", path.string()));
  Document doc;
  std::string line;
  *documents = 0;
  while (*documents < size && reader->Next(&doc)) {
    if (reader->sources()[doc.source].kind != Source::Kind::kText && !doc.raw.empty()) {
      out.write(doc.raw.data(), static_cast<std::streamsize>(doc.raw.size()));
    } else {
      // A text file: the site becomes the URL host, which is how the reader
      // derives a JSONL document's site.
      line.clear();
      JsonObjectWriter w(&line);
      w.String(options.id_fields.empty() ? "id" : options.id_fields[0], doc.id);
      w.String("url", absl::StrCat("https://", doc.site.empty() ? "unknown" : doc.site, "/"));
      w.String(options.text_field, doc.text);
      w.Close();
      out.write(line.data(), static_cast<std::streamsize>(line.size()));
    }
    out.put('\n');
    ++*documents;
  }
  out.close();
  if (!out) return absl::DataLossError(absl::StrCat("error while writing ", path.string()));
  return absl::OkStatus();
}

std::vector<uint64_t> SortedSizes(std::vector<uint64_t> sizes) {
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  return sizes;
}

std::string JoinInputs(const std::vector<std::string>& inputs) {
  std::string out;
  for (const std::string& input : inputs) absl::StrAppend(&out, out.empty() ? "" : " ", input);
  return out;
}

std::string FitJson(const GrowthFit& fit) {
  std::string out;
  JsonObjectWriter w(&out);
  w.Int("points", fit.points);
  w.Double("exponent", fit.exponent, 3);
  w.Double("r_squared", fit.r_squared, 4);
  w.Close();
  return out;
}

std::string StagesJson(const std::vector<StageFigure>& stages) {
  std::string out = "[";
  for (size_t i = 0; i < stages.size(); ++i) {
    if (i) out.push_back(',');
    JsonObjectWriter w(&out);
    w.String("stage", stages[i].stage);
    w.Double("seconds", stages[i].seconds, 4);
    w.Double("mb_per_second", stages[i].mb_per_second, 1);
    w.Double("docs_per_second", stages[i].docs_per_second, 0);
    w.Close();
  }
  out.push_back(']');
  return out;
}

std::string Megabytes(uint64_t bytes) { return absl::StrFormat("%.1f MB", bytes / 1e6); }

void AppendStageRows(const std::vector<StageFigure>& stages, std::string* out) {
  for (const StageFigure& s : stages) {
    absl::StrAppendFormat(out, "  %-12s %10.3f %10.1f %12.0f\n", s.stage, s.seconds, s.mb_per_second,
                          s.docs_per_second);
  }
}

}  // namespace

GrowthFit FitGrowth(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<double> lx, ly;
  for (size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
    if (x[i] > 0 && y[i] > 0) {
      lx.push_back(std::log(x[i]));
      ly.push_back(std::log(y[i]));
    }
  }
  GrowthFit fit;
  fit.points = static_cast<int>(lx.size());
  if (lx.size() < 2) return fit;
  double mx = 0, my = 0;
  for (size_t i = 0; i < lx.size(); ++i) {
    mx += lx[i];
    my += ly[i];
  }
  mx /= lx.size();
  my /= ly.size();
  double sxx = 0, sxy = 0, syy = 0;
  for (size_t i = 0; i < lx.size(); ++i) {
    sxx += (lx[i] - mx) * (lx[i] - mx);
    sxy += (lx[i] - mx) * (ly[i] - my);
    syy += (ly[i] - my) * (ly[i] - my);
  }
  if (sxx <= 0) return fit;
  fit.exponent = sxy / sxx;
  fit.r_squared = syy > 0 ? (sxy * sxy) / (sxx * syy) : 1.0;
  return fit;
}

absl::StatusOr<CrawlBenchReport> RunCrawlBench(const std::vector<std::string>& inputs,
                                               const CrawlBenchOptions& raw_options) {
  CrawlBenchOptions options = raw_options;
  if (options.generate.has_value() == !inputs.empty()) {
    return absl::InvalidArgumentError("give either input paths or a crawl to generate, not both or neither");
  }
  for (const std::string& input : inputs) {
    if (input == "-") return absl::InvalidArgumentError("bench reads its input several times: stdin cannot be used");
  }
  const std::vector<uint64_t> sizes = SortedSizes(options.sizes);
  if (options.generate.has_value() && (sizes.empty() || sizes.front() == 0)) {
    return absl::InvalidArgumentError("a generated crawl needs sizes of at least 1 page");
  }
  // Fail on bad pipeline options before any work.
  SHABIH_ASSIGN_OR_RETURN(options.dedup, ResolveDedupOptions(options.dedup));
  options.dedup.keep_dir.clear();

  fs::path work;
  bool own_work_dir = options.work_dir.empty();
  std::error_code ec;
  if (own_work_dir) {
    static std::atomic<int> counter{0};
    work = fs::temp_directory_path(ec) / absl::StrCat("shabih-bench-", getpid(), "-", counter++);
  } else {
    work = options.work_dir;
  }
  fs::create_directories(work, ec);
  if (!fs::is_directory(work)) {
    return absl::PermissionDeniedError(absl::StrCat("cannot create work directory ", work.string()));
  }

  CrawlBenchReport report;
  report.isolated = options.isolate;
  report.source = options.generate.has_value()
                      ? absl::StrCat("generated crawl (seed ", options.generate->seed, ", ",
                                     options.generate->sites, " sites)")
                      : JoinInputs(inputs);

  absl::Status status;
  // One entry per point: (size, inputs, scratch to remove afterwards).
  const std::vector<uint64_t> plan = sizes.empty() ? std::vector<uint64_t>{0} : sizes;
  for (uint64_t size : plan) {
    std::vector<std::string> point_inputs = inputs;
    fs::path scratch;
    if (options.generate.has_value()) {
      GeneratorOptions gen = *options.generate;
      gen.pages = static_cast<int64_t>(size);
      gen.write_gold = false;
      scratch = work / absl::StrCat("gen-", size);
      gen.out_dir = scratch.string();
      status = GenerateCrawl(gen, nullptr);
      if (!status.ok()) break;
      point_inputs = {(scratch / (gen.format == CrawlFormat::kJsonl ? "crawl.jsonl" : "crawl")).string()};
    } else if (size > 0) {
      scratch = work / absl::StrCat("prefix-", size, ".jsonl");
      uint64_t written = 0;
      status = WritePrefix(inputs, options.dedup.read, size, scratch, &written);
      if (!status.ok()) break;
      if (written < size) {
        // The input has fewer documents: measure it whole, once, and stop.
        fs::remove(scratch, ec);
        scratch.clear();
        size = 0;
      } else {
        point_inputs = {scratch.string()};
      }
    }
    const std::string out_dir = (work / absl::StrCat("out-", size)).string();
    absl::StatusOr<CrawlBenchPoint> point;
    if (options.isolate) {
      point = MeasureIsolated(point_inputs, options, out_dir, size);
    } else {
      CrawlBenchPoint p;
      p.size = size;
      ResetPeakRss();
      absl::Status s = MeasurePoint(point_inputs, options, out_dir, &p);
      if (s.ok()) {
        point = std::move(p);
      } else {
        point = s;
      }
    }
    fs::remove_all(out_dir, ec);
    if (!scratch.empty()) fs::remove_all(scratch, ec);
    if (!point.ok()) {
      status = point.status();
      break;
    }
    Finish(&*point);
    report.points.push_back(*std::move(point));
    if (options.on_point) options.on_point(report.points.back());
    if (size == 0) break;
  }
  if (own_work_dir) fs::remove_all(work, ec);
  SHABIH_RETURN_IF_ERROR(status);

  std::vector<double> docs, seconds, memory, index;
  for (const CrawlBenchPoint& p : report.points) {
    docs.push_back(static_cast<double>(p.documents));
    seconds.push_back(p.seconds);
    memory.push_back(static_cast<double>(p.peak_rss_bytes - std::min(p.peak_rss_bytes, p.start_rss_bytes)));
    index.push_back(static_cast<double>(p.index_bytes));
  }
  report.time = FitGrowth(docs, seconds);
  report.peak_memory = FitGrowth(docs, memory);
  report.index_memory = FitGrowth(docs, index);
  return report;
}

std::string CrawlBenchTable(const CrawlBenchReport& report) {
  std::string out = absl::StrCat("shabih bench: ", report.source, "\n");
  for (const CrawlBenchPoint& p : report.points) {
    absl::StrAppendFormat(&out, "\n== %d documents, %s%s\n", p.documents, Megabytes(p.bytes),
                          p.size == 0 ? " (whole input)" : "");
    absl::StrAppendFormat(&out, "roofline (read + XXH3 per line, 1 thread): %.3f s, %.1f MB/s\n",
                          p.roofline.seconds, p.roofline.mb_per_second);
    absl::StrAppendFormat(&out, "  %-12s %10s %10s %12s\n", "stage", "seconds", "MB/s", "docs/s");
    if (!p.profile.empty()) {
      out += "profile, 1 thread, timed per document:\n";
      AppendStageRows(p.profile, &out);
    }
    absl::StrAppendFormat(&out, "dedup pipeline (RunDedup, %d threads):\n", p.threads);
    AppendStageRows(p.stages, &out);
    absl::StrAppendFormat(&out, "end to end: %.1f MB/s = 1/%.1f of the roofline\n", p.mb_per_second,
                          p.roofline_fraction > 0 ? 1 / p.roofline_fraction : 0.0);
    absl::StrAppendFormat(&out,
                          "memory: peak RSS %s (%s at start), %.0f bytes/doc; index %s, %.0f bytes/doc\n",
                          Megabytes(p.peak_rss_bytes), Megabytes(p.start_rss_bytes),
                          p.memory_bytes_per_document, Megabytes(p.index_bytes), p.index_bytes_per_document);
    absl::StrAppendFormat(&out, "result: %d clusters, %d duplicates, %d candidate pairs, %d verified edges\n",
                          p.clusters, p.duplicates, p.candidate_pairs, p.verified_edges);
  }
  if (report.points.size() >= 2) {
    out += "\n== growth with size (log-log least squares; 1.0 = linear)\n";
    absl::StrAppendFormat(&out, "%10s %10s %9s %9s %9s %11s %11s %11s\n", "documents", "MB", "seconds", "MB/s",
                          "roofline", "peak RSS MB", "RSS B/doc", "index B/doc");
    for (const CrawlBenchPoint& p : report.points) {
      absl::StrAppendFormat(&out, "%10d %10.1f %9.3f %9.1f %9.1f %11.1f %11.0f %11.0f\n", p.documents,
                            p.bytes / 1e6, p.seconds, p.mb_per_second, p.roofline.mb_per_second,
                            p.peak_rss_bytes / 1e6, p.memory_bytes_per_document, p.index_bytes_per_document);
    }
    absl::StrAppendFormat(&out,
                          "exponent: time %.3f (r2 %.3f), peak memory %.3f (r2 %.3f), index memory %.3f "
                          "(r2 %.3f)\n",
                          report.time.exponent, report.time.r_squared, report.peak_memory.exponent,
                          report.peak_memory.r_squared, report.index_memory.exponent,
                          report.index_memory.r_squared);
  }
  if (!report.isolated) out += "note: sizes measured in one process; peak RSS may carry over between sizes\n";
  return out;
}

std::string CrawlBenchJson(const CrawlBenchReport& report) {
  std::string points = "[";
  for (size_t i = 0; i < report.points.size(); ++i) {
    const CrawlBenchPoint& p = report.points[i];
    if (i) points.push_back(',');
    std::string roofline;
    JsonObjectWriter r(&roofline);
    r.Int("bytes", static_cast<int64_t>(p.roofline.bytes));
    r.Int("lines", static_cast<int64_t>(p.roofline.lines));
    r.Int("threads", p.roofline.threads);
    r.Double("seconds", p.roofline.seconds, 4);
    r.Double("mb_per_second", p.roofline.mb_per_second, 1);
    r.Close();
    JsonObjectWriter w(&points);
    w.Int("size", static_cast<int64_t>(p.size));
    w.Int("documents", static_cast<int64_t>(p.documents));
    w.Int("bytes", static_cast<int64_t>(p.bytes));
    w.Int("threads", p.threads);
    w.Double("seconds", p.seconds, 4);
    w.Double("mb_per_second", p.mb_per_second, 1);
    w.Double("docs_per_second", p.docs_per_second, 0);
    w.Double("roofline_fraction", p.roofline_fraction, 4);
    w.Raw("roofline", roofline);
    w.Raw("profile", StagesJson(p.profile));
    w.Raw("stages", StagesJson(p.stages));
    w.Int("start_rss_bytes", static_cast<int64_t>(p.start_rss_bytes));
    w.Int("peak_rss_bytes", static_cast<int64_t>(p.peak_rss_bytes));
    w.Double("memory_bytes_per_document", p.memory_bytes_per_document, 1);
    w.Int("index_bytes", static_cast<int64_t>(p.index_bytes));
    w.Double("index_bytes_per_document", p.index_bytes_per_document, 1);
    w.Int("clusters", static_cast<int64_t>(p.clusters));
    w.Int("duplicates", static_cast<int64_t>(p.duplicates));
    w.Int("candidate_pairs", static_cast<int64_t>(p.candidate_pairs));
    w.Int("verified_edges", static_cast<int64_t>(p.verified_edges));
    w.Close();
  }
  points.push_back(']');
  std::string growth;
  JsonObjectWriter g(&growth);
  g.Raw("time", FitJson(report.time));
  g.Raw("peak_memory", FitJson(report.peak_memory));
  g.Raw("index_memory", FitJson(report.index_memory));
  g.Close();
  std::string out;
  JsonObjectWriter w(&out);
  w.String("source", report.source);
  w.Bool("isolated", report.isolated);
  w.Raw("points", points);
  w.Raw("growth", growth);
  w.String("version", SHABIH_VERSION);
  w.Close();
  out.push_back('\n');
  return out;
}

}  // namespace shabih

// Measuring one point in a forked child: peak RSS only grows within a
// process, so each size gets a fresh one. The child sends its raw figures
// back over a pipe as text lines; the parent parses them.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "tooling/crawl_bench_internal.h"

namespace shabih::bench {
namespace {

bool WriteAll(int fd, absl::string_view data) {
  while (!data.empty()) {
    const ssize_t n = write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

std::string ReadAll(int fd) {
  std::string received;
  char buffer[4096];
  while (true) {
    const ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    received.append(buffer, static_cast<size_t>(n));
  }
  return received;
}

// "point ..." with its 12 numbers.
bool ParsePointLine(const std::vector<std::string>& f, CrawlBenchPoint* p) {
  bool ok = true;
  uint64_t* ints[] = {&p->size, &p->documents, &p->bytes};
  for (int i = 0; i < 3; ++i) ok &= absl::SimpleAtoi(f[1 + i], ints[i]);
  ok &= absl::SimpleAtoi(f[4], &p->threads);
  ok &= absl::SimpleAtod(f[5], &p->seconds);
  uint64_t* more[] = {&p->start_rss_bytes, &p->peak_rss_bytes,  &p->index_bytes,   &p->clusters,
                      &p->duplicates,      &p->candidate_pairs, &p->verified_edges};
  for (int i = 0; i < 7; ++i) ok &= absl::SimpleAtoi(f[6 + i], more[i]);
  return ok;
}

}  // namespace

std::string SerializePoint(const CrawlBenchPoint& p) {
  std::string out =
      absl::StrFormat("point %d %d %d %d %.17g %d %d %d %d %d %d %d\n", p.size, p.documents, p.bytes,
                      p.threads, p.seconds, p.start_rss_bytes, p.peak_rss_bytes, p.index_bytes, p.clusters,
                      p.duplicates, p.candidate_pairs, p.verified_edges);
  absl::StrAppendFormat(&out, "roofline %d %d %.17g\n", p.roofline.bytes, p.roofline.lines,
                        p.roofline.seconds);
  for (const StageFigure& s : p.profile) {
    absl::StrAppendFormat(&out, "profile %.17g %s\n", s.seconds, s.stage);
  }
  for (const StageFigure& s : p.stages) {
    absl::StrAppendFormat(&out, "stage %.17g %s\n", s.seconds, s.stage);
  }
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
      ok = ParsePointLine(f, &p);
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

absl::StatusOr<CrawlBenchPoint> MeasureIsolated(uint64_t size,
                                                absl::FunctionRef<absl::Status(CrawlBenchPoint*)> measure) {
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
    const absl::Status status = measure(&point);
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
  const std::string received = ReadAll(fds[0]);
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

}  // namespace shabih::bench

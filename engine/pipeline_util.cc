#include "engine/internal/pipeline_util.h"

#include <algorithm>
#include <thread>

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/output_dir.h"
#include "engine/internal/status_macros.h"

namespace shabih::internal {
namespace fs = std::filesystem;

int ResolveThreads(int threads) {
  return threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

absl::Status CreateDirectory(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot create output directory ", dir.string(), ": ", ec.message()));
  }
  return absl::OkStatus();
}

absl::Status WriteFile(const fs::path& path, absl::string_view contents) {
  return WriteFileAtomically(path, contents);
}

absl::StatusOr<std::string> SpoolStdin(const std::atomic<bool>* cancel) {
  const char* tmp = std::getenv("TMPDIR");
  std::string dir_template = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/shabih-stdin-XXXXXX";
  if (mkdtemp(dir_template.data()) == nullptr) {
    return absl::PermissionDeniedError(absl::StrCat("cannot create a temporary directory for stdin: ",
                                                    std::strerror(errno)));
  }
  const fs::path path = fs::path(dir_template) / "stdin.jsonl";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return absl::PermissionDeniedError(absl::StrCat("cannot write ", path.string()));
  std::vector<char> buffer(1 << 20);
  while (true) {
    const ssize_t got = read(STDIN_FILENO, buffer.data(), buffer.size());
    if (cancel != nullptr && cancel->load()) {
      out.close();
      RemoveSpool(path.string());
      return absl::CancelledError("cancelled while reading stdin");
    }
    if (got > 0) {
      out.write(buffer.data(), got);
    } else if (got == 0 || errno != EINTR) {
      break;  // end of input (a read error ends it too, like EOF)
    }
  }
  out.close();
  if (!out) {
    RemoveSpool(path.string());
    return absl::DataLossError(absl::StrCat("error while writing ", path.string()));
  }
  return path.string();
}

void RemoveSpool(const std::string& spool_path) {
  if (spool_path.empty()) return;
  std::error_code ec;
  fs::remove_all(fs::path(spool_path).parent_path(), ec);
}

void WriteReadStatsFields(const ReadStats& stats, JsonObjectWriter* w) {
  std::string skipped = "[";
  for (size_t i = 0; i < stats.skipped.size(); ++i) {
    if (i) skipped.push_back(',');
    JsonObjectWriter sw(&skipped);
    sw.String("input", stats.skipped[i].what);
    sw.String("reason", stats.skipped[i].reason);
    sw.Close();
  }
  skipped.push_back(']');
  w->Raw("skipped", skipped);
  w->Int("skipped_total", static_cast<int64_t>(stats.skipped_total));
  std::string by_reason;
  JsonObjectWriter rw(&by_reason);
  for (const auto& [reason, count] : stats.skipped_by_reason) rw.Int(reason, static_cast<int64_t>(count));
  rw.Close();
  w->Raw("skipped_by_reason", by_reason);
  w->Int("repaired_utf8", static_cast<int64_t>(stats.repaired_utf8));
  w->Int("empty_documents", static_cast<int64_t>(stats.empty_documents));
}

absl::Status NoInputError(const ReadStats& stats) {
  std::string reasons;
  for (const auto& [reason, count] : stats.skipped_by_reason) {
    absl::StrAppend(&reasons, reasons.empty() ? "" : ", ", count, " ", reason);
  }
  return absl::NotFoundError(absl::StrCat("no input document could be read", reasons.empty() ? "" : " (skipped: ",
                                          reasons, reasons.empty() ? "" : ")"));
}

}  // namespace shabih::internal

#include "engine/internal/pipeline_util.h"

#include <algorithm>
#include <thread>

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/output_dir.h"
#include "engine/internal/status_macros.h"
#include "shabih/version.h"

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

double ReadFraction(const CorpusReader& reader) {
  const uint64_t total = reader.total_bytes();
  if (total == 0) return -1;
  return std::min(1.0, static_cast<double>(reader.bytes_consumed()) / static_cast<double>(total));
}

namespace {

std::string RepairedFilesJson(const ReadStats& stats) {
  std::string out = "[";
  for (size_t i = 0; i < stats.repaired_utf8_files.size(); ++i) {
    if (i) out.push_back(',');
    JsonObjectWriter fw(&out);
    fw.String("file", stats.repaired_utf8_files[i].file);
    fw.Int("documents", static_cast<int64_t>(stats.repaired_utf8_files[i].documents));
    fw.Close();
  }
  out.push_back(']');
  return out;
}

std::string DuplicateIdsJson(const ReadStats& stats) {
  std::string renamed = "[";
  for (size_t i = 0; i < stats.renamed_ids.size(); ++i) {
    if (i) renamed.push_back(',');
    JsonObjectWriter rw(&renamed);
    rw.String("id", stats.renamed_ids[i].id);
    rw.String("renamed", stats.renamed_ids[i].renamed);
    rw.String("input", stats.renamed_ids[i].where);
    rw.Close();
  }
  renamed.push_back(']');
  std::string out;
  JsonObjectWriter w(&out);
  w.Int("count", static_cast<int64_t>(stats.duplicate_ids));
  w.Raw("examples", renamed);
  w.Close();
  return out;
}

std::string MissingTextFieldJson(const ReadStats& stats) {
  const auto it = stats.skipped_by_reason.find("missing-text-field");
  std::string sets = "[";
  for (size_t i = 0; i < stats.missing_text_field.size(); ++i) {
    const FieldSet& set = stats.missing_text_field[i];
    if (i) sets.push_back(',');
    std::string fields = "[";
    for (size_t f = 0; f < set.fields.size(); ++f) {
      if (f) fields.push_back(',');
      AppendJsonString(set.fields[f], &fields);
    }
    fields.push_back(']');
    JsonObjectWriter sw(&sets);
    sw.Raw("fields", fields);
    sw.Int("lines", static_cast<int64_t>(set.lines));
    sw.String("likely_text_field", set.likely_text_field);
    sw.Close();
  }
  sets.push_back(']');
  std::string out;
  JsonObjectWriter w(&out);
  w.String("field", stats.text_field);
  w.Int("lines", static_cast<int64_t>(it == stats.skipped_by_reason.end() ? 0 : it->second));
  w.Raw("field_sets", sets);
  w.String("message", DescribeMissingTextField(stats));
  w.Close();
  return out;
}

}  // namespace

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
  w->Raw("repaired_utf8_files", RepairedFilesJson(stats));
  w->Int("empty_documents", static_cast<int64_t>(stats.empty_documents));
  w->Raw("duplicate_ids", DuplicateIdsJson(stats));
  w->Raw("missing_text_field", MissingTextFieldJson(stats));
  // Crawl inputs' counts, written only when there are any: summaries of
  // text and JSONL inputs stay as the contract shows them.
  auto counts = [&](const char* key, const std::map<std::string, uint64_t>& values) {
    if (values.empty()) return;
    std::string object;
    JsonObjectWriter cw(&object);
    for (const auto& [name, count] : values) cw.Int(name, static_cast<int64_t>(count));
    cw.Close();
    w->Raw(key, object);
  };
  counts("documents_by_encoding", stats.documents_by_encoding);
  counts("documents_by_encoding_source", stats.documents_by_encoding_source);
  counts("warc_records_by_type", stats.warc_records_by_type);
  counts("warc_skipped_by_content_type", stats.warc_skipped_by_content_type);
  if (!stats.warc_records_by_type.empty()) {
    w->Int("truncated_records", static_cast<int64_t>(stats.truncated_records));
    w->Int("warc_length_repaired", static_cast<int64_t>(stats.warc_length_repaired));
  }
}

absl::Status NoInputError(const ReadStats& stats) {
  std::string message = "no input document could be read";
  const std::vector<std::string> sentences = DescribeSkips(stats);
  // One skip reason fits on the line; several get a line each.
  if (sentences.size() == 1) absl::StrAppend(&message, ": ", sentences[0]);
  for (size_t i = 0; sentences.size() > 1 && i < sentences.size(); ++i) {
    absl::StrAppend(&message, "\n  ", sentences[i]);
  }
  return absl::NotFoundError(message);
}

absl::Status WriteNoInputSummary(const std::string& path, const ReadStats& stats) {
  return WriteFile(path, NoInputSummaryJson(stats));
}

std::string NoInputSummaryJson(const ReadStats& stats) {
  std::string out;
  JsonObjectWriter w(&out);
  w.Int("documents", 0);
  w.String("error", NoInputError(stats).message());
  w.Int("bytes", static_cast<int64_t>(stats.bytes));
  WriteReadStatsFields(stats, &w);
  w.Int("blank_lines", static_cast<int64_t>(stats.blank_lines));
  w.String("version", SHABIH_VERSION);
  w.Close();
  out.push_back('\n');
  return out;
}

absl::StatusOr<WorkDir> WorkDir::Create(const std::string& parent) {
  std::string base = parent;
  if (base.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    base = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
  }
  std::error_code ec;
  std::filesystem::create_directories(base, ec);
  std::string tmpl = base + "/shabih-work-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("cannot create a work folder in ", base, ": ",
                                                   std::strerror(errno), " (give another with --work-dir)"));
  }
  return WorkDir(tmpl);
}

WorkDir::~WorkDir() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace shabih::internal

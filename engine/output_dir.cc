#include "engine/internal/output_dir.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/json_writer.h"
#include "engine/internal/paged_file.h"
#include "engine/internal/status_macros.h"
#include "shabih/version.h"
#include "simdjson.h"

namespace shabih::internal {
namespace fs = std::filesystem;

namespace {

fs::path TempFor(const fs::path& path) {
  return path.parent_path() / absl::StrCat(".", path.filename().string(), ".shabih-tmp");
}

// Writes a temporary; OutputDir::Commit() fsyncs and renames it.
absl::Status WriteWhole(const fs::path& path, absl::string_view contents) {
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<FileWriter> out,
                          FileWriter::Create(path.string(), std::min<size_t>(contents.size() + 1, 1 << 20)));
  SHABIH_RETURN_IF_ERROR(out->Append(contents));
  return out->Close(/*sync=*/false);
}

// The marker: a first line naming the run, then one JSON string per file.
absl::StatusOr<std::vector<std::string>> ReadMarker(const fs::path& marker) {
  std::ifstream in(marker, std::ios::binary);
  if (!in) return absl::PermissionDeniedError(absl::StrCat("cannot read ", marker.string()));
  std::vector<std::string> files;
  std::string line;
  simdjson::dom::parser parser;
  bool first = true;
  while (std::getline(in, line)) {
    if (first) {
      first = false;
      if (line.rfind("shabih-run ", 0) != 0) {
        return absl::DataLossError(absl::StrCat(marker.string(), " is not a shabih run marker"));
      }
      continue;
    }
    if (line.empty()) continue;
    simdjson::padded_string padded(line);
    std::string_view value;
    if (parser.parse(padded).get_string().get(value) != simdjson::SUCCESS) {
      return absl::DataLossError(absl::StrCat("malformed line in ", marker.string()));
    }
    files.emplace_back(value);
  }
  return files;
}

// Whether `dir` holds anything but temporaries a killed shabih run left
// (hidden .NAME.shabih-tmp files, AtomicFileWriter temporaries), which are
// removed: a run killed before its marker must not lock its folder.
bool HasEntries(const fs::path& dir) {
  std::error_code ec;
  bool other = false;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const bool temporary = absl::EndsWith(name, ".shabih-tmp") || IsAtomicWriterTemporary(name);
    if (temporary && it->is_regular_file(ec)) {
      std::error_code rm;
      fs::remove(it->path(), rm);
    } else {
      other = true;
    }
  }
  return other;
}

// Removes `path` and then its parents up to `root` while they are empty.
void RemoveWithEmptyParents(const fs::path& root, const fs::path& path) {
  std::error_code ec;
  fs::remove(path, ec);
  for (fs::path p = path.parent_path(); p != root && p.has_relative_path() && !p.empty(); p = p.parent_path()) {
    if (!fs::is_empty(p, ec) || ec) break;
    fs::remove(p, ec);
  }
}

}  // namespace

absl::Status WriteFileAtomically(const fs::path& path, absl::string_view contents) {
  // A hidden temporary (as OutputDir's), so that an input walk never picks it up.
  SHABIH_ASSIGN_OR_RETURN(
      std::unique_ptr<AtomicFileWriter> writer,
      AtomicFileWriter::Create(path.string(), std::min<size_t>(contents.size() + 1, 1 << 20), TempFor(path).string()));
  SHABIH_RETURN_IF_ERROR(writer->Append(contents));
  return writer->Commit();
}

absl::StatusOr<std::unique_ptr<OutputDir>> OutputDir::Open(const fs::path& dir, absl::string_view command,
                                                           bool overwrite) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot create output directory ", dir.string(), ec ? ": " + ec.message() : ""));
  }
  std::unique_ptr<OutputDir> out(new OutputDir(dir, std::string(command)));
  const fs::path marker = dir / kRunMarker;
  if (fs::exists(marker, ec)) {
    SHABIH_ASSIGN_OR_RETURN(out->previous_, ReadMarker(marker));
  } else if (HasEntries(dir) && !overwrite) {
    return absl::InvalidArgumentError(absl::StrCat(
        dir.string(), " is not empty and holds no earlier shabih run (no ", kRunMarker,
        "): choose an empty or new directory, or pass --overwrite to write there anyway"));
  }
  return out;
}

OutputDir::~OutputDir() {
  std::error_code ec;
  for (const std::string& relative : pending_) fs::remove(Temp(relative), ec);
}

absl::Status OutputDir::CheckRelative(const std::string& relative) const {
  const fs::path p(relative);
  if (relative.empty() || p.is_absolute()) return absl::InvalidArgumentError(absl::StrCat("unsafe output path: ", relative));
  for (const fs::path& part : p) {
    if (part == "..") return absl::InvalidArgumentError(absl::StrCat("unsafe output path: ", relative));
  }
  if (relative == kRunMarker) return absl::InvalidArgumentError(absl::StrCat("reserved output name: ", relative));
  return absl::OkStatus();
}

fs::path OutputDir::Temp(const std::string& relative) const { return TempFor(dir_ / relative); }

absl::StatusOr<fs::path> OutputDir::TempPath(const std::string& relative) {
  SHABIH_RETURN_IF_ERROR(CheckRelative(relative));
  const fs::path target = dir_ / relative;
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot create directory ", target.parent_path().string(), ": ", ec.message()));
  }
  if (std::find(pending_.begin(), pending_.end(), relative) == pending_.end()) pending_.push_back(relative);
  return Temp(relative);
}

absl::Status OutputDir::Commit(const std::string& relative) {
  auto it = std::find(pending_.begin(), pending_.end(), relative);
  if (it == pending_.end()) return absl::InternalError(absl::StrCat("no pending output ", relative));
  pending_.erase(it);
  // Data reaches the disk before the name does, so a crash never leaves a
  // truncated output under its real name. The folder is fsynced once, at
  // Finish(), for all the renames in it.
  const fs::path target = dir_ / relative;
  SHABIH_RETURN_IF_ERROR(PublishFile(Temp(relative).string(), target.string(), /*sync_directory=*/false));
  renamed_in_.insert(target.parent_path().string());
  if (written_.insert(relative).second) written_order_.push_back(relative);
  return absl::OkStatus();
}

absl::Status OutputDir::WriteFile(const std::string& relative, absl::string_view contents) {
  SHABIH_ASSIGN_OR_RETURN(const fs::path temp, TempPath(relative));
  SHABIH_RETURN_IF_ERROR(WriteWhole(temp, contents));
  return Commit(relative);
}

absl::Status OutputDir::Stage(const std::string& relative, absl::string_view contents) {
  SHABIH_ASSIGN_OR_RETURN(const fs::path temp, TempPath(relative));
  return WriteWhole(temp, contents);
}

absl::Status OutputDir::Finish() {
  // First a marker naming every file the folder may hold once the renames
  // below begin (the earlier run's, this run's): a run killed among them
  // leaves a folder the next run recognizes as its own and tidies.
  std::vector<std::string> listed = previous_;
  for (const auto* files : {&written_order_, &pending_}) {
    for (const std::string& f : *files) {
      if (std::find(listed.begin(), listed.end(), f) == listed.end()) listed.push_back(f);
    }
  }
  std::string interim = absl::StrCat("shabih-run ", command_, " ", SHABIH_VERSION, "\n");
  for (const std::string& file : listed) {
    AppendJsonString(file, &interim);
    interim.push_back('\n');
  }
  SHABIH_RETURN_IF_ERROR(WriteFileAtomically(dir_ / kRunMarker, interim));
  while (!pending_.empty()) {
    const std::string next = pending_.front();  // a copy: Commit() erases the entry
    SHABIH_RETURN_IF_ERROR(Commit(next));
  }
  for (const std::string& old : previous_) {
    if (written_.contains(old) || !CheckRelative(old).ok()) continue;
    RemoveWithEmptyParents(dir_, dir_ / old);
  }
  for (const std::string& folder : renamed_in_) SHABIH_RETURN_IF_ERROR(FsyncDirectory(folder));
  std::string marker = absl::StrCat("shabih-run ", command_, " ", SHABIH_VERSION, "\n");
  for (const std::string& file : written_order_) {
    AppendJsonString(file, &marker);
    marker.push_back('\n');
  }
  return WriteFileAtomically(dir_ / kRunMarker, marker);
}

absl::Status AddFileToRun(const fs::path& dir, const std::string& relative, absl::string_view contents) {
  const fs::path marker_path = dir / kRunMarker;
  std::error_code ec;
  if (!fs::exists(marker_path, ec)) {
    return absl::FailedPreconditionError(
        absl::StrCat(dir.string(), " holds no shabih run (no ", kRunMarker, "), so ", relative, " is not added to it"));
  }
  const fs::path p(relative);
  if (relative.empty() || p.is_absolute() || relative == kRunMarker ||
      std::find(p.begin(), p.end(), fs::path("..")) != p.end()) {
    return absl::InvalidArgumentError(absl::StrCat("unsafe output path: ", relative));
  }
  SHABIH_ASSIGN_OR_RETURN(const std::vector<std::string> files, ReadMarker(marker_path));
  std::ifstream in(marker_path, std::ios::binary);
  std::string first_line;
  std::getline(in, first_line);
  in.close();
  fs::create_directories((dir / relative).parent_path(), ec);
  // The marker lists the file before it exists: were the write to fail, the
  // next run would find nothing to remove, which is harmless; the reverse
  // order could leave an unlisted file behind.
  if (std::find(files.begin(), files.end(), relative) == files.end()) {
    std::string marker = first_line + "\n";
    for (const std::string& file : files) {
      AppendJsonString(file, &marker);
      marker.push_back('\n');
    }
    AppendJsonString(relative, &marker);
    marker.push_back('\n');
    SHABIH_RETURN_IF_ERROR(WriteFileAtomically(marker_path, marker));
  }
  return WriteFileAtomically(dir / relative, contents);
}

}  // namespace shabih::internal

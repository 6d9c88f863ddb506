// Resolving INPUT paths into the sources a CorpusReader visits
// (shabih/corpus.h: the contract's layout).
#include "engine/internal/corpus_sources.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace shabih::internal {
namespace fs = std::filesystem;
namespace {

// Which kind of document file a path names, by its extension.
enum class FileType { kText, kJsonl, kJsonlGz, kJsonlZst, kHtml, kHtmlGz, kWarc, kWarcGz, kWarcZst, kOther };

FileType ClassifyPath(const std::string& path) {
  if (absl::EndsWith(path, ".txt")) return FileType::kText;
  if (absl::EndsWith(path, ".jsonl")) return FileType::kJsonl;
  if (absl::EndsWith(path, ".jsonl.gz")) return FileType::kJsonlGz;
  if (absl::EndsWith(path, ".jsonl.zst")) return FileType::kJsonlZst;
  if (absl::EndsWith(path, ".html") || absl::EndsWith(path, ".htm")) return FileType::kHtml;
  if (absl::EndsWith(path, ".html.gz") || absl::EndsWith(path, ".htm.gz")) return FileType::kHtmlGz;
  if (absl::EndsWith(path, ".warc") || absl::EndsWith(path, ".wet")) return FileType::kWarc;
  if (absl::EndsWith(path, ".warc.gz") || absl::EndsWith(path, ".wet.gz")) return FileType::kWarcGz;
  if (absl::EndsWith(path, ".warc.zst") || absl::EndsWith(path, ".wet.zst")) return FileType::kWarcZst;
  return FileType::kOther;
}

// Appends the regular files under `dir` to *files (in directory order).
void WalkDirectory(const fs::path& dir, int depth, const std::vector<std::string>& exclude_directories,
                   std::vector<fs::path>* files, SkipFn skip) {
  // Deeper than any real crawl layout; stops runaway recursion.
  constexpr int kMaxDepth = 128;
  if (depth > kMaxDepth) {
    skip(dir.string(), "directory-too-deep");
    return;
  }
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    skip(dir.string(), absl::StrCat("unreadable: ", ec.message()));
    return;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    entries.push_back(*it);
  }
  if (ec) skip(dir.string(), absl::StrCat("unreadable: ", ec.message()));
  // The iterator (and its file descriptor) is closed before recursing.
  it = fs::directory_iterator();
  for (const fs::directory_entry& entry : entries) {
    const std::string name = entry.path().string();
    std::error_code status_ec;
    const fs::file_status status = entry.status(status_ec);  // follows symlinks
    if (status_ec || !fs::exists(status)) {
      skip(name, entry.is_symlink(status_ec) ? "broken-symlink" : "unreadable");
      continue;
    }
    if (fs::is_directory(status)) {
      if (entry.is_symlink(status_ec)) {
        skip(name, "symlinked-directory");  // not followed: no loops, no double counting
        continue;
      }
      bool excluded = false;
      for (const std::string& out : exclude_directories) {
        std::error_code eq_ec;
        if (fs::equivalent(entry.path(), out, eq_ec)) excluded = true;
      }
      if (excluded) {
        skip(name, "output-directory");
        continue;
      }
      WalkDirectory(entry.path(), depth + 1, exclude_directories, files, skip);
    } else if (fs::is_regular_file(status)) {
      files->push_back(entry.path());
    } else {
      skip(name, "not-a-regular-file");
    }
  }
}

}  // namespace

void ResolveInput(const std::string& input, const std::vector<std::string>& exclude_directories,
                  std::vector<Source>* sources, SkipFn skip) {
  if (input == "-") {
    sources->push_back({Source::Kind::kStdin, "-", "stdin.jsonl", false, "stdin.jsonl"});
    return;
  }
  std::error_code ec;
  const fs::file_status status = fs::status(input, ec);
  if (ec || !fs::exists(status)) {
    skip(input, ec && ec != std::errc::no_such_file_or_directory
                    ? absl::StrCat("unreadable: ", ec.message())
                    : "not-found");
    return;
  }
  auto add_file = [&](const fs::path& path, std::string relative, std::string label) {
    const std::string name = path.string();
    const FileType type = ClassifyPath(name);
    switch (type) {
      case FileType::kText:
        sources->push_back({Source::Kind::kText, name, std::move(relative), false, std::move(label)});
        break;
      case FileType::kJsonl:
        sources->push_back({Source::Kind::kJsonl, name, std::move(relative), false, std::move(label)});
        break;
      case FileType::kJsonlGz:
        sources->push_back({Source::Kind::kJsonl, name, std::move(relative), true, std::move(label)});
        break;
      case FileType::kJsonlZst:
        sources->push_back({Source::Kind::kJsonl, name, std::move(relative), false, std::move(label), true});
        break;
      case FileType::kHtml:
      case FileType::kHtmlGz:
        sources->push_back({Source::Kind::kHtml, name, std::move(relative), type == FileType::kHtmlGz,
                            std::move(label)});
        break;
      case FileType::kWarc:
      case FileType::kWarcGz:
      case FileType::kWarcZst:
        sources->push_back({Source::Kind::kWarc, name, std::move(relative), type == FileType::kWarcGz,
                            std::move(label), type == FileType::kWarcZst});
        break;
      case FileType::kOther:
        skip(name, "unsupported-file-type");
        break;
    }
  };
  if (fs::is_directory(status)) {
    std::vector<fs::path> files;
    WalkDirectory(fs::path(input), 0, exclude_directories, &files, skip);
    std::sort(files.begin(), files.end(),
              [](const fs::path& a, const fs::path& b) { return a.generic_string() < b.generic_string(); });
    for (const fs::path& file : files) {
      const std::string relative = file.lexically_relative(input).generic_string();
      add_file(file, relative, relative);
    }
    return;
  }
  // A file given by name: its layout name (--keep) is its file name; its
  // documents' FILE:LINE ids use the path as given, which is unique.
  add_file(fs::path(input), fs::path(input).filename().generic_string(), input);
}

// Whether the file starts with gzip's magic bytes (zlib reads such a
// .jsonl transparently, so it cannot be split by byte offsets).
bool HoldsGzip(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[2] = {0, 0};
  in.read(magic, 2);
  return in.gcount() == 2 && magic[0] == '\x1f' && magic[1] == '\x8b';
}

}  // namespace shabih::internal

#include "engine/internal/external_sort.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"

namespace shabih::internal {

ScratchFiles::ScratchFiles(std::string dir) : dir_(std::move(dir)) {
  // The pid and a process-wide counter keep concurrent sorts, in this
  // process or another sharing the folder, from picking the same names.
  static std::atomic<uint64_t> instances{0};
  prefix_ = absl::StrCat("shabih-sort-", ::getpid(), "-", instances.fetch_add(1), "-");
}

ScratchFiles::~ScratchFiles() {
  for (const std::string& path : paths_) std::remove(path.c_str());
}

absl::Status ScratchFiles::CreateDirectory() const {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec || !std::filesystem::is_directory(dir_, ec)) {
    return absl::PermissionDeniedError(absl::StrCat("cannot create the work directory ", dir_, ": ",
                                                    ec ? ec.message() : "not a directory"));
  }
  return absl::OkStatus();
}

std::string ScratchFiles::NewPath() {
  paths_.push_back((std::filesystem::path(dir_) / absl::StrCat(prefix_, next_++, ".run")).string());
  return paths_.back();
}

void ScratchFiles::Remove(const std::string& path) {
  std::remove(path.c_str());
  paths_.erase(std::remove(paths_.begin(), paths_.end(), path), paths_.end());
}

}  // namespace shabih::internal

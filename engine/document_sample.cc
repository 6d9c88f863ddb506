#include "engine/internal/document_sample.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"

namespace shabih {

DocumentSample::DocumentSample(const DocumentFrequencyOptions& options)
    : threshold_(SampleThreshold(options.sample_rate)),
      max_documents_(options.max_documents),
      max_cells_(options.max_shingles),
      max_document_cells_(options.max_shingles / 64) {
  if (max_documents_ == 0 || max_cells_ == 0) threshold_ = 0;  // nothing can enter
}

DocumentSample::DocumentSample(DocumentSample&& other) noexcept { *this = std::move(other); }

void DocumentSample::TakeSettings(const DocumentSample& other) {
  CloseFile();
  threshold_ = other.threshold_;
  max_documents_ = other.max_documents_;
  max_cells_ = other.max_cells_;
  max_document_cells_ = other.max_document_cells_;
  cutoff_ = other.cutoff_;
  spill_dir_ = other.spill_dir_;
  spill_cells_ = other.spill_cells_;
  status_ = other.status_;
}

DocumentSample& DocumentSample::operator=(DocumentSample&& other) noexcept {
  if (this == &other) return *this;
  TakeSettings(other);
  entries_ = std::move(other.entries_);
  cells_ = other.cells_;
  memory_cells_ = other.memory_cells_;
  fd_ = std::exchange(other.fd_, -1);
  file_bytes_ = std::exchange(other.file_bytes_, 0);
  other.entries_.clear();
  other.cells_ = other.memory_cells_ = 0;
  return *this;
}

DocumentSample::DocumentSample(const DocumentSample& other) { *this = other; }

DocumentSample& DocumentSample::operator=(const DocumentSample& other) {
  if (this == &other) return *this;
  TakeSettings(other);
  entries_ = other.entries_;
  for (Entry& e : entries_) {
    if (e.offset != kInMemory) e.cells = other.CellsOf(e);
    e.offset = kInMemory;
  }
  cells_ = memory_cells_ = other.cells_;
  MaybeSpill();
  return *this;
}

DocumentSample::~DocumentSample() { CloseFile(); }

void DocumentSample::CloseFile() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  file_bytes_ = 0;
}

void DocumentSample::SpillTo(std::string work_dir, uint64_t memory_bytes) {
  spill_dir_ = std::move(work_dir);
  spill_cells_ = memory_bytes / sizeof(uint32_t);
  MaybeSpill();
}

void DocumentSample::Add(uint64_t hash, std::vector<uint32_t> cells) {
  if (!Wants(hash) || cells.size() > max_document_cells_) return;
  cells_ += cells.size();
  memory_cells_ += cells.size();
  const uint64_t count = cells.size();
  entries_.push_back({hash, std::move(cells), count, kInMemory});
  MaybePrune();
  MaybeSpill();
}

void DocumentSample::Merge(DocumentSample&& other) {
  cutoff_ = std::min(cutoff_, other.cutoff_);
  entries_.reserve(entries_.size() + other.entries_.size());
  for (Entry& e : other.entries_) {
    if (!Wants(e.hash)) continue;
    if (e.offset != kInMemory) e.cells = other.CellsOf(e);  // its file is not ours
    e.offset = kInMemory;
    cells_ += e.count;
    memory_cells_ += e.count;
    entries_.push_back(std::move(e));
  }
  if (!other.status_.ok() && status_.ok()) status_ = other.status_;
  other.entries_.clear();
  other.cells_ = other.memory_cells_ = 0;
  MaybePrune();
  MaybeSpill();
}

void DocumentSample::MaybeSpill() {
  if (spill_cells_ == 0 || memory_cells_ <= spill_cells_ || !status_.ok()) return;
  if (fd_ < 0) {
    std::error_code ec;
    std::filesystem::create_directories(spill_dir_, ec);
    const std::string path = (std::filesystem::path(spill_dir_) / "document-sample.tmp").string();
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd_ < 0) {
      status_ = absl::InternalError(absl::StrCat("cannot create ", path, ": ", std::strerror(errno)));
      return;
    }
    ::unlink(path.c_str());  // held open: the kernel frees it when the run ends, however it ends
  }
  for (Entry& e : entries_) {
    if (e.offset != kInMemory || e.cells.empty()) continue;
    const size_t bytes = e.cells.size() * sizeof(uint32_t);
    const char* data = reinterpret_cast<const char*>(e.cells.data());
    for (size_t done = 0; done < bytes;) {
      const ssize_t n = ::pwrite(fd_, data + done, bytes - done, static_cast<off_t>(file_bytes_ + done));
      if (n <= 0) {
        status_ = absl::InternalError(absl::StrCat("cannot write the document sample's scratch file in ", spill_dir_,
                                                   ": ", std::strerror(errno)));
        return;
      }
      done += static_cast<size_t>(n);
    }
    e.offset = file_bytes_;
    file_bytes_ += bytes;
    std::vector<uint32_t>().swap(e.cells);
  }
  memory_cells_ = 0;
}

std::vector<uint32_t> DocumentSample::CellsOf(const Entry& e) const {
  if (e.offset == kInMemory) return e.cells;
  std::vector<uint32_t> cells(e.count);
  const size_t bytes = e.count * sizeof(uint32_t);
  char* data = reinterpret_cast<char*>(cells.data());
  for (size_t done = 0; done < bytes;) {
    const ssize_t n = ::pread(fd_, data + done, bytes - done, static_cast<off_t>(e.offset + done));
    if (n <= 0) {
      if (status_.ok()) {
        status_ = absl::InternalError(absl::StrCat("cannot read back the document sample's scratch file in ",
                                                   spill_dir_, ": ", n == 0 ? "truncated" : std::strerror(errno)));
      }
      return {};
    }
    done += static_cast<size_t>(n);
  }
  return cells;
}

void DocumentSample::MaybePrune() {
  // A quarter of slack: each prune sorts everything held, so it must not
  // run on every document.
  if (entries_.size() > max_documents_ + max_documents_ / 4 || cells_ > max_cells_ + max_cells_ / 4) Prune();
}

void DocumentSample::Prune() {
  // Equal hashes (the same text on the same site, or a 2^-64 collision) are
  // ordered by their cells, so the order is total and shard-independent.
  std::sort(entries_.begin(), entries_.end(), [this](const Entry& a, const Entry& b) {
    if (a.hash != b.hash) return a.hash < b.hash;
    if (a.offset == kInMemory && b.offset == kInMemory) return a.cells < b.cells;
    return CellsOf(a) < CellsOf(b);  // spilled: read back (equal hashes are rare)
  });
  size_t kept = 0;
  uint64_t cells = 0;
  while (kept < entries_.size() && kept < max_documents_ && cells + entries_[kept].count <= max_cells_) {
    cells += entries_[kept++].count;
  }
  // A sample full by count refuses what sorts after its last document;
  // otherwise everything sorting after the first refused document stays out
  // for good (what comes later only adds documents before it). The first
  // rule wins so that a state read back and cut again keeps its cut.
  if (kept == max_documents_ && kept > 0) {
    cutoff_ = std::min(cutoff_, entries_[kept - 1].hash);
  } else if (kept < entries_.size()) {
    cutoff_ = std::min(cutoff_, entries_[kept].hash);
  }
  entries_.resize(kept);
  cells_ = cells;
  memory_cells_ = 0;
  for (const Entry& e : entries_) memory_cells_ += e.cells.size();
}

DocumentFrequencySketch DocumentSample::Count() {
  Prune();
  DocumentFrequencySketch sketch;
  for (const Entry& e : entries_) {
    if (e.offset == kInMemory) {
      sketch.AddCells(e.cells);
    } else {
      sketch.AddCells(CellsOf(e));
    }
  }
  return sketch;
}

uint64_t DocumentSample::MemoryBytes() const {
  return entries_.capacity() * sizeof(Entry) + memory_cells_ * sizeof(uint32_t);
}

}  // namespace shabih

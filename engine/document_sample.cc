#include "engine/internal/document_sample.h"

#include <algorithm>
#include <utility>

namespace shabih {

DocumentSample::DocumentSample(const DocumentFrequencyOptions& options)
    : threshold_(SampleThreshold(options.sample_rate)),
      max_documents_(options.max_documents),
      max_cells_(options.max_shingles),
      max_document_cells_(options.max_shingles / 64) {
  if (max_documents_ == 0 || max_cells_ == 0) threshold_ = 0;  // nothing can enter
}

void DocumentSample::Add(uint64_t hash, std::vector<uint32_t> cells) {
  if (!Wants(hash) || cells.size() > max_document_cells_) return;
  cells_ += cells.size();
  entries_.push_back({hash, std::move(cells)});
  MaybePrune();
}

void DocumentSample::Merge(DocumentSample&& other) {
  cutoff_ = std::min(cutoff_, other.cutoff_);
  entries_.reserve(entries_.size() + other.entries_.size());
  for (Entry& e : other.entries_) {
    if (!Wants(e.hash)) continue;
    cells_ += e.cells.size();
    entries_.push_back(std::move(e));
  }
  other.entries_.clear();
  other.cells_ = 0;
  MaybePrune();
}

void DocumentSample::MaybePrune() {
  // A quarter of slack: each prune sorts everything held, so it must not
  // run on every document.
  if (entries_.size() > max_documents_ + max_documents_ / 4 || cells_ > max_cells_ + max_cells_ / 4) Prune();
}

void DocumentSample::Prune() {
  // Equal hashes (the same text on the same site, or a 2^-64 collision) are
  // ordered by their cells, so the order is total and shard-independent.
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    return a.hash != b.hash ? a.hash < b.hash : a.cells < b.cells;
  });
  size_t kept = 0;
  uint64_t cells = 0;
  while (kept < entries_.size() && kept < max_documents_ && cells + entries_[kept].cells.size() <= max_cells_) {
    cells += entries_[kept++].cells.size();
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
}

DocumentFrequencySketch DocumentSample::Count() {
  Prune();
  DocumentFrequencySketch sketch;
  for (const Entry& e : entries_) sketch.AddCells(e.cells);
  return sketch;
}

uint64_t DocumentSample::MemoryBytes() const {
  return entries_.capacity() * sizeof(Entry) + cells_ * sizeof(uint32_t);
}

}  // namespace shabih

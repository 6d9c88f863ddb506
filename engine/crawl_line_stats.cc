// CrawlLineStats: per-site document counts of normalized lines (pass 1 of
// stripping). The counts are two hash maps behind a pointer, so that the
// public header carries no container types.
#include <xxhash.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "engine/internal/crawl_line_counts.h"
#include "engine/internal/line_fingerprint.h"
#include "engine/internal/page_lines.h"
#include "shabih/boilerplate.h"

namespace shabih {
namespace {

// The key of a (site, line) pair: one multiply-xorshift round over the pair,
// so that distinct sites spread the same line over unrelated keys.
inline uint64_t PairKey(uint64_t site_key, uint64_t fingerprint) {
  uint64_t k = fingerprint ^ (site_key * 0x9E3779B97F4A7C15ull);
  k ^= k >> 29;
  k *= 0xBF58476D1CE4E5B9ull;
  k ^= k >> 32;
  return k;
}

}  // namespace


CrawlLineStats::CrawlLineStats(const BoilerplateOptions& options)
    : counts_(std::make_unique<Counts>(options.max_counted_line_bytes)) {}
CrawlLineStats::~CrawlLineStats() = default;
CrawlLineStats::CrawlLineStats(const CrawlLineStats& other) : counts_(std::make_unique<Counts>(*other.counts_)) {}
CrawlLineStats& CrawlLineStats::operator=(const CrawlLineStats& other) {
  if (this != &other) counts_ = std::make_unique<Counts>(*other.counts_);
  return *this;
}
CrawlLineStats::CrawlLineStats(CrawlLineStats&& other) noexcept = default;
CrawlLineStats& CrawlLineStats::operator=(CrawlLineStats&& other) noexcept = default;

uint64_t CrawlLineStats::SiteKey(absl::string_view site) { return XXH3_64bits(site.data(), site.size()); }

void CrawlLineStats::AddDocument(absl::string_view site, absl::string_view text) {
  Counts& c = *counts_;
  const uint64_t site_key = SiteKey(site);
  ++c.documents;
  ++c.sites[site_key];
  c.scratch.clear();
  internal::ForEachLine(text, [&](size_t begin, size_t end) {
    const absl::string_view line = internal::TrimLine(text.substr(begin, end - begin));
    if (line.empty() || line.size() > c.max_counted_line_bytes) return;
    const uint64_t key = internal::LineKey(line);
    if (key != 0) c.scratch.push_back(key);
  });
  // Each line counts once per document.
  std::sort(c.scratch.begin(), c.scratch.end());
  c.scratch.erase(std::unique(c.scratch.begin(), c.scratch.end()), c.scratch.end());
  for (uint64_t fp : c.scratch) ++c.lines[PairKey(site_key, fp)];
}

void CrawlLineStats::Merge(const CrawlLineStats& other) {
  Counts& c = *counts_;
  const Counts& o = *other.counts_;
  c.documents += o.documents;
  c.finalized = c.finalized || o.finalized;
  for (const auto& [key, count] : o.sites) c.sites[key] += count;
  c.lines.reserve(c.lines.size() + o.lines.size());
  for (const auto& [key, count] : o.lines) c.lines[key] += count;
}

void CrawlLineStats::Finalize() {
  Counts& c = *counts_;
  // A line on one page is never evidence: drop it to save memory.
  absl::erase_if(c.lines, [](const auto& entry) { return entry.second < 2; });
  c.lines.rehash(0);
  c.scratch.clear();
  c.scratch.shrink_to_fit();
  c.finalized = true;
}

bool CrawlLineStats::finalized() const { return counts_->finalized; }
uint64_t CrawlLineStats::documents() const { return counts_->documents; }
size_t CrawlLineStats::distinct_lines() const { return counts_->lines.size(); }

uint32_t CrawlLineStats::SiteDocumentsByKey(uint64_t site_key) const {
  auto it = counts_->sites.find(site_key);
  return it == counts_->sites.end() ? 0 : it->second;
}

uint32_t CrawlLineStats::LineDocumentsByKey(uint64_t site_key, uint64_t fingerprint) const {
  if (fingerprint == 0) return 0;
  const Counts& c = *counts_;
  auto it = c.lines.find(PairKey(site_key, fingerprint));
  if (it == c.lines.end()) return 0;
  // A line counted again after Finalize dropped it reads as unseen until it
  // is on two pages again.
  return c.finalized && it->second < 2 ? 0 : it->second;
}

uint32_t CrawlLineStats::SiteDocuments(absl::string_view site) const {
  return SiteDocumentsByKey(SiteKey(site));
}

uint32_t CrawlLineStats::LineDocuments(absl::string_view site, absl::string_view line) const {
  line = internal::TrimLine(line);
  if (line.empty() || line.size() > counts_->max_counted_line_bytes) return 0;
  return LineDocumentsByKey(SiteKey(site), internal::LineKey(line));
}

uint64_t CrawlLineStats::MemoryBytes() const {
  // flat_hash_map: one control byte plus the slot per bucket.
  return counts_->lines.capacity() * (sizeof(std::pair<uint64_t, uint32_t>) + 1) +
         counts_->sites.capacity() * (sizeof(std::pair<uint64_t, uint32_t>) + 1);
}

}  // namespace shabih

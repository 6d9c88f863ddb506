// The report's texts: re-reads the run's inputs, classifies every line the
// way the run stripped it (same options, same per-site statistics), counts
// what was stripped by reason and by site, keeps the pages the report shows
// and diffs each cluster member against its canonical.
#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/internal/status_macros.h"
#include "shabih/boilerplate.h"
#include "shabih/corpus.h"
#include "shabih/normalize.h"
#include "shabih/strip.h"
#include "tooling/report.h"
#include "tooling/report_internal.h"
#include "tooling/word_diff.h"

namespace shabih {

std::string ReportDocument::KeptText() const {
  std::string out;
  bool first = true;
  for (const ReportLine& line : lines) {
    if (line.boilerplate) continue;
    if (!first) out.push_back('\n');
    first = false;
    out += line.kept;
  }
  return out;
}

namespace report_internal {
namespace {
namespace fs = std::filesystem;

// Where a wanted document goes: its slot among the documents to embed, in
// the order the report shows them (cluster members first).
struct Wanted {
  size_t slot = 0;
};

// A boilerplate line's count of pages, per (site, line fingerprint).
struct LineCount {
  uint64_t pages = 0;
  uint64_t last_document = UINT64_MAX;  // counted once per page
  size_t site = 0;
  int text = -1;  // index into texts, stored from the second page on
};

constexpr size_t kMaxLineTextBytes = 300;

// The first `max` bytes of `line`, cut before a UTF-8 lead byte, with "…"
// when something was cut.
std::string Truncate(std::string_view line, size_t max) {
  if (line.size() <= max) return std::string(line);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
  return absl::StrCat(absl::string_view(line.data(), cut), "…");
}

// The inputs to read, or a note saying why there are none.
std::vector<std::string> ResolveInputs(const RunParams& run, ReportData* data) {
  if (!run.has_inputs) {
    data->notes.push_back(
        "Texts: the run's summary.json does not record its inputs (made by an older shabih); pass the crawl "
        "with --input to see texts, diffs and stripped lines.");
    return {};
  }
  std::vector<std::string> inputs;
  for (size_t i = 0; i < run.inputs.size(); ++i) {
    const std::string& given = run.inputs[i];
    if (given == "-") {
      data->notes.push_back(
          "Texts: the run read standard input, which cannot be read again; pass a copy with --input to see "
          "texts.");
      return {};
    }
    std::error_code ec;
    if (fs::exists(given, ec)) {
      inputs.push_back(given);
    } else if (i < run.inputs_absolute.size() && fs::exists(run.inputs_absolute[i], ec)) {
      inputs.push_back(run.inputs_absolute[i]);
    } else {
      data->notes.push_back(
          absl::StrCat("Texts: the input ", given,
                       " is no longer there; its documents are shown without text (--input)."));
    }
  }
  return inputs;
}

// The document as embedded: its lines with verdicts, up to the byte cap.
ReportDocument MakeDocument(const Document& doc, const std::vector<LineVerdict>& verdicts, bool strip,
                            uint64_t max_bytes) {
  ReportDocument out;
  out.id = doc.id;
  out.site = doc.site;
  std::string_view text = doc.text;
  uint64_t bytes = 0;
  size_t index = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const LineVerdict* v = strip && index < verdicts.size() ? &verdicts[index] : nullptr;
    ++index;
    if (out.omitted_lines > 0 || bytes + line.size() > max_bytes) {
      ++out.omitted_lines;  // the rest of the page: the embedded lines stay contiguous
      continue;
    }
    bytes += line.size();
    ReportLine l;
    if (v != nullptr) {
      l.boilerplate = v->boilerplate;
      l.reason = v->reason;
      const size_t prefix = std::min<size_t>(v->trimmed_prefix, line.size());
      const size_t suffix = std::min<size_t>(v->trimmed_suffix, line.size() - prefix);
      l.trimmed_prefix = std::string(line.substr(0, prefix));
      l.trimmed_suffix = std::string(line.substr(line.size() - suffix));
      line = line.substr(prefix, line.size() - prefix - suffix);
    }
    l.kept = std::string(line);
    out.lines.push_back(std::move(l));
  }
  return out;
}

// Stripping statistics over every document read.
class StripCounter {
 public:
  void Add(const Document& doc, const std::vector<LineVerdict>& verdicts) {
    auto [site_it, inserted] = site_index_.try_emplace(doc.site, sites_.size());
    if (inserted) {
      SiteReport s;
      s.site = doc.site;
      sites_.push_back(std::move(s));
    }
    SiteReport& site = sites_[site_it->second];
    ++site.documents;
    std::string_view text = doc.text;
    size_t index = 0;
    while (!text.empty() && index < verdicts.size()) {
      const size_t end = text.find('\n');
      const std::string_view line = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      const LineVerdict& v = verdicts[index++];
      if (v.reason == "blank") continue;
      ++site.lines;
      ++lines_;
      if (!v.boilerplate) continue;
      ++site.stripped_lines;
      site.stripped_bytes += line.size();
      ++stripped_;
      ++reasons_[v.reason];
      CountLine(site_it->second, doc.ordinal, line, v.reason);
    }
  }

  void Finish(const ReportOptions& options, ReportData* data) {
    data->classified_lines = lines_;
    data->stripped_lines = stripped_;
    for (const auto& [reason, n] : reasons_) data->stripped_by_reason.emplace_back(reason, n);
    std::stable_sort(data->stripped_by_reason.begin(), data->stripped_by_reason.end(),
                     [](const auto& x, const auto& y) { return x.second > y.second; });
    std::vector<std::vector<RepeatedLine>> top(sites_.size());
    for (const auto& [key, count] : counts_) {
      if (count.text < 0) continue;
      top[count.site].push_back({texts_[count.text].first, texts_[count.text].second, count.pages});
    }
    for (size_t s = 0; s < sites_.size(); ++s) {
      std::sort(top[s].begin(), top[s].end(), [](const RepeatedLine& x, const RepeatedLine& y) {
        return x.pages != y.pages ? x.pages > y.pages : x.text < y.text;
      });
      if (top[s].size() > options.site_lines) top[s].resize(options.site_lines);
      sites_[s].top_lines = std::move(top[s]);
    }
    std::stable_sort(sites_.begin(), sites_.end(), [](const SiteReport& x, const SiteReport& y) {
      return x.stripped_lines != y.stripped_lines ? x.stripped_lines > y.stripped_lines : x.site < y.site;
    });
    if (sites_.size() > options.max_sites) {
      data->notes.push_back(absl::StrCat("Sites: the ", options.max_sites,
                                         " sites with the most stripped lines of ", Thousands(sites_.size()),
                                         " are shown (--sites)."));
      sites_.resize(options.max_sites);
    }
    data->sites = std::move(sites_);
  }

 private:
  void CountLine(size_t site, uint64_t document, std::string_view line, const std::string& reason) {
    const uint64_t fingerprint = LineFingerprint(absl::string_view(line.data(), line.size()));
    if (fingerprint == 0) return;  // no letter or digit: nothing to read
    const uint64_t key = fingerprint ^ (site * 0x9E3779B97F4A7C15ull);
    LineCount& c = counts_[key];
    c.site = site;
    if (c.last_document == document) return;
    c.last_document = document;
    ++c.pages;
    if (c.pages == 2 && c.text < 0) {  // stored only once repeated: most lines of a crawl are seen once
      c.text = static_cast<int>(texts_.size());
      texts_.emplace_back(Truncate(line, kMaxLineTextBytes), reason);
    }
  }

  std::vector<SiteReport> sites_;
  absl::flat_hash_map<std::string, size_t> site_index_;
  absl::flat_hash_map<uint64_t, LineCount> counts_;
  std::vector<std::pair<std::string, std::string>> texts_;  // line, reason
  std::map<std::string, uint64_t> reasons_;
  uint64_t lines_ = 0, stripped_ = 0;
};

// Plans which documents to embed: the first text_members members of the
// first text_clusters clusters, canonical first. Returns id -> slot.
absl::flat_hash_map<std::string, Wanted> PlanClusterDocuments(const ReportOptions& options,
                                                              const ReportData& data, size_t* slots) {
  absl::flat_hash_map<std::string, Wanted> wanted;
  for (size_t c = 0; c < data.clusters.size() && c < options.text_clusters; ++c) {
    const ReportCluster& cluster = data.clusters[c];
    for (size_t m = 0; m < cluster.members.size() && m < options.text_members; ++m) {
      if (wanted.try_emplace(cluster.members[m].id, Wanted{*slots}).second) ++*slots;
    }
  }
  return wanted;
}

uint64_t DocumentBytes(const ReportDocument& d) {
  uint64_t bytes = d.id.size() + d.site.size() + d.cluster.size() + 48;
  for (const ReportLine& l : d.lines)
    bytes += l.kept.size() + l.trimmed_prefix.size() + l.trimmed_suffix.size() + 8;
  return bytes;
}

// Diffs every member with text against its cluster's canonical.
void AddDiffs(const Normalizer& normalizer, ReportData* data) {
  for (ReportCluster& cluster : data->clusters) {
    if (cluster.members.empty() || !cluster.members.front().canonical ||
        cluster.members.front().document < 0) {
      continue;
    }
    const std::string canonical_text = data->documents[cluster.members.front().document].KeptText();
    const std::vector<std::string_view> canonical_words = SplitWords(canonical_text);
    const std::vector<uint64_t> canonical_keys = WordKeys(canonical_words, normalizer);
    for (ReportMember& m : cluster.members) {
      if (m.canonical || m.document < 0) continue;
      const std::string text = data->documents[m.document].KeptText();
      const std::vector<std::string_view> words = SplitWords(text);
      m.diff = DiffKeys(canonical_keys, WordKeys(words, normalizer));
    }
  }
}

}  // namespace

absl::Status AddTexts(const RunParams& run, const ReportOptions& options, ReportData* data) {
  const std::vector<std::string> inputs = ResolveInputs(run, data);
  if (inputs.empty()) return absl::OkStatus();
  const BoilerplateOptions boilerplate;  // `shabih dedup` strips with the defaults
  std::unique_ptr<CrawlLineStats> stats;
  if (run.strip && run.strip_crawl_stats) {
    SHABIH_ASSIGN_OR_RETURN(stats,
                            CollectCrawlLineStats(inputs, run.read, boilerplate, options.threads, nullptr));
  }
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<BoilerplateClassifier> classifier,
                          BoilerplateClassifier::Create(boilerplate));
  NormalizerOptions normalizer_options;
  normalizer_options.prefix_folding = run.prefix_folding;
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<Normalizer> normalizer, Normalizer::Create(normalizer_options));

  size_t slots = 0;
  const absl::flat_hash_map<std::string, Wanted> wanted = PlanClusterDocuments(options, *data, &slots);
  std::vector<ReportDocument> planned(slots);
  std::vector<bool> found(slots, false);
  std::vector<ReportDocument> samples;  // pages per site, in input order
  absl::flat_hash_map<std::string, size_t> samples_per_site;

  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> reader, CorpusReader::Open(inputs, run.read));
  StripCounter counter;
  std::vector<LineVerdict> verdicts;
  Document doc;
  while (reader->Next(&doc)) {
    verdicts.clear();
    if (run.strip) {
      classifier->Classify(doc.site, doc.text, stats.get(), &verdicts);
      counter.Add(doc, verdicts);
    }
    const auto it = wanted.find(doc.id);
    if (it != wanted.end()) {
      planned[it->second.slot] = MakeDocument(doc, verdicts, run.strip, options.max_document_bytes);
      found[it->second.slot] = true;
      continue;
    }
    auto site = samples_per_site.find(doc.site);
    if (site == samples_per_site.end() && samples_per_site.size() < options.max_sites) {
      site = samples_per_site.emplace(doc.site, 0).first;
    }
    if (site != samples_per_site.end() && site->second < options.site_pages) {
      ++site->second;
      samples.push_back(MakeDocument(doc, verdicts, run.strip, options.max_document_bytes));
    }
  }
  data->classified_documents = reader->stats().documents;
  if (data->classified_documents != data->total_documents) {
    data->notes.push_back(
        absl::StrCat("Texts: the inputs now hold ", Thousands(data->classified_documents),
                     " documents, the run read ", Thousands(data->total_documents),
                     "; the crawl changed since the run, so texts may not be the ones clustered."));
  }
  counter.Finish(options, data);
  if (!run.strip)
    data->notes.push_back(
        "Stripping: the run did not strip boilerplate (--no-strip); pages are shown whole.");

  // Embed in order (cluster members, then site samples) while the text budget lasts.
  absl::flat_hash_map<std::string, int> index;
  uint64_t budget_used = 0, over_budget = 0, missing = 0, truncated = 0;
  auto embed = [&](ReportDocument&& d, const std::string& cluster) {
    d.cluster = cluster;
    const uint64_t bytes = DocumentBytes(d);
    if (budget_used + bytes > options.max_text_bytes) {
      ++over_budget;
      return;
    }
    budget_used += bytes;
    truncated += d.omitted_lines > 0;
    index.emplace(d.id, static_cast<int>(data->documents.size()));
    data->documents.push_back(std::move(d));
  };
  absl::flat_hash_map<std::string, std::string> cluster_of;
  for (const ReportCluster& c : data->clusters) {
    for (const ReportMember& m : c.members) cluster_of.emplace(m.id, c.id);
  }
  for (size_t s = 0; s < slots; ++s) {
    if (!found[s]) {
      ++missing;
      continue;
    }
    const std::string id = planned[s].id;
    embed(std::move(planned[s]), cluster_of[id]);
  }
  for (ReportDocument& d : samples) embed(std::move(d), "");
  for (ReportCluster& c : data->clusters) {
    for (ReportMember& m : c.members) {
      const auto it = index.find(m.id);
      if (it != index.end()) m.document = it->second;
    }
  }
  if (missing > 0) {
    data->notes.push_back(
        absl::StrCat("Texts: ", Thousands(missing), " listed documents were not found in the inputs."));
  }
  if (over_budget > 0) {
    data->notes.push_back(absl::StrCat(
        "Texts: ", Thousands(over_budget), " documents are shown without text: the text budget of ",
        Thousands(options.max_text_bytes), " bytes was spent (--text-bytes)."));
  }
  if (truncated > 0) {
    data->notes.push_back(absl::StrCat("Texts: ", Thousands(truncated), " long documents are cut at ",
                                       Thousands(options.max_document_bytes), " bytes (--doc-bytes)."));
  }
  const size_t text_clusters = std::min(options.text_clusters, data->clusters.size());
  if (text_clusters < data->clusters.size()) {
    data->notes.push_back(absl::StrCat("Diffs: texts are embedded for the ", Thousands(text_clusters),
                                       " largest clusters (--text-clusters), up to ", options.text_members,
                                       " members each (--text-members); the rest are listed by id."));
  }
  AddDiffs(*normalizer, data);
  return absl::OkStatus();
}

}  // namespace report_internal
}  // namespace shabih

// `shabih report`: one self-contained HTML file that shows a dedup run, so
// that a person can look at what was merged and what was stripped before
// trusting it. No server, nothing fetched when it is viewed.
//
//   shabih::ReportOptions options;                    // caps: a 1M-document run stays under 25 MB
//   absl::StatusOr<shabih::ReportData> data = shabih::GatherReportData("out/corpus", options);
//   if (data.ok()) {
//     std::string html = shabih::RenderReportHtml(*data);  // write it anywhere
//   }
//
// What it reads: RUN_DIR/summary.json (counts, params, and `inputs`, the
// run's input paths), clusters.jsonl (members, similarity, linked_via) and
// candidates.jsonl (the verdict of each member's linking edge), all as the
// run wrote them; nothing about the clusters is recomputed. The texts of
// the documents it shows are re-read from the inputs when they are still
// there (CorpusReader with the run's text and id fields), and their lines
// classified again with the run's stripping (BoilerplateClassifier, with
// per-site statistics from a first pass when the run used them), so a page
// shows which lines were cut and why. Without the inputs (moved, or read
// from stdin) the report still shows the clusters, and says why texts are
// missing.
//
// What it shows: an overview (counts, histograms of cluster sizes, of
// members' similarity to their canonical, of stripped lines by reason and
// by site, as inline SVG), the clusters largest first with each member
// diffed word by word against its canonical (tooling/word_diff.h) and the
// edge that linked it, pages with their stripped lines shaded by reason,
// and the most repeated boilerplate lines of each site.
//
// Size: everything embedded is capped (ReportOptions), and the report says
// what it left out. With the defaults a report holds at most 14 MiB of
// texts, 20,000 cluster rows (< 6 MB) and 100 x 15 boilerplate lines,
// whatever the size of the run: under 25 MB for a run of any size.
//
// Thread safety: GatherReportData and RenderReportHtml are reentrant.
#ifndef SHABIH_TOOLING_REPORT_H_
#define SHABIH_TOOLING_REPORT_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "tooling/word_diff.h"

namespace shabih {

struct ReportOptions {
  // Clusters with duplicates listed, largest first (ties: input order of
  // the canonical). 1000: a browsable list; the size histogram covers all.
  size_t max_clusters = 1000;
  // Members listed per cluster (the canonical first, then input order).
  // 20: a cluster of hundreds of copies is one story, seen in 20; and
  // 1000 x 20 rows stay under 6 MB even with URLs for ids (~300 bytes a row).
  size_t max_members = 20;
  // Of the listed clusters, the first text_clusters show texts and diffs,
  // with up to text_members members each (canonical included). 200 x 8:
  // enough to judge a run, and ~5 MB of text at 3 KB a page.
  size_t text_clusters = 200;
  size_t text_members = 8;
  // Pages per site shown in the page view besides the cluster members (the
  // first of each site in input order), for up to max_sites sites.
  size_t site_pages = 3;
  // Sites in the per-site chart and the boilerplate tables, most stripped
  // lines first. 100: the long tail is summed, not listed.
  size_t max_sites = 100;
  // Most repeated boilerplate lines shown per site.
  size_t site_lines = 15;
  // A document's lines are embedded up to this many bytes (the rest is
  // counted): 32 KiB holds any news article whole.
  uint64_t max_document_bytes = 32 << 10;
  // All embedded texts together: once reached, further documents are listed
  // without text (and counted). 14 MiB: with the cluster rows (< 6 MB) and
  // the site tables (< 0.5 MB) the file stays under 25 MB however large
  // the run.
  uint64_t max_text_bytes = 14 << 20;
  // Re-read the inputs for texts and line verdicts. Off: clusters only.
  bool read_texts = true;
  // Read these instead of the summary's `inputs` (the crawl was moved).
  std::vector<std::string> inputs;
  // Threads for the statistics pass over the inputs; 0 = all cores.
  int threads = 0;
};

// One embedded line of a page: its text split where stripping trimmed glued
// boilerplate (trimmed_prefix + kept + trimmed_suffix is the line as read).
struct ReportLine {
  std::string kept;
  std::string trimmed_prefix, trimmed_suffix;
  bool boilerplate = false;
  std::string reason;  // the classifier's reason ("" for plain content)
};

struct ReportDocument {
  std::string id, site, cluster;
  std::vector<ReportLine> lines;  // the first lines up to max_document_bytes
  uint64_t omitted_lines = 0;     // lines past the cap
  // The kept text the diff is over: the kept part of every content line of
  // `lines`, joined by '\n'.
  std::string KeptText() const;
};

struct ReportMember {
  std::string id;
  bool canonical = false;
  double similarity = 1;  // to the canonical
  std::string linked_via;
  double link_jaccard = -1, link_containment = -1;
  // The verdict of the edge (id, linked_via) in candidates.jsonl:
  // "near-duplicate", "a-contains-b", "b-contains-a"; "" when not found.
  std::string relation;
  int document = -1;         // index into ReportData::documents; -1: no text
  std::vector<DiffOp> diff;  // canonical's kept words -> this member's (members with text)
};

struct ReportCluster {
  std::string id;  // the canonical's id
  uint64_t size = 0;
  std::vector<ReportMember> members;  // the canonical first; at most max_members
};

// A boilerplate line and how many pages of its site hold it.
struct RepeatedLine {
  std::string text;
  std::string reason;
  uint64_t pages = 0;
};

struct SiteReport {
  std::string site;
  uint64_t documents = 0, lines = 0, stripped_lines = 0, stripped_bytes = 0;
  std::vector<RepeatedLine> top_lines;
};

struct Histogram {
  std::vector<std::string> labels;
  std::vector<uint64_t> counts;
};

struct ReportData {
  std::string run_dir, version, params_text;
  std::vector<std::string> inputs;
  uint64_t total_documents = 0, total_clusters = 0, duplicates = 0, clusters_with_duplicates = 0, bytes = 0,
           stripped_bytes = 0, stripped_documents = 0, candidate_pairs = 0, verified_edges = 0,
           refused_edges = 0;
  bool strip = true;
  Histogram cluster_sizes;  // clusters by size
  Histogram similarity;     // non-canonical members by similarity to their canonical
  std::vector<std::pair<std::string, uint64_t>> candidates_by_verdict;  // candidates.jsonl, most first
  std::vector<std::pair<std::string, uint64_t>> stripped_by_reason;     // lines, most first
  uint64_t classified_documents = 0, classified_lines = 0, stripped_lines = 0;
  std::vector<SiteReport> sites;  // most stripped lines first, at most max_sites
  std::vector<ReportCluster> clusters;
  std::vector<ReportDocument> documents;
  // Sentences saying what the report left out and why (caps, missing texts).
  std::vector<std::string> notes;
};

// Reads the run in `run_dir` (see the file comment). NotFound for a folder
// without clusters.jsonl or summary.json; DataLoss for a damaged one. Input
// problems (moved, stdin) are notes, not errors.
absl::StatusOr<ReportData> GatherReportData(const std::string& run_dir, const ReportOptions& options);

// The whole HTML file. Every text from the run is escaped: static parts as
// HTML, the data the script reads as JSON inside <script
// type="application/json"> with every '<' written \u003c, so no text can
// close the element or run as script.
std::string RenderReportHtml(const ReportData& data);

// The data as that JSON (exposed for tests).
std::string ReportDataJson(const ReportData& data);

// Gathers, renders and writes the report of `run_dir` to `out_file`
// (whole: temporary name, then rename). A file inside the run's own folder
// is listed in its run marker (.shabih-run), so the next run into the
// folder replaces or removes it like the run's other outputs. Returns the
// bytes written.
absl::StatusOr<uint64_t> WriteReport(const std::string& run_dir, const std::string& out_file,
                                     const ReportOptions& options);

// Escapes & < > " ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view text);

}  // namespace shabih

#endif  // SHABIH_TOOLING_REPORT_H_

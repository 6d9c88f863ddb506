// A deterministic synthetic Arabic news crawl with ground truth, for measuring
// near-duplicate detection and boilerplate stripping at any scale.
//
// Pages come from several sites, each with its own template (navigation,
// bylines, share counters, tag and source lines, "اقرأ أيضاً" blocks that
// embed another story, "مقالات مشابهة" lists, comments, footers). Their main
// text is drawn from stories: singletons, stories cross-posted with realistic
// edits, wire stories embedded in longer articles, different articles about
// one event, and different stories filled into one wire template. Words come
// from a bigram model of SaudiNewsNet (tooling/crawl_generator_vocab.inc, built
// by scripts/gen/build_vocab.py), so shingle statistics resemble real text.
// docs/generator.md lists the mix and every edit.
//
//   shabih::GeneratorOptions options;
//   options.out_dir = "/tmp/crawl"; options.pages = 100000;
//   shabih::GeneratorStats stats; absl::Status s = shabih::GenerateCrawl(options, &stats);
//
// Output is a pure function of (pages, seed, sites, format, mix) and
// kGeneratorFormatVersion: the same bytes on every run and machine (integer
// arithmetic, a fixed PRNG and explicitly sequenced draws only). A test pins
// the digests of --seed 1 --pages 1000 for the current format version.
// Memory is bounded whatever `pages` is: pages are produced block by block
// and each story is regenerated from its id when it is needed again.
//
// Thread safety: a CrawlGenerator is not thread-safe; separate instances
// (and concurrent GenerateCrawl calls on different directories) are.
#ifndef SHABIH_TOOLING_CRAWL_GENERATOR_H_
#define SHABIH_TOOLING_CRAWL_GENERATOR_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shabih {

// Version of the generator's output format, written to manifest.json as
// "generator_format". Any change to the bytes generated for given options
// (words, templates, edits, furniture, draw order) must bump it, so that a
// crawl and its gold can be told apart from those of another generator;
// tests/crawl_generator_test.cc holds the digests of each version.
inline constexpr char kGeneratorFormatVersion[] = "gen-1";

enum class CrawlFormat {
  kJsonl,  // DIR/crawl.jsonl, one {"id","url","text"} per page.
  kTxt,    // DIR/crawl/<site>/<page>.txt; the id is the path under DIR/crawl.
  kHtml,   // DIR/pages/<site>/<page>.html (crawl_generator_html.h); the id is
           // the path under DIR/pages.
  kWarc,   // DIR/crawl.warc.gz, one gzip member per WARC/1.1 response
           // record; the id is the page URL (WARC-Target-URI).
};

// "jsonl", "txt", "html" or "warc"; anything else is InvalidArgument.
absl::StatusOr<CrawlFormat> ParseCrawlFormat(absl::string_view name);

// How story groups are drawn, in per-mille of groups (not pages: a group
// yields one page for a singleton and up to seven for a cross-posted story).
// The defaults give about 30% singleton pages, 40% pages of cross-posted
// stories (originals and copies), 5% wire stories and the articles quoting
// them, 9% event pages and 16% template pages: about a third of pages with no
// duplicate and plenty of each hard case; docs/generator.md has the
// measured page mix.
struct GeneratorMix {
  int singleton = 600;     // One story, one page.
  int cross_posted = 215;  // One story on 2-7 pages: original + edited copies.
  int wire_embed = 55;     // A wire story, 0-2 copies, and one longer article
                           // that quotes it whole (same cluster).
  int same_event = 60;     // 2-4 different articles on one event: shared
                           // names, places and a quoted statement; different
                           // text and clusters.
  int templated = 70;      // 2-5 fills of one wire template (royal cable,
                           // weather bulletin, market summary, health
                           // ministry statement): different clusters.
};

struct GeneratorOptions {
  // Output directory, created if missing. Required.
  std::string out_dir;
  // Number of pages. Default 1000: a fraction of a second, enough for a demo.
  int64_t pages = 1000;
  // Every byte of output is a function of the seed. Default 1.
  uint64_t seed = 1;
  // Number of sites (distinct templates and hosts), 1..1000. Default 12:
  // enough for cross-posts to land on many different templates.
  int sites = 12;
  CrawlFormat format = CrawlFormat::kJsonl;
  // Write DIR/gold_clusters.jsonl and DIR/gold_lines.jsonl. Default true;
  // off only to time the crawl alone.
  bool write_gold = true;
  GeneratorMix mix;
};

// One gold label per '\n'-separated line of a page.
struct GoldLine {
  bool boilerplate = false;
  // What the line is: "title", "body", "blank", "nav", "breadcrumb", "date",
  // "byline", "share", "ad", "source", "tags", "readalso-cue", "readalso",
  // "related-cue", "related", "mostread", "comments", "comment", "footer".
  // Points to a static string.
  const char* kind = "";
};

struct GeneratedPage {
  std::string id;       // "site03/p0000042" (txt: "site03/p0000042.txt", html:
                        // "site03/p0000042.html", warc: the url).
  std::string url;      // "https://site03.example/<section>/<date>/p0000042.html".
  std::string site;     // "site03"
  std::string text;     // The page text, lines separated by '\n'.
  std::string cluster;  // Gold story id, "s0000123": same story => same id.
  // How the main text came about: "single", "original", "copy-exact",
  // "copy-light", "copy-edited", "copy-heavy", "copy-truncated", "wire",
  // "embed", "event", "template", "template-copy". Points to a static string.
  const char* kind = "";
  std::vector<GoldLine> lines;  // One per line of `text`.
};

// Counts of what was generated; also written to DIR/manifest.json.
struct GeneratorStats {
  int64_t pages = 0;
  int64_t clusters = 0;  // Distinct gold clusters among the pages.
  int64_t lines = 0;
  int64_t boilerplate_lines = 0;
  int64_t crawl_bytes = 0;  // Bytes of crawl.jsonl or of the .txt files.
  int64_t gold_bytes = 0;   // Bytes of the two gold files.
  std::map<std::string, int64_t> pages_by_kind;
};

// Produces the pages one at a time, in crawl order, without touching disk.
class CrawlGenerator {
 public:
  // Validates the options (out_dir and write_gold are ignored here).
  static absl::StatusOr<std::unique_ptr<CrawlGenerator>> Create(const GeneratorOptions& options);
  ~CrawlGenerator();
  CrawlGenerator(const CrawlGenerator&) = delete;
  CrawlGenerator& operator=(const CrawlGenerator&) = delete;

  // Overwrites *page with the next page; false once `pages` pages were made.
  bool Next(GeneratedPage* page);

  // Distinct gold clusters among the pages produced so far.
  int64_t clusters() const;

 private:
  class Impl;
  explicit CrawlGenerator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Streams the crawl, the gold files and DIR/manifest.json to options.out_dir.
// `stats` may be null.
absl::Status GenerateCrawl(const GeneratorOptions& options, GeneratorStats* stats);

}  // namespace shabih

#endif  // SHABIH_TOOLING_CRAWL_GENERATOR_H_

// Boilerplate stripping for Arabic news pages: which lines of a crawled page
// are the page's own article, and which are template, lists, other articles
// and page furniture.
//
//   auto classifier = shabih::BoilerplateClassifier::Create({});     // StatusOr
//   std::vector<shabih::LineVerdict> verdicts;                        // one per '\n' line
//   (*classifier)->Classify("site.example", "الرئيسية | محليات\nنص الخبر.", /*stats=*/nullptr, &verdicts);
//
// With crawl context, a first pass collects per-site line statistics and the
// second pass classifies (CCNet-style "collect, then classify"):
//
//   std::vector<std::pair<std::string, std::string>> crawl = {{"site.example", "..."}};  // site, text
//   shabih::CrawlLineStats stats(shabih::BoilerplateOptions{});
//   for (const auto& [site, text] : crawl) stats.AddDocument(site, text);
//   stats.Finalize();   // optional: drops lines seen once, to save memory
//   std::string kept;   // a page's main text
//   for (const auto& [site, text] : crawl) (*classifier)->Strip(site, text, &stats, &kept);
//
// Five signals, each documented (docs/boilerplate.md) and tested on its own:
//  1. repetition across the crawl, per site: a normalized line on many pages
//     of one site is template ("repeated-across-site");
//  2. near-duplicate blocks: a run of short lines (a list or menu) whose items
//     mostly occur on other pages of the site is a list, even where some of
//     its items are new ("near-duplicate-list");
//  3. an Arabic cue lexicon (engine/boilerplate_lexicon.inc), normalized with
//     the engine's normalizer so spelling variants match: section openers
//     and closers such as اقرأ أيضا, مقالات مشابهة, المصدر:, التعليقات. A cue
//     is evidence, never a verdict by itself: it must open the line, and the
//     line must not read as a sentence ("cue:<entry>");
//  4. shape: navigation bars, share counters, date lines, photo credits,
//     bullets, and jusText-style sentence-likeness (length, punctuation,
//     Arabic stop-word density) with context: short lines between article
//     paragraphs are article, short lines in the header or after the article
//     is closed are not;
//  5. embedded articles: after a stand-alone "read also" opener, the rest of
//     the page is another article, however long and sentence-like
//     ("embedded-article").
// Boilerplate glued to a paragraph on its line (a share bar before the first
// paragraph's text, a tag list after the last paragraph's final sentence) is
// trimmed: the line stays content (LineVerdict::trimmed_prefix/suffix).
// Signals 3-5 need only the page; 1-2 need CrawlLineStats and only sharpen
// the verdicts (a null `stats` is single-page mode).
//
// Speed: lines of up to 256 bytes get one code-point scan (which also folds
// their fingerprint) and one normalizer call (paragraphs: their first six
// words only); longer lines, paragraphs, are only counted. No regex, no ICU
// call and no heap allocation per line after warm-up. bench/boilerplate_bench.cc
// measures it; docs/boilerplate.md has the numbers.
//
// Thread safety: a BoilerplateClassifier is immutable after Create; Classify
// and Strip are const and safe from many threads (scratch space is
// thread-local). A CrawlLineStats instance is filled by one thread
// (AddDocument, Merge); its const methods are thread-safe while nothing
// modifies it.
#ifndef SHABIH_BOILERPLATE_H_
#define SHABIH_BOILERPLATE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shabih {
namespace internal {
struct StatisticsCodec;  // engine/internal/statistics_io.h: byte serialization
class LineCountSpill;    // engine/internal/line_count_spill.h: counts beyond the memory budget
}  // namespace internal

// The verdict on one line. `reason` names the evidence for a boilerplate
// line: "cue:<lexicon entry>" (e.g. "cue:اقرأ أيضا"), "embedded-article",
// "repeated-across-site", "near-duplicate-list", "navigation",
// "short-list-item", "comments", "after-article", "share-counter", "date",
// "photo-credit", "byline", "contact", "no-text", "title-repeat", "blank".
// Content lines have reason "" (or "title" for the detected headline,
// "blank" for a blank line kept between paragraphs).
//
// A content line may carry boilerplate glued to it: a share bar run into the
// first paragraph ("شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك أكد ...")
// or a tag list run into the last one ("... بكلية الطب. سمات تبوك جامعة").
// trimmed_prefix and trimmed_suffix are the bytes of the line (as given,
// with its spaces) to drop from its start and its end; Strip() keeps
// line.substr(trimmed_prefix, line.size() - trimmed_prefix - trimmed_suffix).
// Both are 0 for other lines and for every boilerplate line.
struct LineVerdict {
  bool boilerplate = false;
  std::string reason;
  uint32_t trimmed_prefix = 0;
  uint32_t trimmed_suffix = 0;
};

struct BoilerplateOptions {
  // ---- Signal 1: repetition across the site (needs CrawlLineStats) ----
  // A line that is not sentence-like is template when it occurs on at least
  // max(min_site_repeats, site_repeat_fraction x pages of its site) pages.
  // 3: two pages sharing a line can be a cross-post; three is a pattern.
  int min_site_repeats = 3;
  // 1 %: on SaudiNewsNet a byline such as "عين اليوم – لندن" sits on 1.7 %
  // of its source's pages, while the most repeated in-article subheading
  // ("الأداء العام للسوق", market reports) sits on 0.4 %.
  double site_repeat_fraction = 0.01;
  // A sentence-like line (a real paragraph) is template only when it is on
  // at least this fraction of its site's pages: cross-posted and embedded
  // articles repeat paragraphs on a few pages, and must keep them
  // (DESIGN-NOTES: repetition alone cuts real paragraphs). The same bar
  // vetoes a repeated line as the page's headline. 0.5: a template line is on
  // most pages, an article on a handful.
  double template_fraction = 0.5;
  // Lines longer than this are not counted in CrawlLineStats: they are
  // paragraphs (25 words or so and more), judged by shape; leaving them out
  // bounds the memory of pass 1 (one entry per distinct counted line) and
  // its time (on template-heavy pages a third of pass 1 went to keying
  // paragraphs). 256 bytes keeps every menu, list item, byline, footer and
  // disclaimer line. Raise it to also find long template paragraphs (lines
  // over 256 bytes are then keyed by their first 128 bytes).
  size_t max_counted_line_bytes = 256;

  // ---- Signal 2: near-duplicate blocks (needs CrawlLineStats) ----
  // A run of at least list_min_lines consecutive non-sentence lines (blank
  // lines do not break a run) of which at least max(list_min_lines,
  // list_seen_fraction x run) occur on another page of the same site is a
  // list or menu: all its lines go, including items new to this page. Only
  // on a page that shows template elsewhere, not between two paragraphs,
  // and not on a page whose own paragraphs are copies. 3 lines / half: a
  // list of "similar articles" shares about half its items with lists of
  // nearby pages; two lines are too few to call a list.
  int list_min_lines = 3;
  double list_seen_fraction = 0.5;

  // ---- Signal 4: shape ----
  // A line with at least this many words is article-like whatever its
  // punctuation (SaudiNewsNet: no title has 25 words).
  int long_line_words = 25;
  // A line of at least this many words that ends like a sentence (. ! ؟ …)
  // is article-like (SaudiNewsNet titles of 10-14 words end so in 1 % of
  // cases, paragraphs in 70 %).
  int sentence_min_words = 8;
  // A line of at least this many words with an inner comma or a stop-word
  // density of at least stop_density is article-like.
  int dense_line_words = 15;
  double stop_density = 0.2;
  // Below this many words a line is "short" (headline fragments, menu
  // items, names); lines between short and article-like are "medium".
  int short_line_words = 5;
  // Cue lines are short: a line opening with a cue but longer than this is a
  // sentence that mentions the cue, and is not cut.
  int max_cue_line_words = 25;
  // The headline is the nearest medium/short line before the first article
  // paragraph, looking back over at most title_lookback non-blank lines:
  // date, byline, share and metadata lines and short first paragraphs
  // (ending with '.') are passed over; it is at most max_title_words long.
  // 6: a headline followed by a date, a byline, a share bar and a one-line
  // lead is still found.
  int title_lookback = 6;
  int max_title_words = 30;
  // After a stand-alone "read also" opener, the next embed_probe_lines
  // non-blank lines decide what follows: an article paragraph among them
  // before any bullet means an embedded article (the rest of the page); a
  // bullet or only headlines mean a list of links, which ends at the next
  // paragraph of the page's own article.
  int embed_probe_lines = 4;
};

// The normalized hash of one line, as used for repetition: ASCII
// punctuation, spaces and general punctuation are ignored, digits (ASCII and
// Arabic-Indic) collapse to one '0' per run, ASCII letters are lower-cased,
// and Arabic diacritics, tatweel, alef/hamza seats, alef maksura and ta
// marbuta are folded as the normalizer folds them. So "34 خبر" and
// "٣٥ خبر", "إقرأ أيضاً:" and "اقرا ايضا" hash alike. Returns 0 for a line
// with no letter or digit. (The statistics key a line longer than 256 bytes,
// a paragraph, by the fingerprint of its first 128 bytes: paragraphs that
// open alike are copies, and the work per line stays bounded.)
uint64_t LineFingerprint(absl::string_view line);

// Pass-1 crawl statistics: per site, the number of documents that hold each
// normalized line (lines up to max_counted_line_bytes), and the number of
// documents. Sites are keyed by a 64-bit hash of their name. Memory: about
// 16 bytes per distinct (site, line) pair while counting; Finalize() drops
// lines seen on a single page, which are never evidence.
//
// Finalizing is optional for classifying: the classifier reads only lines on
// two pages or more, so it gives the same verdicts with an unfinalized
// instance as with the same counts finalized. An online caller can add each
// page and classify with the statistics learned so far; Finalize() only
// saves memory once counting is over.
//
// Thread safety: one thread modifies an instance (AddDocument, Merge,
// Finalize); its const methods are safe from many threads at once while no
// thread modifies it, finalized or not. Copyable (a deep copy: e.g. a
// snapshot to finalize while counting goes on); a moved-from instance may
// only be destroyed or assigned to. The counts live behind a pointer so that
// this header carries no container types.
class CrawlLineStats {
 public:
  explicit CrawlLineStats(const BoilerplateOptions& options);
  ~CrawlLineStats();
  CrawlLineStats(const CrawlLineStats& other);
  CrawlLineStats& operator=(const CrawlLineStats& other);
  CrawlLineStats(CrawlLineStats&& other) noexcept;
  CrawlLineStats& operator=(CrawlLineStats&& other) noexcept;

  // Counts each distinct line of `text` once. One thread per instance.
  // After Finalize() counting may go on, but a line that Finalize() dropped
  // (seen on one page then) starts again from zero.
  void AddDocument(absl::string_view site, absl::string_view text);
  // Adds `other`'s counts into this one (combine per-thread instances, or
  // the counts of two crawls). Sums only, so the result is independent of
  // merge order. Exact when neither is finalized; lines Finalize() dropped
  // from either (on one page there) are not summed, so a line on one page
  // of each reads as unseen, and the result is finalized.
  void Merge(const CrawlLineStats& other);
  // Drops the lines seen on a single page and frees counting scratch. Call
  // after all AddDocument/Merge calls; optional for classifying (above).
  void Finalize();

  bool finalized() const;
  uint64_t documents() const;
  // Pages of `site` (0 if unseen).
  uint32_t SiteDocuments(absl::string_view site) const;
  // Pages of `site` holding a line equal to `line` after normalization.
  // After Finalize, lines on a single page report 0 (before, they report 1).
  uint32_t LineDocuments(absl::string_view site, absl::string_view line) const;
  // Distinct (site, line) pairs held, and an estimate of the bytes they use.
  size_t distinct_lines() const;
  uint64_t MemoryBytes() const;

  // Fast paths for the classifier: the site key is SiteKey(site), the line
  // key LineFingerprint(line) (for lines over 256 bytes, of their first 128
  // bytes). One hash-table probe each.
  static uint64_t SiteKey(absl::string_view site);
  uint32_t SiteDocumentsByKey(uint64_t site_key) const;
  uint32_t LineDocumentsByKey(uint64_t site_key, uint64_t fingerprint) const;

 private:
  friend struct internal::StatisticsCodec;
  friend class internal::LineCountSpill;
  struct Counts;  // engine/internal/crawl_line_counts.h
  std::unique_ptr<Counts> counts_;
};

class BoilerplateClassifier {
 public:
  // Validates the options and loads the cue lexicon, normalizing every entry
  // with Normalizer::Default(). InvalidArgument for out-of-range options.
  static absl::StatusOr<std::unique_ptr<BoilerplateClassifier>> Create(const BoilerplateOptions& options);
  ~BoilerplateClassifier();
  BoilerplateClassifier(const BoilerplateClassifier&) = delete;
  BoilerplateClassifier& operator=(const BoilerplateClassifier&) = delete;

  // One verdict per '\n'-separated line of text (a final '\n' does not start
  // a new line; "" has no lines). `site` selects the statistics to use;
  // `stats` may be nullptr: single-page mode (signals 3-5 only). `stats`
  // need not be finalized (online mode: the statistics learned so far); the
  // verdicts are those the same counts give finalized. No other thread may
  // modify `stats` during the call. Reuses the strings already in *verdicts.
  void Classify(absl::string_view site, absl::string_view text, const CrawlLineStats* stats,
                std::vector<LineVerdict>* verdicts) const;

  // The kept main text: content lines joined by '\n' (no final '\n').
  void Strip(absl::string_view site, absl::string_view text, const CrawlLineStats* stats,
             std::string* kept) const;

  const BoilerplateOptions& options() const;

  // The loaded lexicon, for documentation and tests: each entry as written,
  // its normalized form, and its kind ("opener", "list", "comments",
  // "field", "end", "inline").
  struct CueEntry {
    std::string text;
    std::string normalized;
    std::string kind;
  };
  std::vector<CueEntry> Lexicon() const;

  class Impl;

 private:
  explicit BoilerplateClassifier(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace shabih

#endif  // SHABIH_BOILERPLATE_H_

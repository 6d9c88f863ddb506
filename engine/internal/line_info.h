// What the boilerplate classifier knows about one line of a page, from its
// shape (engine/line_shape.cc), the crawl statistics (engine/boilerplate.cc)
// and the page's structure (engine/page_structure.cc), and the verdict.
//
//   std::vector<internal::LineInfo> lines;   // one per '\n' line of `text`
//   shaper.Scan(text, want_fingerprint, &lines[i], &scratch);
//   uint64_t fp = internal::LineFingerprintOf(text, max_bytes, lines[i]);
//
// Thread safety: plain data.
#ifndef SHABIH_ENGINE_INTERNAL_LINE_INFO_H_
#define SHABIH_ENGINE_INTERNAL_LINE_INFO_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "engine/internal/line_fingerprint.h"

namespace shabih::internal {

// kGoodLine reads as an article paragraph, kBadLine has furniture's shape
// (LineInfo::shape_reason says which), kMediumLine and kShortLine are
// neither (headlines, list items, names), by word count.
enum Shape : uint8_t { kEmptyLine, kBadLine, kGoodLine, kMediumLine, kShortLine };

struct LineInfo {
  uint32_t begin = 0, end = 0;  // the line in the text, without '\n'
  uint32_t words = 0;           // whitespace-separated words (bullet and separators excluded)
  uint16_t numbers = 0;         // runs of digits opening a word
  bool strong_bullet = false;
  bool end_punct = false;
  bool ends_colon = false;
  bool ends_period = false;  // headlines almost never end with '.' (SaudiNewsNet: 0.15 %)
  bool has_comma = false;
  bool arabic = false, latin = false, digit = false;
  bool contact = false;     // '@' or a URL
  bool dash = false;        // a dash between words (bylines "عين اليوم – الرياض")
  bool paren_tail = false;  // ends with a short "(...)" group
  bool all_paren = false;
  uint16_t pipes = 0;
  uint16_t seps = 0;            // single-character separator tokens between words
  uint16_t angles = 0;          // ... of which breadcrumb arrows
  uint16_t dash_seps = 0;       // ... of which dashes and slashes (also used inside sentences)
  uint16_t gaps = 0;            // runs of 2+ spaces between words (a menu's spacing)
  bool home = false;            // opens with "الرئيسية" (Home)
  bool byline = false;          // a short line split by a dash (byline, dateline)
  bool partial_tokens = false;  // only the opening words were normalized (a paragraph)
  bool list_marker = false;     // a numbered or bulleted list item ("3 - ...", "3. ...", "- ...")
  uint16_t max_segment = 0;     // most words between two separators
  Shape shape = kEmptyLine;
  const char* shape_reason = nullptr;  // for kBadLine
  int16_t cue = -1;                    // index into the lexicon's cues
  bool cue_standalone = false;         // the line is the cue alone
  bool repeated = false;               // signal 1
  bool template_line = false;          // on template_fraction of the site
  bool seen_elsewhere = false;         // on >= 2 pages of the site
  uint32_t tbegin = 0, tend = 0;       // the line trimmed
  bool fingerprinted = false;          // `fingerprint` is computed (lazily without crawl statistics)
  uint64_t fingerprint = 0;
  // The verdict.
  bool boilerplate = false;
  uint32_t trim_prefix = 0, trim_suffix = 0;  // glued boilerplate cut from a content line (line_trim.h)
  bool decided = false;
  absl::string_view reason;
};

// The line's key in the crawl statistics (0 for a blank line, a line with
// no text, or one over max_counted_line_bytes), computed once: the shape
// scan folds it in passing when statistics are used, the page structure
// asks for it without them (repeats within a page, the headline's repeat).
inline uint64_t LineFingerprintOf(absl::string_view text, size_t max_counted_line_bytes, LineInfo& l) {
  if (!l.fingerprinted) {
    l.fingerprinted = true;
    if (l.tend - l.tbegin <= max_counted_line_bytes && l.tend > l.tbegin) {
      l.fingerprint = LineKey(text.substr(l.tbegin, l.tend - l.tbegin));
    }
  }
  return l.fingerprint;
}

// The reasons a verdict names besides cues ("cue:<entry>") and shapes
// (LineInfo::shape_reason); shabih/boilerplate.h lists them all.
inline constexpr absl::string_view kReasonEmbedded = "embedded-article";
inline constexpr absl::string_view kReasonRepeated = "repeated-across-site";
inline constexpr absl::string_view kReasonNearDupList = "near-duplicate-list";
inline constexpr absl::string_view kReasonNavigation = "navigation";
inline constexpr absl::string_view kReasonListItem = "short-list-item";
inline constexpr absl::string_view kReasonComments = "comments";
inline constexpr absl::string_view kReasonAfter = "after-article";
inline constexpr absl::string_view kReasonTitleRepeat = "title-repeat";
inline constexpr absl::string_view kReasonBlank = "blank";
inline constexpr absl::string_view kReasonTitle = "title";
inline constexpr absl::string_view kReasonByline = "byline";

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_LINE_INFO_H_

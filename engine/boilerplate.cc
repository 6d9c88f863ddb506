// The boilerplate classifier: per page, split the lines, read each line's
// shape and cue (engine/line_shape.cc), its repetition across the site
// (CrawlLineStats, engine/crawl_line_stats.cc), then decide from the page's
// structure (engine/page_structure.cc); blank lines follow their neighbours.
#include "shabih/boilerplate.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/internal/cue_lexicon.h"
#include "engine/internal/line_info.h"
#include "engine/internal/line_shape.h"
#include "engine/internal/line_trim.h"
#include "engine/internal/page_lines.h"
#include "engine/internal/page_structure.h"
#include "shabih/normalize.h"

namespace shabih {
namespace {

using internal::CueLexicon;
using internal::kEmptyLine;
using internal::kReasonBlank;
using internal::LineInfo;

// Per-thread scratch, reused across documents so that classification does
// not allocate per line.
struct Scratch {
  internal::LineShapeScratch shape;
  internal::PageStructureScratch structure;
  std::vector<LineInfo> infos;  // the page's lines, for Classify() and Strip()
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

// Blank lines follow their neighbours: kept only between kept lines.
void DecideBlankLines(std::vector<LineInfo>& lines) {
  const int n = static_cast<int>(lines.size());
  int prev = -1;
  for (int i = 0; i < n;) {
    if (lines[i].shape != kEmptyLine) {
      prev = i++;
      continue;
    }
    int next = i;
    while (next < n && lines[next].shape == kEmptyLine) ++next;
    const bool keep = prev >= 0 && next < n && !lines[prev].boilerplate && !lines[next].boilerplate;
    for (; i < next; ++i) {
      lines[i].boilerplate = !keep;
      lines[i].reason = kReasonBlank;
    }
  }
}

}  // namespace

class BoilerplateClassifier::Impl {
 public:
  explicit Impl(const BoilerplateOptions& options)
      : options_(options),
        normalizer_(Normalizer::Default()),
        shaper_(options_, normalizer_, lexicon_),
        structure_(options_, lexicon_),
        trimmer_(normalizer_, lexicon_) {}

  absl::Status Load() { return lexicon_.Load(normalizer_); }

  // The verdict of every line of `text` into *lines (one per line).
  void Classify(absl::string_view site, absl::string_view text, const CrawlLineStats* stats,
                std::vector<LineInfo>* lines) const {
    Scratch& scratch = ThreadScratch();
    lines->clear();
    internal::ForEachLine(text, [&](size_t begin, size_t end) {
      LineInfo& info = lines->emplace_back();
      info.begin = static_cast<uint32_t>(begin);
      info.end = static_cast<uint32_t>(end);
    });
    for (LineInfo& info : *lines) shaper_.Scan(text, stats != nullptr, &info, &scratch.shape);
    if (stats != nullptr) MarkRepetition(site, text, *stats, *lines);
    structure_.Decide(text, *lines, stats != nullptr, &scratch.structure);
    DecideBlankLines(*lines);
    TrimGlued(text, *lines);
  }

  const BoilerplateOptions options_;
  const Normalizer& normalizer_;
  CueLexicon lexicon_;
  const internal::LineShaper shaper_;
  const internal::PageStructure structure_;
  const internal::GluedTrimmer trimmer_;

 private:
  // Boilerplate glued to a kept line: a share bar opening a content line
  // up to the first paragraph (where share bars sit: one normalizer call
  // per such line, not per line of the page), a tag list closing the
  // page's last kept line (after a sentence end, so the line is text).
  // Only lines of at least short_line_words words are looked at: a share
  // bar needs text after it to be glued to anything.
  void TrimGlued(absl::string_view text, std::vector<LineInfo>& lines) const {
    int last = -1;
    bool before_paragraph = true;
    for (int i = 0; i < static_cast<int>(lines.size()); ++i) {
      LineInfo& l = lines[i];
      l.trim_prefix = l.trim_suffix = 0;
      if (l.boilerplate || l.shape == kEmptyLine) continue;
      last = i;
      if (!before_paragraph || static_cast<int>(l.words) < options_.short_line_words) continue;
      l.trim_prefix = trimmer_.SharePrefix(text.substr(l.begin, l.end - l.begin));
      before_paragraph = l.shape != internal::kGoodLine;
    }
    if (last < 0 || static_cast<int>(lines[last].words) < options_.short_line_words) return;
    LineInfo& l = lines[last];
    const absl::string_view rest = text.substr(l.begin + l.trim_prefix, l.end - l.begin - l.trim_prefix);
    l.trim_suffix = trimmer_.TagsSuffix(rest);
  }

  // Signal 1: how many pages of the site hold each line. Lines on one page
  // only (count < 2) are no evidence, so finalized and unfinalized
  // statistics give the same fields: Finalize() only drops such lines.
  void MarkRepetition(absl::string_view site, absl::string_view text, const CrawlLineStats& stats,
                      std::vector<LineInfo>& lines) const {
    for (LineInfo& info : lines) {
      if (info.shape != kEmptyLine) internal::LineFingerprintOf(text, options_.max_counted_line_bytes, info);
    }
    const uint64_t site_key = CrawlLineStats::SiteKey(site);
    const uint32_t docs = stats.SiteDocumentsByKey(site_key);
    const double short_bar =
        std::max<double>(options_.min_site_repeats, std::ceil(options_.site_repeat_fraction * docs));
    const double template_bar =
        std::max<double>(options_.min_site_repeats, std::ceil(options_.template_fraction * docs));
    for (LineInfo& info : lines) {
      if (info.fingerprint == 0) continue;
      const uint32_t count = stats.LineDocumentsByKey(site_key, info.fingerprint);
      if (count < 2) continue;
      info.seen_elsewhere = true;
      info.template_line = count >= template_bar;
      info.repeated = count >= (shaper_.IsSentenceLike(info) ? template_bar : short_bar);
    }
  }
};

// ---------------------------------------------------------------------------
// Public API

BoilerplateClassifier::BoilerplateClassifier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BoilerplateClassifier::~BoilerplateClassifier() = default;

absl::StatusOr<std::unique_ptr<BoilerplateClassifier>> BoilerplateClassifier::Create(
    const BoilerplateOptions& o) {
  auto bad = [](absl::string_view what) { return absl::InvalidArgumentError(what); };
  if (o.min_site_repeats < 2) return bad("min_site_repeats must be >= 2");
  if (!(o.site_repeat_fraction >= 0 && o.site_repeat_fraction <= 1))
    return bad("site_repeat_fraction must be in [0, 1]");
  if (!(o.template_fraction > 0 && o.template_fraction <= 1))
    return bad("template_fraction must be in (0, 1]");
  if (o.list_min_lines < 2) return bad("list_min_lines must be >= 2");
  if (!(o.list_seen_fraction > 0 && o.list_seen_fraction <= 1))
    return bad("list_seen_fraction must be in (0, 1]");
  if (o.short_line_words < 1 || o.sentence_min_words < 1 || o.dense_line_words < 1 || o.long_line_words < 1) {
    return bad("word thresholds must be >= 1");
  }
  if (!(o.stop_density >= 0 && o.stop_density <= 1)) return bad("stop_density must be in [0, 1]");
  if (o.max_cue_line_words < 1 || o.max_title_words < 1 || o.title_lookback < 1 || o.embed_probe_lines < 1) {
    return bad("max_cue_line_words, max_title_words, title_lookback and embed_probe_lines must be >= 1");
  }
  auto impl = std::make_unique<Impl>(o);
  if (absl::Status s = impl->Load(); !s.ok()) return s;
  return std::unique_ptr<BoilerplateClassifier>(new BoilerplateClassifier(std::move(impl)));
}

const BoilerplateOptions& BoilerplateClassifier::options() const { return impl_->options_; }

void BoilerplateClassifier::Classify(absl::string_view site, absl::string_view text,
                                     const CrawlLineStats* stats, std::vector<LineVerdict>* verdicts) const {
  std::vector<LineInfo>& infos = ThreadScratch().infos;
  impl_->Classify(site, text, stats, &infos);
  verdicts->resize(infos.size());
  for (size_t i = 0; i < infos.size(); ++i) {
    (*verdicts)[i].boilerplate = infos[i].boilerplate;
    (*verdicts)[i].trimmed_prefix = infos[i].trim_prefix;
    (*verdicts)[i].trimmed_suffix = infos[i].trim_suffix;
    if (infos[i].reason.empty()) {
      (*verdicts)[i].reason.clear();
    } else {
      (*verdicts)[i].reason.assign(infos[i].reason.data(), infos[i].reason.size());
    }
  }
}

void BoilerplateClassifier::Strip(absl::string_view site, absl::string_view text, const CrawlLineStats* stats,
                                  std::string* kept) const {
  std::vector<LineInfo>& infos = ThreadScratch().infos;
  impl_->Classify(site, text, stats, &infos);
  kept->clear();
  bool first = true;
  for (const LineInfo& l : infos) {
    if (l.boilerplate) continue;
    if (!first) kept->push_back('\n');
    first = false;
    kept->append(text.data() + l.begin + l.trim_prefix, l.end - l.begin - l.trim_prefix - l.trim_suffix);
  }
}

std::vector<BoilerplateClassifier::CueEntry> BoilerplateClassifier::Lexicon() const {
  std::vector<CueEntry> out;
  for (const internal::Cue& cue : impl_->lexicon_.cues()) {
    out.push_back({cue.text, cue.normalized, CueLexicon::KindName(cue.kind)});
  }
  return out;
}

}  // namespace shabih

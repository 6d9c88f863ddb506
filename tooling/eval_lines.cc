// Line scoring. Each (document, line) is one byte of code bits, so the gold
// and predicted labels of a whole crawl take one byte per line; texts, when
// given, are streamed once and add token counts per scored line.
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "tooling/eval.h"
#include "tooling/eval_coverage.h"
#include "tooling/eval_readers.h"
#include "tooling/eval_util.h"

namespace shabih {
namespace eval {
namespace {

// Per (document, line) code bits.
enum : uint8_t {
  kGold = 1,
  kGoldBoilerplate = 2,
  kPredicted = 4,
  kPredictedBoilerplate = 8,
  kBlank = 16,
};
constexpr int64_t kMaxLine = 50'000'000;  // Beyond this a line number is malformed.

class LineScorer {
 public:
  explicit LineScorer(const LineEvalOptions& options) : options_(options) {}
  LineEvalResult& result() { return result_; }

  // False if the record is unusable (counted as malformed by the caller).
  bool AddGold(absl::string_view id, int64_t line, bool boilerplate, absl::string_view kind) {
    if (line < 1 || line > kMaxLine) return false;
    auto [it, inserted] = doc_index_.try_emplace(id, static_cast<uint32_t>(docs_.size()));
    if (inserted) docs_.emplace_back();
    Doc& doc = docs_[it->second];
    if (inserted) doc.id.assign(id.data(), id.size());
    if (static_cast<int64_t>(doc.codes.size()) < line) {
      doc.codes.resize(line, 0);
      doc.kinds.resize(line, kNoKind);
    }
    uint8_t& code = doc.codes[line - 1];
    if (code & kGold) {
      ++result_.duplicate_gold;
      return true;
    }
    code |= kGold | (boilerplate ? kGoldBoilerplate : 0);
    if (kind == "blank") code |= kBlank;
    if (!kind.empty()) doc.kinds[line - 1] = KindId(kind);
    return true;
  }

  bool AddPredicted(absl::string_view id, int64_t line, bool boilerplate, absl::string_view reason) {
    if (line < 1 || line > kMaxLine) return false;
    auto it = doc_index_.find(id);
    if (it == doc_index_.end() || line > static_cast<int64_t>(docs_[it->second].codes.size()) ||
        !(docs_[it->second].codes[line - 1] & kGold)) {
      ++result_.only_predicted;
      AddExample(absl::StrCat(id, " line ", line), &result_.only_predicted_examples);
      return true;
    }
    Doc& doc = docs_[it->second];
    uint8_t& code = doc.codes[line - 1];
    if (code & kPredicted) {
      ++result_.duplicate_predicted;
      return true;
    }
    code |= kPredicted | (boilerplate ? kPredictedBoilerplate : 0);
    if (boilerplate && !(code & kGoldBoilerplate) && !Skipped(code)) {
      ++fp_reasons_[reason.empty() ? absl::string_view("(none)") : reason];
    }
    return true;
  }

  void AddText(absl::string_view id, absl::string_view text) {
    auto it = doc_index_.find(id);
    if (it == doc_index_.end()) return;  // Not in the gold: nothing to score.
    Doc& doc = docs_[it->second];
    if (doc.has_text) return;
    doc.has_text = true;
    has_tokens_ = true;
    size_t line = 0, pos = 0;
    while (pos <= text.size()) {
      size_t end = text.find('\n', pos);
      if (end == absl::string_view::npos) end = text.size();
      if (line < doc.codes.size()) {
        const uint8_t code = doc.codes[line];
        if ((code & kGold) && (code & kPredicted) && !Skipped(code)) {
          const int64_t tokens = CountTokens(text.substr(pos, end - pos));
          const bool gold_kept = !(code & kGoldBoilerplate);
          const bool kept = !(code & kPredictedBoilerplate);
          BinaryScores& t = result_.tokens;
          if (kept && gold_kept) t.true_positive += tokens;
          if (kept && !gold_kept) t.false_positive += tokens;
          if (!kept && gold_kept) t.false_negative += tokens;
          if (!kept && !gold_kept) t.true_negative += tokens;
        }
      }
      ++line;
      pos = end + 1;
    }
    if (line != doc.codes.size()) ++result_.line_count_mismatches;
  }

  LineEvalResult Finish() {
    LineEvalResult& r = result_;
    std::vector<int64_t> fp_kinds(kinds_.size() + 1, 0), fn_kinds(kinds_.size() + 1, 0);
    for (const Doc& doc : docs_) {
      bool scored = false;
      for (size_t i = 0; i < doc.codes.size(); ++i) {
        const uint8_t code = doc.codes[i];
        if (!(code & kGold)) continue;
        if (!(code & kPredicted)) {
          ++r.only_gold;
          AddExample(absl::StrCat(doc.id, " line ", i + 1), &r.only_gold_examples);
          continue;
        }
        if (Skipped(code)) {
          ++r.blank_skipped;
          continue;
        }
        scored = true;
        const bool gold_bp = code & kGoldBoilerplate;
        const bool pred_bp = code & kPredictedBoilerplate;
        const size_t kind = doc.kinds[i] == kNoKind ? kinds_.size() : doc.kinds[i];
        if (pred_bp && gold_bp) ++r.lines.true_positive;
        if (pred_bp && !gold_bp) {
          ++r.lines.false_positive;
          ++fp_kinds[kind];
        }
        if (!pred_bp && gold_bp) {
          ++r.lines.false_negative;
          ++fn_kinds[kind];
        }
        if (!pred_bp && !gold_bp) ++r.lines.true_negative;
      }
      r.documents += scored;
      if (scored && !doc.has_text && has_tokens_) ++r.documents_without_text;
    }
    Finalize(&r.lines);
    r.has_tokens = has_tokens_;
    if (has_tokens_) Finalize(&r.tokens);
    std::vector<std::pair<std::string, int64_t>> reasons(fp_reasons_.begin(), fp_reasons_.end());
    r.false_positive_reasons = Top(std::move(reasons));
    r.false_positive_kinds = Top(KindCounts(fp_kinds));
    r.false_negative_kinds = Top(KindCounts(fn_kinds));
    return std::move(result_);
  }

 private:
  static constexpr uint8_t kNoKind = 255;
  struct Doc {
    std::string id;
    std::vector<uint8_t> codes;
    std::vector<uint8_t> kinds;
    bool has_text = false;
  };

  bool Skipped(uint8_t code) const { return options_.skip_blank && (code & kBlank); }

  uint8_t KindId(absl::string_view kind) {
    const uint32_t found = kinds_.Find(kind);
    if (found != kNone) return static_cast<uint8_t>(found);
    if (kinds_.size() >= kNoKind) return kNoKind;  // Too many kinds: "(other)".
    return static_cast<uint8_t>(kinds_.Intern(kind));
  }

  static int64_t CountTokens(absl::string_view s) {
    int64_t n = 0;
    bool in_token = false;
    for (char c : s) {
      const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
      if (!space && !in_token) ++n;
      in_token = !space;
    }
    return n;
  }

  static void Finalize(BinaryScores* s) {
    s->precision = Ratio(s->true_positive, s->true_positive + s->false_positive, 1.0);
    s->recall = Ratio(s->true_positive, s->true_positive + s->false_negative, 1.0);
    s->f1 = F1(s->precision, s->recall);
  }

  std::vector<std::pair<std::string, int64_t>> KindCounts(const std::vector<int64_t>& counts) const {
    std::vector<std::pair<std::string, int64_t>> out;
    for (size_t k = 0; k < counts.size(); ++k) {
      if (counts[k] > 0) out.emplace_back(k < kinds_.size() ? kinds_.Name(k) : "(no kind)", counts[k]);
    }
    return out;
  }

  std::vector<std::pair<std::string, int64_t>> Top(std::vector<std::pair<std::string, int64_t>> v) const {
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
      if (a.second != b.second) return a.second > b.second;
      return a.first < b.first;
    });
    if (static_cast<int64_t>(v.size()) > std::max(0, options_.top)) v.resize(std::max(0, options_.top));
    return v;
  }

  const LineEvalOptions options_;
  LineEvalResult result_;
  absl::flat_hash_map<std::string, uint32_t> doc_index_;
  std::vector<Doc> docs_;
  Interner kinds_;
  absl::flat_hash_map<std::string, int64_t> fp_reasons_;
  bool has_tokens_ = false;
};

absl::StatusOr<LineEvalResult> CheckedLines(LineEvalResult r, const LineEvalOptions& options,
                                            const std::string& predicted_name, const std::string& gold_name) {
  const SideCoverage predicted{predicted_name,         r.predicted_lines, r.malformed_predicted,
                               r.first_malformed_predicted_line, r.only_predicted, r.only_predicted_examples};
  const SideCoverage gold{gold_name,         r.gold_lines, r.malformed_gold, r.first_malformed_gold_line,
                          r.only_gold, r.only_gold_examples};
  const BinaryScores& l = r.lines;
  const int64_t scored = l.true_positive + l.false_positive + l.false_negative + l.true_negative;
  absl::Status s = CheckCoverage(kLineCoverage, scored, options.max_skipped_fraction, predicted, gold);
  if (!s.ok()) return s;
  return r;
}

}  // namespace
}  // namespace eval

absl::StatusOr<LineEvalResult> EvaluateLines(absl::Span<const LineLabel> predicted,
                                             absl::Span<const LineLabel> gold,
                                             absl::Span<const EvalDocument> crawl,
                                             const LineEvalOptions& options) {
  eval::LineScorer scorer(options);
  LineEvalResult& r = scorer.result();
  for (const LineLabel& g : gold) {
    ++r.gold_lines;
    if (!scorer.AddGold(g.id, g.line, g.boilerplate, g.note)) ++r.malformed_gold;
  }
  for (const LineLabel& p : predicted) {
    ++r.predicted_lines;
    if (!scorer.AddPredicted(p.id, p.line, p.boilerplate, p.note)) ++r.malformed_predicted;
  }
  for (const EvalDocument& d : crawl) scorer.AddText(d.id, d.text);
  return eval::CheckedLines(scorer.Finish(), options, "predicted labels", "gold labels");
}

absl::StatusOr<LineEvalResult> EvaluateLineFiles(const std::string& predicted_path,
                                                 const std::string& gold_path, const std::string& crawl_path,
                                                 const LineEvalOptions& options) {
  eval::LineScorer scorer(options);
  LineEvalResult& r = scorer.result();
  eval::LabelFileStats gold, predicted;
  absl::Status status =
      eval::ReadLineLabels(gold_path, "kind", &gold,
                           [&](const std::string& id, int64_t line, bool bp, const std::string& kind) {
                             return scorer.AddGold(id, line, bp, kind);
                           });
  if (!status.ok()) return status;
  status = eval::ReadLineLabels(predicted_path, "reason", &predicted,
                                [&](const std::string& id, int64_t line, bool bp, const std::string& reason) {
                                  return scorer.AddPredicted(id, line, bp, reason);
                                });
  if (!status.ok()) return status;
  r.gold_lines = gold.records;
  r.malformed_gold = gold.malformed;
  r.first_malformed_gold_line = gold.first_malformed_line;
  r.predicted_lines = predicted.records;
  r.malformed_predicted = predicted.malformed;
  r.first_malformed_predicted_line = predicted.first_malformed_line;
  ReadStats stats;
  if (!crawl_path.empty()) {
    status = eval::ReadCrawlTexts(
        crawl_path, options.crawl_read,
        [&](absl::string_view id, absl::string_view text) { scorer.AddText(id, text); }, &stats);
    if (!status.ok()) return status;
  }
  LineEvalResult finished = scorer.Finish();
  if (!crawl_path.empty()) {
    finished.has_crawl = true;
    finished.crawl = std::move(stats);
  }
  return eval::CheckedLines(std::move(finished), options, absl::StrCat("predicted ", predicted_path),
                            absl::StrCat("gold ", gold_path));
}

}  // namespace shabih

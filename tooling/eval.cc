// Cluster and line evaluation. Documents and clusters are interned to dense
// integers as they are read, so the scores come from a contingency table of
// cluster sizes (one hash-map cell per non-empty (predicted, gold) pair) and
// per-document line codes, in time and memory linear in the input.
#include "tooling/eval.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string_view>
#include <system_error>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/json_writer.h"

namespace shabih {
namespace internal {
namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

int64_t Choose2(int64_t n) { return n * (n - 1) / 2; }

double Ratio(int64_t num, int64_t den, double if_empty) {
  return den == 0 ? if_empty : static_cast<double>(num) / static_cast<double>(den);
}

double F1(double p, double r) { return p + r == 0 ? 0.0 : 2 * p * r / (p + r); }

// Strings to dense ids, in first-seen order.
class Interner {
 public:
  uint32_t Intern(absl::string_view s) {
    auto [it, inserted] = index_.try_emplace(s, static_cast<uint32_t>(names_.size()));
    if (inserted) names_.emplace_back(s);
    return it->second;
  }
  uint32_t Find(absl::string_view s) const {
    auto it = index_.find(s);
    return it == index_.end() ? kNone : it->second;
  }
  const std::string& Name(uint32_t id) const { return names_[id]; }
  size_t size() const { return names_.size(); }

 private:
  absl::flat_hash_map<std::string, uint32_t> index_;
  std::vector<std::string> names_;
};

// --- JSON lines.

// Reads a file line by line into a buffer with simdjson's padding.
class JsonLineReader {
 public:
  absl::Status Open(const std::string& path) {
    path_ = path;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      return absl::InvalidArgumentError(absl::StrCat(path, " is a directory, not a JSONL file"));
    }
    in_.open(path, std::ios::binary);
    if (!in_) return absl::NotFoundError(absl::StrCat("cannot open ", path));
    return absl::OkStatus();
  }
  // False at end of file.
  bool Next() {
    if (!std::getline(in_, line_)) return false;
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    if (line_.capacity() < line_.size() + simdjson::SIMDJSON_PADDING) {
      line_.reserve(line_.size() + simdjson::SIMDJSON_PADDING);
    }
    return true;
  }
  bool blank() const { return line_.find_first_not_of(" \t") == std::string::npos; }
  absl::Status status() const {
    if (in_.bad()) return absl::DataLossError(absl::StrCat("read error on ", path_));
    return absl::OkStatus();
  }
  // Calls on_field(key, value) for each field of the line's object; false if
  // the line is not a JSON object or on_field returned false.
  template <typename F>
  bool ForEachField(F&& on_field) {
    simdjson::padded_string_view view(line_.data(), line_.size(), line_.capacity());
    simdjson::ondemand::document doc;
    if (parser_.iterate(view).get(doc)) return false;
    simdjson::ondemand::object object;
    if (doc.get_object().get(object)) return false;
    for (auto field_result : object) {
      simdjson::ondemand::field field;
      if (std::move(field_result).get(field)) return false;
      std::string_view key;
      if (field.unescaped_key().get(key)) return false;
      simdjson::ondemand::value value = field.value();
      if (!on_field(key, value)) return false;
    }
    return true;
  }

 private:
  std::string path_;
  std::ifstream in_;
  std::string line_;
  simdjson::ondemand::parser parser_;
};

// A string, or a number / literal kept as its JSON text.
bool GetScalar(simdjson::ondemand::value& value, std::string* out) {
  simdjson::ondemand::json_type type;
  if (value.type().get(type)) return false;
  if (type == simdjson::ondemand::json_type::string) {
    std::string_view s;
    if (value.get_string().get(s)) return false;
    out->assign(s);
    return true;
  }
  if (type == simdjson::ondemand::json_type::number) {
    std::string_view s = value.raw_json_token();
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r')) {
      s.remove_suffix(1);
    }
    out->assign(s);
    return true;
  }
  return false;
}

bool GetLabel(simdjson::ondemand::value& value, bool* boilerplate) {
  std::string_view s;
  if (value.get_string().get(s)) return false;
  if (s == "boilerplate") {
    *boilerplate = true;
    return true;
  }
  if (s == "content") {
    *boilerplate = false;
    return true;
  }
  return false;
}

// --- Clusters.

class ClusterScorer {
 public:
  ClusterEvalResult& result() { return result_; }

  void AddGold(absl::string_view id, absl::string_view cluster, absl::string_view kind) {
    const uint32_t doc = Doc(id);
    if (gold_[doc] != kNone) {
      ++result_.duplicate_gold;
      return;
    }
    gold_[doc] = gold_names_.Intern(cluster);
    if (!kind.empty()) {
      kind_[doc] = kinds_.Intern(kind);
      has_kinds_ = true;
    }
  }

  void AddPredicted(absl::string_view id, absl::string_view cluster) {
    const uint32_t doc = Doc(id);
    if (predicted_[doc] != kNone) {
      ++result_.duplicate_predicted;
      return;
    }
    predicted_[doc] = predicted_names_.Intern(cluster);
  }

  ClusterEvalResult Finish(const ClusterEvalOptions& options) {
    ClusterEvalResult& r = result_;
    // Contingency table over the documents present in both.
    absl::flat_hash_map<uint64_t, int64_t> cells;
    std::vector<int64_t> row(predicted_names_.size(), 0), col(gold_names_.size(), 0);
    for (size_t d = 0; d < ids_.size(); ++d) {
      const uint32_t p = predicted_[d], g = gold_[d];
      if (p == kNone) {
        ++r.only_gold;
        continue;
      }
      if (g == kNone) {
        ++r.only_predicted;
        continue;
      }
      ++cells[Key(p, g)];
      ++row[p];
      ++col[g];
    }
    for (int64_t n : row) r.predicted_clusters += n > 0;
    for (int64_t n : col) r.gold_clusters += n > 0;
    std::vector<ContingencyCell> table;
    table.reserve(cells.size());
    for (const auto& [key, count] : cells) {
      table.push_back(
          {static_cast<int64_t>(key >> 32), static_cast<int64_t>(key & 0xFFFFFFFFu), count});
    }
    r.scores = ScoreContingency(table);

    // Worst errors: a predicted cluster's false pairs are its pairs minus
    // those inside one gold cluster; a gold cluster's missed pairs likewise.
    std::vector<int64_t> row_same(row.size(), 0), col_same(col.size(), 0);
    std::vector<int64_t> row_parts(row.size(), 0), col_parts(col.size(), 0);
    for (const ContingencyCell& c : table) {
      row_same[c.predicted] += Choose2(c.count);
      col_same[c.gold] += Choose2(c.count);
      ++row_parts[c.predicted];
      ++col_parts[c.gold];
    }
    r.worst_false_merges = WorstErrors(row, row_same, row_parts, predicted_names_, table,
                                       /*by_predicted=*/true, options);
    r.worst_misses =
        WorstErrors(col, col_same, col_parts, gold_names_, table, /*by_predicted=*/false, options);

    if (has_kinds_) {
      std::vector<KindScores> by_kind(kinds_.size());
      for (size_t d = 0; d < ids_.size(); ++d) {
        const uint32_t p = predicted_[d], g = gold_[d];
        if (p == kNone || g == kNone || kind_[d] == kNone) continue;
        KindScores& k = by_kind[kind_[d]];
        const int64_t both = cells[Key(p, g)];
        ++k.documents;
        k.gold_pairs += col[g] - 1;
        k.found_pairs += both - 1;
        k.predicted_pairs += row[p] - 1;
        k.false_pairs += row[p] - both;
      }
      for (uint32_t k = 0; k < by_kind.size(); ++k) {
        KindScores& s = by_kind[k];
        s.kind = kinds_.Name(k);
        s.recall = Ratio(s.found_pairs, s.gold_pairs, 1.0);
        s.precision = Ratio(s.predicted_pairs - s.false_pairs, s.predicted_pairs, 1.0);
        if (s.documents > 0) r.by_kind.push_back(std::move(s));
      }
      std::sort(r.by_kind.begin(), r.by_kind.end(),
                [](const KindScores& a, const KindScores& b) { return a.kind < b.kind; });
    }
    return std::move(result_);
  }

 private:
  static uint64_t Key(uint32_t p, uint32_t g) { return (static_cast<uint64_t>(p) << 32) | g; }

  uint32_t Doc(absl::string_view id) {
    auto [it, inserted] = doc_index_.try_emplace(id, static_cast<uint32_t>(ids_.size()));
    if (inserted) {
      ids_.emplace_back(id);
      gold_.push_back(kNone);
      predicted_.push_back(kNone);
      kind_.push_back(kNone);
    }
    return it->second;
  }

  std::vector<ClusterError> WorstErrors(const std::vector<int64_t>& size,
                                        const std::vector<int64_t>& same,
                                        const std::vector<int64_t>& parts, const Interner& names,
                                        const std::vector<ContingencyCell>& table,
                                        bool by_predicted, const ClusterEvalOptions& options) {
    std::vector<uint32_t> bad;
    for (uint32_t c = 0; c < size.size(); ++c) {
      if (parts[c] > 1) bad.push_back(c);
    }
    auto wrong = [&](uint32_t c) { return Choose2(size[c]) - same[c]; };
    std::sort(bad.begin(), bad.end(), [&](uint32_t a, uint32_t b) {
      if (wrong(a) != wrong(b)) return wrong(a) > wrong(b);
      return names.Name(a) < names.Name(b);
    });
    if (static_cast<int64_t>(bad.size()) > std::max(0, options.worst))
      bad.resize(std::max(0, options.worst));

    const Interner& other_names = by_predicted ? gold_names_ : predicted_names_;
    std::vector<ClusterError> out;
    // (cluster, other) cells to show, keyed as in the contingency table.
    absl::flat_hash_map<uint64_t, std::pair<size_t, size_t>> shown;  // -> (error, part)
    for (uint32_t c : bad) {
      ClusterError e;
      e.cluster = names.Name(c);
      e.size = size[c];
      e.parts = parts[c];
      e.wrong_pairs = wrong(c);
      std::vector<std::pair<int64_t, uint32_t>> cells;  // (count, other)
      for (const ContingencyCell& cell : table) {
        const int64_t mine = by_predicted ? cell.predicted : cell.gold;
        if (mine == static_cast<int64_t>(c))
          cells.push_back(
              {cell.count, static_cast<uint32_t>(by_predicted ? cell.gold : cell.predicted)});
      }
      std::sort(cells.begin(), cells.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first > b.first;
        return other_names.Name(a.second) < other_names.Name(b.second);
      });
      for (size_t i = 0; i < cells.size() && static_cast<int>(i) < std::max(0, options.parts);
           ++i) {
        e.largest_parts.push_back({other_names.Name(cells[i].second), cells[i].first, {}});
        const uint64_t key = by_predicted ? Key(c, cells[i].second) : Key(cells[i].second, c);
        shown[key] = {out.size(), i};
      }
      out.push_back(std::move(e));
    }
    if (!shown.empty()) {
      for (size_t d = 0; d < ids_.size(); ++d) {
        if (predicted_[d] == kNone || gold_[d] == kNone) continue;
        auto it = shown.find(Key(predicted_[d], gold_[d]));
        if (it == shown.end()) continue;
        out[it->second.first].largest_parts[it->second.second].sample_ids.push_back(ids_[d]);
      }
      for (ClusterError& e : out) {
        for (ClusterPart& part : e.largest_parts) {
          std::sort(part.sample_ids.begin(), part.sample_ids.end());
          if (static_cast<int>(part.sample_ids.size()) > std::max(0, options.ids_per_part)) {
            part.sample_ids.resize(std::max(0, options.ids_per_part));
          }
        }
      }
    }
    // The table scan above is O(table) per listed cluster; `worst` is small.
    return out;
  }

  ClusterEvalResult result_;
  absl::flat_hash_map<std::string, uint32_t> doc_index_;
  std::vector<std::string> ids_;
  std::vector<uint32_t> gold_, predicted_, kind_;
  Interner gold_names_, predicted_names_, kinds_;
  bool has_kinds_ = false;
};

// --- Lines.

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

  bool AddPredicted(absl::string_view id, int64_t line, bool boilerplate,
                    absl::string_view reason) {
    if (line < 1 || line > kMaxLine) return false;
    auto it = doc_index_.find(id);
    if (it == doc_index_.end()) {
      ++result_.only_predicted;
      return true;
    }
    Doc& doc = docs_[it->second];
    if (line > static_cast<int64_t>(doc.codes.size()) || !(doc.codes[line - 1] & kGold)) {
      ++result_.only_predicted;
      return true;
    }
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

  std::vector<std::pair<std::string, int64_t>> KindCounts(
      const std::vector<int64_t>& counts) const {
    std::vector<std::pair<std::string, int64_t>> out;
    for (size_t k = 0; k < counts.size(); ++k) {
      if (counts[k] > 0)
        out.emplace_back(k < kinds_.size() ? kinds_.Name(k) : "(no kind)", counts[k]);
    }
    return out;
  }

  std::vector<std::pair<std::string, int64_t>> Top(
      std::vector<std::pair<std::string, int64_t>> v) const {
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
      if (a.second != b.second) return a.second > b.second;
      return a.first < b.first;
    });
    if (static_cast<int64_t>(v.size()) > std::max(0, options_.top))
      v.resize(std::max(0, options_.top));
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

// Reads a label file; `add` gets (id, line, boilerplate, note) and returns
// false for an unusable record.
template <typename Add>
absl::Status ReadLineLabels(const std::string& path, const char* note_field, int64_t* lines,
                            int64_t* malformed, Add&& add) {
  JsonLineReader reader;
  SHABIH_RETURN_IF_ERROR(reader.Open(path));
  std::string id, note;
  while (reader.Next()) {
    if (reader.blank()) continue;
    ++*lines;
    id.clear();
    note.clear();
    int64_t line = -1;
    bool boilerplate = false, has_id = false, has_label = false;
    const bool ok =
        reader.ForEachField([&](std::string_view key, simdjson::ondemand::value& value) {
          if (key == "id") return has_id = GetScalar(value, &id);
          if (key == "line") return !value.get_int64().get(line);
          if (key == "label") return has_label = GetLabel(value, &boilerplate);
          if (key == note_field) {
            std::string_view s;
            if (value.get_string().get(s)) return false;
            note.assign(s);
          }
          return true;
        });
    if (!ok || !has_id || !has_label || line < 1 || !add(id, line, boilerplate, note)) ++*malformed;
  }
  return reader.status();
}

absl::Status ReadCrawl(const std::string& path, LineScorer* scorer) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    std::vector<std::filesystem::path> files;
    for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec) && it->path().extension() == ".txt") files.push_back(it->path());
    }
    if (ec) return absl::NotFoundError(absl::StrCat("cannot read ", path, ": ", ec.message()));
    std::sort(files.begin(), files.end());
    std::string text;
    for (const auto& file : files) {
      std::ifstream in(file, std::ios::binary);
      if (!in) continue;  // Then the document counts as without text.
      text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      const std::string id = std::filesystem::relative(file, path, ec).generic_string();
      scorer->AddText(id, text);
    }
    return absl::OkStatus();
  }
  JsonLineReader reader;
  SHABIH_RETURN_IF_ERROR(reader.Open(path));
  std::string id, url, text;
  while (reader.Next()) {
    if (reader.blank()) continue;
    id.clear();
    url.clear();
    bool has_text = false;
    const bool ok =
        reader.ForEachField([&](std::string_view key, simdjson::ondemand::value& value) {
          if (key == "id") return GetScalar(value, &id);
          if (key == "url") return GetScalar(value, &url);
          if (key == "text") {
            std::string_view s;
            if (value.get_string().get(s)) return false;
            text.assign(s);
            has_text = true;
          }
          return true;
        });
    if (!ok || !has_text) continue;  // Its document then counts as without text.
    scorer->AddText(id.empty() ? url : id, text);
  }
  return reader.status();
}

// --- Report helpers.

std::string ErrorsJson(const std::vector<ClusterError>& errors) {
  std::string out = "[";
  for (size_t i = 0; i < errors.size(); ++i) {
    if (i > 0) out.push_back(',');
    const ClusterError& e = errors[i];
    std::string parts = "[";
    for (size_t j = 0; j < e.largest_parts.size(); ++j) {
      if (j > 0) parts.push_back(',');
      const ClusterPart& p = e.largest_parts[j];
      std::string ids = "[";
      for (size_t k = 0; k < p.sample_ids.size(); ++k) {
        if (k > 0) ids.push_back(',');
        AppendJsonString(p.sample_ids[k], &ids);
      }
      ids.push_back(']');
      JsonObjectWriter(&parts)
          .String("cluster", p.cluster)
          .Int("size", p.size)
          .Raw("ids", ids)
          .Close();
    }
    parts.push_back(']');
    JsonObjectWriter(&out)
        .String("cluster", e.cluster)
        .Int("size", e.size)
        .Int("parts", e.parts)
        .Int("wrong_pairs", e.wrong_pairs)
        .Raw("largest_parts", parts)
        .Close();
  }
  out.push_back(']');
  return out;
}

std::string CountsJson(const std::vector<std::pair<std::string, int64_t>>& counts) {
  std::string out = "[";
  for (size_t i = 0; i < counts.size(); ++i) {
    if (i > 0) out.push_back(',');
    JsonObjectWriter(&out).String("name", counts[i].first).Int("count", counts[i].second).Close();
  }
  out.push_back(']');
  return out;
}

std::string BinaryJson(const BinaryScores& s) {
  std::string out;
  JsonObjectWriter(&out)
      .Double("precision", s.precision)
      .Double("recall", s.recall)
      .Double("f1", s.f1)
      .Int("true_positive", s.true_positive)
      .Int("false_positive", s.false_positive)
      .Int("false_negative", s.false_negative)
      .Int("true_negative", s.true_negative)
      .Close();
  return out;
}

void AppendErrors(const char* title, const char* part_word, const std::vector<ClusterError>& errors,
                  const char* unit, std::string* out) {
  absl::StrAppend(out, "\n", title, "\n");
  if (errors.empty()) {
    absl::StrAppend(out, "  (none)\n");
    return;
  }
  for (size_t i = 0; i < errors.size(); ++i) {
    const ClusterError& e = errors[i];
    absl::StrAppendFormat(out, "  %d. %s: %d docs across %d %s clusters, %d %s pairs\n", i + 1,
                          e.cluster, e.size, e.parts, part_word, e.wrong_pairs, unit);
    for (const ClusterPart& p : e.largest_parts) {
      absl::StrAppendFormat(out, "       %s %s (%d):", part_word, p.cluster, p.size);
      for (const std::string& id : p.sample_ids) absl::StrAppend(out, " ", id);
      if (p.size > static_cast<int64_t>(p.sample_ids.size())) absl::StrAppend(out, " ...");
      absl::StrAppend(out, "\n");
    }
    if (e.parts > static_cast<int64_t>(e.largest_parts.size())) {
      absl::StrAppendFormat(out, "       ... and %d more\n",
                            e.parts - static_cast<int64_t>(e.largest_parts.size()));
    }
  }
}

}  // namespace
}  // namespace internal

PairScores ScoreContingency(absl::Span<const ContingencyCell> cells) {
  absl::flat_hash_map<std::pair<int64_t, int64_t>, int64_t> merged;
  absl::flat_hash_map<int64_t, int64_t> rows, cols;
  PairScores s;
  for (const ContingencyCell& c : cells) {
    if (c.count <= 0) continue;
    merged[{c.predicted, c.gold}] += c.count;
    rows[c.predicted] += c.count;
    cols[c.gold] += c.count;
    s.documents += c.count;
  }
  for (const auto& [key, n] : merged) s.true_pairs += internal::Choose2(n);
  for (const auto& [key, n] : rows) s.predicted_pairs += internal::Choose2(n);
  for (const auto& [key, n] : cols) s.gold_pairs += internal::Choose2(n);
  s.precision = internal::Ratio(s.true_pairs, s.predicted_pairs, 1.0);
  s.recall = internal::Ratio(s.true_pairs, s.gold_pairs, 1.0);
  s.f1 = internal::F1(s.precision, s.recall);
  const long double all = static_cast<long double>(internal::Choose2(s.documents));
  if (all == 0) {
    s.adjusted_rand_index = 1.0;
  } else {
    const long double a = s.predicted_pairs, b = s.gold_pairs;
    const long double expected = a * b / all;
    const long double max_index = (a + b) / 2;
    const long double denominator = max_index - expected;
    s.adjusted_rand_index =
        denominator == 0 ? 1.0 : static_cast<double>((s.true_pairs - expected) / denominator);
  }
  return s;
}

absl::StatusOr<ClusterEvalResult> EvaluateClusters(absl::Span<const ClusterLabel> predicted,
                                                   absl::Span<const ClusterLabel> gold,
                                                   const ClusterEvalOptions& options) {
  internal::ClusterScorer scorer;
  for (const ClusterLabel& g : gold) {
    ++scorer.result().gold_lines;
    scorer.AddGold(g.id, g.cluster, g.kind);
  }
  for (const ClusterLabel& p : predicted) {
    ++scorer.result().predicted_lines;
    scorer.AddPredicted(p.id, p.cluster);
  }
  return scorer.Finish(options);
}

absl::StatusOr<ClusterEvalResult> EvaluateClusterFiles(const std::string& predicted_path,
                                                       const std::string& gold_path,
                                                       const ClusterEvalOptions& options) {
  internal::ClusterScorer scorer;
  ClusterEvalResult& r = scorer.result();
  auto read = [&](const std::string& path, bool is_gold) -> absl::Status {
    internal::JsonLineReader reader;
    SHABIH_RETURN_IF_ERROR(reader.Open(path));
    std::string id, cluster, kind;
    while (reader.Next()) {
      if (reader.blank()) continue;
      ++(is_gold ? r.gold_lines : r.predicted_lines);
      id.clear();
      cluster.clear();
      kind.clear();
      bool has_id = false, has_cluster = false;
      const bool ok =
          reader.ForEachField([&](std::string_view key, simdjson::ondemand::value& value) {
            if (key == "id") return has_id = internal::GetScalar(value, &id);
            if (key == "cluster") return has_cluster = internal::GetScalar(value, &cluster);
            if (key == "kind" && is_gold) return internal::GetScalar(value, &kind);
            return true;
          });
      if (!ok || !has_id || !has_cluster) {
        ++(is_gold ? r.malformed_gold : r.malformed_predicted);
        continue;
      }
      if (is_gold) {
        scorer.AddGold(id, cluster, kind);
      } else {
        scorer.AddPredicted(id, cluster);
      }
    }
    return reader.status();
  };
  SHABIH_RETURN_IF_ERROR(read(gold_path, true));
  SHABIH_RETURN_IF_ERROR(read(predicted_path, false));
  return scorer.Finish(options);
}

std::string FormatClusterReport(const ClusterEvalResult& r) {
  const PairScores& s = r.scores;
  std::string out;
  absl::StrAppendFormat(&out, "Clusters: %d documents scored\n", s.documents);
  absl::StrAppendFormat(
      &out, "  predicted: %d lines, %d malformed, %d duplicate ids, %d ids not in gold\n",
      r.predicted_lines, r.malformed_predicted, r.duplicate_predicted, r.only_predicted);
  absl::StrAppendFormat(
      &out, "  gold:      %d lines, %d malformed, %d duplicate ids, %d ids not predicted\n\n",
      r.gold_lines, r.malformed_gold, r.duplicate_gold, r.only_gold);
  absl::StrAppendFormat(&out, "                       %12s %12s\n", "predicted", "gold");
  absl::StrAppendFormat(&out, "  clusters             %12d %12d\n", r.predicted_clusters,
                        r.gold_clusters);
  absl::StrAppendFormat(&out, "  pairs                %12d %12d\n", s.predicted_pairs,
                        s.gold_pairs);
  absl::StrAppendFormat(&out, "  pairs in both        %12d\n\n", s.true_pairs);
  absl::StrAppendFormat(&out, "  pairwise precision   %.4f\n", s.precision);
  absl::StrAppendFormat(&out, "  pairwise recall      %.4f\n", s.recall);
  absl::StrAppendFormat(&out, "  pairwise F1          %.4f\n", s.f1);
  absl::StrAppendFormat(&out, "  adjusted Rand index  %.4f\n", s.adjusted_rand_index);
  if (!r.by_kind.empty()) {
    absl::StrAppendFormat(&out, "\nBy gold kind (pairs each document belongs to):\n");
    absl::StrAppendFormat(&out, "  %-16s %8s %10s %8s %10s %8s\n", "kind", "docs", "gold pairs",
                          "recall", "pred pairs", "precision");
    for (const KindScores& k : r.by_kind) {
      absl::StrAppendFormat(&out, "  %-16s %8d %10d %8.4f %10d %8.4f\n", k.kind, k.documents,
                            k.gold_pairs, k.recall, k.predicted_pairs, k.precision);
    }
  }
  internal::AppendErrors("Worst false merges (predicted clusters mixing gold clusters):", "gold",
                         r.worst_false_merges, "false", &out);
  internal::AppendErrors("Worst misses (gold clusters split across predicted clusters):",
                         "predicted", r.worst_misses, "missed", &out);
  return out;
}

std::string ClusterReportJson(const ClusterEvalResult& r) {
  const PairScores& s = r.scores;
  std::string kinds = "[";
  for (size_t i = 0; i < r.by_kind.size(); ++i) {
    if (i > 0) kinds.push_back(',');
    const KindScores& k = r.by_kind[i];
    JsonObjectWriter(&kinds)
        .String("kind", k.kind)
        .Int("documents", k.documents)
        .Int("gold_pairs", k.gold_pairs)
        .Int("found_pairs", k.found_pairs)
        .Double("recall", k.recall)
        .Int("predicted_pairs", k.predicted_pairs)
        .Int("false_pairs", k.false_pairs)
        .Double("precision", k.precision)
        .Close();
  }
  kinds.push_back(']');
  std::string out;
  JsonObjectWriter(&out)
      .Int("documents", s.documents)
      .Double("precision", s.precision)
      .Double("recall", s.recall)
      .Double("f1", s.f1)
      .Double("adjusted_rand_index", s.adjusted_rand_index)
      .Int("predicted_pairs", s.predicted_pairs)
      .Int("gold_pairs", s.gold_pairs)
      .Int("true_pairs", s.true_pairs)
      .Int("predicted_clusters", r.predicted_clusters)
      .Int("gold_clusters", r.gold_clusters)
      .Int("predicted_lines", r.predicted_lines)
      .Int("gold_lines", r.gold_lines)
      .Int("malformed_predicted", r.malformed_predicted)
      .Int("malformed_gold", r.malformed_gold)
      .Int("duplicate_predicted", r.duplicate_predicted)
      .Int("duplicate_gold", r.duplicate_gold)
      .Int("only_predicted", r.only_predicted)
      .Int("only_gold", r.only_gold)
      .Raw("by_kind", kinds)
      .Raw("worst_false_merges", internal::ErrorsJson(r.worst_false_merges))
      .Raw("worst_misses", internal::ErrorsJson(r.worst_misses))
      .Close();
  return out;
}

absl::StatusOr<LineEvalResult> EvaluateLines(absl::Span<const LineLabel> predicted,
                                             absl::Span<const LineLabel> gold,
                                             absl::Span<const EvalDocument> crawl,
                                             const LineEvalOptions& options) {
  internal::LineScorer scorer(options);
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
  return scorer.Finish();
}

absl::StatusOr<LineEvalResult> EvaluateLineFiles(const std::string& predicted_path,
                                                 const std::string& gold_path,
                                                 const std::string& crawl_path,
                                                 const LineEvalOptions& options) {
  internal::LineScorer scorer(options);
  LineEvalResult& r = scorer.result();
  SHABIH_RETURN_IF_ERROR(internal::ReadLineLabels(
      gold_path, "kind", &r.gold_lines, &r.malformed_gold,
      [&](const std::string& id, int64_t line, bool bp, const std::string& kind) {
        return scorer.AddGold(id, line, bp, kind);
      }));
  SHABIH_RETURN_IF_ERROR(internal::ReadLineLabels(
      predicted_path, "reason", &r.predicted_lines, &r.malformed_predicted,
      [&](const std::string& id, int64_t line, bool bp, const std::string& reason) {
        return scorer.AddPredicted(id, line, bp, reason);
      }));
  if (!crawl_path.empty()) SHABIH_RETURN_IF_ERROR(internal::ReadCrawl(crawl_path, &scorer));
  return scorer.Finish();
}

std::string FormatLineReport(const LineEvalResult& r) {
  std::string out;
  const int64_t scored = r.lines.true_positive + r.lines.false_positive + r.lines.false_negative +
                         r.lines.true_negative;
  absl::StrAppendFormat(&out, "Lines: %d scored in %d documents (%d blank lines skipped)\n", scored,
                        r.documents, r.blank_skipped);
  absl::StrAppendFormat(
      &out, "  predicted: %d lines, %d malformed, %d duplicates, %d not in gold\n",
      r.predicted_lines, r.malformed_predicted, r.duplicate_predicted, r.only_predicted);
  absl::StrAppendFormat(&out,
                        "  gold:      %d lines, %d malformed, %d duplicates, %d not predicted\n\n",
                        r.gold_lines, r.malformed_gold, r.duplicate_gold, r.only_gold);
  auto row = [&](const char* name, const BinaryScores& s) {
    absl::StrAppendFormat(
        &out, "  %-22s precision %.4f  recall %.4f  F1 %.4f   (tp %d fp %d fn %d tn %d)\n", name,
        s.precision, s.recall, s.f1, s.true_positive, s.false_positive, s.false_negative,
        s.true_negative);
  };
  row("boilerplate lines", r.lines);
  if (r.has_tokens) {
    row("main-text tokens", r.tokens);
    absl::StrAppendFormat(
        &out, "  (%d scored documents without text, %d texts whose line count differs)\n",
        r.documents_without_text, r.line_count_mismatches);
  }
  auto list = [&](const char* title, const std::vector<std::pair<std::string, int64_t>>& v) {
    absl::StrAppend(&out, "\n", title, "\n");
    if (v.empty()) absl::StrAppend(&out, "  (none)\n");
    for (const auto& [name, count] : v) absl::StrAppendFormat(&out, "  %8d  %s\n", count, name);
  };
  list("Content lines called boilerplate, by predicted reason:", r.false_positive_reasons);
  list("Content lines called boilerplate, by gold kind:", r.false_positive_kinds);
  list("Boilerplate lines kept, by gold kind:", r.false_negative_kinds);
  return out;
}

std::string LineReportJson(const LineEvalResult& r) {
  std::string out;
  JsonObjectWriter w(&out);
  w.Int("documents", r.documents).Raw("lines", internal::BinaryJson(r.lines));
  if (r.has_tokens) w.Raw("tokens", internal::BinaryJson(r.tokens));
  w.Int("blank_skipped", r.blank_skipped)
      .Int("predicted_lines", r.predicted_lines)
      .Int("gold_lines", r.gold_lines)
      .Int("malformed_predicted", r.malformed_predicted)
      .Int("malformed_gold", r.malformed_gold)
      .Int("duplicate_predicted", r.duplicate_predicted)
      .Int("duplicate_gold", r.duplicate_gold)
      .Int("only_predicted", r.only_predicted)
      .Int("only_gold", r.only_gold)
      .Int("documents_without_text", r.documents_without_text)
      .Int("line_count_mismatches", r.line_count_mismatches)
      .Raw("false_positive_reasons", internal::CountsJson(r.false_positive_reasons))
      .Raw("false_positive_kinds", internal::CountsJson(r.false_positive_kinds))
      .Raw("false_negative_kinds", internal::CountsJson(r.false_negative_kinds))
      .Close();
  return out;
}

}  // namespace shabih

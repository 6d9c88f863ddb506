// Label files are read line by line into a buffer with simdjson's padding
// and parsed on demand: only the few fields a record needs are decoded.
// Cluster labels may also be TSV, the form of corpus/expected_clusters.tsv:
// a hand-kept gold reads better as a table than as JSON.
#include "tooling/eval_readers.h"

#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/pipeline_util.h"

namespace shabih::eval {
namespace {

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
    ++line_number_;
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    if (line_.capacity() < line_.size() + simdjson::SIMDJSON_PADDING) {
      line_.reserve(line_.size() + simdjson::SIMDJSON_PADDING);
    }
    return true;
  }
  bool blank() const { return line_.find_first_not_of(" \t") == std::string::npos; }
  const std::string& line() const { return line_; }
  int64_t line_number() const { return line_number_; }
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
  int64_t line_number_ = 0;
  simdjson::ondemand::parser parser_;
};

void CountMalformed(const JsonLineReader& reader, LabelFileStats* stats) {
  if (stats->malformed++ == 0) stats->first_malformed_line = reader.line_number();
}

// Which TSV columns hold a cluster label's fields.
struct TsvColumns {
  size_t id = 0, cluster = 1;
  std::optional<size_t> kind;
};

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> cells;
  for (size_t start = 0;;) {
    const size_t tab = line.find('\t', start);
    std::string_view cell = line.substr(start, tab == std::string_view::npos ? line.npos : tab - start);
    while (!cell.empty() && cell.front() == ' ') cell.remove_prefix(1);
    while (!cell.empty() && cell.back() == ' ') cell.remove_suffix(1);
    cells.push_back(cell);
    if (tab == std::string_view::npos) return cells;
    start = tab + 1;
  }
}

// A header names "id" and "cluster" among its cells (after an optional "#").
std::optional<TsvColumns> TsvHeader(std::string_view line) {
  if (!line.empty() && line.front() == '#') line.remove_prefix(1);
  const std::vector<std::string_view> cells = SplitTabs(line);
  std::optional<size_t> id, cluster, kind;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (cells[i] == "id" && !id) id = i;
    if (cells[i] == "cluster" && !cluster) cluster = i;
    if (cells[i] == "kind" && !kind) kind = i;
  }
  if (!id || !cluster) return std::nullopt;
  return TsvColumns{*id, *cluster, kind};
}

// The rest of a TSV file, from the reader's current (first non-blank) line.
absl::Status ReadTsvClusterLabels(
    JsonLineReader& reader, bool with_kind, LabelFileStats* stats,
    absl::FunctionRef<void(const std::string&, const std::string&, const std::string&)> add) {
  TsvColumns columns;
  bool first = true;
  std::string id, cluster, kind;
  do {
    if (reader.blank()) continue;
    const std::string_view line = reader.line();
    if (first) {
      first = false;
      if (std::optional<TsvColumns> header = TsvHeader(line)) {
        columns = *header;
        continue;
      }
    }
    if (line.front() == '#') continue;
    ++stats->records;
    const std::vector<std::string_view> cells = SplitTabs(line);
    if (columns.id >= cells.size() || columns.cluster >= cells.size() || cells[columns.id].empty() ||
        cells[columns.cluster].empty()) {
      CountMalformed(reader, stats);
      continue;
    }
    id.assign(cells[columns.id]);
    cluster.assign(cells[columns.cluster]);
    kind.clear();
    if (with_kind && columns.kind && *columns.kind < cells.size()) kind.assign(cells[*columns.kind]);
    add(id, cluster, kind);
  } while (reader.Next());
  return reader.status();
}

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
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r')) {
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

}  // namespace

absl::Status ReadClusterLabels(
    const std::string& path, bool with_kind, LabelFileStats* stats,
    absl::FunctionRef<void(const std::string&, const std::string&, const std::string&)> add) {
  JsonLineReader reader;
  if (absl::Status s = reader.Open(path); !s.ok()) return s;
  std::string id, cluster, kind;
  bool first = true;
  while (reader.Next()) {
    if (reader.blank()) continue;
    if (first) {
      first = false;
      // Anything but a JSON object on the first line is read as TSV.
      const size_t start = reader.line().find_first_not_of(" \t");
      if (reader.line()[start] != '{') return ReadTsvClusterLabels(reader, with_kind, stats, add);
    }
    ++stats->records;
    id.clear();
    cluster.clear();
    kind.clear();
    bool has_id = false, has_cluster = false;
    const bool ok = reader.ForEachField([&](std::string_view key, simdjson::ondemand::value& value) {
      if (key == "id") return has_id = GetScalar(value, &id);
      if (key == "cluster") return has_cluster = GetScalar(value, &cluster);
      if (key == "kind" && with_kind) return GetScalar(value, &kind);
      return true;
    });
    if (!ok || !has_id || !has_cluster) {
      CountMalformed(reader, stats);
      continue;
    }
    add(id, cluster, kind);
  }
  return reader.status();
}

absl::Status ReadLineLabels(
    const std::string& path, absl::string_view note_field, LabelFileStats* stats,
    absl::FunctionRef<bool(const std::string&, int64_t, bool, const std::string&)> add) {
  JsonLineReader reader;
  if (absl::Status s = reader.Open(path); !s.ok()) return s;
  std::string id, note;
  while (reader.Next()) {
    if (reader.blank()) continue;
    ++stats->records;
    id.clear();
    note.clear();
    int64_t line = -1;
    bool boilerplate = false, has_id = false, has_label = false;
    const bool ok = reader.ForEachField([&](std::string_view key, simdjson::ondemand::value& value) {
      if (key == "id") return has_id = GetScalar(value, &id);
      if (key == "line") return !value.get_int64().get(line);
      if (key == "label") return has_label = GetLabel(value, &boilerplate);
      if (key == std::string_view(note_field.data(), note_field.size())) {
        std::string_view s;
        if (value.get_string().get(s)) return false;
        note.assign(s);
      }
      return true;
    });
    if (!ok || !has_id || !has_label || line < 1 || !add(id, line, boilerplate, note)) {
      CountMalformed(reader, stats);
    }
  }
  return reader.status();
}

absl::Status ReadPairLabels(const std::string& path,
                            absl::FunctionRef<absl::Status(const PairLabelRecord&)> add) {
  JsonLineReader reader;
  if (absl::Status s = reader.Open(path); !s.ok()) return s;
  PairLabelRecord record;
  while (reader.Next()) {
    if (reader.blank()) continue;
    record = PairLabelRecord();
    record.line = reader.line_number();
    bool has_a = false, has_b = false, has_label = false;
    const char* bad_field = nullptr;  // A known field of the wrong type.
    const bool ok = reader.ForEachField([&](std::string_view key, simdjson::ondemand::value& value) {
      std::string_view s;
      bool good = true;
      if (key == "a") {
        good = has_a = GetScalar(value, &record.a);
      } else if (key == "b") {
        good = has_b = GetScalar(value, &record.b);
      } else if (key == "label") {
        good = has_label = !value.get_string().get(s);
        if (good) record.label.assign(s);
      } else if (key == "stratum") {
        good = !value.get_string().get(s);
        if (good) record.stratum.assign(s);
      }
      if (!good) bad_field = key == "a" ? "a" : key == "b" ? "b" : key == "label" ? "label" : "stratum";
      return good;
    });
    const std::string where = absl::StrCat(path, ":", record.line, ": ");
    if (bad_field != nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(where, "field \"", bad_field, "\" has the wrong type"));
    }
    if (!ok) return absl::InvalidArgumentError(absl::StrCat(where, "not a valid JSON object"));
    if (!has_a || !has_b || !has_label) {
      return absl::InvalidArgumentError(absl::StrCat(where, "a judged pair needs \"a\", \"b\" and \"label\""));
    }
    if (record.a.empty() || record.b.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(where, "empty id"));
    }
    if (absl::Status s = add(record); !s.ok()) return s;
  }
  return reader.status();
}

absl::Status ReadCrawlTexts(const std::string& path, const ReadOptions& options,
                            absl::FunctionRef<void(absl::string_view, absl::string_view)> add,
                            ReadStats* stats) {
  absl::StatusOr<std::unique_ptr<CorpusReader>> reader = CorpusReader::Open({path}, options);
  if (!reader.ok()) return reader.status();
  Document doc;
  while ((*reader)->Next(&doc)) add(doc.id, doc.text);
  *stats = (*reader)->stats();
  if (stats->documents == 0 && stats->skipped_total > 0) return internal::NoInputError(*stats);
  return absl::OkStatus();
}

}  // namespace shabih::eval

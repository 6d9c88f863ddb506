#include "engine/internal/read_stats_io.h"

#include <simdjson.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/json_writer.h"
#include "engine/internal/status_macros.h"

namespace shabih {
namespace {

constexpr absl::string_view kFormat = "shabih-read-stats/1";

std::string StringArray(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonString(values[i], &out);
  }
  out.push_back(']');
  return out;
}

// A JSON array of objects, each written by `write`.
template <typename T, typename Write>
std::string ObjectArray(const std::vector<T>& items, Write write) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(',');
    JsonObjectWriter w(&out);
    write(items[i], &w);
    w.Close();
  }
  out.push_back(']');
  return out;
}

absl::Status Bad(absl::string_view field) {
  return absl::InvalidArgumentError(absl::StrCat("read stats: field '", field, "' is missing or of the wrong type"));
}

absl::Status GetUint(simdjson::dom::object object, const char* key, uint64_t* out) {
  if (object[key].get_uint64().get(*out) != simdjson::SUCCESS) return Bad(key);
  return absl::OkStatus();
}

absl::Status GetString(simdjson::dom::object object, const char* key, std::string* out) {
  std::string_view s;
  if (object[key].get_string().get(s) != simdjson::SUCCESS) return Bad(key);
  out->assign(s.data(), s.size());
  return absl::OkStatus();
}

// Calls read(object) for every object of the array object[key].
template <typename Read>
absl::Status ForEachObject(simdjson::dom::object object, const char* key, Read read) {
  simdjson::dom::array array;
  if (object[key].get_array().get(array) != simdjson::SUCCESS) return Bad(key);
  for (simdjson::dom::element element : array) {
    simdjson::dom::object item;
    if (element.get_object().get(item) != simdjson::SUCCESS) return Bad(key);
    SHABIH_RETURN_IF_ERROR(read(item));
  }
  return absl::OkStatus();
}

std::string CountsObject(const std::map<std::string, uint64_t>& counts) {
  std::string out;
  JsonObjectWriter w(&out);
  for (const auto& [name, count] : counts) w.Uint(name, count);
  w.Close();
  return out;
}

// An optional object of counts (absent in stats written before they existed).
absl::Status GetCounts(simdjson::dom::object object, const char* key, std::map<std::string, uint64_t>* out) {
  simdjson::dom::element element;
  if (object[key].get(element) != simdjson::SUCCESS) return absl::OkStatus();
  simdjson::dom::object counts;
  if (element.get_object().get(counts) != simdjson::SUCCESS) return Bad(key);
  for (const auto field : counts) {
    uint64_t count = 0;
    if (field.value.get_uint64().get(count) != simdjson::SUCCESS) return Bad(key);
    (*out)[std::string(field.key)] = count;
  }
  return absl::OkStatus();
}

absl::Status GetOptionalUint(simdjson::dom::object object, const char* key, uint64_t* out) {
  simdjson::dom::element element;
  if (object[key].get(element) != simdjson::SUCCESS) return absl::OkStatus();
  if (element.get_uint64().get(*out) != simdjson::SUCCESS) return Bad(key);
  return absl::OkStatus();
}

absl::Status ReadFieldSet(simdjson::dom::object item, FieldSet* set) {
  simdjson::dom::array fields;
  if (item["fields"].get_array().get(fields) != simdjson::SUCCESS) return Bad("missing_text_field.fields");
  for (simdjson::dom::element field : fields) {
    std::string_view s;
    if (field.get_string().get(s) != simdjson::SUCCESS) return Bad("missing_text_field.fields");
    set->fields.emplace_back(s);
  }
  SHABIH_RETURN_IF_ERROR(GetUint(item, "lines", &set->lines));
  return GetString(item, "likely_text_field", &set->likely_text_field);
}

}  // namespace

std::string ReadStatsToJson(const ReadStats& stats) {
  std::string out;
  JsonObjectWriter w(&out);
  w.String("format", kFormat);
  w.Uint("documents", stats.documents);
  w.Uint("bytes", stats.bytes);
  w.Uint("repaired_utf8", stats.repaired_utf8);
  w.Uint("empty_documents", stats.empty_documents);
  w.Uint("blank_lines", stats.blank_lines);
  w.Uint("skipped_total", stats.skipped_total);
  std::string by_reason;
  JsonObjectWriter rw(&by_reason);
  for (const auto& [reason, count] : stats.skipped_by_reason) rw.Uint(reason, count);
  rw.Close();
  w.Raw("skipped_by_reason", by_reason);
  w.Raw("skipped", ObjectArray(stats.skipped, [](const SkippedInput& s, JsonObjectWriter* o) {
          o->String("what", s.what).String("reason", s.reason);
        }));
  w.String("text_field", stats.text_field);
  w.Raw("missing_text_field", ObjectArray(stats.missing_text_field, [](const FieldSet& s, JsonObjectWriter* o) {
          o->Raw("fields", StringArray(s.fields)).Uint("lines", s.lines).String("likely_text_field",
                                                                                s.likely_text_field);
        }));
  w.Uint("duplicate_ids", stats.duplicate_ids);
  w.Raw("renamed_ids", ObjectArray(stats.renamed_ids, [](const RenamedId& r, JsonObjectWriter* o) {
          o->String("id", r.id).String("renamed", r.renamed).String("where", r.where);
        }));
  w.Raw("repaired_utf8_files", ObjectArray(stats.repaired_utf8_files, [](const RepairedFile& f, JsonObjectWriter* o) {
          o->String("file", f.file).Uint("documents", f.documents).Uint("source", f.source);
        }));
  w.Uint("last_repaired_source", stats.last_repaired_source);
  w.Raw("documents_by_encoding", CountsObject(stats.documents_by_encoding));
  w.Raw("documents_by_encoding_source", CountsObject(stats.documents_by_encoding_source));
  w.Raw("warc_records_by_type", CountsObject(stats.warc_records_by_type));
  w.Raw("warc_skipped_by_content_type", CountsObject(stats.warc_skipped_by_content_type));
  w.Uint("truncated_records", stats.truncated_records);
  w.Uint("warc_length_repaired", stats.warc_length_repaired);
  w.Close();
  return out;
}

absl::StatusOr<ReadStats> ReadStatsFromJson(absl::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  if (parser.parse(simdjson::padded_string(json.data(), json.size())).get_object().get(root) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError("read stats: not a JSON object");
  }
  std::string format;
  SHABIH_RETURN_IF_ERROR(GetString(root, "format", &format));
  if (format != kFormat) {
    return absl::InvalidArgumentError(absl::StrCat("read stats: format '", format, "', expected '", kFormat, "'"));
  }
  ReadStats stats;
  SHABIH_RETURN_IF_ERROR(GetUint(root, "documents", &stats.documents));
  SHABIH_RETURN_IF_ERROR(GetUint(root, "bytes", &stats.bytes));
  SHABIH_RETURN_IF_ERROR(GetUint(root, "repaired_utf8", &stats.repaired_utf8));
  SHABIH_RETURN_IF_ERROR(GetUint(root, "empty_documents", &stats.empty_documents));
  SHABIH_RETURN_IF_ERROR(GetUint(root, "blank_lines", &stats.blank_lines));
  SHABIH_RETURN_IF_ERROR(GetUint(root, "skipped_total", &stats.skipped_total));
  simdjson::dom::object by_reason;
  if (root["skipped_by_reason"].get_object().get(by_reason) != simdjson::SUCCESS) return Bad("skipped_by_reason");
  for (const auto field : by_reason) {
    uint64_t count = 0;
    if (field.value.get_uint64().get(count) != simdjson::SUCCESS) return Bad("skipped_by_reason");
    stats.skipped_by_reason[std::string(field.key)] = count;
  }
  SHABIH_RETURN_IF_ERROR(ForEachObject(root, "skipped", [&](simdjson::dom::object item) -> absl::Status {
    SkippedInput& s = stats.skipped.emplace_back();
    SHABIH_RETURN_IF_ERROR(GetString(item, "what", &s.what));
    return GetString(item, "reason", &s.reason);
  }));
  SHABIH_RETURN_IF_ERROR(GetString(root, "text_field", &stats.text_field));
  SHABIH_RETURN_IF_ERROR(ForEachObject(root, "missing_text_field", [&](simdjson::dom::object item) {
    return ReadFieldSet(item, &stats.missing_text_field.emplace_back());
  }));
  SHABIH_RETURN_IF_ERROR(GetUint(root, "duplicate_ids", &stats.duplicate_ids));
  SHABIH_RETURN_IF_ERROR(ForEachObject(root, "renamed_ids", [&](simdjson::dom::object item) -> absl::Status {
    RenamedId& r = stats.renamed_ids.emplace_back();
    SHABIH_RETURN_IF_ERROR(GetString(item, "id", &r.id));
    SHABIH_RETURN_IF_ERROR(GetString(item, "renamed", &r.renamed));
    return GetString(item, "where", &r.where);
  }));
  SHABIH_RETURN_IF_ERROR(ForEachObject(root, "repaired_utf8_files", [&](simdjson::dom::object item) -> absl::Status {
    RepairedFile& f = stats.repaired_utf8_files.emplace_back();
    uint64_t source = 0;
    SHABIH_RETURN_IF_ERROR(GetString(item, "file", &f.file));
    SHABIH_RETURN_IF_ERROR(GetUint(item, "documents", &f.documents));
    SHABIH_RETURN_IF_ERROR(GetUint(item, "source", &source));
    if (source > ReadStats::kNoSource) return Bad("repaired_utf8_files.source");
    f.source = static_cast<uint32_t>(source);
    return absl::OkStatus();
  }));
  uint64_t last = 0;
  SHABIH_RETURN_IF_ERROR(GetUint(root, "last_repaired_source", &last));
  if (last > ReadStats::kNoSource) return Bad("last_repaired_source");
  stats.last_repaired_source = static_cast<uint32_t>(last);
  SHABIH_RETURN_IF_ERROR(GetCounts(root, "documents_by_encoding", &stats.documents_by_encoding));
  SHABIH_RETURN_IF_ERROR(GetCounts(root, "documents_by_encoding_source", &stats.documents_by_encoding_source));
  SHABIH_RETURN_IF_ERROR(GetCounts(root, "warc_records_by_type", &stats.warc_records_by_type));
  SHABIH_RETURN_IF_ERROR(GetCounts(root, "warc_skipped_by_content_type", &stats.warc_skipped_by_content_type));
  SHABIH_RETURN_IF_ERROR(GetOptionalUint(root, "truncated_records", &stats.truncated_records));
  SHABIH_RETURN_IF_ERROR(GetOptionalUint(root, "warc_length_repaired", &stats.warc_length_repaired));
  return stats;
}

}  // namespace shabih

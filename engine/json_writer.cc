#include "engine/internal/json_writer.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/internal/utf8.h"

namespace shabih {

void AppendJsonString(absl::string_view value, std::string* out) {
  // Output must be valid JSON whatever the input: invalid UTF-8 (a file
  // name, say) is repaired on a copy first.
  if (!IsValidUtf8(value)) {
    std::string repaired(value);
    RepairUtf8(&repaired);
    AppendJsonString(repaired, out);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (unsigned char c : value) {
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

std::string FormatJsonDouble(double value, int decimals) {
  if (!std::isfinite(value)) return "null";
  std::string s = absl::StrFormat("%.*f", decimals, value);
  // Trim trailing zeros but keep one digit after the point: 1.0, 0.25.
  if (s.find('.') != std::string::npos) {
    while (s.size() > 2 && s.back() == '0' && s[s.size() - 2] != '.') s.pop_back();
  }
  if (s == "-0.0") s = "0.0";
  return s;
}

JsonObjectWriter::JsonObjectWriter(std::string* out) : out_(out) { out_->push_back('{'); }

void JsonObjectWriter::Key(absl::string_view key) {
  if (!first_) out_->push_back(',');
  first_ = false;
  AppendJsonString(key, out_);
  out_->push_back(':');
}

JsonObjectWriter& JsonObjectWriter::String(absl::string_view key, absl::string_view value) {
  Key(key);
  AppendJsonString(value, out_);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::Int(absl::string_view key, int64_t value) {
  Key(key);
  absl::StrAppend(out_, value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::Uint(absl::string_view key, uint64_t value) {
  Key(key);
  absl::StrAppend(out_, value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::Double(absl::string_view key, double value, int decimals) {
  Key(key);
  out_->append(FormatJsonDouble(value, decimals));
  return *this;
}

JsonObjectWriter& JsonObjectWriter::Bool(absl::string_view key, bool value) {
  Key(key);
  out_->append(value ? "true" : "false");
  return *this;
}

JsonObjectWriter& JsonObjectWriter::Raw(absl::string_view key, absl::string_view json) {
  Key(key);
  out_->append(json.data(), json.size());
  return *this;
}

void JsonObjectWriter::Close() { out_->push_back('}'); }

}  // namespace shabih

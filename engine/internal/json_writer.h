// Minimal JSON output: string escaping and a line builder for JSONL records.
//
// Output files are part of the contract (CONTRACT.md) and must be
// byte-identical across runs, so number formatting is fixed here, once.
//
//   std::string line;
//   shabih::JsonObjectWriter w(&line);
//   w.String("id", "snn-00001");
//   w.Double("similarity", 0.8125);
//   w.Close();   // line == {"id":"snn-00001","similarity":0.8125}
#ifndef SHABIH_ENGINE_INTERNAL_JSON_WRITER_H_
#define SHABIH_ENGINE_INTERNAL_JSON_WRITER_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace shabih {

// Appends `value` as a quoted JSON string (UTF-8 passed through, control
// characters, quotes and backslashes escaped, invalid UTF-8 replaced by
// U+FFFD so the output is always valid JSON).
void AppendJsonString(absl::string_view value, std::string* out);

// Formats a similarity-like double with 4 decimals ("0.8125", "1.0").
std::string FormatJsonDouble(double value, int decimals = 4);

// Builds one JSON object into a string, field by field, in call order.
class JsonObjectWriter {
 public:
  explicit JsonObjectWriter(std::string* out);
  JsonObjectWriter& String(absl::string_view key, absl::string_view value);
  JsonObjectWriter& Int(absl::string_view key, int64_t value);
  JsonObjectWriter& Uint(absl::string_view key, uint64_t value);
  JsonObjectWriter& Double(absl::string_view key, double value, int decimals = 4);
  JsonObjectWriter& Bool(absl::string_view key, bool value);
  // Inserts pre-serialized JSON (an object or array) as the value of `key`.
  JsonObjectWriter& Raw(absl::string_view key, absl::string_view json);
  // Writes the closing brace; the writer must not be used afterwards.
  void Close();

 private:
  void Key(absl::string_view key);
  std::string* out_;
  bool first_ = true;
};

}  // namespace shabih

#endif  // SHABIH_ENGINE_INTERNAL_JSON_WRITER_H_

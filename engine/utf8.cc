#include "engine/internal/utf8.h"

#include <simdjson.h>

#include "engine/internal/utf8_decode.h"

namespace shabih {

bool IsValidUtf8(absl::string_view text) { return simdjson::validate_utf8(text.data(), text.size()); }

bool RepairUtf8(std::string* text) {
  if (IsValidUtf8(*text)) return false;
  static constexpr char kReplacement[] = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(text->size() + 16);
  const uint8_t* p = reinterpret_cast<const uint8_t*>(text->data());
  const uint8_t* const end = p + text->size();
  bool in_bad_run = false;
  while (p < end) {
    int n;
    if (internal::DecodeUtf8(p, end, &n) < 0) {
      if (!in_bad_run) out.append(kReplacement, 3);
      in_bad_run = true;
    } else {
      out.append(reinterpret_cast<const char*>(p), n);
      in_bad_run = false;
    }
    p += n;
  }
  text->swap(out);
  return true;
}

}  // namespace shabih

// Charset decoding of arbitrary bytes: the output is always valid UTF-8.
// The first byte picks an HTTP charset hint (none, windows-1256,
// iso-8859-6, utf-16, utf-8 or a bogus label).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "engine/internal/charset.h"
#include "engine/internal/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shabih::internal;
  if (size == 0) return 0;
  static const char* const kHints[] = {"", "windows-1256", "iso-8859-6", "utf-16", "utf-8", "x-no-such"};
  const char* hint = kHints[data[0] % 6];
  const absl::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  const DecodedText text = DecodeToUtf8(bytes, hint);
  if (!shabih::IsValidUtf8(text.text)) std::abort();
  (void)PrescanMetaCharset(bytes);
  return 0;
}

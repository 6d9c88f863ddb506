// Decoding a web page's bytes to UTF-8: a byte order mark (which wins, as in
// WHATWG's "decode"), else the charset the HTTP header names, else the HTML
// <meta> prescan, else the bytes themselves (valid UTF-8, or ICU's charset
// detector, ucsdet), converted with ICU (ucnv).
//
//   shabih::internal::DecodedText page =
//       shabih::internal::DecodeToUtf8(bytes, /*http_charset=*/"windows-1256");
//   // page.text: UTF-8; page.encoding: "windows-1256"; page.source: kHttp;
//   // page.replaced: invalid byte sequences that became U+FFFD.
//
// Never fails: an unknown label falls through to the next step, invalid
// bytes are replaced (one U+FFFD per invalid sequence) and counted.
//
// Thread safety: pure functions (each call opens its own ICU converter).
#ifndef SHABIH_ENGINE_INTERNAL_CHARSET_H_
#define SHABIH_ENGINE_INTERNAL_CHARSET_H_

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"

namespace shabih::internal {

// Where the encoding came from, in the order DecodeToUtf8 tries them.
enum class CharsetSource : uint8_t {
  kBom,       // a UTF-8 / UTF-16 byte order mark
  kHttp,      // the HTTP Content-Type's charset (the caller's hint)
  kMeta,      // <meta charset> or <meta http-equiv content-type> in the first 1024 bytes
  kUtf8,      // nothing declared, the bytes are valid UTF-8 (or pure ASCII)
  kDetector,  // nothing declared, not UTF-8: ICU's detector chose
};

// "bom", "http", "meta", "utf-8", "detector": the names summary.json uses.
absl::string_view CharsetSourceName(CharsetSource source);

struct DecodedText {
  std::string text;      // UTF-8, always valid
  std::string encoding;  // lower-case preferred name: "utf-8", "windows-1256", "iso-8859-6", "utf-16le"
  CharsetSource source = CharsetSource::kUtf8;
  uint64_t replaced = 0;  // invalid byte sequences replaced by U+FFFD
};

// `bytes` decoded to UTF-8. `http_charset`: the charset label from the HTTP
// header ("" when none); a label ICU does not know is ignored. A BOM is
// removed from the text. WHATWG's label rules apply where they differ from
// ICU's: "iso-8859-1", "latin1" and "us-ascii" mean windows-1252, a <meta>
// naming UTF-16 means UTF-8 (a page whose bytes are UTF-16 has a BOM).
DecodedText DecodeToUtf8(absl::string_view bytes, absl::string_view http_charset);

// The charset a <meta> in the first 1024 bytes declares (WHATWG's "prescan
// a byte stream to determine its encoding": comments skipped, <meta
// charset=...> or <meta http-equiv="content-type" content="...;
// charset=...">), as written; "" when none.
std::string PrescanMetaCharset(absl::string_view bytes);

// The charset parameter of a Content-Type value or a <meta content>
// ("text/html; charset=\"windows-1256\"" -> "windows-1256"); "" when none.
std::string CharsetFromContentType(absl::string_view content_type);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_CHARSET_H_

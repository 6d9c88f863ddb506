// Header blocks ("Name: value" lines up to a blank line, as WARC records
// and HTTP responses write them) and an archived HTTP response's payload.
//
//   HeaderBlock warc;
//   size_t body = ParseHeaderLines(record_text, &warc);   // npos: no blank line
//   absl::string_view uri = warc.Get("WARC-Target-URI");
//
//   HttpResponse http;
//   if (ParseHttpResponse(block, &http)) {
//     std::string payload;
//     PayloadStatus s = DecodeHttpPayload(http, block.substr(http.body_offset), max_bytes, &payload);
//   }
//
// Lenient as archives need: LF-only line ends, folded continuation lines,
// names matched case-insensitively, the first of repeated fields wins.
//
// Thread safety: pure functions.
#ifndef SHABIH_ENGINE_INTERNAL_HTTP_RESPONSE_H_
#define SHABIH_ENGINE_INTERNAL_HTTP_RESPONSE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

namespace shabih::internal {

struct HeaderField {
  std::string name;  // as written
  std::string value;  // surrounding whitespace removed
};

struct HeaderBlock {
  std::vector<HeaderField> fields;
  // The first field called `name` (ASCII case-insensitive); "" when none.
  absl::string_view Get(absl::string_view name) const;
};

// At most this many fields are kept (a pathological block cannot exhaust
// memory); further lines are consumed and dropped.
inline constexpr size_t kMaxHeaderFields = 256;

// Parses the "Name: value" lines at the start of `text` into *out, through
// the first empty line (CRLF or LF). Returns the offset just past that
// empty line, or npos when `text` has none. Lines without a colon are
// ignored.
size_t ParseHeaderLines(absl::string_view text, HeaderBlock* out);

// The media type of a Content-Type value, lower case, parameters removed
// ("Text/HTML; charset=x" -> "text/html"); "" when empty.
std::string MediaType(absl::string_view content_type);

struct HttpResponse {
  int status = 0;          // 200, 404, ...
  HeaderBlock headers;
  size_t body_offset = 0;  // where the body starts in the parsed block
  std::string media_type;  // MediaType(Content-Type)
  std::string charset;     // Content-Type's charset parameter, as written
};

// Parses the status line ("HTTP/1.1 200 OK") and headers at the start of
// `block`; false when it does not start with an HTTP status line. A block
// without the blank line ending the headers has an empty body.
bool ParseHttpResponse(absl::string_view block, HttpResponse* out);

enum class PayloadStatus {
  kOk,                   // *payload holds the decoded body
  kUnsupportedEncoding,  // a Content-Encoding other than gzip/deflate on bytes that are not text
  kTooLarge,             // inflating would pass max_bytes (*payload holds max_bytes)
  kCorrupt,              // compressed bytes that do not inflate (*payload holds what did)
};

// The response's body as the page's bytes: chunked transfer coding removed
// and a gzip / deflate Content-Encoding inflated, each only when the bytes
// really are so encoded. Archives differ: wget and Heritrix keep the bytes
// as sent, Common Crawl stores them already decoded but keeps (or renames)
// the headers; checking the bytes themselves means a payload is never
// decoded twice.
PayloadStatus DecodeHttpPayload(const HttpResponse& response, absl::string_view body, uint64_t max_bytes,
                                std::string* payload);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_HTTP_RESPONSE_H_

// Header blocks and HTTP payload decoding for archived responses.
#include "engine/internal/http_response.h"

#include <zlib.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/charset.h"

namespace shabih::internal {
namespace {

// Inflates `in` (gzip or zlib wrapper: window_bits 15+32 detects either;
// -15 for raw deflate) into *out, at most max_bytes.
PayloadStatus Inflate(absl::string_view in, int window_bits, uint64_t max_bytes, std::string* out) {
  z_stream z{};
  if (inflateInit2(&z, window_bits) != Z_OK) return PayloadStatus::kCorrupt;
  out->clear();
  char chunk[64 << 10];
  PayloadStatus status = PayloadStatus::kOk;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), 1u << 30));
  while (true) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    int rc = inflate(&z, Z_NO_FLUSH);
    out->append(chunk, sizeof chunk - z.avail_out);
    if (out->size() > max_bytes) {
      out->resize(max_bytes);
      status = PayloadStatus::kTooLarge;
      break;
    }
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members (rare in HTTP, legal): go on.
      if (z.avail_in > 0 && window_bits != -15 && inflateReset(&z) == Z_OK) continue;
      break;
    }
    if (rc == Z_BUF_ERROR && z.avail_in == 0) break;  // truncated: keep what came
    if (rc != Z_OK) {
      status = PayloadStatus::kCorrupt;
      break;
    }
  }
  inflateEnd(&z);
  return status;
}

// Whether the bytes look like an already decoded page: no NUL and no
// control bytes other than whitespace in the first 512 bytes.
bool LooksLikeText(absl::string_view bytes) {
  bytes = bytes.substr(0, 512);
  for (const char c : bytes) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 && u != '\n' && u != '\r' && u != '\t' && u != '\f') return false;
  }
  return true;
}

// The chunked body decoded, when `body` really is chunked (it starts with a
// hex size line); false leaves *out untouched.
bool Dechunk(absl::string_view body, uint64_t max_bytes, std::string* out) {
  std::string result;
  size_t pos = 0;
  while (pos < body.size()) {
    const size_t eol = body.find('\n', pos);
    if (eol == absl::string_view::npos) break;
    absl::string_view line = absl::StripAsciiWhitespace(body.substr(pos, eol - pos));
    line = line.substr(0, line.find(';'));  // chunk extensions
    uint64_t size = 0;
    if (line.empty() || line.size() > 15 || !absl::SimpleHexAtoi(line, &size)) {
      if (pos == 0) return false;  // not chunked after all
      break;
    }
    pos = eol + 1;
    if (size == 0) break;
    const size_t take = static_cast<size_t>(std::min<uint64_t>(size, body.size() - pos));
    result.append(body.data() + pos, take);
    if (result.size() > max_bytes) break;
    pos += take;
    if (body.substr(pos, 2) == "\r\n") pos += 2;
    else if (body.substr(pos, 1) == "\n") pos += 1;
  }
  *out = std::move(result);
  return true;
}

}  // namespace

absl::string_view HeaderBlock::Get(absl::string_view name) const {
  for (const HeaderField& field : fields) {
    if (absl::EqualsIgnoreCase(field.name, name)) return field.value;
  }
  return {};
}

size_t ParseHeaderLines(absl::string_view text, HeaderBlock* out) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t eol = text.find('\n', pos);
    if (eol == absl::string_view::npos) return absl::string_view::npos;
    absl::string_view line = text.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = eol + 1;
    if (line.empty()) return pos;
    if ((line[0] == ' ' || line[0] == '\t') && !out->fields.empty()) {
      // A folded continuation of the previous value.
      HeaderField& last = out->fields.back();
      absl::StrAppend(&last.value, " ", absl::StripAsciiWhitespace(line));
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == absl::string_view::npos || out->fields.size() >= kMaxHeaderFields) continue;
    out->fields.push_back({std::string(absl::StripAsciiWhitespace(line.substr(0, colon))),
                           std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)))});
  }
  return absl::string_view::npos;
}

std::string MediaType(absl::string_view content_type) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(content_type.substr(0, content_type.find(';'))));
}

bool ParseHttpResponse(absl::string_view block, HttpResponse* out) {
  if (!absl::StartsWith(block, "HTTP/")) return false;
  const size_t eol = block.find('\n');
  const absl::string_view status_line = block.substr(0, eol);
  const size_t space = status_line.find(' ');
  if (space == absl::string_view::npos) return false;
  absl::string_view code = absl::StripLeadingAsciiWhitespace(status_line.substr(space + 1));
  code = code.substr(0, std::min<size_t>(3, code.size()));
  if (!absl::SimpleAtoi(code, &out->status)) return false;
  if (eol == absl::string_view::npos) {
    out->body_offset = block.size();
  } else {
    const size_t end = ParseHeaderLines(block.substr(eol + 1), &out->headers);
    out->body_offset = end == absl::string_view::npos ? block.size() : eol + 1 + end;
  }
  const absl::string_view content_type = out->headers.Get("Content-Type");
  out->media_type = MediaType(content_type);
  out->charset = CharsetFromContentType(content_type);
  return true;
}

PayloadStatus DecodeHttpPayload(const HttpResponse& response, absl::string_view body, uint64_t max_bytes,
                                std::string* payload) {
  std::string dechunked;
  if (absl::StrContains(absl::AsciiStrToLower(response.headers.Get("Transfer-Encoding")), "chunked") &&
      Dechunk(body, max_bytes, &dechunked)) {
    body = dechunked;
  }
  const std::string encoding = absl::AsciiStrToLower(response.headers.Get("Content-Encoding"));
  const bool gzip_bytes = absl::StartsWith(body, "\x1F\x8B");
  // zlib wrapper: CMF 0x78 and a header checksum divisible by 31.
  const bool zlib_bytes = body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x78 &&
                          ((static_cast<unsigned char>(body[0]) << 8) | static_cast<unsigned char>(body[1])) % 31 == 0;
  PayloadStatus status = PayloadStatus::kOk;
  if ((encoding.empty() || encoding == "identity") && !gzip_bytes) {
    payload->assign(body.data(), std::min<size_t>(body.size(), max_bytes));
  } else if (gzip_bytes || (absl::StrContains(encoding, "deflate") && zlib_bytes)) {
    // Really compressed (whatever the header says): inflate once.
    status = Inflate(body, 15 + 32, max_bytes, payload);
  } else if (absl::StrContains(encoding, "deflate") && !LooksLikeText(body)) {
    status = Inflate(body, -15, max_bytes, payload);  // raw deflate, as some servers send
  } else if (LooksLikeText(body)) {
    // Declared gzip / br / zstd, but the archive stored the decoded bytes.
    payload->assign(body.data(), std::min<size_t>(body.size(), max_bytes));
  } else {
    payload->clear();
    return PayloadStatus::kUnsupportedEncoding;
  }
  if (status == PayloadStatus::kOk && body.size() > max_bytes && payload->size() == max_bytes) {
    status = PayloadStatus::kTooLarge;
  }
  return status;
}

}  // namespace shabih::internal

// Charset decoding with ICU: WHATWG's order (BOM, transport, <meta>
// prescan), then valid UTF-8, then ICU's detector.
#include "engine/internal/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <array>
#include <memory>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "engine/internal/utf8.h"

namespace shabih::internal {
namespace {

// WHATWG's prescan reads at most this many bytes.
constexpr size_t kPrescanBytes = 1024;
// ICU's detector sees this much of the page: enough text for its n-gram
// statistics, bounded cost on a huge page.
constexpr size_t kDetectorBytes = 64 << 10;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

// WHATWG labels whose meaning differs from ICU's (the web treats Latin-1 as
// windows-1252), and the Arabic labels ICU lacks.
absl::string_view WhatwgAlias(absl::string_view label) {
  static constexpr std::array<std::pair<absl::string_view, absl::string_view>, 23> kAliases = {{
      {"ascii", "windows-1252"},        {"us-ascii", "windows-1252"},   {"iso-8859-1", "windows-1252"},
      {"iso8859-1", "windows-1252"},    {"iso_8859-1", "windows-1252"}, {"latin1", "windows-1252"},
      {"l1", "windows-1252"},           {"x-user-defined", "windows-1252"}, {"x-cp1252", "windows-1252"},
      {"iso-8859-6-i", "iso-8859-6"},   {"iso-8859-6-e", "iso-8859-6"}, {"asmo-708", "iso-8859-6"},
      {"csiso88596e", "iso-8859-6"},    {"csiso88596i", "iso-8859-6"},  {"ecma-114", "iso-8859-6"},
      {"iso88596", "iso-8859-6"},       {"arabic", "iso-8859-6"},       {"x-cp1256", "windows-1256"},
      {"cp1256", "windows-1256"},       {"unicode-1-1-utf-8", "utf-8"}, {"unicode", "utf-16le"},
      {"utf-16", "utf-16le"},           {"ucs-2", "utf-16le"},
  }};
  for (const auto& [from, to] : kAliases) {
    if (label == from) return to;
  }
  return label;
}

// The converter a label names, or null when ICU does not know it.
Converter OpenLabel(absl::string_view raw_label) {
  std::string label = absl::AsciiStrToLower(absl::StripAsciiWhitespace(raw_label));
  if (label.empty() || label.size() > 64) return nullptr;
  label = std::string(WhatwgAlias(label));
  UErrorCode err = U_ZERO_ERROR;
  Converter converter(ucnv_open(label.c_str(), &err));
  if (U_FAILURE(err)) return nullptr;
  return converter;
}

// The converter's preferred lower-case name ("windows-1256", "iso-8859-6").
std::string PreferredName(UConverter* converter) {
  UErrorCode err = U_ZERO_ERROR;
  const char* name = ucnv_getName(converter, &err);
  if (U_FAILURE(err) || name == nullptr) return "unknown";
  for (const char* standard : {"MIME", "IANA"}) {
    err = U_ZERO_ERROR;
    const char* preferred = ucnv_getStandardName(name, standard, &err);
    if (U_SUCCESS(err) && preferred != nullptr) return absl::AsciiStrToLower(preferred);
  }
  return absl::AsciiStrToLower(name);
}

bool IsUtf8(UConverter* converter) { return ucnv_getType(converter) == UCNV_UTF8; }
bool IsUtf16(UConverter* converter) {
  const UConverterType type = ucnv_getType(converter);
  return type == UCNV_UTF16 || type == UCNV_UTF16_BigEndian || type == UCNV_UTF16_LittleEndian;
}

// ICU's to-Unicode callback: one U+FFFD per invalid or unmapped sequence,
// counted in *context.
void CountingSubstitute(const void* context, UConverterToUnicodeArgs* args, const char*, int32_t,
                        UConverterCallbackReason reason, UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to replace
  ++*static_cast<uint64_t*>(const_cast<void*>(context));
  static const UChar kReplacement = 0xFFFD;
  *err = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, err);
}

// Appends UTF-16 units to *out as UTF-8; a high surrogate ending the chunk
// waits in *pending for its partner in the next one.
void AppendUtf16(const UChar* units, size_t n, UChar* pending, std::string* out) {
  size_t i = 0;
  if (*pending != 0 && n > 0) {
    if (U16_IS_TRAIL(units[0])) {
      AppendUtf8(U16_GET_SUPPLEMENTARY(*pending, units[0]), out);
      i = 1;
    } else {
      AppendUtf8(0xFFFD, out);
    }
    *pending = 0;
  }
  while (i < n) {
    const UChar u = units[i];
    if (U16_IS_LEAD(u) && i + 1 == n) {
      *pending = u;
      return;
    }
    if (U16_IS_LEAD(u) && U16_IS_TRAIL(units[i + 1])) {
      AppendUtf8(U16_GET_SUPPLEMENTARY(u, units[i + 1]), out);
      i += 2;
      continue;
    }
    AppendUtf8(U16_IS_SURROGATE(u) ? 0xFFFD : u, out);
    ++i;
  }
}

// `bytes` through the converter into *out; returns the replacements.
uint64_t Convert(UConverter* converter, absl::string_view bytes, std::string* out) {
  uint64_t replaced = 0;
  UErrorCode err = U_ZERO_ERROR;
  ucnv_setToUCallBack(converter, CountingSubstitute, &replaced, nullptr, nullptr, &err);
  out->clear();
  out->reserve(bytes.size() + bytes.size() / 2);
  std::array<UChar, 8192> units;
  UChar pending = 0;
  const char* source = bytes.data();
  const char* const source_end = bytes.data() + bytes.size();
  while (true) {
    UChar* target = units.data();
    err = U_ZERO_ERROR;
    ucnv_toUnicode(converter, &target, units.data() + units.size(), &source, source_end, nullptr,
                   /*flush=*/true, &err);
    AppendUtf16(units.data(), static_cast<size_t>(target - units.data()), &pending, out);
    if (err != U_BUFFER_OVERFLOW_ERROR) break;
  }
  if (pending != 0) {
    AppendUtf8(0xFFFD, out);
    ++replaced;
  }
  if (U_FAILURE(err) && err != U_BUFFER_OVERFLOW_ERROR && out->empty() && !bytes.empty()) {
    // A converter failure that is not a byte problem: keep the bytes, repaired.
    out->assign(bytes.data(), bytes.size());
    if (RepairUtf8(out)) ++replaced;
  }
  return replaced;
}

// WHATWG "get an attribute" over bytes[*pos, end): false when the tag ends.
bool NextAttribute(absl::string_view bytes, size_t* pos, std::string* name, std::string* value) {
  size_t i = *pos;
  const size_t n = bytes.size();
  while (i < n && (IsSpace(bytes[i]) || bytes[i] == '/')) ++i;
  if (i >= n || bytes[i] == '>') {
    *pos = i;
    return false;
  }
  name->clear();
  value->clear();
  while (i < n && bytes[i] != '=' && bytes[i] != '>' && bytes[i] != '/' && !IsSpace(bytes[i])) {
    name->push_back(absl::ascii_tolower(static_cast<unsigned char>(bytes[i++])));
  }
  while (i < n && IsSpace(bytes[i])) ++i;
  if (i >= n || bytes[i] != '=') {
    *pos = i;
    return true;  // a name without a value (the name loop advanced)
  }
  ++i;
  while (i < n && IsSpace(bytes[i])) ++i;
  if (i < n && (bytes[i] == '"' || bytes[i] == '\'')) {
    const char quote = bytes[i++];
    while (i < n && bytes[i] != quote) value->push_back(absl::ascii_tolower(static_cast<unsigned char>(bytes[i++])));
    if (i < n) ++i;
  } else {
    while (i < n && bytes[i] != '>' && !IsSpace(bytes[i])) {
      value->push_back(absl::ascii_tolower(static_cast<unsigned char>(bytes[i++])));
    }
  }
  *pos = i;
  return true;
}

// The charset of one <meta> whose attributes start at *pos ("" when it
// declares none); *pos ends at its '>' (or the end).
std::string MetaCharset(absl::string_view bytes, size_t* pos) {
  bool got_pragma = false, need_pragma = false, have_charset = false;
  std::string charset, name, value;
  std::vector<std::string> seen;
  while (NextAttribute(bytes, pos, &name, &value)) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    seen.push_back(name);
    if (name == "http-equiv" && value == "content-type") got_pragma = true;
    if (name == "content" && !have_charset) {
      std::string from_content = CharsetFromContentType(value);
      if (!from_content.empty()) {
        charset = std::move(from_content);
        have_charset = true;
        need_pragma = true;
      }
    }
    if (name == "charset") {
      charset = value;
      have_charset = true;
      need_pragma = false;
    }
    if (seen.size() > 64) break;  // bounded work on a pathological tag
  }
  if (!have_charset || (need_pragma && !got_pragma)) return "";
  return charset;
}

}  // namespace

absl::string_view CharsetSourceName(CharsetSource source) {
  switch (source) {
    case CharsetSource::kBom: return "bom";
    case CharsetSource::kHttp: return "http";
    case CharsetSource::kMeta: return "meta";
    case CharsetSource::kUtf8: return "utf-8";
    case CharsetSource::kDetector: return "detector";
  }
  return "utf-8";
}

std::string CharsetFromContentType(absl::string_view content) {
  // WHATWG "extracting a character encoding from a meta element", which
  // also reads a Content-Type header's parameter.
  size_t i = 0;
  while (true) {
    const std::string lower = absl::AsciiStrToLower(content.substr(i));
    const size_t at = lower.find("charset");
    if (at == std::string::npos) return "";
    i += at + 7;
    size_t j = i;
    while (j < content.size() && IsSpace(content[j])) ++j;
    if (j >= content.size() || content[j] != '=') continue;
    ++j;
    while (j < content.size() && IsSpace(content[j])) ++j;
    if (j >= content.size()) return "";
    if (content[j] == '"' || content[j] == '\'') {
      const size_t close = content.find(content[j], j + 1);
      if (close == absl::string_view::npos) return "";
      return std::string(content.substr(j + 1, close - j - 1));
    }
    size_t end = j;
    while (end < content.size() && !IsSpace(content[end]) && content[end] != ';') ++end;
    return std::string(content.substr(j, end - j));
  }
}

std::string PrescanMetaCharset(absl::string_view all) {
  const absl::string_view bytes = all.substr(0, kPrescanBytes);
  const size_t n = bytes.size();
  size_t i = 0;
  std::string name, value;
  while (i < n) {
    if (bytes[i] != '<') {
      ++i;
      continue;
    }
    if (bytes.substr(i, 4) == "<!--") {
      const size_t end = bytes.find("-->", i + 2);
      if (end == absl::string_view::npos) return "";
      i = end + 3;
      continue;
    }
    const auto letter = [&](size_t k) { return k < n && absl::ascii_isalpha(static_cast<unsigned char>(bytes[k])); };
    if (i + 5 < n && absl::AsciiStrToLower(bytes.substr(i, 5)) == "<meta" &&
        (IsSpace(bytes[i + 5]) || bytes[i + 5] == '/')) {
      i += 6;
      std::string charset = MetaCharset(bytes, &i);
      if (!charset.empty()) return charset;
      continue;
    }
    if (letter(i + 1) || (i + 1 < n && bytes[i + 1] == '/' && letter(i + 2))) {
      // Another tag: skip its name and attributes (a '>' inside a quoted
      // attribute value does not end it).
      i += bytes[i + 1] == '/' ? 2 : 1;
      while (i < n && !IsSpace(bytes[i]) && bytes[i] != '>') ++i;
      while (NextAttribute(bytes, &i, &name, &value)) {
      }
      continue;
    }
    if (i + 1 < n && (bytes[i + 1] == '!' || bytes[i + 1] == '/' || bytes[i + 1] == '?')) {
      const size_t end = bytes.find('>', i + 1);
      if (end == absl::string_view::npos) return "";
      i = end + 1;
      continue;
    }
    ++i;
  }
  return "";
}

DecodedText DecodeToUtf8(absl::string_view bytes, absl::string_view http_charset) {
  DecodedText out;
  Converter converter;
  absl::string_view body = bytes;
  // 1. A byte order mark.
  if (absl::StartsWith(bytes, "\xEF\xBB\xBF")) {
    converter = OpenLabel("utf-8");
    body.remove_prefix(3);
  } else if (absl::StartsWith(bytes, "\xFE\xFF")) {
    converter = OpenLabel("utf-16be");
    body.remove_prefix(2);
  } else if (absl::StartsWith(bytes, "\xFF\xFE")) {
    converter = OpenLabel("utf-16le");
    body.remove_prefix(2);
  }
  if (converter) out.source = CharsetSource::kBom;
  // 2. The transport's charset.
  if (!converter && !http_charset.empty()) {
    converter = OpenLabel(http_charset);
    if (converter) out.source = CharsetSource::kHttp;
  }
  // 3. The <meta> prescan; a page read as bytes cannot be UTF-16 without a
  // BOM, so a <meta> naming UTF-16 means UTF-8 (WHATWG).
  if (!converter) {
    const std::string meta = PrescanMetaCharset(bytes);
    if (!meta.empty()) converter = OpenLabel(meta);
    if (converter && IsUtf16(converter.get())) converter = OpenLabel("utf-8");
    if (converter) out.source = CharsetSource::kMeta;
  }
  // 4. Undeclared: valid UTF-8 is UTF-8; anything else goes to the detector.
  if (!converter) {
    if (IsValidUtf8(bytes)) {
      out.text.assign(bytes.data(), bytes.size());
      out.encoding = "utf-8";
      out.source = CharsetSource::kUtf8;
      return out;
    }
    out.source = CharsetSource::kDetector;
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector* detector = ucsdet_open(&err);
    if (U_SUCCESS(err)) {
      const absl::string_view sample = bytes.substr(0, kDetectorBytes);
      ucsdet_enableInputFilter(detector, true);  // ignore the markup's ASCII
      ucsdet_setText(detector, sample.data(), static_cast<int32_t>(sample.size()), &err);
      const UCharsetMatch* match = U_SUCCESS(err) ? ucsdet_detect(detector, &err) : nullptr;
      const char* name = match != nullptr && U_SUCCESS(err) ? ucsdet_getName(match, &err) : nullptr;
      if (name != nullptr && U_SUCCESS(err)) converter = OpenLabel(name);
      ucsdet_close(detector);
    }
    if (!converter) converter = OpenLabel("utf-8");  // repaired, counted
  }
  out.encoding = PreferredName(converter.get());
  if (IsUtf8(converter.get()) && IsValidUtf8(body)) {
    out.text.assign(body.data(), body.size());  // the fast path: nothing to convert
    out.encoding = "utf-8";
    return out;
  }
  out.replaced = Convert(converter.get(), body, &out.text);
  return out;
}

}  // namespace shabih::internal

// Streaming WARC records: version line, header block, Content-Length bytes
// of block, separator; repairs and skips as warc_reader.h lists.
#include "engine/internal/warc_reader.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "engine/internal/http_response.h"

namespace shabih::internal {
namespace {

constexpr size_t kReadChunk = 256 << 10;
constexpr size_t kMaxLine = 64 << 10;
// A header block longer than this is not a WARC header.
constexpr size_t kMaxHeaderBytes = 1 << 20;
// Distinct WARC-Type values counted by name; more are "(other)".
constexpr size_t kMaxTypes = 32;
// How far a short Content-Length may fall before the next record.
constexpr size_t kMaxLengthGap = 8;

bool IsDocumentType(absl::string_view type) {
  return type == "response" || type == "resource" || type == "conversion";
}

std::string StripAngles(absl::string_view uri) {
  uri = absl::StripAsciiWhitespace(uri);
  if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') uri = uri.substr(1, uri.size() - 2);
  return std::string(uri);
}

bool LooksLikeHtml(absl::string_view payload) {
  const std::string head = absl::AsciiStrToLower(payload.substr(0, 1024));
  return absl::StrContains(head, "<html") || absl::StrContains(head, "<!doctype html");
}

}  // namespace

WarcReader::WarcReader(std::unique_ptr<ByteStream> stream, uint64_t max_record_bytes)
    : stream_(std::move(stream)), max_record_bytes_(max_record_bytes) {}
WarcReader::~WarcReader() = default;

size_t WarcReader::Fill(size_t n) {
  // buffer_ only grows (resizing it would zero-fill a chunk per read, and
  // a .warc.gz yields one small record per gzip member); end_ marks its data.
  while (end_ - pos_ < n && !eof_) {
    if (pos_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + pos_, end_ - pos_);
      end_ -= pos_;
      pos_ = 0;
    }
    const size_t want = std::max(kReadChunk, n - end_);
    if (buffer_.size() < end_ + want) buffer_.resize(end_ + want);
    const size_t got = stream_->Read(buffer_.data() + end_, want);
    end_ += got;
    bytes_read_ += got;
    if (got == 0) eof_ = true;
  }
  return end_ - pos_;
}

bool WarcReader::ReadLine(std::string* line) {
  size_t scanned = 0;
  while (true) {
    const size_t avail = end_ - pos_;
    const char* start = buffer_.data() + pos_;
    const size_t limit = std::min(avail, kMaxLine);
    const void* nl = scanned < limit ? std::memchr(start + scanned, '\n', limit - scanned) : nullptr;
    if (nl != nullptr) {
      const size_t len = static_cast<const char*>(nl) - start;
      line->assign(start, len);
      pos_ += len + 1;
      break;
    }
    if (avail >= kMaxLine || (eof_ && avail > 0)) {
      // Over-long or unterminated: what there is, as one line.
      const size_t len = std::min(avail, kMaxLine);
      line->assign(start, len);
      pos_ += len;
      break;
    }
    if (eof_) return false;
    scanned = avail;
    Fill(avail + 1);
  }
  if (!line->empty() && line->back() == '\r') line->pop_back();
  return true;
}

uint64_t WarcReader::ReadBlock(uint64_t n, std::string* out) {
  uint64_t done = 0;
  while (done < n) {
    size_t avail = end_ - pos_;
    if (avail == 0) avail = Fill(1);
    if (avail == 0) break;
    const size_t take = static_cast<size_t>(std::min<uint64_t>(avail, n - done));
    if (out != nullptr) out->append(buffer_.data() + pos_, take);
    pos_ += take;
    done += take;
  }
  return done;
}

void WarcReader::ConsumeSeparator(std::string* block, bool* repaired) {
  const size_t avail = Fill(kMaxLengthGap + 16);
  const absl::string_view ahead(buffer_.data() + pos_, avail);
  if (ahead.empty() || ahead[0] == '\r' || ahead[0] == '\n' || absl::StartsWith(ahead, "WARC/")) {
    while (pos_ < end_ && (buffer_[pos_] == '\r' || buffer_[pos_] == '\n')) ++pos_;
    return;
  }
  // Content-Length fell short: the block's last bytes precede the separator.
  const size_t next = ahead.find("WARC/1.");
  if (next == absl::string_view::npos) return;  // resynchronised by Next()
  absl::string_view gap = ahead.substr(0, next);
  while (!gap.empty() && (gap.back() == '\r' || gap.back() == '\n')) gap.remove_suffix(1);
  if (gap.size() > kMaxLengthGap || gap.find('\n') != absl::string_view::npos) return;
  if (block != nullptr) block->append(gap.data(), gap.size());
  if (repaired != nullptr) *repaired = true;
  pos_ += next;
}

WarcReader::Event WarcReader::Next(WarcRecord* record, WarcSkip* skip) {
  std::string line;
  while (true) {
    if (!pending_version_) {
      // The version line; anything before it is not a record.
      bool garbage = false;
      while (true) {
        if (!ReadLine(&line)) {
          if (!garbage) return Event::kEnd;
          break;
        }
        if (line.empty()) continue;
        if (absl::StartsWith(line, "WARC/")) break;
        garbage = true;
      }
      if (garbage) {
        // Reported once per run of such bytes; the version line just read
        // (if any) starts the next call's record.
        pending_version_ = absl::StartsWith(line, "WARC/");
        if (!skip_garbage_report_) {
          *skip = WarcSkip{records_ + 1, "malformed-warc-record", "", ""};
          return Event::kSkip;
        }
        if (!pending_version_) return Event::kEnd;
      }
    }
    pending_version_ = false;
    skip_garbage_report_ = false;
    if (std::optional<Event> event = ReadRecord(record, skip)) return *event;
  }
}

std::optional<WarcReader::Event> WarcReader::ReadRecord(WarcRecord* record, WarcSkip* skip) {
  std::string header_text, line;
  bool oversized = false;
  while (ReadLine(&line)) {
    if (line.empty()) break;
    if (header_text.size() + line.size() > kMaxHeaderBytes) {
      oversized = true;
      continue;  // consumed, not kept
    }
    header_text.append(line).push_back('\n');
  }
  header_text.push_back('\n');
  HeaderBlock header;
  ParseHeaderLines(header_text, &header);
  const uint64_t number = ++records_;
  std::string type = absl::AsciiStrToLower(header.Get("WARC-Type"));
  if (type.empty()) type = "(none)";
  if (records_by_type_.size() >= kMaxTypes && !records_by_type_.contains(type)) type = "(other)";
  ++records_by_type_[type];
  const std::string url = StripAngles(header.Get("WARC-Target-URI"));
  uint64_t length = 0;
  if (oversized || !absl::SimpleAtoi(header.Get("Content-Length"), &length)) {
    // Without a length the block cannot be found: its bytes are skipped
    // as garbage up to the next record, reported here once.
    *skip = WarcSkip{number, "malformed-warc-record", url, ""};
    skip_garbage_report_ = true;
    return Event::kSkip;
  }
  const bool document = IsDocumentType(type);
  if (!document || length > max_record_bytes_) {
    if (ReadBlock(length, nullptr) == length) ConsumeSeparator(nullptr, nullptr);
    if (!document) return std::nullopt;
    *skip = WarcSkip{number, "document-too-large", url, ""};
    return Event::kSkip;
  }
  std::string block;
  const bool cut = ReadBlock(length, &block) < length;
  bool repaired = false;
  if (!cut) ConsumeSeparator(&block, &repaired);
  *record = WarcRecord{};
  record->number = number;
  record->type = type;
  record->url = url;
  record->date = std::string(header.Get("WARC-Date"));
  record->truncated = cut || !header.Get("WARC-Truncated").empty();
  record->length_repaired = repaired;
  return MakeRecord(block, header.Get("Content-Type"), record, skip);
}

WarcReader::Event WarcReader::MakeRecord(const std::string& block, absl::string_view warc_content_type,
                                         WarcRecord* record, WarcSkip* skip) {
  auto skipped = [&](const char* reason, std::string content_type) {
    *skip = WarcSkip{record->number, reason, record->url, std::move(content_type)};
    return Event::kSkip;
  };
  std::string decoded;
  absl::string_view payload = block;
  std::string media = MediaType(warc_content_type);
  std::string charset = CharsetFromContentType(warc_content_type);
  HttpResponse http;
  if (record->type == "response" && ParseHttpResponse(block, &http)) {
    if (http.status < 200 || http.status >= 300) return skipped("http-status-not-2xx", http.media_type);
    switch (DecodeHttpPayload(http, payload.substr(http.body_offset), max_record_bytes_, &decoded)) {
      case PayloadStatus::kOk: break;
      case PayloadStatus::kTooLarge: return skipped("document-too-large", http.media_type);
      case PayloadStatus::kCorrupt: return skipped("corrupt-content-encoding", http.media_type);
      case PayloadStatus::kUnsupportedEncoding: return skipped("unsupported-content-encoding", http.media_type);
    }
    payload = decoded;
    media = http.media_type;
    charset = http.charset;
  } else if (record->type == "response" && absl::StartsWith(media, "application/http")) {
    return skipped("malformed-http-response", media);
  }
  if (media.empty() || media == "application/octet-stream") {
    if (LooksLikeHtml(payload)) media = "text/html";
    else if (record->type == "conversion") media = "text/plain";
  }
  const bool html = media == "text/html" || media == "application/xhtml+xml";
  if (!html && media != "text/plain") return skipped("non-html-payload", media.empty() ? "(none)" : media.substr(0, 100));
  record->content_type = media;
  record->format = html ? DocumentFormat::kHtml : DocumentFormat::kText;
  // Text without a declared charset is UTF-8 (WET's conversions are);
  // HTML goes through the <meta> prescan and the detector.
  const bool assume_utf8 = !html && charset.empty();
  DecodedText text = DecodeToUtf8(payload, assume_utf8 ? absl::string_view("utf-8") : absl::string_view(charset));
  if (assume_utf8 && text.source == CharsetSource::kHttp) text.source = CharsetSource::kUtf8;
  record->text = std::move(text.text);
  record->encoding = std::move(text.encoding);
  record->encoding_source = text.source;
  record->replaced = text.replaced;
  return Event::kRecord;
}

}  // namespace shabih::internal

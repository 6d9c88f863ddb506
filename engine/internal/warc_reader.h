// Streaming WARC reader (WARC/1.0 and 1.1; .warc, .warc.gz with one gzip
// member per record or one for all, .warc.zst, Common Crawl's .warc.wet.gz):
// the records that carry a page, as UTF-8 text.
//
//   auto in = ByteStream::OpenFile(path, CompressionOfPath(path));
//   WarcReader warc(std::move(*in), /*max_record_bytes=*/64 << 20);
//   WarcRecord record;
//   WarcSkip skip;
//   while (true) {
//     WarcReader::Event e = warc.Next(&record, &skip);
//     if (e == WarcReader::Event::kEnd) break;
//     if (e == WarcReader::Event::kSkip) { Count(skip.reason, skip.content_type); continue; }
//     Use(record.url, record.text);  // kHtml: the page's HTML, decoded to UTF-8
//   }
//   // warc.stream(): truncated() / error() of the compressed stream.
//
// Which records are documents: `response` (an HTTP response: status line
// and headers parsed, the body de-chunked and inflated only when its bytes
// really are so encoded, see DecodeHttpPayload), `resource` (the payload
// itself, typed by the WARC Content-Type) and `conversion` (text, as in
// WET files). An HTML payload (text/html, application/xhtml+xml) becomes a
// kHtml record, decoded to UTF-8 with DecodeToUtf8 (HTTP charset, <meta>,
// detector); text/plain a kText one. Other record types (warcinfo,
// request, metadata, revisit) are counted in records_by_type() only.
// Everything else a document record can be is reported as a skip:
//   "non-html-payload"     any other media type (skip.content_type says which)
//   "http-status-not-2xx"  redirects and error pages
//   "document-too-large"   a block over max_record_bytes (streamed past, never held)
//   "malformed-http-response", "unsupported-content-encoding", "corrupt-content-encoding"
//   "malformed-warc-record" bytes that are not a WARC record: skipped up to the next "WARC/1." line
// Tolerated and repaired: LF-only line ends, a Content-Length up to 8 bytes
// short (the gap is appended to the block) or 2 long (it only eats the
// separator's CRLF), records cut short by the end of the data (kept,
// `truncated`), WARC-Truncated records (kept, `truncated`).
//
// Thread safety: one thread at a time per reader.
#ifndef SHABIH_ENGINE_INTERNAL_WARC_READER_H_
#define SHABIH_ENGINE_INTERNAL_WARC_READER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"

#include "engine/internal/byte_stream.h"
#include "engine/internal/charset.h"
#include "shabih/corpus.h"

namespace shabih::internal {

struct WarcRecord {
  uint64_t number = 0;       // 1-based position among the file's records
  std::string type;          // "response", "resource", "conversion"
  std::string url;           // WARC-Target-URI, <...> removed
  std::string date;          // WARC-Date
  std::string content_type;  // the payload's media type ("text/html")
  DocumentFormat format = DocumentFormat::kText;
  std::string text;          // UTF-8
  std::string encoding;      // what the bytes were decoded from ("utf-8", "windows-1256")
  CharsetSource encoding_source = CharsetSource::kUtf8;
  uint64_t replaced = 0;     // invalid byte sequences replaced by U+FFFD
  bool truncated = false;    // WARC-Truncated, or cut short by the end of the data
  bool length_repaired = false;  // Content-Length was short; the gap was kept
};

struct WarcSkip {
  uint64_t number = 0;
  std::string reason;
  std::string url;
  std::string content_type;  // for "non-html-payload": the media type ("image/jpeg", "(none)")
};

class WarcReader {
 public:
  WarcReader(std::unique_ptr<ByteStream> stream, uint64_t max_record_bytes);
  ~WarcReader();

  enum class Event { kRecord, kSkip, kEnd };
  Event Next(WarcRecord* record, WarcSkip* skip);

  // Every record seen, by WARC-Type ("response", "request", "warcinfo", ...).
  const std::map<std::string, uint64_t>& records_by_type() const { return records_by_type_; }
  // Decompressed bytes consumed.
  uint64_t bytes_read() const { return bytes_read_; }
  const ByteStream& stream() const { return *stream_; }

 private:
  // At least `n` bytes buffered unless the data ends first; the buffered count.
  size_t Fill(size_t n);
  // The next line (CR/LF removed), at most kMaxLine bytes (the rest of a
  // longer line is dropped); false at the end of the data.
  bool ReadLine(std::string* line);
  // Up to n block bytes appended to *out (nullptr: dropped); the count.
  uint64_t ReadBlock(uint64_t n, std::string* out);
  // After a block: the CRLF CRLF separator and the Content-Length repairs.
  void ConsumeSeparator(std::string* block, bool* repaired);
  // The record after its version line: an event, or nullopt for a record
  // that is no document (read past).
  std::optional<Event> ReadRecord(WarcRecord* record, WarcSkip* skip);
  // Turns a document record's block into *record, or says why not.
  Event MakeRecord(const std::string& block, absl::string_view warc_content_type, WarcRecord* record,
                   WarcSkip* skip);

  std::unique_ptr<ByteStream> stream_;
  uint64_t max_record_bytes_;
  std::string buffer_;
  size_t pos_ = 0;  // next unread byte of buffer_
  size_t end_ = 0;  // end of the data in buffer_
  bool eof_ = false;
  uint64_t bytes_read_ = 0;
  uint64_t records_ = 0;
  bool pending_version_ = false;  // a version line was read while skipping garbage
  bool skip_garbage_report_ = false;  // a malformed header's bytes were already reported
  std::map<std::string, uint64_t> records_by_type_;
};

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_WARC_READER_H_

// HTML pages and WARC records as CorpusReader documents.
#include "engine/internal/crawl_source.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "engine/internal/json_writer.h"

namespace shabih::internal {
namespace {

// Names counted per map before the rest go to "(other)": a crawl of odd
// labels cannot blow up summary.json.
constexpr size_t kMaxNames = 64;

void CountBounded(const std::string& name, std::map<std::string, uint64_t>* counts) {
  if (counts->size() >= kMaxNames && !counts->contains(name)) {
    ++(*counts)["(other)"];
    return;
  }
  ++(*counts)[name];
}

// Compression of a crawl file, by its name.
Compression CompressionOf(const Source& source) {
  if (source.zstd) return Compression::kZstd;
  return source.gzip ? Compression::kGzip : Compression::kNone;
}

std::string StreamProblem(const ByteStream& stream, Compression compression) {
  if (!stream.error().empty()) return stream.error();
  if (stream.truncated()) return compression == Compression::kZstd ? "truncated-zstd" : "truncated-gzip";
  return "";
}

}  // namespace

void NoteEncoding(const std::string& encoding, CharsetSource source, ReadStats* stats) {
  CountBounded(encoding, &stats->documents_by_encoding);
  CountBounded(std::string(CharsetSourceName(source)), &stats->documents_by_encoding_source);
}

bool ReadHtmlFile(const Source& source, uint64_t max_bytes, Document* doc, ReadStats* stats, uint64_t* replaced,
                  uint64_t* bytes, SkipFn skip) {
  *replaced = 0;
  *bytes = 0;
  const Compression compression = CompressionOf(source);
  absl::StatusOr<std::unique_ptr<ByteStream>> in = ByteStream::OpenFile(source.path, compression);
  if (!in.ok()) {
    skip(source.path, absl::StrCat("unreadable: ", in.status().message()));
    return false;
  }
  std::string raw;
  char chunk[64 << 10];
  size_t got;
  while ((got = (*in)->Read(chunk, sizeof chunk)) > 0) {
    *bytes += got;
    if (raw.size() + got > max_bytes) {
      skip(source.path, "document-too-large");
      return false;
    }
    raw.append(chunk, got);
  }
  const std::string problem = StreamProblem(**in, compression);
  if (!problem.empty()) skip(source.path, problem);  // what was read is kept
  DecodedText text = DecodeToUtf8(raw, "");
  if (std::memchr(text.text.data(), '\0', text.text.size()) != nullptr) {
    skip(source.path, "binary-file");
    return false;
  }
  doc->text = std::move(text.text);
  doc->format = DocumentFormat::kHtml;
  doc->content_type = "text/html";
  doc->encoding = text.encoding;
  doc->raw.clear();
  *replaced = text.replaced;
  NoteEncoding(doc->encoding, text.source, stats);
  return true;
}

WarcSource::WarcSource(const Source& source, uint32_t source_index, const ReadOptions& options, SkipFn skip)
    : source_(source), source_index_(source_index), options_(options) {
  absl::StatusOr<std::unique_ptr<ByteStream>> in = ByteStream::OpenFile(source.path, CompressionOf(source));
  if (!in.ok()) {
    skip(source.path, absl::StrCat("unreadable: ", in.status().message()));
    finished_ = true;
    return;
  }
  reader_ = std::make_unique<WarcReader>(std::move(*in), options.max_document_bytes);
}

WarcSource::~WarcSource() = default;

uint64_t WarcSource::bytes_read() const { return reader_ ? reader_->bytes_read() : 0; }
uint64_t WarcSource::consumed() const { return reader_ ? reader_->stream().consumed() : 0; }

bool WarcSource::Next(Document* doc, ReadStats* stats, uint64_t* replaced, SkipFn skip) {
  *replaced = 0;
  if (finished_) return false;
  WarcRecord record;
  WarcSkip skipped;
  while (true) {
    const WarcReader::Event event = reader_->Next(&record, &skipped);
    if (event == WarcReader::Event::kEnd) break;
    if (event == WarcReader::Event::kSkip) {
      if (skipped.reason == "non-html-payload") {
        CountBounded(skipped.content_type, &stats->warc_skipped_by_content_type);
      }
      skip(absl::StrCat(source_.label, ":", skipped.number), skipped.reason);
      continue;
    }
    if (record.truncated) ++stats->truncated_records;
    if (record.length_repaired) ++stats->warc_length_repaired;
    doc->id = record.url.empty() ? absl::StrCat(source_.label, ":", record.number) : record.url;
    doc->site = UrlHost(record.url);
    doc->line = record.number;
    doc->format = record.format;
    doc->url = std::move(record.url);
    doc->date = std::move(record.date);
    doc->content_type = std::move(record.content_type);
    doc->encoding = record.encoding;
    doc->text = std::move(record.text);
    doc->raw.clear();
    if (options_.keep_raw) {
      JsonObjectWriter w(&doc->raw);
      w.String("id", doc->id).String("url", doc->url).String("date", doc->date);
      // The text under the text field's name, so that strip's
      // stripped.jsonl replaces it as it does a JSONL line's.
      w.String("content_type", doc->content_type).String(options_.text_field, doc->text);
      w.Close();
    }
    NoteEncoding(record.encoding, record.encoding_source, stats);
    *replaced = record.replaced;
    return true;
  }
  // The file is done: its record counts, and the damage its stream had.
  finished_ = true;
  for (const auto& [type, count] : reader_->records_by_type()) {
    if (stats->warc_records_by_type.size() < kMaxNames || stats->warc_records_by_type.contains(type)) {
      stats->warc_records_by_type[type] += count;
    } else {
      stats->warc_records_by_type["(other)"] += count;
    }
  }
  const std::string problem = StreamProblem(reader_->stream(), CompressionOf(source_));
  if (!problem.empty()) skip(source_.path, problem);
  return false;
}

}  // namespace shabih::internal

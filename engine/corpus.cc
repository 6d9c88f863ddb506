#include "shabih/corpus.h"

#include <fcntl.h>
#include <simdjson.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/byte_stream.h"
#include "engine/internal/corpus_reader_impl.h"
#include "engine/internal/corpus_sources.h"
#include "engine/internal/utf8.h"

namespace shabih {
namespace fs = std::filesystem;

namespace {

constexpr size_t kReadChunk = 1 << 20;

}  // namespace

std::string DocumentLocation(const Source& source, uint64_t line) {
  const bool whole_file = source.kind == Source::Kind::kText || source.kind == Source::Kind::kHtml;
  return whole_file ? source.path : absl::StrCat(source.label, ":", line);
}

std::string UrlHost(absl::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == absl::string_view::npos) return "";
  absl::string_view rest = url.substr(scheme + 3);
  const size_t end = rest.find_first_of("/?#");
  if (end != absl::string_view::npos) rest = rest.substr(0, end);
  const size_t at = rest.rfind('@');
  if (at != absl::string_view::npos) rest = rest.substr(at + 1);
  const size_t colon = rest.rfind(':');
  if (colon != absl::string_view::npos && rest.find(']') == absl::string_view::npos) {
    rest = rest.substr(0, colon);
  }
  return absl::AsciiStrToLower(rest);
}

bool CorpusReader::Impl::OpenStream(size_t index) {
  current_ = index;
  line_number_ = 0;
  if (shares_[index].kind == internal::ShardShare::Kind::kLines) return OpenLines(index);
  const Source& source = sources_[index];
  if (source.kind == Source::Kind::kStdin && !options_.stdin_path.empty()) {
    stream_ = gzopen(options_.stdin_path.c_str(), "rb");
  } else if (source.kind == Source::Kind::kStdin) {
    const int fd = dup(STDIN_FILENO);
    stream_ = fd >= 0 ? gzdopen(fd, "rb") : nullptr;
    if (stream_ == nullptr && fd >= 0) close(fd);
  } else if (source.zstd) {
    absl::StatusOr<std::unique_ptr<internal::ByteStream>> in =
        internal::ByteStream::OpenFile(source.path, internal::Compression::kZstd);
    if (!in.ok()) {
      Skip(source.path, absl::StrCat("unreadable: ", in.status().message()));
      return false;
    }
    zstream_ = std::move(*in);
  } else {
    stream_ = gzopen(source.path.c_str(), "rb");
  }
  if (stream_ == nullptr && zstream_ == nullptr) {
    Skip(source.path, absl::StrCat("unreadable: ", std::strerror(errno)));
    return false;
  }
  if (stream_ != nullptr) gzbuffer(stream_, kReadChunk);
  stream_eof_ = false;
  buffer_.resize(std::max<size_t>(buffer_.size(), 4 * kReadChunk));
  buffer_begin_ = buffer_end_ = 0;
  return true;
}

bool CorpusReader::Impl::OpenLines(size_t index) {
  const Source& source = sources_[index];
  const internal::ShardShare& share = shares_[index];
  fd_ = open(source.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    // Every shard sharing the file fails alike; the one owning its first
    // byte counts it, once, as an unsharded read does.
    if (share.begin == 0) Skip(source.path, absl::StrCat("unreadable: ", std::strerror(errno)));
    return false;
  }
  stream_eof_ = false;
  buffer_.resize(std::max<size_t>(buffer_.size(), 4 * kReadChunk));
  buffer_begin_ = buffer_end_ = 0;
  lines_end_ = share.end;
  stream_pos_ = 0;
  if (share.begin > 0) {
    // The first owned line starts after the first '\n' at or past begin - 1
    // (at begin itself when byte begin - 1 ends a line). The newlines
    // before begin - 1, plus that one, precede it: FILE:LINE stays global.
    absl::StatusOr<uint64_t> before = internal::CountNewlines(fd_, share.begin - 1);
    if (!before.ok()) {
      Skip(absl::StrCat(source.label, ":", 1), std::string(before.status().message()));
      stream_eof_ = true;
    } else {
      line_number_ = *before + 1;
      stream_pos_ = share.begin - 1;
      if (lseek(fd_, static_cast<off_t>(stream_pos_), SEEK_SET) < 0) stream_eof_ = true;
      SkipPartialLine();
    }
  }
  lines_begin_ = NextLineOffset();
  return true;
}

void CorpusReader::Impl::SkipPartialLine() {
  while (true) {
    const char* start = buffer_.data() + buffer_begin_;
    const void* newline = std::memchr(start, '\n', buffer_end_ - buffer_begin_);
    if (newline != nullptr) {
      buffer_begin_ = static_cast<const char*>(newline) - buffer_.data() + 1;
      return;
    }
    buffer_begin_ = buffer_end_ = 0;
    if (stream_eof_) return;
    const int64_t got = ReadChunk(buffer_.data(), buffer_.size());
    if (got <= 0) {
      if (got < 0) {
        Skip(absl::StrCat(sources_[current_].label, ":", line_number_),
             absl::StrCat("read-error: ", std::strerror(errno)));
      }
      stream_eof_ = true;
      return;
    }
    buffer_end_ = static_cast<size_t>(got);
    bytes_read_ += static_cast<uint64_t>(got);
  }
}

int64_t CorpusReader::Impl::ReadChunk(char* dst, size_t n) {
  n = std::min(n, size_t{1} << 30);
  if (zstream_ != nullptr) return static_cast<int64_t>(zstream_->Read(dst, n));
  if (fd_ < 0) return gzread(stream_, dst, static_cast<unsigned>(n));
  ssize_t got;
  do {
    got = read(fd_, dst, n);
  } while (got < 0 && errno == EINTR);
  if (got > 0) stream_pos_ += static_cast<uint64_t>(got);
  return got;
}

void CorpusReader::Impl::CloseStream() {
  if (stream_ != nullptr) gzclose(stream_);
  stream_ = nullptr;
  zstream_.reset();
  if (fd_ >= 0) {
    // A shard counts the bytes of the lines it owns (read or skipped), so
    // that the shards' byte counts sum to the file's.
    stats_.bytes += NextLineOffset() - std::min(lines_begin_, NextLineOffset());
    close(fd_);
  }
  fd_ = -1;
}

bool CorpusReader::Impl::NextLine() {
  bool discarding = false;  // inside a line longer than max_document_bytes
  size_t scan_from = buffer_begin_;
  // Lines starting at lines_end_ or later are the next shard's.
  if (fd_ >= 0 && NextLineOffset() >= lines_end_) return false;
  while (true) {
    const char* start = buffer_.data() + scan_from;
    const void* newline = std::memchr(start, '\n', buffer_end_ - scan_from);
    if (newline != nullptr) {
      const size_t end = static_cast<const char*>(newline) - buffer_.data();
      ++line_number_;
      if (discarding) {
        Skip(absl::StrCat(sources_[current_].label, ":", line_number_), "document-too-large");
        buffer_begin_ = scan_from = end + 1;
        discarding = false;
        if (fd_ >= 0 && NextLineOffset() >= lines_end_) return false;
        continue;
      }
      line_.assign(buffer_.data() + buffer_begin_, end - buffer_begin_);
      buffer_begin_ = end + 1;
      return true;
    }
    if (stream_eof_) {
      if (buffer_end_ > buffer_begin_ || discarding) {
        ++line_number_;
        if (discarding) {
          Skip(absl::StrCat(sources_[current_].label, ":", line_number_), "document-too-large");
          buffer_begin_ = buffer_end_;
          return false;
        }
        line_.assign(buffer_.data() + buffer_begin_, buffer_end_ - buffer_begin_);
        buffer_begin_ = buffer_end_;
        return true;
      }
      return false;
    }
    // Need more bytes: compact, grow if the line so far fills the buffer.
    const size_t pending = buffer_end_ - buffer_begin_;
    if (discarding || pending > options_.max_document_bytes) {
      discarding = true;
      buffer_begin_ = buffer_end_ = 0;
    } else {
      std::memmove(buffer_.data(), buffer_.data() + buffer_begin_, pending);
      buffer_begin_ = 0;
      buffer_end_ = pending;
      if (buffer_.size() - buffer_end_ < kReadChunk) buffer_.resize(buffer_.size() * 2);
    }
    scan_from = buffer_end_;
    const int64_t got = ReadChunk(buffer_.data() + buffer_end_, buffer_.size() - buffer_end_);
    if (got < 0) {
      int errnum = 0;
      Skip(absl::StrCat(sources_[current_].label, ":", line_number_ + 1),
           absl::StrCat("read-error: ", fd_ >= 0 ? std::strerror(errno) : gzerror(stream_, &errnum)));
      stream_eof_ = true;
      buffer_begin_ = buffer_end_ = 0;
      return false;
    }
    if (got == 0) {
      stream_eof_ = true;
      int errnum = Z_OK;
      if (stream_ != nullptr) gzerror(stream_, &errnum);
      if (errnum == Z_BUF_ERROR) {  // the compressed stream ended early
        Skip(absl::StrCat(sources_[current_].label, ":", line_number_ + 1), "truncated-gzip");
      }
      if (zstream_ != nullptr && (zstream_->truncated() || !zstream_->error().empty())) {
        Skip(absl::StrCat(sources_[current_].label, ":", line_number_ + 1),
             zstream_->truncated() ? "truncated-zstd" : zstream_->error());
      }
    }
    buffer_end_ += static_cast<size_t>(got);
    bytes_read_ += static_cast<size_t>(got);
    if (fd_ < 0) stats_.bytes += static_cast<size_t>(got);  // a kLines source counts at CloseStream
  }
}

bool CorpusReader::Impl::ParseJsonLine(Document* doc) {
  const Source& source = sources_[current_];
  auto where = [&] { return absl::StrCat(source.label, ":", line_number_); };
  if (line_.size() > options_.max_document_bytes) {
    Skip(where(), "document-too-large");
    return false;
  }
  bool repaired = RepairUtf8(&line_);
  line_.reserve(line_.size() + simdjson::SIMDJSON_PADDING);
  // The DOM API dispatches to the best SIMD kernel at run time (the
  // On-Demand API is fixed at compile time, to the slow fallback on a
  // generic x86-64 build).
  simdjson::dom::element root;
  simdjson::dom::object object;
  if (parser_.parse(line_.data(), line_.size(), /*realloc_if_needed=*/false).get(root) != simdjson::SUCCESS ||
      root.get_object().get(object) != simdjson::SUCCESS) {
    Skip(where(), "malformed-json");
    return false;
  }
  bool have_text = false;
  int best_id_rank = static_cast<int>(options_.id_fields.size());
  std::string best_id;
  std::string url;
  const bool html = !options_.html_field.empty();
  const std::string& text_field = html ? options_.html_field : options_.text_field;
  for (const auto field : object) {
    const std::string_view key = field.key;
    const simdjson::dom::element value = field.value;
    if (key == text_field) {
      if (have_text) continue;  // duplicate key: the first wins, as for the id
      std::string_view text;
      if (value.get_string().get(text) != simdjson::SUCCESS) {
        Skip(where(), "text-field-not-a-string");
        return false;
      }
      doc->text.assign(text.data(), text.size());
      have_text = true;
      continue;
    }
    if (key == "url") {
      std::string_view u;
      if (value.get_string().get(u) == simdjson::SUCCESS) url.assign(u.data(), u.size());
    }
    for (int rank = 0; rank < best_id_rank; ++rank) {
      if (key != options_.id_fields[rank]) continue;
      std::string_view s;
      if (value.get_string().get(s) == simdjson::SUCCESS) {
        if (s.empty()) continue;  // an empty id names nothing: try the next field
        best_id.assign(s.data(), s.size());
      } else {
        best_id = simdjson::minify(value);
      }
      best_id_rank = rank;
      break;
    }
  }
  if (!have_text) {
    Skip(where(), "missing-text-field");
    NoteMissingTextField(object);
    return false;
  }
  // The text came out of a valid UTF-8 line, and simdjson rejects escapes
  // that would decode to invalid UTF-8 (lone surrogates): no second check.
  if (repaired) NoteRepaired(current_);
  doc->id = best_id.empty() ? where() : std::move(best_id);
  doc->site = UrlHost(url);
  if (html) {
    // A JSON string is UTF-8 already: nothing to decode, only to count.
    doc->format = DocumentFormat::kHtml;
    doc->encoding = "utf-8";
    internal::NoteEncoding(doc->encoding, internal::CharsetSource::kUtf8, &stats_);
  }
  doc->url = std::move(url);
  if (options_.keep_raw) doc->raw = line_;
  return true;
}

bool CorpusReader::Impl::Next(Document* doc) {
  while (true) {
    if (warc_ != nullptr) {
      if (NextWarcDocument(doc)) return true;
      continue;
    }
    if (stream_ != nullptr || fd_ >= 0 || zstream_ != nullptr) {
      while (NextLine()) {
        if (absl::StripAsciiWhitespace(line_).empty()) {
          ++stats_.blank_lines;
          continue;
        }
        if (ParseJsonLine(doc)) {
          doc->source = static_cast<uint32_t>(current_);
          doc->line = line_number_;
          MakeIdUnique(doc);
          return true;
        }
      }
      CloseStream();
      consumed_done_ += source_bytes_[current_];
    }
    if (next_source_ >= sources_.size()) return false;
    const size_t index = next_source_++;
    if (shares_[index].kind == internal::ShardShare::Kind::kNone) continue;  // another shard's
    if (sources_[index].kind == Source::Kind::kWarc) {
      current_ = index;
      warc_ = std::make_unique<internal::WarcSource>(
          sources_[index], static_cast<uint32_t>(index), options_,
          [this](std::string what, std::string reason) { Skip(std::move(what), std::move(reason)); });
      continue;
    }
    if (sources_[index].kind == Source::Kind::kText || sources_[index].kind == Source::Kind::kHtml) {
      const bool html = sources_[index].kind == Source::Kind::kHtml;
      if (html ? ReadHtmlFile(index, doc) : ReadTextFile(index, doc)) {
        doc->source = static_cast<uint32_t>(index);
        doc->line = 0;
        MakeIdUnique(doc);
        return true;
      }
      continue;
    }
    if (!OpenStream(index)) consumed_done_ += source_bytes_[index];
  }
}

CorpusReader::CorpusReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CorpusReader::~CorpusReader() = default;

absl::StatusOr<std::unique_ptr<CorpusReader>> CorpusReader::Open(const std::vector<std::string>& inputs,
                                                                 const ReadOptions& options) {
  if (inputs.empty()) return absl::InvalidArgumentError("no INPUT given");
  if (options.text_field.empty()) return absl::InvalidArgumentError("--text-field must not be empty");
  if (std::count(inputs.begin(), inputs.end(), "-") > 1) {
    return absl::InvalidArgumentError("'-' (stdin) may be given only once");
  }
  if (options.shard_count < 1 || options.shard_index < 0 || options.shard_index >= options.shard_count) {
    return absl::InvalidArgumentError(absl::StrCat("shard ", options.shard_index, "/", options.shard_count,
                                                   " does not exist: give I/N with 0 <= I < N"));
  }
  if (options.shard_count > 1 && options.stdin_path.empty() &&
      std::find(inputs.begin(), inputs.end(), "-") != inputs.end()) {
    return absl::InvalidArgumentError(
        "'-' (stdin) cannot be read in shards: N processes cannot share one stream; save it to a file");
  }
  auto impl = std::make_unique<Impl>(options);
  impl->stats_.text_field = options.html_field.empty() ? options.text_field : options.html_field;
  for (const std::string& input : inputs) impl->AddInput(input);
  impl->ForgetOpenSkips();
  impl->MeasureSources();
  return std::unique_ptr<CorpusReader>(new CorpusReader(std::move(impl)));
}

bool CorpusReader::Next(Document* doc) {
  // Fields only some sources fill start empty for every document.
  doc->format = DocumentFormat::kText;
  doc->url.clear();
  doc->date.clear();
  doc->content_type.clear();
  doc->encoding.clear();
  if (!impl_->Next(doc)) return false;
  doc->ordinal = impl_->stats_.documents++;
  if (doc->text.empty()) ++impl_->stats_.empty_documents;
  return true;
}

const ReadStats& CorpusReader::stats() const { return impl_->stats_; }
const std::vector<Source>& CorpusReader::sources() const { return impl_->sources_; }
uint64_t CorpusReader::bytes_read() const { return impl_->bytes_read_; }
uint64_t CorpusReader::total_bytes() const { return impl_->total_bytes_; }
uint64_t CorpusReader::bytes_consumed() const { return impl_->bytes_consumed(); }

}  // namespace shabih

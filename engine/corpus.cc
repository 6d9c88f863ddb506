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
#include "engine/internal/corpus_sources.h"
#include "engine/internal/crawl_source.h"
#include "engine/internal/shard_plan.h"
#include "engine/internal/utf8.h"

namespace shabih {
namespace fs = std::filesystem;

namespace {

constexpr size_t kReadChunk = 1 << 20;

// `s` cut to at most `max_bytes`, at a UTF-8 character boundary.
std::string TruncateUtf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return std::string(s.substr(0, end));
}

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

class CorpusReader::Impl {
 public:
  explicit Impl(const ReadOptions& options)
      : options_(options),
        sharded_(options.shard_count > 1),
        unique_ids_enabled_(options.unique_ids && !sharded_),
        unique_ids_(options.max_listed_skips) {}
  ~Impl() { CloseStream(); }

  void AddInput(const std::string& input);
  bool Next(Document* doc);

  // Sizes on disk of sources_ (0 for real stdin) and their sum; 0 when
  // stdin makes the total unknown. Then this shard's share of each source;
  // in a shard, the sizes become those of the bytes the shard owns.
  void MeasureSources();
  // A shard other than 0 forgets the inputs skipped while resolving paths:
  // shard 0 counts them, once.
  void ForgetOpenSkips();
  uint64_t bytes_consumed() const;

  ReadStats stats_;
  std::vector<Source> sources_;
  uint64_t bytes_read_ = 0;
  uint64_t total_bytes_ = 0;

 private:
  void Skip(std::string what, std::string reason);
  bool ReadTextFile(size_t index, Document* doc);
  bool ReadHtmlFile(size_t index, Document* doc);
  // The next document of the open WARC source; false at its end (closed).
  bool NextWarcDocument(Document* doc);
  // Counts a repaired document of sources_[index], by file.
  void NoteRepaired(size_t index);
  // Which fields a line without the text field has (bounded: see ReadStats).
  void NoteMissingTextField(const simdjson::dom::object& object);
  // Gives doc->id the first free "#N" suffix if the id was returned before
  // (unless ids are left as read).
  void MakeIdUnique(Document* doc);
  bool OpenStream(size_t index);
  // Opens a JSONL source shared by lines (ShardShare::kLines) with plain
  // reads: positioned at its first owned line, line_number_ the newlines
  // before it.
  bool OpenLines(size_t index);
  // Drops the bytes through the next '\n' (the tail of the line that starts
  // in the previous shard).
  void SkipPartialLine();
  void CloseStream();
  // Up to `n` more bytes of the open stream; < 0 on a read error.
  int64_t ReadChunk(char* dst, size_t n);
  // Input position of buffer_begin_ in the open kLines source.
  uint64_t NextLineOffset() const { return stream_pos_ - (buffer_end_ - buffer_begin_); }
  // Next line of the open JSONL stream into line_; false at its end (or, in
  // a kLines source, at the first line the next shard owns).
  bool NextLine();
  // Parses line_ as a document of the current JSONL source; false if skipped.
  bool ParseJsonLine(Document* doc);

  ReadOptions options_;
  const bool sharded_;
  const bool unique_ids_enabled_;
  std::vector<internal::ShardShare> shares_;  // this shard's share of each source
  size_t next_source_ = 0;
  size_t current_ = 0;     // index of the open JSONL source
  gzFile stream_ = nullptr;
  std::unique_ptr<internal::ByteStream> zstream_;  // the open .jsonl.zst (stream_ is null)
  std::unique_ptr<internal::WarcSource> warc_;     // the open WARC source
  // The open kLines source (plain reads; stream_ is null): its descriptor,
  // the input position after the last byte read, where its owned lines
  // begin and where the next shard's begin.
  int fd_ = -1;
  uint64_t stream_pos_ = 0;
  uint64_t lines_begin_ = 0;
  uint64_t lines_end_ = 0;
  bool stream_eof_ = false;
  std::vector<char> buffer_;
  size_t buffer_begin_ = 0;
  size_t buffer_end_ = 0;
  uint64_t line_number_ = 0;
  std::string line_;
  simdjson::dom::parser parser_;
  std::vector<uint64_t> source_bytes_;  // on disk, per source
  uint64_t consumed_done_ = 0;          // on-disk bytes of the sources finished
  UniqueIds unique_ids_;
};

void CorpusReader::Impl::MeasureSources() {
  bool known = true;
  for (const Source& source : sources_) {
    const bool real_stdin = source.kind == Source::Kind::kStdin && options_.stdin_path.empty();
    uint64_t size = 0;
    if (real_stdin) {
      known = false;
    } else {
      std::error_code ec;
      const uintmax_t s = fs::file_size(source.kind == Source::Kind::kStdin ? options_.stdin_path : source.path, ec);
      if (!ec) size = s;  // an unreadable file is skipped when its turn comes
    }
    source_bytes_.push_back(size);
    total_bytes_ += size;
  }
  if (!known) total_bytes_ = 0;
  std::vector<bool> splittable(sources_.size(), false);
  if (sharded_) {
    for (size_t i = 0; i < sources_.size(); ++i) {
      const Source& source = sources_[i];
      splittable[i] = source.kind == Source::Kind::kJsonl && !source.gzip && !source.zstd &&
                      !internal::HoldsGzip(source.path);
    }
  }
  shares_ = internal::PlanShard(source_bytes_, splittable, options_.shard_index, options_.shard_count);
  if (!sharded_) return;
  // Progress counts the bytes this shard owns.
  total_bytes_ = 0;
  for (size_t i = 0; i < sources_.size(); ++i) {
    const internal::ShardShare& share = shares_[i];
    if (share.kind == internal::ShardShare::Kind::kNone) source_bytes_[i] = 0;
    if (share.kind == internal::ShardShare::Kind::kLines) {
      source_bytes_[i] = std::min(share.end, source_bytes_[i]) - share.begin;
    }
    total_bytes_ += source_bytes_[i];
  }
}

void CorpusReader::Impl::ForgetOpenSkips() {
  if (options_.shard_index == 0) return;
  stats_.skipped_total = 0;
  stats_.skipped_by_reason.clear();
  stats_.skipped.clear();
}

uint64_t CorpusReader::Impl::bytes_consumed() const {
  uint64_t current = 0;
  if (fd_ >= 0) {
    const uint64_t begin = shares_[current_].begin;
    current = std::min(stream_pos_ > begin ? stream_pos_ - begin : 0, source_bytes_[current_]);
  } else if (stream_ != nullptr) {
    // Bytes read from the file itself (compressed for .gz), less what zlib
    // holds unread: the position in the same units as the file size.
    const z_off_t offset = gzoffset(stream_);
    if (offset > 0) current = std::min<uint64_t>(static_cast<uint64_t>(offset), source_bytes_[current_]);
  } else if (zstream_ != nullptr) {
    current = std::min(zstream_->consumed(), source_bytes_[current_]);
  } else if (warc_ != nullptr) {
    current = std::min(warc_->consumed(), source_bytes_[current_]);
  }
  return consumed_done_ + current;
}

void CorpusReader::Impl::NoteRepaired(size_t index) {
  ++stats_.repaired_utf8;
  const uint32_t source = static_cast<uint32_t>(index);
  std::vector<RepairedFile>& files = stats_.repaired_utf8_files;
  // Sources are read one after the other, so a file's repairs are adjacent:
  // a run continues the last entry, if that is listed.
  const bool same_run = stats_.last_repaired_source == source;
  stats_.last_repaired_source = source;
  if (same_run) {
    if (!files.empty() && files.back().source == source) ++files.back().documents;
    return;
  }
  if (files.size() < options_.max_listed_skips) files.push_back({sources_[index].path, 1, source});
}

void CorpusReader::Impl::NoteMissingTextField(const simdjson::dom::object& object) {
  // Enough to recognise a schema; bounded whatever the lines hold. A shard
  // keeps more sets, so that merged shards list the sets an unsharded read
  // lists with their whole counts (MergeReadStats keeps the first 8).
  constexpr size_t kMaxFields = 32, kMaxKeyBytes = 100;
  const size_t kMaxFieldSets = sharded_ ? 64 : 8;
  std::vector<std::string> keys;
  std::string likely;
  size_t likely_size = 0;
  for (const auto field : object) {
    if (keys.size() >= kMaxFields) break;
    std::string key = TruncateUtf8(field.key, kMaxKeyBytes);
    const bool names_id = key == "url" || std::find(options_.id_fields.begin(), options_.id_fields.end(), key) !=
                                              options_.id_fields.end();
    std::string_view value;
    if (!names_id && field.value.get_string().get(value) == simdjson::SUCCESS && value.size() > likely_size) {
      likely = key;
      likely_size = value.size();
    }
    keys.push_back(std::move(key));
  }
  for (FieldSet& set : stats_.missing_text_field) {
    if (std::is_permutation(set.fields.begin(), set.fields.end(), keys.begin(), keys.end())) {
      ++set.lines;
      return;
    }
  }
  if (stats_.missing_text_field.size() < kMaxFieldSets) {
    stats_.missing_text_field.push_back({std::move(keys), 1, std::move(likely)});
  }
}

void CorpusReader::Impl::MakeIdUnique(Document* doc) {
  if (!unique_ids_enabled_) return;
  doc->id = unique_ids_.Claim(
      std::move(doc->id), [&] { return DocumentLocation(sources_[doc->source], doc->line); }, &stats_);
}

void CorpusReader::Impl::AddInput(const std::string& input) {
  internal::ResolveInput(input, options_.exclude_directories, &sources_,
                         [this](std::string what, std::string reason) { Skip(std::move(what), std::move(reason)); });
}

void CorpusReader::Impl::Skip(std::string what, std::string reason) {
  ++stats_.skipped_total;
  ++stats_.skipped_by_reason[reason];
  if (stats_.skipped.size() < options_.max_listed_skips) {
    stats_.skipped.push_back({std::move(what), std::move(reason)});
  }
}

bool CorpusReader::Impl::ReadTextFile(size_t index, Document* doc) {
  const Source& source = sources_[index];
  consumed_done_ += source_bytes_[index];
  std::error_code ec;
  const uintmax_t size = fs::file_size(source.path, ec);
  if (ec) {
    Skip(source.path, absl::StrCat("unreadable: ", ec.message()));
    return false;
  }
  if (size > options_.max_document_bytes) {
    bytes_read_ += size;
    Skip(source.path, "document-too-large");
    return false;
  }
  std::ifstream in(source.path, std::ios::binary);
  if (!in) {
    Skip(source.path, absl::StrCat("unreadable: ", std::strerror(errno)));
    return false;
  }
  doc->text.resize(size);
  in.read(doc->text.data(), static_cast<std::streamsize>(size));
  doc->text.resize(static_cast<size_t>(in.gcount()));
  bytes_read_ += doc->text.size();
  stats_.bytes += doc->text.size();
  if (std::memchr(doc->text.data(), '\0', doc->text.size()) != nullptr) {
    Skip(source.path, "binary-file");
    return false;
  }
  if (RepairUtf8(&doc->text)) NoteRepaired(index);
  doc->id = source.relative;
  RepairUtf8(&doc->id);  // file names need not be UTF-8; ids go into JSON
  const size_t slash = doc->id.find('/');
  doc->site = slash == std::string::npos ? "" : doc->id.substr(0, slash);
  doc->raw.clear();
  return true;
}

bool CorpusReader::Impl::ReadHtmlFile(size_t index, Document* doc) {
  const Source& source = sources_[index];
  consumed_done_ += source_bytes_[index];
  uint64_t replaced = 0, bytes = 0;
  const bool ok = internal::ReadHtmlFile(
      source, options_.max_document_bytes, doc, &stats_, &replaced, &bytes,
      [this](std::string what, std::string reason) { Skip(std::move(what), std::move(reason)); });
  bytes_read_ += bytes;
  stats_.bytes += bytes;
  if (!ok) return false;
  if (replaced > 0) NoteRepaired(index);
  doc->id = source.relative;
  RepairUtf8(&doc->id);
  const size_t slash = doc->id.find('/');
  doc->site = slash == std::string::npos ? "" : doc->id.substr(0, slash);
  return true;
}

bool CorpusReader::Impl::NextWarcDocument(Document* doc) {
  uint64_t replaced = 0;
  const uint64_t before = warc_->bytes_read();
  const bool got = warc_->Next(doc, &stats_, &replaced, [this](std::string what, std::string reason) {
    Skip(std::move(what), std::move(reason));
  });
  bytes_read_ += warc_->bytes_read() - before;
  stats_.bytes += warc_->bytes_read() - before;
  if (!got) {
    warc_.reset();
    consumed_done_ += source_bytes_[current_];
    return false;
  }
  if (replaced > 0) NoteRepaired(current_);
  doc->source = static_cast<uint32_t>(current_);
  MakeIdUnique(doc);
  return true;
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

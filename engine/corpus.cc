#include "shabih/corpus.h"

#include <simdjson.h>
#include <unistd.h>
#include <xxhash.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <system_error>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/utf8.h"

namespace shabih {
namespace fs = std::filesystem;

namespace {

constexpr size_t kReadChunk = 1 << 20;

// Which kind of document file a path names, by its extension.
enum class FileType { kText, kJsonl, kJsonlGz, kOther };

FileType ClassifyPath(const std::string& path) {
  if (absl::EndsWith(path, ".txt")) return FileType::kText;
  if (absl::EndsWith(path, ".jsonl")) return FileType::kJsonl;
  if (absl::EndsWith(path, ".jsonl.gz")) return FileType::kJsonlGz;
  return FileType::kOther;
}

// `s` cut to at most `max_bytes`, at a UTF-8 character boundary.
std::string TruncateUtf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return std::string(s.substr(0, end));
}

uint64_t IdHash(absl::string_view id) { return XXH3_64bits(id.data(), id.size()); }

}  // namespace

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
  explicit Impl(const ReadOptions& options) : options_(options) {}
  ~Impl() { CloseStream(); }

  void AddInput(const std::string& input);
  bool Next(Document* doc);

  // Sizes on disk of sources_ (0 for real stdin) and their sum; 0 when
  // stdin makes the total unknown.
  void MeasureSources();
  uint64_t bytes_consumed() const;

  ReadStats stats_;
  std::vector<Source> sources_;
  uint64_t bytes_read_ = 0;
  uint64_t total_bytes_ = 0;

 private:
  void Skip(std::string what, std::string reason);
  void WalkDirectory(const fs::path& dir, int depth, std::vector<fs::path>* files);
  bool ReadTextFile(size_t index, Document* doc);
  // Counts a repaired document of sources_[index], by file.
  void NoteRepaired(size_t index);
  // Which fields a line without the text field has (bounded: see ReadStats).
  void NoteMissingTextField(const simdjson::dom::object& object);
  // Gives doc->id the first free "#N" suffix if the id was returned before.
  void MakeIdUnique(Document* doc);
  bool OpenStream(const Source& source);
  void CloseStream();
  // Next line of the open JSONL stream into line_; false at its end.
  bool NextLine();
  // Parses line_ as a document of the current JSONL source; false if skipped.
  bool ParseJsonLine(Document* doc);

  ReadOptions options_;
  size_t next_source_ = 0;
  size_t current_ = 0;     // index of the open JSONL source
  gzFile stream_ = nullptr;
  bool stream_eof_ = false;
  std::vector<char> buffer_;
  size_t buffer_begin_ = 0;
  size_t buffer_end_ = 0;
  uint64_t line_number_ = 0;
  std::string line_;
  simdjson::dom::parser parser_;
  std::vector<uint64_t> source_bytes_;  // on disk, per source
  uint64_t consumed_done_ = 0;          // on-disk bytes of the sources finished
  size_t last_repaired_source_ = std::numeric_limits<size_t>::max();
  absl::flat_hash_set<uint64_t> seen_ids_;                 // IdHash of every id returned
  absl::flat_hash_map<uint64_t, uint64_t> next_suffix_;   // repeated id's hash -> next N to try
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
}

uint64_t CorpusReader::Impl::bytes_consumed() const {
  uint64_t current = 0;
  if (stream_ != nullptr) {
    // Bytes read from the file itself (compressed for .gz), less what zlib
    // holds unread: the position in the same units as the file size.
    const z_off_t offset = gzoffset(stream_);
    if (offset > 0) current = std::min<uint64_t>(static_cast<uint64_t>(offset), source_bytes_[current_]);
  }
  return consumed_done_ + current;
}

void CorpusReader::Impl::NoteRepaired(size_t index) {
  ++stats_.repaired_utf8;
  // Sources are read one after the other, so a file's repairs are adjacent.
  if (index == last_repaired_source_) {
    ++stats_.repaired_utf8_files.back().documents;
    return;
  }
  if (stats_.repaired_utf8_files.size() >= options_.max_listed_skips) {
    last_repaired_source_ = std::numeric_limits<size_t>::max();
    return;
  }
  stats_.repaired_utf8_files.push_back({sources_[index].path, 1});
  last_repaired_source_ = index;
}

void CorpusReader::Impl::NoteMissingTextField(const simdjson::dom::object& object) {
  // Enough to recognise a schema; bounded whatever the lines hold.
  constexpr size_t kMaxFieldSets = 8, kMaxFields = 32, kMaxKeyBytes = 100;
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
  const uint64_t hash = IdHash(doc->id);
  if (seen_ids_.insert(hash).second) return;
  ++stats_.duplicate_ids;
  // The next suffix is remembered per repeated id, so an id repeated m times
  // costs O(m), not O(m^2); a suffix taken by a real id is passed over.
  uint64_t& next = next_suffix_[hash];
  if (next < 2) next = 2;
  std::string renamed;
  do {
    renamed = absl::StrCat(doc->id, "#", next++);
  } while (!seen_ids_.insert(IdHash(renamed)).second);
  if (stats_.renamed_ids.size() < options_.max_listed_skips) {
    const Source& source = sources_[doc->source];
    stats_.renamed_ids.push_back({doc->id, renamed,
                                  source.kind == Source::Kind::kText
                                      ? source.path
                                      : absl::StrCat(source.label, ":", line_number_)});
  }
  doc->id = std::move(renamed);
}

void CorpusReader::Impl::Skip(std::string what, std::string reason) {
  ++stats_.skipped_total;
  ++stats_.skipped_by_reason[reason];
  if (stats_.skipped.size() < options_.max_listed_skips) {
    stats_.skipped.push_back({std::move(what), std::move(reason)});
  }
}

void CorpusReader::Impl::AddInput(const std::string& input) {
  if (input == "-") {
    sources_.push_back({Source::Kind::kStdin, "-", "stdin.jsonl", false, "stdin.jsonl"});
    return;
  }
  std::error_code ec;
  const fs::file_status status = fs::status(input, ec);
  if (ec || !fs::exists(status)) {
    Skip(input, ec && ec != std::errc::no_such_file_or_directory
                    ? absl::StrCat("unreadable: ", ec.message())
                    : "not-found");
    return;
  }
  auto add_file = [&](const fs::path& path, std::string relative, std::string label) {
    const std::string name = path.string();
    switch (ClassifyPath(name)) {
      case FileType::kText:
        sources_.push_back({Source::Kind::kText, name, std::move(relative), false, std::move(label)});
        break;
      case FileType::kJsonl:
        sources_.push_back({Source::Kind::kJsonl, name, std::move(relative), false, std::move(label)});
        break;
      case FileType::kJsonlGz:
        sources_.push_back({Source::Kind::kJsonl, name, std::move(relative), true, std::move(label)});
        break;
      case FileType::kOther:
        Skip(name, "unsupported-file-type");
        break;
    }
  };
  if (fs::is_directory(status)) {
    std::vector<fs::path> files;
    WalkDirectory(fs::path(input), 0, &files);
    std::sort(files.begin(), files.end(),
              [](const fs::path& a, const fs::path& b) { return a.generic_string() < b.generic_string(); });
    for (const fs::path& file : files) {
      const std::string relative = file.lexically_relative(input).generic_string();
      add_file(file, relative, relative);
    }
    return;
  }
  // A file given by name: its layout name (--keep) is its file name; its
  // documents' FILE:LINE ids use the path as given, which is unique.
  add_file(fs::path(input), fs::path(input).filename().generic_string(), input);
}

void CorpusReader::Impl::WalkDirectory(const fs::path& dir, int depth, std::vector<fs::path>* files) {
  // Deeper than any real crawl layout; stops runaway recursion.
  constexpr int kMaxDepth = 128;
  if (depth > kMaxDepth) {
    Skip(dir.string(), "directory-too-deep");
    return;
  }
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    Skip(dir.string(), absl::StrCat("unreadable: ", ec.message()));
    return;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    entries.push_back(*it);
  }
  if (ec) Skip(dir.string(), absl::StrCat("unreadable: ", ec.message()));
  // The iterator (and its file descriptor) is closed before recursing.
  it = fs::directory_iterator();
  for (const fs::directory_entry& entry : entries) {
    const std::string name = entry.path().string();
    std::error_code status_ec;
    const fs::file_status status = entry.status(status_ec);  // follows symlinks
    if (status_ec || !fs::exists(status)) {
      Skip(name, entry.is_symlink(status_ec) ? "broken-symlink" : "unreadable");
      continue;
    }
    if (fs::is_directory(status)) {
      if (entry.is_symlink(status_ec)) {
        Skip(name, "symlinked-directory");  // not followed: no loops, no double counting
        continue;
      }
      bool excluded = false;
      for (const std::string& out : options_.exclude_directories) {
        std::error_code eq_ec;
        if (fs::equivalent(entry.path(), out, eq_ec)) excluded = true;
      }
      if (excluded) {
        Skip(name, "output-directory");
        continue;
      }
      WalkDirectory(entry.path(), depth + 1, files);
    } else if (fs::is_regular_file(status)) {
      files->push_back(entry.path());
    } else {
      Skip(name, "not-a-regular-file");
    }
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

bool CorpusReader::Impl::OpenStream(const Source& source) {
  if (source.kind == Source::Kind::kStdin && !options_.stdin_path.empty()) {
    stream_ = gzopen(options_.stdin_path.c_str(), "rb");
  } else if (source.kind == Source::Kind::kStdin) {
    const int fd = dup(STDIN_FILENO);
    stream_ = fd >= 0 ? gzdopen(fd, "rb") : nullptr;
    if (stream_ == nullptr && fd >= 0) close(fd);
  } else {
    stream_ = gzopen(source.path.c_str(), "rb");
  }
  if (stream_ == nullptr) {
    Skip(source.path, absl::StrCat("unreadable: ", std::strerror(errno)));
    return false;
  }
  gzbuffer(stream_, kReadChunk);
  stream_eof_ = false;
  buffer_.resize(std::max<size_t>(buffer_.size(), 4 * kReadChunk));
  buffer_begin_ = buffer_end_ = 0;
  line_number_ = 0;
  return true;
}

void CorpusReader::Impl::CloseStream() {
  if (stream_ != nullptr) gzclose(stream_);
  stream_ = nullptr;
}

bool CorpusReader::Impl::NextLine() {
  bool discarding = false;  // inside a line longer than max_document_bytes
  size_t scan_from = buffer_begin_;
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
    const int got = gzread(stream_, buffer_.data() + buffer_end_,
                           static_cast<unsigned>(std::min(buffer_.size() - buffer_end_, size_t{1} << 30)));
    if (got < 0) {
      int errnum = 0;
      Skip(absl::StrCat(sources_[current_].label, ":", line_number_ + 1),
           absl::StrCat("read-error: ", gzerror(stream_, &errnum)));
      stream_eof_ = true;
      buffer_begin_ = buffer_end_ = 0;
      return false;
    }
    if (got == 0) {
      stream_eof_ = true;
      int errnum = Z_OK;
      gzerror(stream_, &errnum);
      if (errnum == Z_BUF_ERROR) {  // the compressed stream ended early
        Skip(absl::StrCat(sources_[current_].label, ":", line_number_ + 1), "truncated-gzip");
      }
    }
    buffer_end_ += static_cast<size_t>(got);
    bytes_read_ += static_cast<size_t>(got);
    stats_.bytes += static_cast<size_t>(got);
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
  for (const auto field : object) {
    const std::string_view key = field.key;
    const simdjson::dom::element value = field.value;
    if (key == options_.text_field) {
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
  if (options_.keep_raw) doc->raw = line_;
  return true;
}

bool CorpusReader::Impl::Next(Document* doc) {
  while (true) {
    if (stream_ != nullptr) {
      while (NextLine()) {
        if (absl::StripAsciiWhitespace(line_).empty()) {
          ++stats_.blank_lines;
          continue;
        }
        if (ParseJsonLine(doc)) {
          doc->source = static_cast<uint32_t>(current_);
          MakeIdUnique(doc);
          return true;
        }
      }
      CloseStream();
      consumed_done_ += source_bytes_[current_];
    }
    if (next_source_ >= sources_.size()) return false;
    const size_t index = next_source_++;
    const Source& source = sources_[index];
    if (source.kind == Source::Kind::kText) {
      if (ReadTextFile(index, doc)) {
        doc->source = static_cast<uint32_t>(index);
        MakeIdUnique(doc);
        return true;
      }
      continue;
    }
    current_ = index;
    if (!OpenStream(source)) consumed_done_ += source_bytes_[index];
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
  auto impl = std::make_unique<Impl>(options);
  impl->stats_.text_field = options.text_field;
  for (const std::string& input : inputs) impl->AddInput(input);
  impl->MeasureSources();
  return std::unique_ptr<CorpusReader>(new CorpusReader(std::move(impl)));
}

bool CorpusReader::Next(Document* doc) {
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

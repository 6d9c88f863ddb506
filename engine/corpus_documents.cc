// CorpusReader's sources measured and its whole-document sources read:
// .txt and .html pages, WARC records; skips, repairs and ids recorded
// (shabih/corpus.h).
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "engine/internal/corpus_reader_impl.h"
#include "engine/internal/corpus_sources.h"
#include "engine/internal/utf8.h"

namespace shabih {
namespace fs = std::filesystem;

namespace {

// `s` cut to at most `max_bytes`, at a UTF-8 character boundary.
std::string TruncateUtf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return std::string(s.substr(0, end));
}

}  // namespace

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


}  // namespace shabih

// The state of a CorpusReader (shabih/corpus.h) shared by its two source
// files: engine/corpus.cc (JSONL streams and lines, the public class) and
// engine/corpus_documents.cc (measuring sources; .txt and .html pages, WARC
// records; the bookkeeping of skips, repairs and ids).
//
// Thread safety: as CorpusReader, one thread at a time.
#ifndef SHABIH_ENGINE_INTERNAL_CORPUS_READER_IMPL_H_
#define SHABIH_ENGINE_INTERNAL_CORPUS_READER_IMPL_H_

#include <simdjson.h>
#include <zlib.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/internal/byte_stream.h"
#include "engine/internal/crawl_source.h"
#include "engine/internal/shard_plan.h"
#include "shabih/corpus.h"

namespace shabih {

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

}  // namespace shabih

#endif  // SHABIH_ENGINE_INTERNAL_CORPUS_READER_IMPL_H_

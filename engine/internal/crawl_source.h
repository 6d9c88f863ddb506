// The documents of crawl-format sources for CorpusReader (shabih/corpus.h):
// one .html page, or the records of one WARC / WET file; and the counts
// both add to ReadStats.
//
//   WarcSource warc(source, /*source_index=*/3, options);
//   Document doc;
//   while (warc.Next(&doc, &stats, skip)) Use(doc);   // skip(what, reason) counts a skip
//
// Thread safety: one thread at a time per WarcSource.
#ifndef SHABIH_ENGINE_INTERNAL_CRAWL_SOURCE_H_
#define SHABIH_ENGINE_INTERNAL_CRAWL_SOURCE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "engine/internal/corpus_sources.h"
#include "engine/internal/warc_reader.h"
#include "shabih/corpus.h"

namespace shabih::internal {

// Counts a document decoded from a page's bytes in stats->documents_by_encoding
// and documents_by_encoding_source (each bounded to 64 names).
void NoteEncoding(const std::string& encoding, CharsetSource source, ReadStats* stats);

// Reads one .html / .htm (.gz) page into *doc (text, format, encoding; id
// and site are the caller's), its encoding counted in *stats; false when
// skipped (told to `skip`). *replaced: invalid sequences replaced while
// decoding; *bytes: the decompressed bytes read.
bool ReadHtmlFile(const Source& source, uint64_t max_bytes, Document* doc, ReadStats* stats, uint64_t* replaced,
                  uint64_t* bytes, SkipFn skip);

class WarcSource {
 public:
  // Opens the file (an unreadable one is told to `skip` and yields nothing).
  WarcSource(const Source& source, uint32_t source_index, const ReadOptions& options, SkipFn skip);
  ~WarcSource();

  // The next document, with id, site, line (the record number), url, date,
  // content_type, encoding and (options.keep_raw) raw filled; false at the
  // end, after counting the file's records and any damage to its stream.
  // *replaced: as for ReadHtmlFile.
  bool Next(Document* doc, ReadStats* stats, uint64_t* replaced, SkipFn skip);

  // Decompressed bytes read so far; compressed bytes consumed so far.
  uint64_t bytes_read() const;
  uint64_t consumed() const;

 private:
  const Source& source_;
  uint32_t source_index_;
  ReadOptions options_;
  std::unique_ptr<WarcReader> reader_;
  bool finished_ = false;
};

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_CRAWL_SOURCE_H_

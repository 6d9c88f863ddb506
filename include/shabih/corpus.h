// Reading a crawl: directories of .txt pages, JSONL / JSONL.gz files, stdin.
//
//   shabih::ReadOptions options;  // the CLI's defaults: "text", then "id" / "url" ids
//   absl::StatusOr<std::unique_ptr<shabih::CorpusReader>> reader =
//       shabih::CorpusReader::Open({"crawl/", "more.jsonl.gz"}, options);
//   std::map<std::string, uint64_t> bytes_per_site;
//   if (reader.ok()) {  // fails only for an empty input list or a bad option
//     shabih::Document doc;
//     while ((*reader)->Next(&doc)) bytes_per_site[doc.site] += doc.text.size();  // doc.id too
//     std::vector<std::string> problems;  // skipped inputs, each with its reason
//     for (const shabih::SkippedInput& skip : (*reader)->stats().skipped) {
//       problems.push_back(skip.what + ": " + skip.reason);
//     }
//     // The same, as sentences naming examples and the fix:
//     std::vector<std::string> told = shabih::DescribeSkips((*reader)->stats());
//     std::vector<std::string> warnings = shabih::ReadWarnings((*reader)->stats());
//   }
//
// Follows the contract (docs/contract.md): directories are walked
// recursively in sorted path order; each *.txt file is one document (id =
// path relative to the INPUT directory, site = its first component); each
// *.jsonl / *.jsonl.gz file holds one document per line (id from the id
// fields, else FILE:LINE; site = host of the `url` field); "-" is JSONL on
// stdin. Other files are skipped and counted.
//
// Bad input never stops the read and is never dropped silently: invalid
// UTF-8 is repaired (U+FFFD) and counted; unreadable paths, binary files,
// broken symlinks, symlinked directories (not followed, so no loops),
// special files, malformed JSON lines, lines without the text field,
// truncated gzip streams and documents over max_document_bytes are skipped
// and recorded in ReadStats with a reason. Lines skipped for lacking the
// text field also record which fields they do have (so the message can say
// "try --text-field content"), and each file with repaired UTF-8 is named
// with its count.
//
// Ids are unique: a document whose id was already returned (two input
// folders both holding was/page1.txt, a repeated JSONL id) gets the first
// free "#N" suffix, N = 2, 3, ... ("was/page1.txt#2"), and is counted and
// listed in ReadStats::duplicate_ids. The reader remembers a 64-bit hash of
// every id (about 16 bytes a document) plus the next suffix of each repeated
// id; two distinct ids with equal hashes (odds about n^2 / 2^65 for n
// documents) would rename one of them, reported like any other repeat.
//
// Thread safety: a CorpusReader is used from one thread at a time (it holds
// the open stream and its buffer); distinct readers are independent. Only
// one reader at a time should read real stdin ("-" without stdin_path).
#ifndef SHABIH_CORPUS_H_
#define SHABIH_CORPUS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shabih {

struct ReadOptions {
  // JSONL field holding the document text (--text-field). "text": the
  // contract's default.
  std::string text_field = "text";
  // JSONL fields tried in order for the document id (--id-field puts its
  // value first); FILE:LINE when none is present. "id", then "url": the
  // contract's order; a URL names a crawled page when there is no id.
  std::vector<std::string> id_fields = {"id", "url"};
  // Documents (or JSONL lines) larger than this are skipped and counted, so a
  // runaway line cannot exhaust memory. 64 MiB: far above any real page.
  uint64_t max_document_bytes = 64ull << 20;
  // Keep each JSONL document's original line in Document::raw (for --keep).
  // Off: it doubles the bytes held per document, and only --keep needs it.
  bool keep_raw = false;
  // How many skipped inputs are listed by name in ReadStats::skipped (all
  // are counted in skipped_by_reason regardless). 1000: enough to find the
  // pattern, while a crawl of broken lines cannot blow up summary.json.
  size_t max_listed_skips = 1000;
  // Directories never walked into (the run's own output directories, so
  // that a re-run does not read them); each is counted as skipped
  // ("output-directory"). Empty: only the caller knows its outputs.
  std::vector<std::string> exclude_directories;
  // When set, "-" reads this file instead of standard input (a copy of
  // stdin, so that a two-pass pipeline can read it twice); ids and layout
  // stay those of stdin. Empty: "-" is the real stdin, read once.
  std::string stdin_path;
};

// One input file (or stdin) the reader visits, in visiting order.
struct Source {
  enum class Kind { kText, kJsonl, kStdin };
  Kind kind = Kind::kText;
  std::string path;      // as opened
  std::string relative;  // relative to its INPUT directory (layout for --keep)
  bool gzip = false;
  // FILE in FILE:LINE ids: `relative` for files found in a directory, the
  // path as given for a file named on the command line, "stdin.jsonl".
  std::string label;
};

struct Document {
  uint64_t ordinal = 0;  // 0-based position in input order
  std::string id;
  std::string site;
  std::string text;
  uint32_t source = 0;   // index into CorpusReader::sources()
  std::string raw;       // original JSONL line, when ReadOptions::keep_raw
};

struct SkippedInput {
  std::string what;    // path, or FILE:LINE for a JSONL line
  std::string reason;  // e.g. "malformed-json", "binary-file", "unreadable: ..."
};

// The keys of JSONL lines skipped as "missing-text-field" that share one
// key set (in any order).
struct FieldSet {
  std::vector<std::string> fields;  // in the order of the first such line (at most 32)
  uint64_t lines = 0;
  // The field whose string value was longest on the first such line (never
  // an id field or "url"): the likely text field; "" when none is a string.
  std::string likely_text_field;
};

// A document whose id was taken, and the id it was given instead.
struct RenamedId {
  std::string id;       // as read
  std::string renamed;  // e.g. "was/page1.txt#2"
  std::string where;    // path of its file, or FILE:LINE for a JSONL line
};

// A file some of whose documents had invalid UTF-8 replaced by U+FFFD.
struct RepairedFile {
  std::string file;  // path as opened ("-" for stdin)
  uint64_t documents = 0;
};

struct ReadStats {
  uint64_t documents = 0;        // documents returned by Next()
  uint64_t bytes = 0;            // input bytes read (decompressed)
  uint64_t repaired_utf8 = 0;    // documents whose invalid UTF-8 was replaced
  uint64_t empty_documents = 0;  // documents with empty text (kept, singletons)
  uint64_t blank_lines = 0;      // whitespace-only JSONL lines (not documents)
  uint64_t skipped_total = 0;    // documents/files skipped, all reasons
  std::map<std::string, uint64_t> skipped_by_reason;  // reason -> count
  std::vector<SkippedInput> skipped;                  // first max_listed_skips
  // ReadOptions::text_field, so that messages can name the field looked for.
  std::string text_field;
  // Lines skipped as "missing-text-field" grouped by their key set: the
  // first 8 distinct sets (later sets are only in skipped_by_reason), so a
  // crawl of odd lines cannot blow up memory.
  std::vector<FieldSet> missing_text_field;
  uint64_t duplicate_ids = 0;          // documents whose id was taken (renamed)
  std::vector<RenamedId> renamed_ids;  // first max_listed_skips
  // Files with repaired documents, in reading order: the first
  // max_listed_skips (all are counted in repaired_utf8).
  std::vector<RepairedFile> repaired_utf8_files;
};

// One sentence per skip reason, most frequent first: how many inputs, the
// first few, and the fix, e.g. "3 files skipped as unsupported-file-type:
// a.html, b.warc.gz, c.zip (supported: .txt .jsonl .jsonl.gz)", or
// "1,700 lines have no 'text' field; they have: id, url, title, content -
// try --text-field content". Empty when nothing was skipped.
std::vector<std::string> DescribeSkips(const ReadStats& stats);

// The sentence about lines without the text field (as in DescribeSkips);
// "" when there were none.
std::string DescribeMissingTextField(const ReadStats& stats);

// Sentences about what was read but altered, worth a warning even on a
// successful run: renamed duplicate ids, files with repaired UTF-8, and lines
// skipped for lacking the text field. Empty when there is none.
std::vector<std::string> ReadWarnings(const ReadStats& stats);

class CorpusReader {
 public:
  // Resolves the inputs into sources. Never fails for bad paths (they are
  // skipped and counted); fails with InvalidArgument only for an empty input
  // list or an invalid option.
  static absl::StatusOr<std::unique_ptr<CorpusReader>> Open(const std::vector<std::string>& inputs,
                                                            const ReadOptions& options);
  ~CorpusReader();

  // Reads the next document into *doc; false at the end of all inputs.
  bool Next(Document* doc);

  const ReadStats& stats() const;
  const std::vector<Source>& sources() const;
  // Input bytes consumed so far, decompressed (for progress reporting).
  uint64_t bytes_read() const;
  // Size of the inputs on disk: the sum of the source files' sizes
  // (compressed for .gz), known once Open() returns; 0 when unknown (stdin
  // that is not a spooled copy).
  uint64_t total_bytes() const;
  // Of total_bytes(), how many have been consumed so far (compressed bytes
  // for .gz), so that bytes_consumed() / total_bytes() is the fraction done.
  uint64_t bytes_consumed() const;

  class Impl;

 private:
  explicit CorpusReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Host part of a URL ("https://www.spa.gov.sa/x" -> "www.spa.gov.sa"), or ""
// when it has none.
std::string UrlHost(absl::string_view url);

}  // namespace shabih

#endif  // SHABIH_CORPUS_H_

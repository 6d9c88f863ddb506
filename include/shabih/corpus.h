// Reading a crawl: directories of .txt and .html pages, JSONL (.jsonl,
// .jsonl.gz, .jsonl.zst) files, WARC / WET archives, stdin.
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
// Beyond the contract (README "Inputs"): each *.html / *.htm (also .gz)
// file is one DocumentFormat::kHtml document (ids and sites as for .txt),
// its bytes decoded to UTF-8 (BOM, <meta> prescan, else valid UTF-8, else
// ICU's detector); *.jsonl.zst is JSONL in zstd; *.warc, *.warc.gz,
// *.warc.zst and *.warc.wet.gz hold WARC records, one document per
// response / resource / conversion record with an HTML (kHtml) or plain
// text (kText) payload: id = WARC-Target-URI (FILE:RECORD when absent),
// site = its host, Document::url / date / content_type / encoding filled.
// Other payloads are skipped and counted by media type; see ReadStats.
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
// listed in ReadStats::duplicate_ids (class UniqueIds below). The reader
// remembers a 64-bit hash of every id (about 16 bytes a document) plus the
// next suffix of each repeated id; two distinct ids with equal hashes (odds
// about n^2 / 2^65 for n documents) would rename one of them, reported like
// any other repeat.
//
// Shards (ReadOptions::shard_index / shard_count, the CLI's --shard I/N)
// let N processes read one input between them, with nothing shared but the
// input:
//
//   shabih::ReadOptions options;
//   options.shard_index = 2;  // this process reads shard 2 of 8
//   options.shard_count = 8;
//   // ... Open, Next() as above; then save the stats for the merging stage:
//   //   ReadStats merged;  for each shard in order: MergeReadStats(shard, &merged);
//   //   UniqueIds ids;  for each document in shard order:
//   //     id = ids.Claim(std::move(id), [&] { return DocumentLocation(source, line); }, &merged);
//
// The input (the sources in visiting order, each its size on disk:
// compressed for .gz) is viewed as one byte sequence of T bytes, and shard
// I owns the bytes [I*T/N, (I+1)*T/N). An uncompressed JSONL file is split
// at line starts: a line belongs to the shard owning its first byte. A file
// that cannot be split (a .txt page, a .jsonl.gz, a .jsonl holding gzip
// bytes, stdin's spooled copy) belongs whole to the shard owning its first
// byte (an empty file: the shard owning the position where it would start;
// at the very end, the last shard). So concatenating shards 0..N-1 in order
// gives exactly the unsharded reader's documents (ids as read, sites,
// texts, order, Document::line) for every N; a shard reads about T/N bytes
// plus, when it starts inside a JSONL file, that file's preceding bytes,
// counted for newlines so that FILE:LINE ids and Document::line are the
// file's global line numbers (memchr over the prefix; measured in
// docs/performance.md). Document::ordinal counts within the shard: add the
// documents of the earlier shards (their ReadStats::documents) for the
// global ordinal. Real stdin cannot be sharded (Open refuses "-" with
// shard_count > 1 unless stdin_path names a spooled copy): N processes
// cannot share one stream.
//
// A shard's ReadStats count what it owns: skips and repairs of the lines
// and files it owns, and (shard 0 only) the inputs skipped while resolving
// paths at Open; MergeReadStats over shards 0..N-1 in order gives the
// unsharded ReadStats. A shard does not make ids unique (it has not seen
// the earlier shards' ids): run UniqueIds over the concatenated documents
// in order, which yields the unsharded ids and duplicate_ids records.
// Every shard process must see the same input (files unchanged between the
// processes' runs): shard boundaries follow the sizes each measures.
//
// Thread safety: a CorpusReader is used from one thread at a time (it holds
// the open stream and its buffer); distinct readers are independent. Only
// one reader at a time should read real stdin ("-" without stdin_path).
// UniqueIds is likewise used from one thread at a time.
#ifndef SHABIH_CORPUS_H_
#define SHABIH_CORPUS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
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
  // JSONL field holding a page's HTML (--html-field): when set, it is read
  // instead of text_field and the document is DocumentFormat::kHtml. Empty:
  // JSONL text is text.
  std::string html_field;
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
  // Read only shard shard_index of shard_count (see "Shards" above; the
  // CLI's --shard I/N). 0 of 1: everything, as a single process reads it.
  // Open fails with InvalidArgument unless 0 <= shard_index < shard_count.
  int shard_index = 0;
  int shard_count = 1;
  // Give a repeated id the first free "#N" suffix. On: the contract's ids
  // are unique. Off (and always off in a shard, shard_count > 1, which has
  // not seen the earlier shards' ids): ids are returned as read, and the
  // caller applies UniqueIds to the documents in global order.
  bool unique_ids = true;
};

// One input file (or stdin) the reader visits, in visiting order.
struct Source {
  // kHtml: one .html / .htm page (also .gz); kWarc: a .warc, .warc.gz,
  // .warc.zst or .warc.wet.gz file of records.
  enum class Kind { kText, kJsonl, kStdin, kHtml, kWarc };
  Kind kind = Kind::kText;
  std::string path;      // as opened
  std::string relative;  // relative to its INPUT directory (layout for --keep)
  bool gzip = false;
  // FILE in FILE:LINE ids: `relative` for files found in a directory, the
  // path as given for a file named on the command line, "stdin.jsonl".
  std::string label;
  bool zstd = false;  // .jsonl.zst, .warc.zst
};

// What Document::text holds. kHtml: a web page's HTML, already decoded to
// UTF-8 (the reader converted it from its charset); strip and dedup turn it
// into the page's text blocks before anything else sees it.
enum class DocumentFormat : uint8_t { kText, kHtml };

struct Document {
  uint64_t ordinal = 0;  // 0-based position in input order (within the shard)
  std::string id;
  std::string site;
  std::string text;
  uint32_t source = 0;   // index into CorpusReader::sources() (the same in every shard)
  // 1-based line of a JSONL document in its source, counted from the file's
  // start in every shard; 0 for a .txt page. (source, line) orders documents
  // globally, and DocumentLocation(source, line) names one in messages.
  // For a WARC record, its 1-based number among the file's records.
  uint64_t line = 0;
  // Original JSONL line, when ReadOptions::keep_raw; for a WARC record, a
  // JSON line {"id", "url", "date", "content_type", TEXT_FIELD: text} of it.
  std::string raw;
  DocumentFormat format = DocumentFormat::kText;
  // Crawl metadata, "" when the input has none: the page's URL (WARC-Target-URI),
  // its date (WARC-Date), the payload's media type (HTTP Content-Type without
  // parameters) and the charset its bytes were decoded from ("utf-8" when they
  // already were).
  std::string url;
  std::string date;
  std::string content_type;
  std::string encoding;
};

// Where a document came from, as SkippedInput::what and RenamedId::where
// name it: the path of a .txt page, FILE:LINE (Source::label) for a JSONL
// line.
std::string DocumentLocation(const Source& source, uint64_t line);

struct SkippedInput {
  std::string what;    // path, or FILE:LINE for a JSONL line
  std::string reason;  // e.g. "malformed-json", "binary-file", "unreadable: ..."
  bool operator==(const SkippedInput&) const = default;
};

// The keys of JSONL lines skipped as "missing-text-field" that share one
// key set (in any order).
struct FieldSet {
  std::vector<std::string> fields;  // in the order of the first such line (at most 32)
  uint64_t lines = 0;
  // The field whose string value was longest on the first such line (never
  // an id field or "url"): the likely text field; "" when none is a string.
  std::string likely_text_field;
  bool operator==(const FieldSet&) const = default;
};

// A document whose id was taken, and the id it was given instead.
struct RenamedId {
  std::string id;       // as read
  std::string renamed;  // e.g. "was/page1.txt#2"
  std::string where;    // path of its file, or FILE:LINE for a JSONL line
  bool operator==(const RenamedId&) const = default;
};

// A file some of whose documents had invalid UTF-8 replaced by U+FFFD.
struct RepairedFile {
  std::string file;  // path as opened ("-" for stdin)
  uint64_t documents = 0;
  // Index into CorpusReader::sources(), so that MergeReadStats joins the two
  // halves of a file split between shards (and only those).
  uint32_t source = 0;
  bool operator==(const RepairedFile&) const = default;
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
  // For MergeReadStats: the source of the last repaired document, kNoSource
  // when none. A listed file's count grows only while its repairs continue
  // (the list may be full, the last entry still open); merging shards needs
  // to know whether it is.
  static constexpr uint32_t kNoSource = 0xFFFFFFFF;
  uint32_t last_repaired_source = kNoSource;
  // Documents decoded from a web page's bytes (HTML files, WARC records and
  // --html-field values) by the charset they were decoded from ("utf-8",
  // "windows-1256", "iso-8859-6", "utf-16le") and by where that charset came
  // from ("bom", "http", "meta", "utf-8": undeclared but valid UTF-8,
  // "detector": ICU's guess). At most 64 names each, then "(other)".
  std::map<std::string, uint64_t> documents_by_encoding;
  std::map<std::string, uint64_t> documents_by_encoding_source;
  // Every WARC record by WARC-Type ("response", "request", "warcinfo", ...).
  std::map<std::string, uint64_t> warc_records_by_type;
  // WARC records skipped as "non-html-payload", by media type ("image/jpeg",
  // "(none)"; at most 64 types, then "(other)").
  std::map<std::string, uint64_t> warc_skipped_by_content_type;
  // Documents kept although cut short: WARC-Truncated records and records
  // the data ended inside (a truncated .warc.gz).
  uint64_t truncated_records = 0;
  // WARC records whose Content-Length fell a few bytes short of the next
  // record: the gap was kept as the end of the block.
  uint64_t warc_length_repaired = 0;
  bool operator==(const ReadStats&) const = default;
};

// Adds a shard's ReadStats to *into, for shards merged in order 0..N-1 into
// a default ReadStats: counts are summed, lists concatenated and cut at
// max_listed (ReadOptions::max_listed_skips of the read; give the same), a
// JSONL file's repairs split between shards joined, key sets lacking the
// text field matched in any order. The result equals the unsharded read's
// ReadStats, with one bound: a shard lists at most 64 key sets lacking the
// text field (an unsharded read 8), so a crawl with more distinct such key
// sets than that in one shard may count fewer lines for a listed set (its
// skipped_by_reason total stays exact).
void MergeReadStats(const ReadStats& shard, ReadStats* into, size_t max_listed = 1000);

// Makes ids unique in claiming order, as the reader does (see "Ids are
// unique" above): the first claim of an id keeps it; a later one gets the
// first free "#N" suffix, N = 2, 3, ..., is counted in
// ReadStats::duplicate_ids and listed in renamed_ids (the first
// max_listed) with where() as RenamedId::where (called only for a rename).
// Claiming the documents of shards 0..N-1 in order gives the unsharded
// reader's ids and records.
//
//   shabih::UniqueIds ids;
//   shabih::ReadStats stats;
//   std::string a = ids.Claim("p.txt", [] { return std::string("in/p.txt"); }, &stats);  // "p.txt"
//   std::string b = ids.Claim("p.txt", [] { return std::string("more/p.txt"); }, &stats);  // "p.txt#2"
class UniqueIds {
 public:
  // 1000: ReadOptions::max_listed_skips's default.
  explicit UniqueIds(size_t max_listed = 1000);
  ~UniqueIds();
  UniqueIds(const UniqueIds&) = delete;
  UniqueIds& operator=(const UniqueIds&) = delete;

  // The id the document gets; `stats` (not null) records a rename.
  std::string Claim(std::string id, absl::FunctionRef<std::string()> where, ReadStats* stats);

 private:
  class Table;
  std::unique_ptr<Table> table_;
  size_t max_listed_;
};

// Parses a --shard value "I/N" (0 <= I < N) into *index and *count;
// InvalidArgument naming the problem otherwise.
absl::Status ParseShard(absl::string_view spec, int* index, int* count);

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
// successful run: renamed duplicate ids, files with repaired UTF-8, WARC
// records cut short, and lines skipped for lacking the text field. Empty when there is none.
std::vector<std::string> ReadWarnings(const ReadStats& stats);

class CorpusReader {
 public:
  // Resolves the inputs into sources. Never fails for bad paths (they are
  // skipped and counted); fails with InvalidArgument only for an empty input
  // list or an invalid option (a shard outside 0 <= shard_index <
  // shard_count, real stdin with shard_count > 1).
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

#include "shabih/strip.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/batch_loop.h"
#include "engine/internal/html_document.h"
#include "engine/internal/parallel.h"
#include "engine/internal/pipeline_util.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/utf8.h"
#include "engine/internal/json_writer.h"
#include "engine/internal/output_dir.h"
#include "engine/internal/page_lines.h"
#include "shabih/normalize.h"
#include "shabih/version.h"

namespace shabih {
namespace fs = std::filesystem;

namespace {

using internal::Clock;
using internal::SecondsSince;
using internal::SpoolStdin;

using internal::ResolveThreads;

// Reads up to one batch; false when nothing more could be read.
bool ReadBatch(CorpusReader* reader, std::vector<Document>* docs) {
  docs->clear();
  internal::FillBatch([reader](Document* d) { return reader->Next(d); }, docs);
  return !docs->empty();
}

// ---- JSON member replacement ----

size_t SkipSpace(absl::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  return i;
}

// Scans the JSON string starting at s[i] == '"'; returns the index after the
// closing quote (npos if unterminated) and its decoded value in *decoded.
size_t ScanString(absl::string_view s, size_t i, std::string* decoded) {
  decoded->clear();
  ++i;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '"') return i + 1;
    if (c != '\\') {
      decoded->push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= s.size()) return std::string::npos;
    const char e = s[i + 1];
    i += 2;
    switch (e) {
      case 'b':
        decoded->push_back('\b');
        break;
      case 'f':
        decoded->push_back('\f');
        break;
      case 'n':
        decoded->push_back('\n');
        break;
      case 'r':
        decoded->push_back('\r');
        break;
      case 't':
        decoded->push_back('\t');
        break;
      case 'u': {
        auto hex = [&](size_t at, uint32_t* out) {
          if (at + 4 > s.size()) return false;
          uint32_t v = 0;
          for (size_t k = at; k < at + 4; ++k) {
            const char h = s[k];
            v <<= 4;
            if (h >= '0' && h <= '9')
              v |= h - '0';
            else if (h >= 'a' && h <= 'f')
              v |= h - 'a' + 10;
            else if (h >= 'A' && h <= 'F')
              v |= h - 'A' + 10;
            else
              return false;
          }
          *out = v;
          return true;
        };
        uint32_t cp;
        if (!hex(i, &cp)) return std::string::npos;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= s.size() && s[i] == '\\' && s[i + 1] == 'u') {
          uint32_t lo;
          if (hex(i + 2, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          }
        }
        AppendUtf8(cp, decoded);
        break;
      }
      default:
        decoded->push_back(e);
        break;
    }
  }
  return std::string::npos;
}

// Index just past the JSON value starting at s[i] (npos when malformed).
size_t SkipValue(absl::string_view s, size_t i) {
  if (i >= s.size()) return std::string::npos;
  std::string ignored;
  if (s[i] == '"') return ScanString(s, i, &ignored);
  if (s[i] == '{' || s[i] == '[') {
    int depth = 0;
    while (i < s.size()) {
      const char c = s[i];
      if (c == '"') {
        i = ScanString(s, i, &ignored);
        if (i == std::string::npos) return i;
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') {
        if (--depth == 0) return i + 1;
      }
      ++i;
    }
    return std::string::npos;
  }
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\t' &&
         s[i] != '\n' && s[i] != '\r') {
    ++i;
  }
  return i;
}

}  // namespace

absl::StatusOr<std::string> ReplaceJsonStringField(absl::string_view raw, absl::string_view field,
                                                   absl::string_view value) {
  size_t i = SkipSpace(raw, 0);
  if (i >= raw.size() || raw[i] != '{') return absl::InvalidArgumentError("not a JSON object");
  ++i;
  std::string out;
  size_t copied = 0;  // raw[0, copied) is already in out
  bool found = false;
  std::string key;
  while (true) {
    i = SkipSpace(raw, i);
    if (i >= raw.size()) return absl::InvalidArgumentError("unterminated JSON object");
    if (raw[i] == '}') break;
    if (raw[i] != '"') return absl::InvalidArgumentError("malformed JSON object");
    i = ScanString(raw, i, &key);
    if (i == std::string::npos) return absl::InvalidArgumentError("malformed JSON key");
    i = SkipSpace(raw, i);
    if (i >= raw.size() || raw[i] != ':') return absl::InvalidArgumentError("malformed JSON object");
    i = SkipSpace(raw, i + 1);
    const size_t value_begin = i;
    i = SkipValue(raw, i);
    if (i == std::string::npos) return absl::InvalidArgumentError("malformed JSON value");
    if (key == field) {
      out.append(raw.data() + copied, value_begin - copied);
      AppendJsonString(value, &out);
      copied = i;
      found = true;
    }
    i = SkipSpace(raw, i);
    if (i < raw.size() && raw[i] == ',') {
      ++i;
      continue;
    }
    if (i < raw.size() && raw[i] == '}') break;
    return absl::InvalidArgumentError("malformed JSON object");
  }
  if (!found) return absl::InvalidArgumentError(absl::StrCat("no member \"", field, "\""));
  out.append(raw.data() + copied, raw.size() - copied);
  return out;
}

absl::StatusOr<std::unique_ptr<CrawlLineStats>> CollectCrawlLineStats(const std::vector<std::string>& inputs,
                                                                      const ReadOptions& read,
                                                                      const BoilerplateOptions& options,
                                                                      int threads, ReadStats* read_stats) {
  threads = ResolveThreads(threads);
  ReadOptions no_raw = read;
  no_raw.keep_raw = false;
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<CorpusReader> reader, CorpusReader::Open(inputs, no_raw));
  // One statistics object per worker, merged at the end (sums: any merge
  // order gives the same counts).
  std::vector<std::unique_ptr<CrawlLineStats>> parts;
  for (int t = 0; t < threads; ++t) parts.push_back(std::make_unique<CrawlLineStats>(options));
  std::vector<Document> docs;
  while (ReadBatch(reader.get(), &docs)) {
    internal::ParallelChunks(docs.size(), threads, [&](size_t begin, size_t end, size_t chunk) {
      std::string html_text;  // an HTML page is counted as its blocks, one per line
      for (size_t d = begin; d < end; ++d) {
        parts[chunk]->AddDocument(docs[d].site, internal::StatisticsText(docs[d], &html_text));
      }
    });
  }
  for (int t = 1; t < threads; ++t) {
    parts[0]->Merge(*parts[t]);
    parts[t].reset();
  }
  parts[0]->Finalize();
  if (read_stats != nullptr) *read_stats = reader->stats();
  return std::move(parts[0]);
}

namespace {

// What pass 2 produces for one document.
struct Stripped {
  std::string kept;
  std::string explain;  // lines.jsonl fragment
  uint64_t lines = 0;
  uint64_t boilerplate = 0;
  uint64_t blank = 0;
};

struct Batch {
  std::vector<Document> docs;
  std::vector<Stripped> out;
  std::vector<absl::flat_hash_map<std::string, uint64_t>> reasons;  // per worker
};

bool IsBlank(absl::string_view line) {
  for (const char c : line) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\v' && c != '\f') return false;
  }
  return true;
}

// What was cut from a content line (lines.jsonl "trimmed"): the glued
// prefix and suffix without their spaces, joined by '\n' when both were
// cut (no line holds one).
std::string TrimmedText(absl::string_view line, const LineVerdict& v) {
  std::string out(internal::TrimLine(line.substr(0, v.trimmed_prefix)));
  if (v.trimmed_suffix > 0) {
    if (!out.empty()) out.push_back('\n');
    const absl::string_view tail = internal::TrimLine(line.substr(line.size() - v.trimmed_suffix));
    out.append(tail.data(), tail.size());
  }
  return out;
}

class Stripper {
 public:
  Stripper(const BoilerplateClassifier& classifier, const CrawlLineStats* stats, bool explain, int threads)
      : classifier_(classifier), stats_(stats), explain_(explain), threads_(threads) {}

  void Process(Batch* batch) const {
    const size_t n = batch->docs.size();
    batch->out.assign(n, Stripped());
    batch->reasons.assign(static_cast<size_t>(threads_), {});
    internal::ParallelChunks(n, threads_, [&](size_t begin, size_t end, size_t chunk) {
      std::vector<LineVerdict> verdicts;
      auto& reasons = batch->reasons[chunk];
      for (size_t d = begin; d < end; ++d) {
        const Document& doc = batch->docs[d];
        Stripped& s = batch->out[d];
        if (doc.format == DocumentFormat::kHtml) {
          StripHtml(doc, &s, &reasons);
          continue;
        }
        classifier_.Classify(doc.site, doc.text, stats_, &verdicts);
        s.lines = verdicts.size();
        size_t pos = 0;
        bool first = true;
        for (size_t i = 0; i < verdicts.size(); ++i) {
          const size_t nl = doc.text.find('\n', pos);
          const size_t end_line = nl == std::string::npos ? doc.text.size() : nl;
          const absl::string_view line(doc.text.data() + pos, end_line - pos);
          pos = end_line + 1;
          const LineVerdict& v = verdicts[i];
          if (IsBlank(line)) ++s.blank;
          if (v.boilerplate) {
            ++s.boilerplate;
            ++reasons[v.reason];
          } else {
            if (!first) s.kept.push_back('\n');
            first = false;
            s.kept.append(line.data() + v.trimmed_prefix, line.size() - v.trimmed_prefix - v.trimmed_suffix);
          }
          if (explain_) {
            JsonObjectWriter w(&s.explain);
            w.String("id", doc.id);
            w.Int("line", static_cast<int64_t>(i + 1));
            w.String("label", v.boilerplate ? "boilerplate" : "content");
            w.String("reason", v.reason);
            if (v.trimmed_prefix + v.trimmed_suffix > 0) w.String("trimmed", TrimmedText(line, v));
            w.Close();
            s.explain.push_back('\n');
          }
        }
        // A text file keeps its final newline.
        if (!s.kept.empty() && !doc.text.empty() && doc.text.back() == '\n') s.kept.push_back('\n');
      }
    });
  }

 private:
  // An HTML page: one line per block of its DOM (shabih/html.h), labelled
  // by the DOM and the line signals together; lines.jsonl rows add the
  // block's `path`.
  void StripHtml(const Document& doc, Stripped* s, absl::flat_hash_map<std::string, uint64_t>* reasons) const {
    thread_local HtmlPage page;
    if (!internal::ClassifyHtml(classifier_, doc.site, doc.text, stats_, &page).ok()) {
      // The parser library failed (it does not on any input we know):
      // the page is one boilerplate line, counted by its reason.
      page = HtmlPage();
      HtmlBlock& b = page.blocks.emplace_back();
      b.boilerplate = true;
      b.reason = "html-parse-error";
    }
    s->lines = page.blocks.size();
    s->kept = page.main_text;
    for (size_t i = 0; i < page.blocks.size(); ++i) {
      const HtmlBlock& b = page.blocks[i];
      if (b.boilerplate) {
        ++s->boilerplate;
        ++(*reasons)[b.reason];
      }
      if (!explain_) continue;
      JsonObjectWriter w(&s->explain);
      w.String("id", doc.id);
      w.Int("line", static_cast<int64_t>(i + 1));
      w.String("label", b.boilerplate ? "boilerplate" : "content");
      w.String("reason", b.reason);
      w.String("path", b.path);
      w.Close();
      s->explain.push_back('\n');
    }
  }

  const BoilerplateClassifier& classifier_;
  const CrawlLineStats* stats_;
  bool explain_;
  int threads_;
};

// The output files of pass 2, written in input order.
// Writes through the run's OutputDir: text files whole under temporary
// names, the JSONL outputs as temporaries renamed when the run finishes.
class Writer {
 public:
  Writer(internal::OutputDir* out, const ReadOptions& read, bool explain)
      : out_(out), read_(read), explain_(explain) {}

  absl::Status Open() {
    if (explain_) {
      SHABIH_ASSIGN_OR_RETURN(const fs::path temp, out_->TempPath("lines.jsonl"));
      explain_out_.open(temp, std::ios::binary | std::ios::trunc);
      if (!explain_out_) return absl::PermissionDeniedError(absl::StrCat("cannot write ", temp.string()));
    }
    return absl::OkStatus();
  }

  absl::Status Write(const std::vector<Source>& sources, Batch& batch, StripSummary* summary) {
    for (size_t d = 0; d < batch.docs.size(); ++d) {
      const Document& doc = batch.docs[d];
      Stripped& s = batch.out[d];
      const Source& source = sources[doc.source];
      // An HTML page is written as its text, like a .txt page; a WARC
      // record's raw line is {"id","url","date","content_type","text"}.
      if (source.kind == Source::Kind::kText || source.kind == Source::Kind::kHtml) {
        SHABIH_RETURN_IF_ERROR(WriteText(doc.id, s.kept));
        ++summary->text_files;
      } else {
        SHABIH_RETURN_IF_ERROR(WriteJsonl(doc, s.kept, summary));
        ++summary->jsonl_documents;
      }
      if (explain_) explain_out_.write(s.explain.data(), static_cast<std::streamsize>(s.explain.size()));
      summary->bytes_kept += s.kept.size();
      summary->lines += s.lines;
      summary->boilerplate_lines += s.boilerplate;
      summary->blank_lines += s.blank;
      ++summary->documents;
    }
    for (auto& worker : batch.reasons) {
      for (auto& [reason, count] : worker) summary->reasons[reason] += count;
    }
    if (explain_ && !explain_out_) return absl::DataLossError("error while writing lines.jsonl");
    return absl::OkStatus();
  }

  absl::Status Close() {
    if (jsonl_out_.is_open()) {
      jsonl_out_.close();
      if (!jsonl_out_) return absl::DataLossError("error while writing stripped.jsonl");
    }
    if (explain_out_.is_open()) {
      explain_out_.close();
      if (!explain_out_) return absl::DataLossError("error while writing lines.jsonl");
    }
    return absl::OkStatus();
  }

 private:
  absl::Status WriteText(const std::string& id, const std::string& kept) {
    const fs::path relative(id);
    // Ids of text files are paths under an INPUT directory; never let one
    // climb out of the output directory.
    for (const fs::path& part : relative) {
      if (part == "..") return absl::InvalidArgumentError(absl::StrCat("unsafe document id: ", id));
    }
    if (relative.is_absolute()) return absl::InvalidArgumentError(absl::StrCat("unsafe document id: ", id));
    return out_->WriteFile(id, kept);
  }

  absl::Status WriteJsonl(const Document& doc, const std::string& kept, StripSummary* summary) {
    if (!jsonl_out_.is_open()) {
      SHABIH_ASSIGN_OR_RETURN(const fs::path temp, out_->TempPath("stripped.jsonl"));
      jsonl_out_.open(temp, std::ios::binary | std::ios::trunc);
      if (!jsonl_out_) return absl::PermissionDeniedError(absl::StrCat("cannot write ", temp.string()));
    }
    absl::StatusOr<std::string> line = ReplaceJsonStringField(doc.raw, read_.text_field, kept);
    if (!line.ok()) {
      // The reader parsed this object, so this should not happen; write a
      // minimal object rather than drop the document, and count it.
      ++summary->rewrite_failures;
      std::string minimal;
      JsonObjectWriter w(&minimal);
      w.String("id", doc.id);
      w.String(read_.text_field, kept);
      w.Close();
      line = std::move(minimal);
    }
    line->push_back('\n');
    jsonl_out_.write(line->data(), static_cast<std::streamsize>(line->size()));
    if (!jsonl_out_) return absl::DataLossError("error while writing stripped.jsonl");
    return absl::OkStatus();
  }

  internal::OutputDir* const out_;
  const ReadOptions read_;
  const bool explain_;
  std::ofstream jsonl_out_;
  std::ofstream explain_out_;
};

std::string SummaryJson(const StripSummary& s, const StripOptions& o) {
  std::string out;
  JsonObjectWriter w(&out);
  w.Int("documents", static_cast<int64_t>(s.documents));
  w.Int("lines", static_cast<int64_t>(s.lines));
  w.Int("boilerplate_lines", static_cast<int64_t>(s.boilerplate_lines));
  w.Int("blank_lines", static_cast<int64_t>(s.blank_lines));
  w.Int("bytes", static_cast<int64_t>(s.read.bytes));
  w.Int("bytes_kept", static_cast<int64_t>(s.bytes_kept));
  w.Int("text_files", static_cast<int64_t>(s.text_files));
  w.Int("jsonl_documents", static_cast<int64_t>(s.jsonl_documents));
  w.Int("rewrite_failures", static_cast<int64_t>(s.rewrite_failures));
  std::string reasons;
  JsonObjectWriter rw(&reasons);
  for (const auto& [reason, count] : s.reasons) rw.Int(reason, static_cast<int64_t>(count));
  rw.Close();
  w.Raw("reasons", reasons);
  internal::WriteReadStatsFields(s.read, &w);
  w.Int("stats_documents", static_cast<int64_t>(s.stats_documents));
  w.Int("stats_lines", static_cast<int64_t>(s.stats_lines));
  w.Int("stats_bytes", static_cast<int64_t>(s.stats_bytes));
  w.Int("threads", s.threads);
  w.Double("stats_seconds", s.stats_seconds, 3);
  w.Double("strip_seconds", s.strip_seconds, 3);
  w.Double("seconds", s.seconds, 3);
  w.Double("mb_per_second", s.seconds > 0 ? s.read.bytes / 1e6 / s.seconds : 0, 1);
  std::string params;
  JsonObjectWriter pw(&params);
  const BoilerplateOptions& b = o.boilerplate;
  pw.Bool("crawl_stats", o.crawl_stats);
  pw.String("normalization", kNormalizationVersion);
  pw.Int("min_site_repeats", b.min_site_repeats);
  pw.Double("site_repeat_fraction", b.site_repeat_fraction);
  pw.Double("template_fraction", b.template_fraction);
  pw.Int("max_counted_line_bytes", static_cast<int64_t>(b.max_counted_line_bytes));
  pw.Int("list_min_lines", b.list_min_lines);
  pw.Double("list_seen_fraction", b.list_seen_fraction);
  pw.Int("long_line_words", b.long_line_words);
  pw.Int("sentence_min_words", b.sentence_min_words);
  pw.Int("dense_line_words", b.dense_line_words);
  pw.Double("stop_density", b.stop_density);
  pw.Int("short_line_words", b.short_line_words);
  pw.Int("max_cue_line_words", b.max_cue_line_words);
  pw.Int("title_lookback", b.title_lookback);
  pw.Int("max_title_words", b.max_title_words);
  pw.Int("embed_probe_lines", b.embed_probe_lines);
  pw.String("text_field", o.read.text_field);
  pw.Close();
  w.Raw("params", params);
  w.String("version", SHABIH_VERSION);
  w.Close();
  out.push_back('\n');
  return out;
}

}  // namespace

absl::StatusOr<StripSummary> RunStrip(const std::vector<std::string>& raw_inputs, const StripOptions& options,
                                      const std::string& out_dir, const StripProgressCallback& progress) {
  const Clock::time_point start = Clock::now();
  if (out_dir.empty()) return absl::InvalidArgumentError("--out is required");
  if (options.threads < 0) return absl::InvalidArgumentError("--threads must be >= 0");
  if (raw_inputs.empty()) return absl::InvalidArgumentError("no INPUT given");
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<BoilerplateClassifier> classifier,
                          BoilerplateClassifier::Create(options.boilerplate));
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<internal::OutputDir> out,
                          internal::OutputDir::Open(out_dir, "strip", options.overwrite));
  StripSummary summary;
  summary.threads = ResolveThreads(options.threads);

  const std::vector<std::string>& inputs = raw_inputs;
  // Every read skips the output directory; stdin is spooled when it must be
  // read twice.
  ReadOptions base_read = options.read;
  base_read.exclude_directories.push_back(out_dir);
  std::string spool;
  if (options.crawl_stats && std::count(inputs.begin(), inputs.end(), "-") > 0) {
    SHABIH_ASSIGN_OR_RETURN(spool, SpoolStdin(options.cancel));
    base_read.stdin_path = spool;
  }
  auto cleanup = [&] { internal::RemoveSpool(spool); };

  // Pass 1.
  std::unique_ptr<CrawlLineStats> stats;
  if (options.crawl_stats) {
    if (progress) progress({"stats", 0, 0, SecondsSince(start), 0, -1});
    absl::StatusOr<std::unique_ptr<CrawlLineStats>> collected =
        CollectCrawlLineStats(inputs, base_read, options.boilerplate, summary.threads, nullptr);
    if (!collected.ok()) {
      cleanup();
      return collected.status();
    }
    stats = std::move(*collected);
    summary.stats_documents = stats->documents();
    summary.stats_lines = stats->distinct_lines();
    summary.stats_bytes = stats->MemoryBytes();
    summary.stats_seconds = SecondsSince(start);
  }

  // Pass 2: read batch k+1 while batch k is classified.
  const Clock::time_point strip_start = Clock::now();
  ReadOptions read = base_read;
  read.keep_raw = true;
  absl::StatusOr<std::unique_ptr<CorpusReader>> opened = CorpusReader::Open(inputs, read);
  if (!opened.ok()) {
    cleanup();
    return opened.status();
  }
  CorpusReader& reader = **opened;
  Writer writer(out.get(), options.read, options.explain);
  absl::Status status = writer.Open();
  const Stripper stripper(*classifier, stats.get(), options.explain, summary.threads);
  Clock::time_point last_progress = start;
  if (status.ok()) {
    auto read = [&](Batch* batch) {
      if (options.cancel != nullptr && options.cancel->load()) return false;
      const bool more = ReadBatch(&reader, &batch->docs);
      if (more && progress && SecondsSince(last_progress) >= 0.25) {
        last_progress = Clock::now();
        progress({"strip", summary.documents, reader.bytes_read(), SecondsSince(start), reader.total_bytes(),
                  internal::ReadFraction(reader)});
      }
      return more;
    };
    auto process = [&stripper](Batch* batch) { stripper.Process(batch); };
    auto finish = [&](Batch* batch) { return writer.Write(reader.sources(), *batch, &summary); };
    status = internal::OverlapBatches<Batch>(summary.threads > 1, read, process, finish);
    // The end of the stage, so that even a run shorter than a report
    // interval shows where it finished.
    if (status.ok() && progress) {
      progress({"strip", summary.documents, reader.bytes_read(), SecondsSince(start), reader.total_bytes(),
                internal::ReadFraction(reader)});
    }
  }
  if (status.ok()) status = writer.Close();
  if (status.ok() && options.cancel != nullptr && options.cancel->load()) status = absl::CancelledError("cancelled");
  cleanup();
  SHABIH_RETURN_IF_ERROR(status);
  summary.read = reader.stats();
  summary.strip_seconds = SecondsSince(strip_start);
  summary.seconds = SecondsSince(start);
  if (summary.documents == 0 && summary.read.skipped_total > 0) {
    // Nothing read: the summary still says what was skipped and why.
    SHABIH_RETURN_IF_ERROR(out->Stage("summary.json", internal::NoInputSummaryJson(summary.read)));
    SHABIH_RETURN_IF_ERROR(out->Finish());
    return internal::NoInputError(summary.read);
  }
  SHABIH_RETURN_IF_ERROR(out->Stage("summary.json", SummaryJson(summary, options)));
  SHABIH_RETURN_IF_ERROR(out->Finish());
  return summary;
}

}  // namespace shabih

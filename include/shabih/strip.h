// The pipeline behind `shabih strip`: read a crawl, classify every line of
// every page as content or boilerplate (shabih/boilerplate.h), and write the
// kept main text, as CONTRACT.md describes.
//
//   shabih::StripOptions options;            // crawl statistics on, all cores
//   options.explain = true;                  // also DIR/lines.jsonl
//   auto summary = shabih::RunStrip({"crawl/"}, options, "out/");
//
// Passes: with crawl statistics (the default), pass 1 streams the input once
// and collects per-site line counts (CrawlLineStats, one instance per thread,
// merged), pass 2 streams it again and classifies; stdin is spooled to a
// file so it can be read twice. Without them (--single-page) there is one
// pass. Documents are read in batches and classified by `threads` workers,
// whole documents per thread, while the next batch is read; outputs are
// written in input order, so they are byte-identical whatever `threads` is.
//
// Outputs in DIR:
//   <id>            for each text-file document: its kept text
//   stripped.jsonl  for JSONL documents: the input object, byte for byte,
//                   with the text field's value replaced by the kept text
//   lines.jsonl     with `explain`: {"id","line","label","reason"} per line
//   summary.json    counts, reasons, skipped inputs, timing, params
//
// Thread safety: RunStrip may be called concurrently with distinct out dirs.
#ifndef SHABIH_STRIP_H_
#define SHABIH_STRIP_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "shabih/boilerplate.h"
#include "shabih/corpus.h"

namespace shabih {

struct StripOptions {
  BoilerplateOptions boilerplate;
  ReadOptions read;
  // Two passes with per-site line statistics (signals 1 and 2). Default on:
  // they find template lines that no cue or shape reveals; off
  // (--single-page) halves the reading for a quick look at single pages.
  bool crawl_stats = true;
  // Also write DIR/lines.jsonl with a label and reason for every line.
  bool explain = false;
  // Worker threads; 0 = all cores.
  int threads = 0;
  // As DedupOptions::overwrite: the output folder is owned by one run;
  // a non-empty folder without a run marker is refused unless set.
  bool overwrite = false;
  // As DedupOptions::cancel: polled between batches (CancelledError).
  const std::atomic<bool>* cancel = nullptr;
};

struct StripProgress {
  const char* stage = "";  // "stats", "strip"
  uint64_t documents = 0;
  uint64_t bytes = 0;
  double seconds = 0;
  // Size of the input on disk (CorpusReader::total_bytes()); 0 when
  // unknown (stdin) or not yet known.
  uint64_t total_bytes = 0;
  // Share of this stage's input consumed, in [0, 1]; -1 when unknown.
  double fraction = -1;
};
// Called from the calling thread, a few times per second at most.
using StripProgressCallback = std::function<void(const StripProgress&)>;

struct StripSummary {
  ReadStats read;  // of the classifying pass
  uint64_t documents = 0;
  uint64_t lines = 0;
  uint64_t boilerplate_lines = 0;
  uint64_t blank_lines = 0;       // lines with nothing on them (either label)
  uint64_t bytes_kept = 0;        // bytes of kept text written
  uint64_t text_files = 0;        // DIR/<id> files written
  uint64_t jsonl_documents = 0;   // lines of DIR/stripped.jsonl
  uint64_t rewrite_failures = 0;  // JSONL objects whose text field could not be located (rewritten minimally)
  std::map<std::string, uint64_t> reasons;  // boilerplate lines by reason
  uint64_t stats_documents = 0;             // documents seen by pass 1
  uint64_t stats_lines = 0;                 // distinct (site, line) pairs kept after Finalize
  uint64_t stats_bytes = 0;
  int threads = 0;
  double stats_seconds = 0;
  double strip_seconds = 0;
  double seconds = 0;
};

// Runs the pipeline; out_dir is created. NotFound when no input document
// could be read, InvalidArgument for bad options.
absl::StatusOr<StripSummary> RunStrip(const std::vector<std::string>& inputs, const StripOptions& options,
                                      const std::string& out_dir, const StripProgressCallback& progress = {});

// Pass 1 alone (for `shabih dedup`, which strips before signing): streams
// `inputs` once and returns finalized per-site line statistics. `read_stats`
// may be null. "-" (stdin) cannot be read twice: the caller spools it.
absl::StatusOr<std::unique_ptr<CrawlLineStats>> CollectCrawlLineStats(const std::vector<std::string>& inputs,
                                                                      const ReadOptions& read,
                                                                      const BoilerplateOptions& options,
                                                                      int threads, ReadStats* read_stats);

// Replaces the value of every top-level member named `field` of the JSON
// object `raw` with `value` (as a JSON string), leaving every other byte as
// it was. InvalidArgument if `raw` is not an object or has no such member.
absl::StatusOr<std::string> ReplaceJsonStringField(absl::string_view raw, absl::string_view field,
                                                   absl::string_view value);

}  // namespace shabih

#endif  // SHABIH_STRIP_H_

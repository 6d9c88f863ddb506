// The signing path, one stage at a time: crawl statistics first, then each
// document stripped, normalized, shingled, discounted and MinHash-signed.
//
//   shabih::DedupOptions options;   // the CLI's defaults
//   auto builder = shabih::CrawlStatisticsBuilder::Create(options);
//   std::vector<shabih::Document> docs(2);
//   docs[0].site = "spa.gov.sa";
//   docs[0].text = "وقال الرئيس إن الاجتماع ناقش تطورات الأوضاع في المنطقة";
//   docs[1].site = "okaz.com.sa";
//   docs[1].text = "قال الرئيس إن الاجتماع ناقش تطورات الأوضاع في المنطقة";
//   (*builder)->Add(docs);                     // pass 1, in input order
//   std::shared_ptr<const shabih::CrawlStatistics> stats = (*builder)->Finish();
//   auto signer = shabih::DocumentSigner::Create(options, stats);
//   shabih::SignedDocument a = (*signer)->Sign(docs[0].site, docs[0].text);
//   shabih::SignedDocument b = (*signer)->Sign(docs[1].site, docs[1].text);
//   double j = shabih::EstimateJaccard(a.signature, b.signature);   // 1.0: light folding drops the و
//
// Sharded, as separate processes: each scan shard builds from its documents
// and writes SerializeState(); the merge stage reads them back in shard
// order (FromState), Merge()s them and Finish()es; the result is
// Serialize()d for the sign shards (Deserialize). The statistics equal one
// builder's over the whole crawl, whatever the split:
//
//   auto shard = shabih::CrawlStatisticsBuilder::Create(options);
//   (*shard)->Add(docs);
//   absl::StatusOr<std::string> state = (*shard)->SerializeState();   // to a file
//   auto merged = shabih::CrawlStatisticsBuilder::FromState(options, *state);
//   absl::Status merged_ok = (*merged)->Merge(std::move(**shard));     // ...every further shard
//   absl::StatusOr<std::string> bytes = (*merged)->Finish()->Serialize();
//   auto for_signing = shabih::CrawlStatistics::Deserialize(*bytes);
//
// Why two stages: stripping needs per-site line statistics and
// template-aware signatures need shingle document frequencies, both
// properties of the whole crawl. RunDedup and Deduper run the builder over
// every document before signing any; a sharded or embedded pipeline can
// build statistics once (or on a sample) and share them with many signers.
// A DocumentSigner without statistics strips each page alone and discounts
// nothing: what `--single-page --common-df 0` does.
//
// Thread safety: CrawlStatisticsBuilder is used from one thread at a time
// (Add() itself runs options.threads workers). CrawlStatistics is immutable
// and DocumentSigner::Sign is const and safe to call from many threads.
#ifndef SHABIH_SIGNER_H_
#define SHABIH_SIGNER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "shabih/corpus.h"
#include "shabih/dedup_options.h"

namespace shabih {

// What the first pass learned about a crawl: per-site line counts (for
// stripping) and the shingles common enough to be template wording (left out
// of signatures). Immutable; share it between signers and threads.
class CrawlStatistics {
 public:
  // Bytes that Deserialize() reads back into statistics giving identical
  // signatures: a magic and format version, the options the statistics
  // were built with (DocumentSigner::Create rejects others), the line
  // counts and common-shingle set, and an XXH3 checksum. Deterministic:
  // equal statistics give equal bytes. docs/contract.md has the layout.
  absl::StatusOr<std::string> Serialize() const;
  // DataLoss for truncated or damaged bytes, InvalidArgument for bytes that
  // are not statistics or of another format version. Never crashes.
  static absl::StatusOr<std::shared_ptr<const CrawlStatistics>> Deserialize(absl::string_view bytes);

  // The common-shingle set (and sample size) of `common_from` with the
  // documents and line counts of `lines_from`: an index keeps its first
  // crawl's common set fixed, so that signatures stay valid, while its line
  // counts grow. InvalidArgument when they were built with other options.
  static absl::StatusOr<std::shared_ptr<const CrawlStatistics>> Combine(const CrawlStatistics& common_from,
                                                                       const CrawlStatistics& lines_from);
  // The documents and line counts of both summed (CrawlLineStats::Merge:
  // exact when neither was finalized, see Finish), with `a`'s common set.
  // InvalidArgument when they were built with other options.
  static absl::StatusOr<std::shared_ptr<const CrawlStatistics>> MergeLines(const CrawlStatistics& a,
                                                                          const CrawlStatistics& b);

  struct Parts;  // engine-internal representation
  explicit CrawlStatistics(std::unique_ptr<Parts> parts);
  ~CrawlStatistics();
  CrawlStatistics(const CrawlStatistics&) = delete;
  CrawlStatistics& operator=(const CrawlStatistics&) = delete;

  // Documents the statistics were built from.
  uint64_t documents() const;
  // Documents counted in the shingle-frequency sample.
  uint64_t sampled_documents() const;
  // Distinct (site, line) pairs held for stripping (0 without line stats).
  uint64_t distinct_lines() const;
  // Sketch cells marked common (0 when template-aware signatures are off).
  uint64_t common_shingle_cells() const;
  // Approximate memory held.
  uint64_t MemoryBytes() const;

  const Parts& parts() const { return *parts_; }

 private:
  std::unique_ptr<Parts> parts_;
};

class CrawlStatisticsBuilder {
 public:
  // Validates `options` (ResolveDedupOptions). Collects line statistics when
  // options.strip && options.strip_crawl_stats, shingle frequencies when
  // options.common_min_documents > 0; with neither it only counts.
  static absl::StatusOr<std::unique_ptr<CrawlStatisticsBuilder>> Create(const DedupOptions& options);

  // The state of a builder written by SerializeState(), as a builder to
  // Add() to, Merge() or Finish(). InvalidArgument when the state was
  // written with other shingle, normalization, boilerplate or frequency
  // options (or is not a builder state), DataLoss when it is truncated or
  // damaged (checksummed). Never crashes.
  static absl::StatusOr<std::unique_ptr<CrawlStatisticsBuilder>> FromState(const DedupOptions& options,
                                                                           absl::string_view state);
  ~CrawlStatisticsBuilder();
  CrawlStatisticsBuilder(const CrawlStatisticsBuilder&) = delete;
  CrawlStatisticsBuilder& operator=(const CrawlStatisticsBuilder&) = delete;

  // Adds documents (only site and text are read). The frequency sample is
  // chosen by a hash of each document's site and text (DocumentFrequency-
  // Options), never by its position, so the result is the same for any
  // batch size, thread count, shard split and order.
  void Add(absl::Span<const Document> documents);
  uint64_t documents() const;

  // Adds `other`'s documents, as if they had been added to this builder
  // after its own; `other` is left empty. InvalidArgument when the two were
  // created with options giving another StatisticsKey (shingles,
  // normalization, boilerplate, frequency options).
  absl::Status Merge(CrawlStatisticsBuilder&& other);

  // The unfinished state: documents counted, every per-site line count
  // (lines on one page included: merging needs them) and the document
  // sample held so far (4 bytes a shingle before delta coding, at most
  // DocumentFrequencyOptions::max_shingles). Deterministic bytes.
  absl::StatusOr<std::string> SerializeState() const;

  // Bounds the memory of the per-site line counts: past about a quarter of
  // `memory_bytes` they are spilled as sorted runs into `work_dir` (created
  // if missing; its scratch files are removed by the builder) and summed
  // back by Finish(), exactly, so the statistics do not depend on the
  // budget. 0, the default, keeps them in memory (the plain in-memory run);
  // RunDedup passes its --memory budget here. Merge() and SerializeState()
  // sum spilled counts back first (they need them all).
  void SetLineMemory(uint64_t memory_bytes, std::string work_dir);
  // Bounds the memory of the document-frequency sample the same way: past
  // `memory_bytes` its documents' shingle cells move to an unlinked scratch
  // file in `work_dir` (which must exist) and are read back when counted;
  // the sample, and so the common-shingle set, is the same whatever the
  // budget. 0, the default, keeps them in memory (at most 1.25 x
  // DocumentFrequencyOptions::max_shingles x 4 bytes: 80 MiB at the defaults).
  void SetSampleMemory(uint64_t memory_bytes, std::string work_dir);
  // OK, or the first error spilling line counts or the sample or reading them back; the
  // statistics Finish() returned are then incomplete and must not be used.
  absl::Status status() const;

  // What Finish() keeps of the line counts. kRepeated drops the lines seen on
  // one page (CrawlLineStats::Finalize): stripping and signing give the same
  // results either way, and SaudiNewsNet's counts shrink from 37,921 to
  // 1,508 (serialized: 321 KB to 20 KB). kAll keeps them, so that the
  // statistics can be merged with a later crawl's exactly (MergeLines):
  // what an index stores.
  enum class LineCounts { kRepeated, kAll };
  // The statistics of everything added. The builder is empty afterwards.
  std::shared_ptr<const CrawlStatistics> Finish(LineCounts lines = LineCounts::kRepeated);

  class Impl;

 private:
  explicit CrawlStatisticsBuilder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One signed document.
struct SignedDocument {
  // num_perms MinHash values over the document's (discounted) shingles;
  // every value is kEmptySlot when it has no shingle.
  std::vector<uint32_t> signature;
  // SimHash of the same shingles (only when options.method is kSimHash).
  uint64_t simhash = 0;
  // Shingles signed, after the template discount (for containment).
  uint32_t shingles = 0;
  // Shingles before the discount.
  uint32_t all_shingles = 0;
  // Bytes of main text after stripping (the canonical choice uses it), and
  // bytes stripped as boilerplate.
  uint64_t main_bytes = 0;
  uint64_t stripped_bytes = 0;
  // --verify evidence: the bottom-k sample of the document's rare words
  // (sorted 32-bit hashes, at most 64) and how many distinct rare words it
  // has (engine/internal/evidence.h). Empty otherwise.
  std::vector<uint32_t> rare_words;
  uint32_t rare_word_count = 0;
  // The main text, when requested from Sign().
  std::string kept_text;
};

class DocumentSigner {
 public:
  // `statistics` may be null: pages are stripped one by one and no shingle
  // is discounted. Options are validated (ResolveDedupOptions);
  // statistics built with other shingle, normalization or boilerplate
  // options would test the wrong shingles: InvalidArgument.
  static absl::StatusOr<std::unique_ptr<DocumentSigner>> Create(
      const DedupOptions& options, std::shared_ptr<const CrawlStatistics> statistics = nullptr);
  ~DocumentSigner();
  DocumentSigner(const DocumentSigner&) = delete;
  DocumentSigner& operator=(const DocumentSigner&) = delete;

  int num_perms() const;
  const DedupOptions& options() const;

  // Strips, normalizes, shingles, discounts and signs one document.
  // `keep_text` also returns the stripped main text. Thread-safe.
  SignedDocument Sign(absl::string_view site, absl::string_view text, bool keep_text = false) const;

  // The same into caller-owned storage, without allocating per document:
  // the batch pipelines' form. `signature` must hold num_perms() values
  // (InvalidArgument otherwise); `result`'s signature member is left
  // untouched.
  absl::Status SignInto(absl::string_view site, absl::string_view text, absl::Span<uint32_t> signature,
                        SignedDocument* result) const;
  // The same for a document of either format: an HTML page (format kHtml)
  // is reduced to its main text from the DOM first (shabih/html.h, with the
  // line signals and the crawl statistics; every block's text when
  // stripping is off).
  absl::Status SignInto(const Document& doc, absl::Span<uint32_t> signature, SignedDocument* result) const;

  class Impl;

 private:
  explicit DocumentSigner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace shabih

#endif  // SHABIH_SIGNER_H_

// The online mode of deduplication: each document is checked, as it
// arrives, against every document added before it, then added. For a
// crawler that deduplicates as it fetches, with no files and no second pass.
//
//   shabih::DedupOptions options;             // the CLI's defaults
//   auto online = shabih::OnlineDeduper::Create(options);
//   shabih::Document doc;
//   doc.id = "https://www.spa.gov.sa/1";
//   doc.site = shabih::UrlHost(doc.id);
//   doc.text = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الرياض بسعة مئتي سرير";
//   absl::StatusOr<shabih::OnlineMatch> first = (*online)->Add(doc);    // first->duplicate == false
//   doc.id = "https://www.okaz.com.sa/2";
//   doc.site = shabih::UrlHost(doc.id);
//   absl::StatusOr<shabih::OnlineMatch> second = (*online)->Add(doc);
//   // second->duplicate == true, second->cluster == "https://www.spa.gov.sa/1"
//
// How its answers can differ from the batch result (Deduper, RunDedup), on
// the same documents in the same order:
// - Statistics are those learned so far. Stripping sees the per-site line
//   counts of the pages added before (and this one), so a site's template
//   lines are recognized only once the site has enough pages; template
//   wording is discounted from the point where the sampled shingle
//   frequencies (recomputed each time the document count doubles, from 1,024
//   on) mark it common. Early documents are therefore signed with less
//   stripping and less discount than in batch mode.
// - The canonical document of a cluster is its first document, not the
//   longest: an answer, once given, is never revised, so later documents
//   never re-home earlier ones, and two clusters never merge.
// - A document joins the cluster of the most similar verified earlier
//   document whose canonical is close enough: within link_threshold
//   (kBounded), a verified match itself (kStar), or any (kConnected).
// With no stripping and no template discount (strip = false,
// common_min_documents = 0) the signatures are exactly the batch ones, and
// so are the verified pairs as long as no LSH bucket exceeds max_bucket
// (batch pairs the members of a bigger bucket with its first document only;
// online looks at its newest max_bucket documents); only the clustering rule
// differs. Candidates always come from MinHash LSH, whatever the method.
//
// Memory: the signature and band keys of every document added (about
// 4 x num_perms + 12 x bands bytes, plus the id), and the line statistics.
//
// Thread safety: one thread at a time; Add() signs on the calling thread.
#ifndef SHABIH_ONLINE_DEDUPER_H_
#define SHABIH_ONLINE_DEDUPER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "shabih/corpus.h"
#include "shabih/dedup_options.h"

namespace shabih {

struct OnlineMatch {
  uint64_t ordinal = 0;  // this document's position (0-based)
  // True when the document joined the cluster of an earlier one.
  bool duplicate = false;
  // Id and position of the cluster's canonical (first) document; the
  // document itself when it starts a new cluster.
  std::string cluster;
  uint64_t cluster_ordinal = 0;
  // The earlier document it was matched to and its estimated Jaccard;
  // empty / 0 when it starts a new cluster.
  std::string matched;
  double similarity = 0;
};

class OnlineDeduper {
 public:
  // Validates the options (ResolveDedupOptions). Candidates always come from
  // MinHash LSH (a SimHash index is not incremental here).
  static absl::StatusOr<std::unique_ptr<OnlineDeduper>> Create(const DedupOptions& options);
  ~OnlineDeduper();
  OnlineDeduper(const OnlineDeduper&) = delete;
  OnlineDeduper& operator=(const OnlineDeduper&) = delete;

  // Checks `document` (id, site, text) against everything added before,
  // then adds it. ResourceExhausted past 2^32 - 16 documents.
  absl::StatusOr<OnlineMatch> Add(const Document& document);

  uint64_t documents() const;

  class Impl;

 private:
  explicit OnlineDeduper(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace shabih

#endif  // SHABIH_ONLINE_DEDUPER_H_

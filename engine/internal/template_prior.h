// A prior of template wording: word shingles that recur across the days of
// a news crawl (royal cables, weather bulletins, market summaries), shipped
// as versioned data and merged with a crawl's own document frequencies, so
// that a crawl too small to learn its templates still discounts them.
//
//   absl::StatusOr<std::shared_ptr<const shabih::TemplatePrior>> prior =
//       shabih::TemplatePriorFor(options);          // options.template_prior: "builtin"
//   if (*prior) common = shabih::WithShingles(std::move(common), (*prior)->shingles());
//
//   // Building one (scripts/template_prior/build.sh runs `shabih prior build`):
//   shabih::TemplatePriorBuilder b(options, /*name=*/"snn-2015-9d");
//   b.Add(text, /*day=*/"2015-07-21");  // per document
//   absl::StatusOr<shabih::TemplatePrior> p = b.Finish(/*min_days=*/3, /*min_documents=*/6, "SaudiNewsNet ...");
//   std::string text = p->Serialize();  // the file format (docs/contract.md)
//
// Why days: a shingle that is template wording recurs on many days; one
// that belongs to a story, however many papers carry it, is bunched on a
// day or two. Keeping only shingles seen on >= min_days distinct days keeps
// the prior from discounting the shared text of re-posts.
//
// The shingle hashes depend on the normalization table, the prefix folding,
// the shingle size and the token/shingle hash functions; the prior records
// them and applies only to runs with the same ones (TemplatePriorFor).
//
// Thread safety: a TemplatePrior is immutable and safe to share; a
// TemplatePriorBuilder is used from one thread.
#ifndef SHABIH_ENGINE_INTERNAL_TEMPLATE_PRIOR_H_
#define SHABIH_ENGINE_INTERNAL_TEMPLATE_PRIOR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "engine/internal/document_frequency.h"
#include "shabih/dedup_options.h"
#include "shabih/normalize.h"

namespace shabih {

// The format version of a prior file; a file of another version is refused.
inline constexpr char kTemplatePriorFormat[] = "shabih-template-prior-1";
// How shingle hashes are made (normalize.cc: XXH3 of each token's bytes,
// shingle.cc: XXH3 of k token hashes). Bump when either changes.
inline constexpr char kShingleHashScheme[] = "xxh3-tokens-1";

class TemplatePrior {
 public:
  struct Entry {
    uint64_t shingle = 0;
    uint32_t documents = 0;  // training documents containing it
    uint32_t days = 0;       // distinct training days it was seen on
  };

  // Parses a prior file. InvalidArgument for another format version, a
  // missing header field or a malformed line (with its line number).
  static absl::StatusOr<TemplatePrior> Parse(absl::string_view text);
  // The prior built into the binary (engine/template_prior_data.inc).
  static const TemplatePrior& Builtin();

  std::string Serialize() const;

  // "name@version-of-data": what runs record in their params.
  const std::string& id() const { return id_; }
  const std::string& normalization() const { return normalization_; }
  const std::string& prefix_folding() const { return prefix_folding_; }
  int shingle_size() const { return shingle_size_; }
  uint64_t documents() const { return documents_; }
  // The shingle hashes, sorted.
  const std::vector<uint64_t>& shingles() const { return shingles_; }
  absl::Span<const Entry> entries() const { return entries_; }

  // OK when the prior's hashes are those `options` produce; otherwise
  // InvalidArgument saying which parameter differs.
  absl::Status Matches(const DedupOptions& options) const;

 private:
  friend class TemplatePriorBuilder;
  std::string id_, source_, normalization_, prefix_folding_, hash_scheme_;
  int shingle_size_ = 0;
  uint64_t documents_ = 0;
  uint32_t training_days_ = 0, min_days_ = 0, min_documents_ = 0;
  std::vector<Entry> entries_;    // sorted by shingle
  std::vector<uint64_t> shingles_;
};

// The prior a run applies, from options.template_prior: "none" gives null;
// "builtin" the built-in prior, or null when its parameters differ from the
// run's (another --shingle-size or prefix folding: it cannot apply, and the
// run's params record that none was used); anything else is a file path,
// whose prior must match (InvalidArgument otherwise, NotFound when absent).
// Null as well when template-aware signatures are off (common_df 0).
absl::StatusOr<std::shared_ptr<const TemplatePrior>> TemplatePriorFor(const DedupOptions& options);

// What a run records: the applied prior's id, or "none".
std::string TemplatePriorId(const DedupOptions& options);

// `common` with every shingle of `shingles` marked common too.
CommonShingles WithShingles(CommonShingles common, absl::Span<const uint64_t> shingles);

// Counts, exactly, in how many documents and on how many distinct days each
// shingle occurs (whole texts, unstripped, as the crawl's sketch counts them).
class TemplatePriorBuilder {
 public:
  // InvalidArgument when `options` do not resolve.
  static absl::StatusOr<std::unique_ptr<TemplatePriorBuilder>> Create(const DedupOptions& options,
                                                                      std::string name);
  // Days are any labels; at most 64 distinct (InvalidArgument past that).
  absl::Status Add(absl::string_view text, absl::string_view day);
  // The shingles on >= min_days days and in >= min_documents documents.
  TemplatePrior Finish(uint32_t min_days, uint32_t min_documents, std::string source) const;
  uint64_t documents() const { return documents_; }

 private:
  TemplatePriorBuilder(DedupOptions options, std::unique_ptr<Normalizer> normalizer, std::string name);
  struct Count {
    uint32_t documents = 0;
    uint64_t day_bits = 0;
  };
  DedupOptions options_;
  std::unique_ptr<Normalizer> normalizer_;
  std::string name_;
  absl::flat_hash_map<std::string, int> day_index_;
  absl::flat_hash_map<uint64_t, Count> counts_;
  uint64_t documents_ = 0;
  std::vector<uint64_t> tokens_, shingles_;
};

}  // namespace shabih

#endif  // SHABIH_ENGINE_INTERNAL_TEMPLATE_PRIOR_H_

#include "engine/internal/template_prior.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine/internal/status_macros.h"
#include "shabih/shingle.h"

namespace shabih {
namespace {

// The built-in prior's text: engine/data/template_prior.tsv (written by
// scripts/template_prior/build.sh), embedded at build time as kBuiltinPrior.
#include "template_prior_data.inc"

absl::Status Bad(int line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("template prior, line ", line, ": ", what));
}

}  // namespace

absl::StatusOr<TemplatePrior> TemplatePrior::Parse(absl::string_view text) {
  TemplatePrior p;
  std::string name;
  bool format_seen = false;
  uint64_t declared = 0;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::vector<absl::string_view> f = absl::StrSplit(line, '\t');
    if (!format_seen) {
      if (f.size() != 2 || f[0] != "format") return Bad(line_no, "the first field must be 'format'");
      if (f[1] != kTemplatePriorFormat) {
        return absl::InvalidArgumentError(
            absl::StrCat("template prior of format '", f[1], "'; this build reads '", kTemplatePriorFormat, "'"));
      }
      format_seen = true;
      continue;
    }
    if (f.size() == 3 && f[0].size() == 16) {  // an entry: hex hash, documents, days
      Entry e;
      if (!absl::SimpleHexAtoi(f[0], &e.shingle) || !absl::SimpleAtoi(f[1], &e.documents) ||
          !absl::SimpleAtoi(f[2], &e.days) || e.documents == 0 || e.days == 0) {
        return Bad(line_no, "malformed entry");
      }
      if (!p.entries_.empty() && p.entries_.back().shingle >= e.shingle) return Bad(line_no, "entries not sorted");
      p.entries_.push_back(e);
      continue;
    }
    if (f.size() != 2) return Bad(line_no, "expected 'key<TAB>value'");
    const absl::string_view key = f[0], value = f[1];
    bool ok = true;
    if (key == "name") {
      name = std::string(value);
    } else if (key == "source") {
      p.source_ = std::string(value);
    } else if (key == "normalization") {
      p.normalization_ = std::string(value);
    } else if (key == "prefix_folding") {
      p.prefix_folding_ = std::string(value);
    } else if (key == "shingle_hash") {
      p.hash_scheme_ = std::string(value);
    } else if (key == "shingle_size") {
      ok = absl::SimpleAtoi(value, &p.shingle_size_) && p.shingle_size_ >= 1;
    } else if (key == "documents") {
      ok = absl::SimpleAtoi(value, &p.documents_);
    } else if (key == "days") {
      ok = absl::SimpleAtoi(value, &p.training_days_);
    } else if (key == "min_days") {
      ok = absl::SimpleAtoi(value, &p.min_days_);
    } else if (key == "min_documents") {
      ok = absl::SimpleAtoi(value, &p.min_documents_);
    } else if (key == "shingles") {
      ok = absl::SimpleAtoi(value, &declared);
    } else {
      return Bad(line_no, absl::StrCat("unknown field '", key, "'"));
    }
    if (!ok) return Bad(line_no, absl::StrCat("bad value for '", key, "'"));
  }
  if (!format_seen) return absl::InvalidArgumentError("template prior: empty (no 'format' line)");
  if (name.empty() || p.normalization_.empty() || p.prefix_folding_.empty() || p.hash_scheme_.empty() ||
      p.shingle_size_ == 0) {
    return absl::InvalidArgumentError(
        "template prior: header needs name, normalization, prefix_folding, shingle_hash and shingle_size");
  }
  if (declared != p.entries_.size()) {
    return absl::InvalidArgumentError(absl::StrCat("template prior: 'shingles' says ", declared, " but ",
                                                   p.entries_.size(), " entries follow (truncated?)"));
  }
  p.id_ = name;
  p.shingles_.reserve(p.entries_.size());
  for (const Entry& e : p.entries_) p.shingles_.push_back(e.shingle);
  return p;
}

const TemplatePrior& TemplatePrior::Builtin() {
  // Committed data: parsing cannot fail unless the file was damaged, which
  // the tests catch (TemplatePrior.BuiltinParses). An unparsable one acts
  // as an empty prior rather than aborting.
  static const TemplatePrior* const builtin = [] {
    absl::StatusOr<TemplatePrior> p = Parse(kBuiltinPrior);
    return new TemplatePrior(p.ok() ? *std::move(p) : TemplatePrior());
  }();
  return *builtin;
}

std::string TemplatePrior::Serialize() const {
  std::string out = absl::StrCat(
      "# shabih template prior: shingles that recur across days of news (docs/methods.md)\n", "format\t",
      kTemplatePriorFormat, "\n", "name\t", id_, "\n", "source\t", source_, "\n", "normalization\t", normalization_,
      "\n", "prefix_folding\t", prefix_folding_, "\n", "shingle_size\t", shingle_size_, "\n", "shingle_hash\t",
      hash_scheme_, "\n", "documents\t", documents_, "\n", "days\t", training_days_, "\n", "min_days\t", min_days_,
      "\n", "min_documents\t", min_documents_, "\n", "shingles\t", entries_.size(), "\n");
  for (const Entry& e : entries_) {
    absl::StrAppend(&out, absl::Hex(e.shingle, absl::kZeroPad16), "\t", e.documents, "\t", e.days, "\n");
  }
  return out;
}

absl::Status TemplatePrior::Matches(const DedupOptions& o) const {
  auto differs = [&](absl::string_view what, absl::string_view mine, absl::string_view run) {
    return absl::InvalidArgumentError(absl::StrCat("template prior '", id_, "' was built with ", what, " ", mine,
                                                   ", this run uses ", run));
  };
  if (normalization_ != kNormalizationVersion) return differs("normalization", normalization_, kNormalizationVersion);
  if (hash_scheme_ != kShingleHashScheme) return differs("shingle hash", hash_scheme_, kShingleHashScheme);
  if (prefix_folding_ != PrefixFoldingName(o.normalizer.prefix_folding)) {
    return differs("prefix folding", prefix_folding_, PrefixFoldingName(o.normalizer.prefix_folding));
  }
  if (shingle_size_ != o.shingle_size) {
    return differs("shingle size", absl::StrCat(shingle_size_), absl::StrCat(o.shingle_size));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const TemplatePrior>> TemplatePriorFor(const DedupOptions& o) {
  if (o.common_min_documents <= 0 || o.template_prior == "none" || o.template_prior.empty()) return nullptr;
  if (o.template_prior == "builtin") {
    const TemplatePrior& builtin = TemplatePrior::Builtin();
    if (builtin.entries().empty() || !builtin.Matches(o).ok()) return nullptr;
    // Shared, never freed: an aliasing pointer without ownership.
    return std::shared_ptr<const TemplatePrior>(std::shared_ptr<const TemplatePrior>(), &builtin);
  }
  std::ifstream in(o.template_prior, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read template prior ", o.template_prior));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  SHABIH_ASSIGN_OR_RETURN(TemplatePrior prior, TemplatePrior::Parse(bytes.str()));
  SHABIH_RETURN_IF_ERROR(prior.Matches(o));
  return std::make_shared<const TemplatePrior>(std::move(prior));
}

std::string TemplatePriorId(const DedupOptions& o) {
  absl::StatusOr<std::shared_ptr<const TemplatePrior>> prior = TemplatePriorFor(o);
  if (!prior.ok() || *prior == nullptr) return "none";
  return (*prior)->id();
}

CommonShingles WithShingles(CommonShingles common, absl::Span<const uint64_t> shingles) {
  common.AddShingles(shingles);
  return common;
}

// ---- TemplatePriorBuilder ----

TemplatePriorBuilder::TemplatePriorBuilder(DedupOptions options, std::unique_ptr<Normalizer> normalizer,
                                           std::string name)
    : options_(std::move(options)), normalizer_(std::move(normalizer)), name_(std::move(name)) {}

absl::StatusOr<std::unique_ptr<TemplatePriorBuilder>> TemplatePriorBuilder::Create(const DedupOptions& options,
                                                                                   std::string name) {
  SHABIH_ASSIGN_OR_RETURN(DedupOptions resolved, ResolveDedupOptions(options));
  SHABIH_ASSIGN_OR_RETURN(std::unique_ptr<Normalizer> normalizer, Normalizer::Create(resolved.normalizer));
  if (name.empty() || name.find_first_of("\t\n") != std::string::npos) {
    return absl::InvalidArgumentError("template prior name must be non-empty, without tabs or newlines");
  }
  return std::unique_ptr<TemplatePriorBuilder>(
      new TemplatePriorBuilder(std::move(resolved), std::move(normalizer), std::move(name)));
}

absl::Status TemplatePriorBuilder::Add(absl::string_view text, absl::string_view day) {
  auto [it, added] = day_index_.try_emplace(std::string(day), static_cast<int>(day_index_.size()));
  if (it->second >= 64) {
    day_index_.erase(it);
    return absl::InvalidArgumentError("template prior: more than 64 distinct days");
  }
  ++documents_;
  tokens_.clear();
  normalizer_->TokenHashes(text, &tokens_);
  ShingleHashes(tokens_, options_.shingle_size, &shingles_);
  std::sort(shingles_.begin(), shingles_.end());
  shingles_.erase(std::unique(shingles_.begin(), shingles_.end()), shingles_.end());
  const uint64_t bit = uint64_t{1} << it->second;
  for (uint64_t s : shingles_) {
    Count& c = counts_[s];
    ++c.documents;
    c.day_bits |= bit;
  }
  return absl::OkStatus();
}

TemplatePrior TemplatePriorBuilder::Finish(uint32_t min_days, uint32_t min_documents, std::string source) const {
  TemplatePrior p;
  p.id_ = name_;
  p.source_ = std::move(source);
  p.normalization_ = kNormalizationVersion;
  p.prefix_folding_ = PrefixFoldingName(options_.normalizer.prefix_folding);
  p.hash_scheme_ = kShingleHashScheme;
  p.shingle_size_ = options_.shingle_size;
  p.documents_ = documents_;
  p.training_days_ = static_cast<uint32_t>(day_index_.size());
  p.min_days_ = min_days;
  p.min_documents_ = min_documents;
  for (const auto& [shingle, c] : counts_) {
    const uint32_t days = static_cast<uint32_t>(__builtin_popcountll(c.day_bits));
    if (days >= min_days && c.documents >= min_documents) p.entries_.push_back({shingle, c.documents, days});
  }
  // Sorted: the file is a function of the counts, not of hash-map order.
  std::sort(p.entries_.begin(), p.entries_.end(),
            [](const TemplatePrior::Entry& a, const TemplatePrior::Entry& b) { return a.shingle < b.shingle; });
  for (const TemplatePrior::Entry& e : p.entries_) p.shingles_.push_back(e.shingle);
  return p;
}

}  // namespace shabih

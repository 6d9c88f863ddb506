#include "engine/internal/bbit_signature.h"
#include "shabih/dedup_options.h"

#include <unistd.h>

#include <algorithm>
#include <thread>

#include "absl/strings/str_cat.h"
#include "engine/internal/evidence.h"
#include "engine/internal/pipeline_util.h"
#include "shabih/simhash.h"

namespace shabih {

const char* DedupMethodName(DedupMethod method) {
  return method == DedupMethod::kSimHash ? "simhash" : "minhash";
}

absl::StatusOr<DedupMethod> ParseDedupMethod(absl::string_view name) {
  if (name == "minhash") return DedupMethod::kMinHash;
  if (name == "simhash") return DedupMethod::kSimHash;
  return absl::InvalidArgumentError(absl::StrCat("unknown method '", name, "' (expected minhash or simhash)"));
}

const char* VerifyModeName(VerifyMode mode) { return mode == VerifyMode::kEvidence ? "evidence" : "jaccard"; }

absl::StatusOr<VerifyMode> ParseVerifyMode(absl::string_view name) {
  if (name == "jaccard") return VerifyMode::kJaccard;
  if (name == "evidence") return VerifyMode::kEvidence;
  return absl::InvalidArgumentError(absl::StrCat("unknown verify mode '", name, "' (expected jaccard or evidence)"));
}

namespace {

// Messages name the option as DedupOptions spells it; the CLI maps the
// names to its flags (tools/shabih/dedup_flags.cc).
absl::Status OutOfRange(absl::string_view option, absl::string_view range, double value) {
  return absl::InvalidArgumentError(absl::StrCat(option, " must be in ", range, ", got ", value));
}

bool In(double v, double lo, double hi) { return v >= lo && v <= hi; }  // false for NaN

}  // namespace

uint64_t DefaultMemoryBytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  const uint64_t physical = pages > 0 && page > 0 ? static_cast<uint64_t>(pages) * static_cast<uint64_t>(page)
                                                  : uint64_t{4} << 30;
  return std::min<uint64_t>(physical / 4, uint64_t{4} << 30);
}

uint64_t MemoryBudget(const DedupOptions& options) {
  return options.memory_bytes != 0 ? options.memory_bytes : DefaultMemoryBytes();
}

absl::StatusOr<DedupOptions> ResolveDedupOptions(DedupOptions o) {
  if (!(o.threshold > 0.0 && o.threshold <= 1.0)) return OutOfRange("threshold", "(0, 1]", o.threshold);
  if (o.shingle_size < 1 || o.shingle_size > 64) return OutOfRange("shingle_size", "[1, 64]", o.shingle_size);
  if (o.minhash.num_perms < 1 || o.minhash.num_perms > 4096) {
    return OutOfRange("num_perms", "[1, 4096]", o.minhash.num_perms);
  }
  if (!(o.lsh_recall_weight > 0 && o.lsh_recall_weight < 1)) {
    return OutOfRange("lsh_recall_weight", "(0, 1)", o.lsh_recall_weight);
  }
  if ((o.bands == 0) != (o.rows == 0)) return absl::InvalidArgumentError("bands and rows must be given together");
  if (o.bands < 0 || o.rows < 0 || static_cast<int64_t>(o.bands) * o.rows > o.minhash.num_perms) {
    return absl::InvalidArgumentError(absl::StrCat("bands x rows (", o.bands, " x ", o.rows,
                                                   ") must be positive and at most num_perms (",
                                                   o.minhash.num_perms, ")"));
  }
  if (o.threads < 0 || o.threads > 1024) return OutOfRange("threads", "[0, 1024]", o.threads);
  if (o.lsh.max_bucket < 2) return OutOfRange("max_bucket", "[2, inf)", o.lsh.max_bucket);
  if (o.hamming_distance < 0 || o.hamming_distance > kMaxHammingDistance) {
    return OutOfRange("hamming_distance", absl::StrCat("[0, ", kMaxHammingDistance, "]"), o.hamming_distance);
  }
  if (!In(o.containment, 0, 1)) return OutOfRange("containment", "[0, 1]", o.containment);
  if (!In(o.containment_max_ratio, 1, 1e6)) {
    return OutOfRange("containment_max_ratio", "[1, 1e6]", o.containment_max_ratio);
  }
  if (!In(o.link_threshold, 0, 1)) return OutOfRange("link_threshold", "[0, 1]", o.link_threshold);
  if (!(o.common_min_documents >= 0)) return OutOfRange("common_min_documents", "[0, inf)", o.common_min_documents);
  if (!In(o.common_fraction, 0, 1)) return OutOfRange("common_fraction", "[0, 1]", o.common_fraction);
  if (!In(o.common_relative, 0, 1)) return OutOfRange("common_relative", "[0, 1]", o.common_relative);
  if (!(o.document_frequency.sample_rate > 0 && o.document_frequency.sample_rate <= 1)) {
    return OutOfRange("document_frequency.sample_rate", "(0, 1]", o.document_frequency.sample_rate);
  }
  if (!In(o.evidence_min_jaccard, 0, 1)) return OutOfRange("evidence_min_jaccard", "[0, 1]", o.evidence_min_jaccard);
  if (!In(o.evidence_rare_containment, 0, 1)) {
    return OutOfRange("evidence_rare_containment", "[0, 1]", o.evidence_rare_containment);
  }
  if (!In(o.evidence_rare_fraction, 0, 1)) {
    return OutOfRange("evidence_rare_fraction", "[0, 1]", o.evidence_rare_fraction);
  }
  if (!(o.evidence_word_sample_rate > 0 && o.evidence_word_sample_rate <= 1)) {
    return OutOfRange("evidence_word_sample_rate", "(0, 1]", o.evidence_word_sample_rate);
  }
  if (!(o.evidence_rare_min_documents >= 0)) {
    return OutOfRange("evidence_rare_min_documents", "[0, inf)", o.evidence_rare_min_documents);
  }
  if (o.verify == VerifyMode::kEvidence) {
    // The evidence lives in the in-memory Deduper only so far: the other
    // paths would silently decide otherwise, so they refuse it.
    auto refuse = [](absl::string_view with) {
      return absl::InvalidArgumentError(absl::StrCat("--verify evidence does not work with ", with,
                                                     " yet (docs/methods.md): use --verify jaccard there"));
    };
    if (!o.index_dir.empty()) return refuse("--index");
    if (o.memory_bytes != 0) return refuse("--memory");
    if (o.method == DedupMethod::kSimHash) return refuse("--method simhash");
    if (o.containment > 0) return refuse("--containment (the rule already joins contained stories)");
  }
  // Derived values, once every input is known to be valid.
  if (o.bands == 0) {
    const LshParams p =
        OptimalLshParams(o.threshold, o.minhash.num_perms, 1.0 - o.lsh_recall_weight, o.lsh_recall_weight);
    o.bands = p.bands;
    o.rows = p.rows;
  }
  if (o.verify == VerifyMode::kEvidence && o.evidence_bands == 0) {
    const LshParams p = internal::EvidenceLshParams(o);
    o.evidence_bands = p.bands;
    o.evidence_rows = p.rows;
  }
  o.threads = internal::ResolveThreads(o.threads);
  if (o.index_signature_bits != 0 && !internal::ValidSignatureBits(o.index_signature_bits)) {
    return absl::InvalidArgumentError(absl::StrCat("--signature-bits must be 32, 16 or 8, not ",
                                                   o.index_signature_bits));
  }
  if (o.index_signature_bits != 0 && o.index_signature_bits != 32 && o.index_dir.empty()) {
    return absl::InvalidArgumentError("--signature-bits applies to a persistent index: add --index IDX");
  }
  if (o.memory_bytes != 0 && o.memory_bytes < kMinMemoryBytes) {
    return absl::InvalidArgumentError(absl::StrCat("memory budget of ", o.memory_bytes,
                                                   " bytes is too small: give at least 16M"));
  }
  return o;
}

}  // namespace shabih

#include "tools/shabih/dedup_flags.h"
#include "tools/shabih/signals.h"

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

#include "tools/shabih/cli_format.h"

namespace shabih::cli {

void AddDedupFlags(CLI::App* cmd, DedupFlags* flags, const std::string& out_help) {
  cmd->add_option("INPUT", flags->inputs,
                  "Directories (*.txt, *.jsonl, *.jsonl.gz, walked recursively), files, or - for JSONL on stdin")
      ->required();
  cmd->add_option("--out", flags->out, out_help)->required();
  AddDedupOptionFlags(cmd, flags);
}

void AddDedupOptionFlags(CLI::App* cmd, DedupFlags* flags) {
  DedupOptions& o = flags->options;
  cmd->add_option("--threshold", o.threshold, "Jaccard similarity at or above which documents are near-duplicates")
      ->capture_default_str();
  cmd->add_option("--shingle", o.shingle_size, "Word shingle size k")->capture_default_str();
  cmd->add_option("--perms", o.minhash.num_perms, "MinHash permutations")->capture_default_str();
  cmd->add_option("--bands", o.bands, "LSH bands (with --rows; default: derived from --threshold)");
  cmd->add_option("--rows", o.rows, "LSH rows per band (with --bands)");
  cmd->add_option("--lsh-recall-weight", o.lsh_recall_weight,
                  "Weight of missed pairs (vs extra candidates) when deriving --bands x --rows")
      ->capture_default_str();
  cmd->add_option("--method", flags->method,
                  "Candidate search: minhash (LSH banding) or simhash (Hamming index); both verify by MinHash Jaccard")
      ->capture_default_str();
  cmd->add_option("--hamming", o.hamming_distance, "simhash: maximum Hamming distance of candidates (0-8)")
      ->capture_default_str();
  cmd->add_option("--containment", o.containment,
                  "Also link pairs whose smaller document is at least this contained in the larger (0 = off)")
      ->capture_default_str();
  cmd->add_option("--verify", flags->verify,
                  "Candidate decision: jaccard (estimated Jaccard >= --threshold) or evidence (pair-rule-1: also "
                  "Jaccard >= --evidence-min-jaccard with rare words contained >= --evidence-containment)")
      ->capture_default_str();
  cmd->add_option("--evidence-min-jaccard", o.evidence_min_jaccard,
                  "--verify evidence: least estimated Jaccard of a pair joined by its rare words")
      ->capture_default_str();
  cmd->add_option("--evidence-containment", o.evidence_rare_containment,
                  "--verify evidence: least containment of the shorter document's rare words in the other")
      ->capture_default_str();
  cmd->add_option("--rare-fraction", o.evidence_rare_fraction,
                  "--verify evidence: words in fewer than this fraction of the documents (at least 10) are rare")
      ->capture_default_str();
  cmd->add_option("--rare-sample", o.evidence_word_sample_rate,
                  "--verify evidence: fraction of documents whose words are counted (1 = all: exact on small crawls)")
      ->capture_default_str();
  cmd->add_option("--containment-max-ratio", o.containment_max_ratio,
                  "Containment candidates: largest size ratio searched for")
      ->capture_default_str();
  cmd->add_option("--common-df", o.common_min_documents,
                  "Template-aware: leave out shingles found in at least this many documents (0 = off)")
      ->capture_default_str();
  cmd->add_option("--common-fraction", o.common_fraction,
                  "Template-aware: ... or in at least this fraction of the documents, if larger")
      ->capture_default_str();
  cmd->add_option("--common-relative", o.common_relative,
                  "Template-aware: on small crawls the cut-off is this fraction of the documents (at least 10) "
                  "when below --common-df (0 = absolute only)")
      ->capture_default_str();
  cmd->add_option("--template-prior", o.template_prior,
                  "Template-aware: shingles of this prior are common too: builtin, none or a prior file")
      ->capture_default_str();
  cmd->add_option("--df-sample", o.document_frequency.sample_rate,
                  "Fraction of documents sampled to estimate shingle document frequencies")
      ->capture_default_str();
  cmd->add_option("--threads", o.threads, "Worker threads (0 = all cores)")->capture_default_str();
  cmd->add_option("--cluster", flags->cluster_mode,
                  "Clustering: bounded (every member within --link-threshold of its canonical), connected "
                  "(transitive closure) or star (every member directly linked to its canonical)")
      ->capture_default_str();
  cmd->add_option("--link-threshold", o.link_threshold,
                  "bounded: least similarity of every member to its cluster's canonical document")
      ->capture_default_str();
  cmd->add_option("--prefix-folding", flags->prefix_folding,
                  "Arabic clitic folding: light (drop standalone/leading wa, the article al) or none")
      ->capture_default_str();
  cmd->add_option("--max-bucket", o.lsh.max_bucket,
                  "LSH buckets larger than this pair members with the bucket's first document only")
      ->capture_default_str();
  cmd->add_option("--seed", o.minhash.seed, "Seed of the MinHash permutations")->capture_default_str();
  cmd->add_flag("--no-strip", flags->no_strip, "Do not strip boilerplate before signing");
  cmd->add_flag("--single-page", flags->single_page,
                "Strip using each page alone (no first pass collecting per-site line statistics)");
  cmd->add_option("--text-field", o.read.text_field, "JSONL field holding the text")->capture_default_str();
  cmd->add_option("--html-field", o.read.html_field,
                  "JSONL field holding a page's HTML, read instead of --text-field (default: none)");
  cmd->add_option("--id-field", flags->id_field, "JSONL field holding the id (default: id, then url, else FILE:LINE)");
  cmd->add_option("--max-doc-bytes", o.read.max_document_bytes,
                  "Documents or JSONL lines larger than this are skipped and counted")
      ->capture_default_str();
  cmd->add_option("--cache-bytes", o.cache_bytes,
                  "Keep up to this many bytes of text from the first pass in memory, so the input is read once")
      ->capture_default_str();
  cmd->add_option("--index", o.index_dir,
                  "Persistent index: deduplicate against every document indexed before, then add these "
                  "(created when missing; see `shabih index`)");
  cmd->add_option("--signature-bits", o.index_signature_bits,
                  "With --index, for a new index: bits kept of each signature value, 32, 16 or 8 (smaller index, "
                  "noisier verification; docs/index.md). Default: the index's own, 32 for a new one");
  cmd->add_option("--memory", flags->memory,
                  "Memory budget, e.g. 256M or 4G (default: a quarter of RAM, at most 4G); larger data spills to "
                  "--work-dir");
  cmd->add_option("--work-dir", o.work_dir, "Folder for spill files (default: a private folder under $TMPDIR)");
  cmd->add_flag("--progress", flags->progress, "Show a progress line on stderr even when it is not a terminal");
  cmd->add_flag("--quiet", flags->quiet, "No progress line and no final report on stderr");
  cmd->add_flag("--overwrite", o.overwrite,
                "Write into a non-empty output folder that no shabih run wrote (its other files are kept)");
}

namespace {

// The library names options as DedupOptions spells them; a CLI user knows
// the flags. Longer names first, so "containment_max_ratio" is not read as
// "containment".
absl::Status InFlagTerms(const absl::Status& status) {
  static constexpr std::pair<const char*, const char*> kFlags[] = {
      {"document_frequency.sample_rate", "--df-sample"},
      {"containment_max_ratio", "--containment-max-ratio"},
      {"evidence_rare_containment", "--evidence-containment"},
      {"evidence_min_jaccard", "--evidence-min-jaccard"},
      {"evidence_word_sample_rate", "--rare-sample"},
      {"evidence_rare_fraction", "--rare-fraction"},
      {"common_min_documents", "--common-df"},
      {"lsh_recall_weight", "--lsh-recall-weight"},
      {"hamming_distance", "--hamming"},
      {"common_fraction", "--common-fraction"},
      {"link_threshold", "--link-threshold"},
      {"shingle_size", "--shingle"},
      {"containment", "--containment"},
      {"max_bucket", "--max-bucket"},
      {"num_perms", "--perms"},
      {"threshold", "--threshold"},
      {"threads", "--threads"},
      {"bands", "--bands"},
      {"rows", "--rows"},
  };
  std::string message(status.message());
  std::string out;
  // Replace whole words only: a name is bounded by non-identifier bytes.
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; };
  for (size_t i = 0; i < message.size();) {
    bool replaced = false;
    if (i == 0 || !is_word(message[i - 1])) {
      for (const auto& [name, flag] : kFlags) {
        const size_t n = std::strlen(name);
        if (message.compare(i, n, name) == 0 && (i + n == message.size() || !is_word(message[i + n]))) {
          out += flag;
          i += n;
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out.push_back(message[i++]);
  }
  return absl::Status(status.code(), out);
}

}  // namespace

absl::StatusOr<uint64_t> ParseByteSize(const std::string& text) {
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (...) {
    used = 0;
  }
  uint64_t unit = 1;
  if (used > 0 && used + 1 == text.size()) {
    switch (std::toupper(static_cast<unsigned char>(text.back()))) {
      case 'K': unit = uint64_t{1} << 10; break;
      case 'M': unit = uint64_t{1} << 20; break;
      case 'G': unit = uint64_t{1} << 30; break;
      case 'T': unit = uint64_t{1} << 40; break;
      default: used = 0;
    }
    if (used > 0) ++used;
  }
  if (used == 0 || used != text.size() || !(value > 0) || value * unit > 1.8e19) {
    return absl::InvalidArgumentError(
        absl::StrCat("--memory ", text, " is not a size: give bytes or a number with K, M, G or T (e.g. 256M)"));
  }
  return static_cast<uint64_t>(value * static_cast<double>(unit));
}

absl::StatusOr<DedupOptions> DedupOptionsFromFlags(const DedupFlags& flags) {
  DedupOptions options = flags.options;
  auto method = ParseDedupMethod(flags.method);
  if (!method.ok()) return method.status();
  options.method = *method;
  auto verify = ParseVerifyMode(flags.verify);
  if (!verify.ok()) return verify.status();
  options.verify = *verify;
  auto folding = ParsePrefixFolding(flags.prefix_folding);
  if (!folding.ok()) return folding.status();
  options.normalizer.prefix_folding = *folding;
  auto mode = ParseClusterMode(flags.cluster_mode);
  if (!mode.ok()) return mode.status();
  options.cluster_mode = *mode;
  if (!flags.id_field.empty()) options.read.id_fields.insert(options.read.id_fields.begin(), flags.id_field);
  options.strip = !flags.no_strip;
  options.strip_crawl_stats = !flags.single_page;
  options.cancel = CancelOnSignals();
  if (!flags.memory.empty()) {
    absl::StatusOr<uint64_t> memory = ParseByteSize(flags.memory);
    if (!memory.ok()) return memory.status();
    options.memory_bytes = *memory;
  }
  // Checked here, before any work, so that a bad value reads as a usage
  // error in terms of the flags.
  absl::StatusOr<DedupOptions> resolved = ResolveDedupOptions(options);
  if (!resolved.ok()) return InFlagTerms(resolved.status());
  return *resolved;  // resolved once: the LSH parameter search is not repeated
}

ProgressCallback MakeProgressPrinter(const DedupFlags& flags) {
  if (flags.quiet || (!flags.progress && !isatty(STDERR_FILENO))) return nullptr;
  auto line = std::make_shared<ProgressLine>();  // the callback is copied; the stage clock is shared
  return [line](const DedupProgress& p) {
    const std::string text = line->Format(p.stage, p.documents, p.bytes, p.seconds, p.total_bytes, p.fraction);
    std::fprintf(stderr, "\r%s", text.c_str());
    std::fflush(stderr);
  };
}

}  // namespace shabih::cli

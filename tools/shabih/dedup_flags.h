// Flags shared by `shabih dedup` and `shabih pairs` (same pipeline, different
// output), so both accept the same options with the same defaults.
#ifndef SHABIH_TOOLS_SHABIH_DEDUP_FLAGS_H_
#define SHABIH_TOOLS_SHABIH_DEDUP_FLAGS_H_

#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "shabih/dedup.h"

namespace shabih::cli {

struct DedupFlags {
  std::vector<std::string> inputs;
  std::string out;
  DedupOptions options;
  std::string method = DedupMethodName(DedupOptions().method);
  std::string verify = VerifyModeName(DedupOptions().verify);
  std::string prefix_folding = PrefixFoldingName(NormalizerOptions().prefix_folding);
  std::string cluster_mode = ClusterModeName(DedupOptions().cluster_mode);
  std::string id_field;
  std::string memory;  // --memory: a size such as 256M, 4G (empty: the default)
  bool no_strip = false;
  bool single_page = false;
  bool progress = false;
  bool quiet = false;
};

// "256M", "4G", "1.5G", "65536": bytes (K, M, G, T are powers of 1024).
absl::StatusOr<uint64_t> ParseByteSize(const std::string& text);

// Registers INPUT..., --out (described by `out_help`) and every option.
void AddDedupFlags(CLI::App* cmd, DedupFlags* flags, const std::string& out_help);
// Every option of AddDedupFlags but INPUT and --out (for commands that
// take those differently: the sharded stages).
void AddDedupOptionFlags(CLI::App* cmd, DedupFlags* flags);

// The options the flags describe; InvalidArgument for unknown names.
absl::StatusOr<DedupOptions> DedupOptionsFromFlags(const DedupFlags& flags);

// Progress callback printing one updating line on stderr, or none when
// --quiet, or when stderr is not a terminal and --progress is not given.
ProgressCallback MakeProgressPrinter(const DedupFlags& flags);

}  // namespace shabih::cli

#endif  // SHABIH_TOOLS_SHABIH_DEDUP_FLAGS_H_

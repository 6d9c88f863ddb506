// Resolving a CorpusReader's INPUT paths into sources (shabih/corpus.h):
// directories walked recursively in sorted path order, files classified
// by extension, whatever cannot be read reported to `skip`.
//
//   std::vector<shabih::Source> sources;
//   shabih::internal::ResolveInput("crawl/", {}, &sources,
//                                  [&](std::string what, std::string reason) { /* count it */ });
//
// Thread-compatible (touches only its arguments and the file system).
#ifndef SHABIH_ENGINE_INTERNAL_CORPUS_SOURCES_H_
#define SHABIH_ENGINE_INTERNAL_CORPUS_SOURCES_H_

#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "shabih/corpus.h"

namespace shabih::internal {

// Told each input skipped: its path and the reason (docs/contract.md).
using SkipFn = absl::FunctionRef<void(std::string what, std::string reason)>;

// Appends the sources `input` names to *sources: "-" is stdin, a directory
// its .txt / .jsonl(.gz, .zst) / .html / .htm (.gz) / .warc(.gz, .zst) / .warc.wet.gz files (never walking into one of
// `exclude_directories` nor through a symlinked directory), a file itself.
void ResolveInput(const std::string& input, const std::vector<std::string>& exclude_directories,
                  std::vector<Source>* sources, SkipFn skip);

// Whether the file starts with gzip's magic bytes (zlib reads such a
// .jsonl transparently, so it cannot be split by byte offsets).
bool HoldsGzip(const std::string& path);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_CORPUS_SOURCES_H_

// Embedding shabih: deduplicate texts held in memory with the streaming
// API, no files written. Built against the installed package (CMake
// find_package or pkg-config); .ci/run checks that it prints what
// `shabih dedup` writes to clusters.jsonl for the same documents.
//
//   embed_dedup corpus/sample.jsonl          # "id<TAB>cluster<TAB>similarity" per document
//   embed_dedup --online corpus/sample.jsonl # the online mode: answers as documents arrive
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "shabih/corpus.h"
#include "shabih/deduper.h"
#include "shabih/online_deduper.h"
#include "shabih/version.h"

namespace {

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "embed_dedup: %s\n", std::string(status.message()).c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  bool online = argc > 1 && std::strcmp(argv[1], "--online") == 0;
  std::vector<std::string> inputs(argv + 1 + (online ? 1 : 0), argv + argc);
  if (inputs.empty()) {
    std::fprintf(stderr, "usage: embed_dedup [--online] INPUT... (shabih %s)\n", shabih::kVersion);
    return 1;
  }
  // Any source of texts would do; here the library's own reader loads them.
  auto reader = shabih::CorpusReader::Open(inputs, shabih::ReadOptions());
  if (!reader.ok()) return Fail(reader.status());
  std::vector<shabih::Document> docs;
  shabih::Document doc;
  while ((*reader)->Next(&doc)) docs.push_back(doc);

  shabih::DedupOptions options;  // the CLI's defaults
  if (online) {
    auto deduper = shabih::OnlineDeduper::Create(options);
    if (!deduper.ok()) return Fail(deduper.status());
    for (const shabih::Document& d : docs) {
      absl::StatusOr<shabih::OnlineMatch> match = (*deduper)->Add(d);
      if (!match.ok()) return Fail(match.status());
      std::printf("%s\t%s\t%.4f\n", d.id.c_str(), match->cluster.c_str(), match->duplicate ? match->similarity : 1.0);
    }
    return 0;
  }
  auto deduper = shabih::Deduper::Create(options);
  if (!deduper.ok()) return Fail(deduper.status());
  // Batches of any size give the same clusters.
  for (size_t begin = 0; begin < docs.size(); begin += 16) {
    std::vector<shabih::Document> batch(docs.begin() + begin, docs.begin() + std::min(docs.size(), begin + 16));
    absl::Status added = (*deduper)->Add(std::move(batch));
    if (!added.ok()) return Fail(added);
  }
  absl::StatusOr<shabih::DedupResult> result = (*deduper)->Finish();
  if (!result.ok()) return Fail(result.status());
  for (const shabih::ClusterRecord& r : result->records) {
    std::printf("%s\t%s\t%.4f\n", r.id.c_str(), r.cluster.c_str(), r.similarity);
  }
  return 0;
}

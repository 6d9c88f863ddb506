// The CorpusReader over an arbitrary .jsonl file (and the same bytes as
// .jsonl.zst / .warc when they start with those formats' magic): every line
// is a document or a counted skip.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "engine/internal/byte_stream.h"
#include "shabih/corpus.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shabih;
  const absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  const char* suffix = ".jsonl";
  switch (internal::SniffCompression(bytes)) {
    case internal::Compression::kGzip: suffix = ".jsonl.gz"; break;
    case internal::Compression::kZstd: suffix = ".jsonl.zst"; break;
    case internal::Compression::kNone: break;
  }
  const std::string path = "/tmp/shabih-fuzz-" + std::to_string(getpid()) + suffix;
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  ReadOptions options;
  options.max_document_bytes = 1 << 20;
  options.keep_raw = true;
  auto reader = CorpusReader::Open({path}, options);
  if (reader.ok()) {
    Document doc;
    while ((*reader)->Next(&doc)) {
    }
  }
  std::remove(path.c_str());
  return 0;
}

// WARC records from arbitrary bytes (plain, or gzip / zstd when the bytes
// start with their magic): every record is read, skipped or the end comes;
// never a crash, a leak or unbounded memory (records over 1 MiB are skipped).
#include <cstddef>
#include <cstdint>

#include "engine/internal/byte_stream.h"
#include "engine/internal/warc_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shabih::internal;
  const absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  WarcReader reader(ByteStream::FromBytes(bytes, SniffCompression(bytes)), /*max_record_bytes=*/1 << 20);
  WarcRecord record;
  WarcSkip skip;
  // Each event consumes input, so the loop ends; the bound is a backstop.
  for (int i = 0; i < 100000; ++i) {
    if (reader.Next(&record, &skip) == WarcReader::Event::kEnd) break;
  }
  return 0;
}

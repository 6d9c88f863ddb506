// gzip / zstd / plain streams over arbitrary bytes: the first byte picks the
// decoder and the read size, the rest is the compressed data.
#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/internal/byte_stream.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shabih::internal;
  if (size == 0) return 0;
  const Compression compression = static_cast<Compression>(data[0] % 3);
  const size_t piece = 1 + (data[0] >> 2) * 97;
  const absl::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  auto stream = ByteStream::FromBytes(bytes, compression);
  std::string buffer(piece, '\0');
  uint64_t total = 0;
  size_t got;
  // A bomb's output is bounded: 1 MiB exercises every path, and read a
  // byte at a time (piece 1) it still stays far under the 1 s limit.
  while ((got = stream->Read(buffer.data(), piece)) > 0 && total < (1u << 20)) total += got;
  (void)stream->truncated();
  (void)stream->error();
  return 0;
}

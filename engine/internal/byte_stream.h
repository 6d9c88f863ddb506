// A streamed, decompressed byte source: a file or bytes in memory, plain,
// gzip (every member in turn: a .warc.gz holds one member per record) or
// zstd (every frame in turn), never held whole in memory.
//
//   absl::StatusOr<std::unique_ptr<ByteStream>> in =
//       ByteStream::OpenFile("crawl.warc.gz", CompressionOfPath("crawl.warc.gz"));
//   char buf[65536];
//   size_t got;
//   while ((got = (*in)->Read(buf, sizeof buf)) > 0) Use(buf, got);
//   if ((*in)->truncated()) ...      // the data ended inside a member/frame: what came is kept
//   if (!(*in)->error().empty()) ... // corrupt data: the stream ended there
//
// Memory is bounded: one input chunk, zlib's 32 KiB window, zstd's window
// capped at 2^27 bytes (libzstd's default refusal above it).
//
// Thread safety: one thread at a time per stream.
#ifndef SHABIH_ENGINE_INTERNAL_BYTE_STREAM_H_
#define SHABIH_ENGINE_INTERNAL_BYTE_STREAM_H_

#include <cstdint>
#include <memory>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"

namespace shabih::internal {

enum class Compression : uint8_t { kNone, kGzip, kZstd };

// By the name's last extension: ".gz" gzip, ".zst" zstd, else none.
Compression CompressionOfPath(absl::string_view path);

// By the magic bytes at the start of `head` (gzip 1F 8B, zstd 28 B5 2F FD);
// kNone otherwise.
Compression SniffCompression(absl::string_view head);

class ByteStream {
 public:
  // Opens `path` for reading; NotFound / PermissionDenied etc. with the
  // system's message when it cannot be opened.
  static absl::StatusOr<std::unique_ptr<ByteStream>> OpenFile(const std::string& path, Compression compression);
  // Reads `bytes` (which must outlive the stream).
  static std::unique_ptr<ByteStream> FromBytes(absl::string_view bytes, Compression compression);
  ~ByteStream();
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;

  // Up to `n` decompressed bytes into dst; 0 at the end (or after an error:
  // every later call returns 0).
  size_t Read(char* dst, size_t n);
  // The compressed data ended inside a gzip member or zstd frame.
  bool truncated() const { return truncated_; }
  // "" or why the stream stopped early: "corrupt-gzip: ...",
  // "corrupt-zstd: ...", "read-error: ...", "gzip-trailing-garbage".
  const std::string& error() const { return error_; }
  // Input bytes consumed so far (compressed), for progress.
  uint64_t consumed() const;

  class Decoder;

 private:
  ByteStream() = default;
  // More raw input into in_ (false at its end or on a read error).
  bool Refill();
  // Checks the next gzip member's magic and resets zlib for it.
  bool StartGzipMember();

  int fd_ = -1;
  absl::string_view memory_;
  std::string in_buffer_;
  absl::string_view in_;  // unread raw input
  bool input_eof_ = false;
  uint64_t raw_read_ = 0;
  bool done_ = false;
  bool truncated_ = false;
  std::string error_;
  Compression compression_ = Compression::kNone;
  std::unique_ptr<Decoder> decoder_;
};

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_BYTE_STREAM_H_

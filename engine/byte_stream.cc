// Plain, gzip (multi-member) and zstd (multi-frame) streams with zlib's
// inflate and libzstd's streaming decoder.
#include "engine/internal/byte_stream.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace shabih::internal {
namespace {

constexpr size_t kInputChunk = 256 << 10;

}  // namespace

// The state of one decompressor (zlib's or zstd's).
class ByteStream::Decoder {
 public:
  explicit Decoder(Compression c) : compression_(c) {
    if (c == Compression::kGzip) {
      ok_ = inflateInit2(&z_, 15 + 16) == Z_OK;  // gzip wrapper only
    } else if (c == Compression::kZstd) {
      zstd_ = ZSTD_createDStream();
      ok_ = zstd_ != nullptr;
    }
  }
  ~Decoder() {
    if (compression_ == Compression::kGzip && ok_) inflateEnd(&z_);
    if (zstd_ != nullptr) ZSTD_freeDStream(zstd_);
  }
  bool ok() const { return ok_; }

  z_stream z_{};
  ZSTD_DStream* zstd_ = nullptr;
  bool in_member_ = false;  // inside a gzip member / zstd frame
  Compression compression_;
  bool ok_ = true;
};

Compression CompressionOfPath(absl::string_view path) {
  if (absl::EndsWith(path, ".gz")) return Compression::kGzip;
  if (absl::EndsWith(path, ".zst")) return Compression::kZstd;
  return Compression::kNone;
}

Compression SniffCompression(absl::string_view head) {
  if (absl::StartsWith(head, "\x1F\x8B")) return Compression::kGzip;
  if (absl::StartsWith(head, "\x28\xB5\x2F\xFD")) return Compression::kZstd;
  return Compression::kNone;
}

absl::StatusOr<std::unique_ptr<ByteStream>> ByteStream::OpenFile(const std::string& path, Compression compression) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::ErrnoToStatus(errno, path);
  std::unique_ptr<ByteStream> stream(new ByteStream());
  stream->fd_ = fd;
  stream->compression_ = compression;
  stream->decoder_ = std::make_unique<Decoder>(compression);
  if (!stream->decoder_->ok()) stream->error_ = "decoder-init-failed", stream->done_ = true;
  return stream;
}

std::unique_ptr<ByteStream> ByteStream::FromBytes(absl::string_view bytes, Compression compression) {
  std::unique_ptr<ByteStream> stream(new ByteStream());
  stream->memory_ = bytes;
  stream->compression_ = compression;
  stream->decoder_ = std::make_unique<Decoder>(compression);
  if (!stream->decoder_->ok()) stream->error_ = "decoder-init-failed", stream->done_ = true;
  return stream;
}

ByteStream::~ByteStream() {
  if (fd_ >= 0) close(fd_);
}

uint64_t ByteStream::consumed() const { return raw_read_ - in_.size(); }

bool ByteStream::Refill() {
  if (!in_.empty()) return true;
  if (input_eof_) return false;
  if (fd_ < 0) {
    in_ = memory_;
    raw_read_ += memory_.size();
    input_eof_ = true;
    return !in_.empty();
  }
  in_buffer_.resize(kInputChunk);
  ssize_t got;
  do {
    got = read(fd_, in_buffer_.data(), in_buffer_.size());
  } while (got < 0 && errno == EINTR);
  if (got < 0) {
    error_ = absl::StrCat("read-error: ", std::strerror(errno));
    input_eof_ = true;
    return false;
  }
  if (got == 0) {
    input_eof_ = true;
    return false;
  }
  raw_read_ += static_cast<uint64_t>(got);
  in_ = absl::string_view(in_buffer_.data(), static_cast<size_t>(got));
  return true;
}

size_t ByteStream::Read(char* dst, size_t n) {
  if (done_ || n == 0) return 0;
  Decoder& d = *decoder_;
  n = std::min<size_t>(n, 1u << 30);
  size_t produced = 0;
  while (produced == 0) {
    const bool have_input = Refill();
    if (compression_ == Compression::kNone) {
      if (!have_input) break;
      produced = std::min(n, in_.size());
      std::memcpy(dst, in_.data(), produced);
      in_.remove_prefix(produced);
      continue;
    }
    if (!have_input && !d.in_member_) break;  // the input ended between members
    if (compression_ == Compression::kGzip) {
      if (!d.in_member_ && !StartGzipMember()) break;
      const uInt given = static_cast<uInt>(std::min<size_t>(in_.size(), 1u << 30));
      d.z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in_.data()));
      d.z_.avail_in = given;
      d.z_.next_out = reinterpret_cast<Bytef*>(dst);
      d.z_.avail_out = static_cast<uInt>(n);
      const int rc = inflate(&d.z_, Z_NO_FLUSH);
      in_.remove_prefix(given - d.z_.avail_in);
      produced = n - d.z_.avail_out;
      if (rc == Z_STREAM_END) {
        d.in_member_ = false;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        error_ = absl::StrCat("corrupt-gzip: ", d.z_.msg != nullptr ? d.z_.msg : "inflate failed");
        break;
      }
    } else {
      // zstd: frames follow one another; the decoder starts the next itself.
      ZSTD_inBuffer in{in_.data(), in_.size(), 0};
      ZSTD_outBuffer out{dst, n, 0};
      const size_t rc = ZSTD_decompressStream(d.zstd_, &out, &in);
      in_.remove_prefix(in.pos);
      produced = out.pos;
      if (ZSTD_isError(rc)) {
        error_ = absl::StrCat("corrupt-zstd: ", ZSTD_getErrorName(rc));
        break;
      }
      d.in_member_ = rc != 0;
    }
    // No input left and nothing more came out of the decoder: the data
    // ended inside a member or frame.
    if (!have_input && produced == 0) {
      if (d.in_member_) truncated_ = true;
      break;
    }
  }
  if (produced == 0) done_ = true;
  return produced;
}

bool ByteStream::StartGzipMember() {
  // A member must start with the magic; anything else after a complete
  // member is trailing garbage (zlib's gzread skips it too; here it is told).
  if (in_.size() < 2 && !input_eof_) {
    std::string rest(in_);  // join the one byte left with the next chunk
    in_ = {};
    if (Refill()) rest.append(in_.data(), in_.size());
    in_buffer_ = std::move(rest);
    in_ = in_buffer_;
  }
  if (SniffCompression(in_) != Compression::kGzip) {
    error_ = "gzip-trailing-garbage";
    return false;
  }
  inflateReset(&decoder_->z_);
  decoder_->in_member_ = true;
  return true;
}

}  // namespace shabih::internal

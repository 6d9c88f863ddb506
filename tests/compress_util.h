// Test helpers: gzip members and zstd frames of a string, in memory.
#ifndef SHABIH_TESTS_COMPRESS_UTIL_H_
#define SHABIH_TESTS_COMPRESS_UTIL_H_

#include <zlib.h>
#include <zstd.h>

#include <string>

namespace shabih::testing {

// One complete gzip member holding `data`.
inline std::string GzipMember(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// One zstd frame holding `data`.
inline std::string ZstdFrame(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3));
  return out;
}

}  // namespace shabih::testing

#endif  // SHABIH_TESTS_COMPRESS_UTIL_H_

#include "engine/internal/shard_plan.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"

namespace shabih::internal {
namespace {

// I*T/N without overflow for any T below 2^64.
uint64_t Boundary(uint64_t total, int index, int count) {
  return absl::Uint128Low64(absl::uint128(total) * static_cast<uint64_t>(index) / static_cast<uint64_t>(count));
}

}  // namespace

std::vector<ShardShare> PlanShard(const std::vector<uint64_t>& sizes, const std::vector<bool>& splittable,
                                  int index, int count) {
  uint64_t total = 0;
  for (uint64_t size : sizes) total += size;
  const uint64_t lo = Boundary(total, index, count);
  const uint64_t hi = Boundary(total, index + 1, count);
  const bool last = index == count - 1;
  // Whether this shard owns input position p.
  auto owns = [&](uint64_t p) { return (lo <= p && p < hi) || (last && p >= total); };
  std::vector<ShardShare> plan(sizes.size());
  uint64_t offset = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    const uint64_t size = sizes[i];
    ShardShare& share = plan[i];
    if (count == 1 || size == 0 || !splittable[i]) {
      if (count == 1 || owns(offset)) share.kind = ShardShare::Kind::kWhole;
    } else if (lo <= offset && offset + size <= hi) {
      share.kind = ShardShare::Kind::kWhole;
    } else if (offset < hi && lo < offset + size) {
      share.kind = ShardShare::Kind::kLines;
      share.begin = lo > offset ? lo - offset : 0;
      share.end = hi >= offset + size ? ShardShare::kToEnd : hi - offset;
    }
    offset += size;
  }
  return plan;
}

absl::StatusOr<uint64_t> CountNewlines(int fd, uint64_t length) {
  constexpr size_t kChunk = 1 << 20;
  std::string buffer(kChunk, '\0');
  uint64_t newlines = 0;
  uint64_t at = 0;
  while (at < length) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(kChunk, length - at));
    const ssize_t got = pread(fd, buffer.data(), want, static_cast<off_t>(at));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return absl::InternalError(absl::StrCat("read-error: ", std::strerror(errno)));
    if (got == 0) break;  // the file shrank: the lines after its end do not exist
    // memchr hops from line to line at SIMD speed (lines are long: a page).
    const char* p = buffer.data();
    const char* end = p + got;
    while ((p = static_cast<const char*>(std::memchr(p, '\n', end - p))) != nullptr) {
      ++newlines;
      ++p;
    }
    at += static_cast<uint64_t>(got);
  }
  return newlines;
}

}  // namespace shabih::internal

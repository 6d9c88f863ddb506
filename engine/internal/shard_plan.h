// Which bytes of the input one shard reads (shabih/corpus.h, "Shards").
//
//   // Sources of 100, 50 and 0 bytes; the first a splittable JSONL file.
//   std::vector<ShardShare> plan = PlanShard({100, 50, 0}, {true, false, false}, 0, 2);
//   // plan[0]: kLines, begin 0, end 75 (the lines starting in [0, 75));
//   // plan[1], plan[2]: kNone (they start at byte 100 of 150: shard 1's)
//
// The input is one byte sequence of T = sum(sizes) bytes; shard I of N
// owns [I*T/N, (I+1)*T/N) (positions at or past T: the last shard, so that
// an empty file at the end has an owner). A splittable source is shared
// line by line (a line belongs to the shard owning its first byte), any
// other belongs whole to the shard owning its first byte. Pure functions;
// thread-safe.
#ifndef SHABIH_ENGINE_INTERNAL_SHARD_PLAN_H_
#define SHABIH_ENGINE_INTERNAL_SHARD_PLAN_H_

#include <cstdint>
#include <limits>
#include <vector>

#include "absl/status/statusor.h"

namespace shabih::internal {

struct ShardShare {
  enum class Kind {
    kNone,   // none of the source's documents
    kWhole,  // all of them, read as an unsharded reader reads them
    kLines,  // the lines whose first byte lies in [begin, end) of the file
  };
  static constexpr uint64_t kToEnd = std::numeric_limits<uint64_t>::max();
  Kind kind = Kind::kNone;
  uint64_t begin = 0;
  // kToEnd when the shard's range reaches the source's end: it reads to
  // EOF, as the unsharded reader does, whatever the file's size now.
  uint64_t end = 0;
};

// Shard `index` of `count`'s share of each source (sizes and splittable
// per source, in visiting order). Requires 0 <= index < count.
std::vector<ShardShare> PlanShard(const std::vector<uint64_t>& sizes, const std::vector<bool>& splittable,
                                  int index, int count);

// How many '\n' bytes the first `length` bytes of the open file `fd` hold
// (pread: the file offset is left alone). Internal on a read error.
absl::StatusOr<uint64_t> CountNewlines(int fd, uint64_t length);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_SHARD_PLAN_H_

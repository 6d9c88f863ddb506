// Fork-join helper: splits [0, n) into contiguous chunks, one per thread.
// Contiguous chunks let callers merge per-thread results in a fixed order,
// which keeps outputs identical whatever the thread count.
#ifndef SHABIH_ENGINE_INTERNAL_PARALLEL_H_
#define SHABIH_ENGINE_INTERNAL_PARALLEL_H_

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace shabih::internal {

// Calls fn(begin, end, chunk_index) for `threads` contiguous chunks of
// [0, n), in parallel; chunk 0 runs on the calling thread.
template <typename Fn>
void ParallelChunks(size_t n, int threads, Fn&& fn) {
  const size_t t = std::max<size_t>(1, std::min<size_t>(static_cast<size_t>(std::max(threads, 1)), n));
  const size_t per = (n + t - 1) / std::max<size_t>(t, 1);
  std::vector<std::thread> workers;
  for (size_t i = 1; i < t; ++i) {
    const size_t begin = std::min(n, i * per), end = std::min(n, (i + 1) * per);
    workers.emplace_back([&fn, begin, end, i] { fn(begin, end, i); });
  }
  fn(0, std::min(n, per), 0);
  for (auto& w : workers) w.join();
}

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_PARALLEL_H_

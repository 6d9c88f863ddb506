// Process resource figures for summaries and benchmarks (Linux /proc).
#ifndef SHABIH_ENGINE_INTERNAL_RESOURCE_USAGE_H_
#define SHABIH_ENGINE_INTERNAL_RESOURCE_USAGE_H_

#include <cstdint>

namespace shabih {

// Peak resident set size of this process in bytes (VmHWM), 0 if unknown.
uint64_t PeakRssBytes();
// Current resident set size in bytes (VmRSS), 0 if unknown.
uint64_t CurrentRssBytes();
// CPU time (user + system) consumed by this process so far, in seconds.
double ProcessCpuSeconds();

}  // namespace shabih

#endif  // SHABIH_ENGINE_INTERNAL_RESOURCE_USAGE_H_

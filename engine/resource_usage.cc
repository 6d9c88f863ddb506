#include "engine/internal/resource_usage.h"

#include <sys/resource.h>

#include <cstdio>
#include <cstring>

namespace shabih {
namespace {

uint64_t ReadStatusKilobytes(const char* key) {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return 0;
  char line[256];
  uint64_t kb = 0;
  const size_t key_length = std::strlen(key);
  while (std::fgets(line, sizeof(line), f) != nullptr) {
    if (std::strncmp(line, key, key_length) == 0) {
      unsigned long long value = 0;
      if (std::sscanf(line + key_length, " %llu", &value) == 1) kb = value;
      break;
    }
  }
  std::fclose(f);
  return kb * 1024;
}

}  // namespace

uint64_t PeakRssBytes() { return ReadStatusKilobytes("VmHWM:"); }
uint64_t CurrentRssBytes() { return ReadStatusKilobytes("VmRSS:"); }

double ProcessCpuSeconds() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec * 1e-6 + usage.ru_stime.tv_sec +
         usage.ru_stime.tv_usec * 1e-6;
}

}  // namespace shabih

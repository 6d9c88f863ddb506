#include "shabih/simhash.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace shabih {
namespace {

// ---------------------------------------------------------------------------
// SimHash kernels. Both are cloned for AVX2 with a run-time dispatch; the
// clones add the same numbers in the same order, so results do not depend on
// the CPU.

// Per-bit counts by SWAR: lane k (byte k) of acc[j] counts bit 8k+j, so one
// feature costs 8 shift-and-adds on whole words instead of 64 scalar adds.
// Byte lanes overflow at 256, hence the flush every 255 features.
__attribute__((target_clones("avx2", "default"))) void CountBits(const uint64_t* hashes, size_t n,
                                                                 uint64_t* counts) {
  constexpr uint64_t kLaneLowBits = 0x0101010101010101ULL;
  size_t i = 0;
  while (i < n) {
    const size_t end = std::min(n, i + 255);
    uint64_t acc[8] = {};
    for (; i < end; ++i) {
      const uint64_t x = hashes[i];
      for (int j = 0; j < 8; ++j) acc[j] += (x >> j) & kLaneLowBits;
    }
    for (int j = 0; j < 8; ++j) {
      for (int k = 0; k < 8; ++k) counts[8 * k + j] += (acc[j] >> (8 * k)) & 0xFF;
    }
  }
}

// Per-bit sums of the weights of features with the bit set. A select between
// w and 0 (not a multiply), so no FMA contraction can make clones disagree.
// Split into 32-bit halves so the bit tests are 32-bit lanes.
__attribute__((target_clones("avx2", "default"))) float WeightedBitSums(const uint64_t* hashes,
                                                                        const float* weights,
                                                                        size_t n, float* sums) {
  alignas(64) static constexpr uint32_t kBit[32] = {
      1u << 0,  1u << 1,  1u << 2,  1u << 3,  1u << 4,  1u << 5,  1u << 6,  1u << 7,
      1u << 8,  1u << 9,  1u << 10, 1u << 11, 1u << 12, 1u << 13, 1u << 14, 1u << 15,
      1u << 16, 1u << 17, 1u << 18, 1u << 19, 1u << 20, 1u << 21, 1u << 22, 1u << 23,
      1u << 24, 1u << 25, 1u << 26, 1u << 27, 1u << 28, 1u << 29, 1u << 30, 1u << 31};
  float acc[64] = {};
  float total = 0.0f;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t lo = static_cast<uint32_t>(hashes[i]);
    const uint32_t hi = static_cast<uint32_t>(hashes[i] >> 32);
    const float w = weights[i];
    total += w;
    for (int b = 0; b < 32; ++b) {
      acc[b] += (lo & kBit[b]) ? w : 0.0f;
      acc[b + 32] += (hi & kBit[b]) ? w : 0.0f;
    }
  }
  std::memcpy(sums, acc, sizeof(acc));
  return total;
}

// ---------------------------------------------------------------------------
// Block layout shared by NearPairs and HammingIndex.

// Bits [64b/B, 64(b+1)/B) form block b: sizes differ by at most one.
uint64_t BlockMask(int block, int num_blocks) {
  const int lo = block * 64 / num_blocks;
  const int hi = (block + 1) * 64 / num_blocks;
  const int width = hi - lo;
  const uint64_t ones = width == 64 ? ~uint64_t{0} : ((uint64_t{1} << width) - 1);
  return ones << lo;
}

uint64_t Binomial(int n, int k) {
  if (k < 0 || k > n) return 0;
  uint64_t c = 1;
  // Exact at every step: c * (n - i) / (i + 1) == C(n, i + 1).
  for (int i = 0; i < k; ++i) c = c * static_cast<uint64_t>(n - i) / static_cast<uint64_t>(i + 1);
  return c;
}

// Every key choice: the (B-k)-subsets of the blocks, as bit sets, in
// lexicographic order of their sorted elements. The first subset contained in
// a set A is then A's B-k smallest elements, which is what makes "report a
// pair only from its first shared key" a local test (MustDiffer below).
std::vector<uint64_t> KeyBlockSets(int num_blocks, int key_blocks) {
  std::vector<uint64_t> sets;
  std::vector<int> pick(key_blocks);
  for (int i = 0; i < key_blocks; ++i) pick[i] = i;
  while (true) {
    uint64_t s = 0;
    for (int b : pick) s |= uint64_t{1} << b;
    sets.push_back(s);
    int i = key_blocks - 1;
    while (i >= 0 && pick[i] == num_blocks - key_blocks + i) --i;
    if (i < 0) break;
    ++pick[i];
    for (int j = i + 1; j < key_blocks; ++j) pick[j] = pick[j - 1] + 1;
  }
  return sets;
}

// Blocks that must differ for this key choice to be a pair's first shared
// one: those below the key's highest block and not in the key.
std::vector<int> MustDifferBlocks(uint64_t key_set) {
  std::vector<int> blocks;
  const int top = 63 - std::countl_zero(key_set);
  for (int b = 0; b < top; ++b) {
    if (!((key_set >> b) & 1)) blocks.push_back(b);
  }
  return blocks;
}

// Key length in bits of the shortest key when B blocks are cut and B-k kept.
int ShortestKeyBits(int num_blocks, int key_blocks) {
  const int small = num_blocks - 64 % num_blocks;  // blocks of floor(64/B) bits
  const int width = 64 / num_blocks;
  if (key_blocks <= small) return key_blocks * width;
  return small * width + (key_blocks - small) * (width + 1);
}

int RadixPasses(int key_bits) { return (key_bits + 10) / 11; }

// Picks B minimizing tables * (per-fingerprint work + expected compares of
// uniformly random fingerprints sharing a key), in units of one compare.
// Calibrated with bench/simhash_bench.cc on one core: permuting, sorting and
// scanning costs ~15 ns per fingerprint and table (about 30 compares: the
// compares run sequentially inside runs), each radix pass a little more.
// Measured choices: k=3 keeps B=4 (16-bit keys) up to ~6M fingerprints;
// k=6 at 100k gets B=7; k=8 at 100k gets B=10 (81 ms vs 141 ms for B=9).
int ChooseNumBlocks(int max_distance, double n) {
  int best = max_distance + 1;
  double best_cost = std::numeric_limits<double>::infinity();
  for (int b = max_distance + 1; b <= 64; ++b) {
    const uint64_t tables = Binomial(b, max_distance);
    if (tables > static_cast<uint64_t>(kMaxHammingTables)) break;
    const int key_bits = ShortestKeyBits(b, b - max_distance);
    const double compares = n * n / 2.0 / std::ldexp(1.0, key_bits);
    const double cost =
        static_cast<double>(tables) * (n * (30.0 + RadixPasses(key_bits)) + compares);
    if (cost < best_cost) {
      best_cost = cost;
      best = b;
    }
  }
  return best;
}

absl::Status ValidateOptions(const HammingOptions& options) {
  const int k = options.max_distance;
  if (k < 0 || k > kMaxHammingDistance) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_distance must be between 0 and ", kMaxHammingDistance, ", got ", k));
  }
  const int b = options.num_blocks;
  if (b != 0) {
    if (b < k + 1 || b > 64) {
      return absl::InvalidArgumentError(
          absl::StrCat("num_blocks must be 0 (automatic) or between max_distance+1 = ", k + 1,
                       " and 64, got ", b));
    }
    if (Binomial(b, k) > static_cast<uint64_t>(kMaxHammingTables)) {
      return absl::InvalidArgumentError(absl::StrCat("num_blocks ", b, " with max_distance ", k,
                                                     " needs C(", b, ",", k, ") = ", Binomial(b, k),
                                                     " tables, more than ", kMaxHammingTables));
    }
  }
  return absl::OkStatus();
}

// A bit permutation moving the key blocks to the top (in block order), the
// other blocks below. Stored as (shift, source mask) for each distinct
// shift; blocks move as units, so at most B terms.
struct Permutation {
  std::vector<std::pair<int, uint64_t>> terms;

  uint64_t Apply(uint64_t x) const {
    uint64_t out = 0;
    for (const auto& [shift, mask] : terms) {
      const uint64_t v = x & mask;
      out |= shift >= 0 ? v << shift : v >> -shift;
    }
    return out;
  }
};

Permutation MakePermutation(uint64_t key_set, int num_blocks) {
  std::vector<int> order;
  for (int b = 0; b < num_blocks; ++b) {
    if ((key_set >> b) & 1) order.push_back(b);
  }
  for (int b = 0; b < num_blocks; ++b) {
    if (!((key_set >> b) & 1)) order.push_back(b);
  }
  Permutation p;
  int top = 64;
  for (int b : order) {
    const int lo = b * 64 / num_blocks;
    const int width = (b + 1) * 64 / num_blocks - lo;
    const int dst = top - width;
    top = dst;
    const int shift = dst - lo;
    auto it = std::find_if(p.terms.begin(), p.terms.end(),
                           [shift](const auto& t) { return t.first == shift; });
    if (it == p.terms.end()) {
      p.terms.emplace_back(shift, BlockMask(b, num_blocks));
    } else {
      it->second |= BlockMask(b, num_blocks);
    }
  }
  return p;
}

// A pair within radius agrees on at least B-k blocks; it is reported only
// from the first key choice it agrees on, i.e. when every block in
// `must_differ` (see MustDifferBlocks) differs. `x` is the XOR of the two.
inline bool IsFirstSharedKey(uint64_t x, const std::vector<uint64_t>& must_differ) {
  for (uint64_t m : must_differ) {
    if ((x & m) == 0) return false;
  }
  return true;
}

// End of a HammingIndex chain; also why it holds at most 2^32 - 1 ids.
constexpr uint32_t kNoId = std::numeric_limits<uint32_t>::max();

struct Entry {
  uint64_t permuted;
  uint32_t index;
};

// Stable LSD radix sort of `entries` on bits [64 - key_bits, 64) of
// `permuted`, with <= 11-bit digits (histograms stay in L1). Passes where
// every entry has the same digit are skipped.
void SortByKey(int key_bits, std::vector<Entry>* entries, std::vector<Entry>* scratch) {
  const size_t n = entries->size();
  const int passes = RadixPasses(key_bits);
  const int width = (key_bits + passes - 1) / passes;
  const int low = 64 - key_bits;
  const size_t buckets = size_t{1} << width;
  std::vector<uint32_t> hist(static_cast<size_t>(passes) * buckets, 0);
  const auto digit = [&](uint64_t v, int pass) -> size_t {
    const int shift = low + pass * width;
    const int bits = std::min(width, 64 - shift);
    return static_cast<size_t>((v >> shift) & ((uint64_t{1} << bits) - 1));
  };
  for (const Entry& e : *entries) {
    for (int p = 0; p < passes; ++p) ++hist[p * buckets + digit(e.permuted, p)];
  }
  scratch->resize(n);
  for (int p = 0; p < passes; ++p) {
    uint32_t* h = &hist[p * buckets];
    if (h[digit((*entries)[0].permuted, p)] == n) continue;
    uint32_t sum = 0;
    for (size_t d = 0; d < buckets; ++d) {
      const uint32_t c = h[d];
      h[d] = sum;
      sum += c;
    }
    Entry* out = scratch->data();
    for (const Entry& e : *entries) out[h[digit(e.permuted, p)]++] = e;
    entries->swap(*scratch);
  }
}

// Compares every pair inside each run of equal keys (the top 64 - `low` bits)
// and visits those within `max_distance` whose first shared key this is.
// Cloned for POPCNT: without it std::popcount is a libgcc call and dominates.
__attribute__((target_clones("popcnt", "default"))) void ScanRuns(
    const Entry* entries, size_t n, int low, int max_distance,
    const std::vector<uint64_t>& must_differ, uint64_t cap,
    absl::FunctionRef<void(uint32_t, uint32_t, int)> visit, NearPairsStats* stats) {
  size_t start = 0;
  while (start < n) {
    const uint64_t key = entries[start].permuted >> low;
    size_t end = start + 1;
    while (end < n && (entries[end].permuted >> low) == key) ++end;
    const uint64_t run = end - start;
    stats->longest_run = std::max(stats->longest_run, run);
    if (run >= 2) {
      if (cap != 0 && run > cap) {
        ++stats->capped_runs;
        stats->capped_run_members += run;
      } else {
        // Stable sort keeps input order inside a run, so a < b means
        // entries[a].index < entries[b].index.
        for (size_t a = start; a < end; ++a) {
          const uint64_t pa = entries[a].permuted;
          for (size_t b = a + 1; b < end; ++b) {
            const uint64_t x = pa ^ entries[b].permuted;
            const int d = std::popcount(x);
            if (d > max_distance || !IsFirstSharedKey(x, must_differ)) continue;
            ++stats->pairs_found;
            visit(entries[a].index, entries[b].index, d);
          }
        }
        stats->candidates_checked += run * (run - 1) / 2;
      }
    }
    start = end;
  }
}

// Query's chain walk, cloned for POPCNT like ScanRuns.
__attribute__((target_clones("popcnt", "default"))) uint64_t FilterChain(
    uint64_t fingerprint, uint32_t head, const uint32_t* next, const uint64_t* fingerprints,
    int max_distance, const std::vector<uint64_t>& must_differ, std::vector<uint32_t>* ids) {
  uint64_t checked = 0;
  for (uint32_t id = head; id != kNoId; id = next[id]) {
    ++checked;
    const uint64_t x = fingerprint ^ fingerprints[id];
    if (std::popcount(x) <= max_distance && IsFirstSharedKey(x, must_differ)) ids->push_back(id);
  }
  return checked;
}

}  // namespace

// ---------------------------------------------------------------------------

uint64_t SimHash(absl::Span<const uint64_t> feature_hashes) {
  uint64_t counts[64] = {};
  CountBits(feature_hashes.data(), feature_hashes.size(), counts);
  const uint64_t n = feature_hashes.size();
  uint64_t fp = 0;
  for (int b = 0; b < 64; ++b) fp |= static_cast<uint64_t>(2 * counts[b] > n) << b;
  return fp;
}

absl::StatusOr<uint64_t> SimHash(absl::Span<const uint64_t> feature_hashes,
                                 absl::Span<const float> weights) {
  if (weights.empty()) return SimHash(feature_hashes);
  if (weights.size() != feature_hashes.size()) {
    return absl::InvalidArgumentError(absl::StrCat("SimHash got ", feature_hashes.size(),
                                                   " features but ", weights.size(), " weights"));
  }
  for (size_t i = 0; i < weights.size(); ++i) {
    if (!std::isfinite(weights[i]) || weights[i] < 0.0f) {
      return absl::InvalidArgumentError(
          absl::StrCat("SimHash weights must be finite and >= 0; weight ", i, " is ", weights[i]));
    }
  }
  float sums[64];
  const float total =
      WeightedBitSums(feature_hashes.data(), weights.data(), feature_hashes.size(), sums);
  uint64_t fp = 0;
  for (int b = 0; b < 64; ++b) fp |= static_cast<uint64_t>(2.0f * sums[b] > total) << b;
  return fp;
}

// ---------------------------------------------------------------------------

absl::Status ForEachNearPair(absl::Span<const uint64_t> fingerprints, const HammingOptions& options,
                             absl::FunctionRef<void(uint32_t i, uint32_t j, int distance)> visit,
                             NearPairsStats* stats) {
  const absl::Status valid = ValidateOptions(options);
  if (!valid.ok()) return valid;
  if (fingerprints.size() > std::numeric_limits<uint32_t>::max()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "NearPairs indexes fingerprints with 32 bits; got ", fingerprints.size(), " fingerprints"));
  }
  const int k = options.max_distance;
  const size_t n = fingerprints.size();
  const int num_blocks =
      options.num_blocks != 0 ? options.num_blocks : ChooseNumBlocks(k, static_cast<double>(n));
  const int key_blocks = num_blocks - k;
  const std::vector<uint64_t> key_sets = KeyBlockSets(num_blocks, key_blocks);

  NearPairsStats local;
  local.num_blocks = num_blocks;
  local.num_tables = static_cast<int>(key_sets.size());
  const uint64_t cap = options.max_run_length;

  std::vector<Entry> entries;
  std::vector<Entry> scratch;
  if (n >= 2) entries.resize(n);
  for (size_t t = 0; n >= 2 && t < key_sets.size(); ++t) {
    const uint64_t key_set = key_sets[t];
    const Permutation perm = MakePermutation(key_set, num_blocks);
    int key_bits = 0;
    for (int b = 0; b < num_blocks; ++b) {
      if ((key_set >> b) & 1) key_bits += std::popcount(BlockMask(b, num_blocks));
    }
    std::vector<uint64_t> must_differ;  // in permuted bit positions
    for (int b : MustDifferBlocks(key_set)) {
      must_differ.push_back(perm.Apply(BlockMask(b, num_blocks)));
    }

    for (size_t i = 0; i < n; ++i) {
      entries[i] = Entry{perm.Apply(fingerprints[i]), static_cast<uint32_t>(i)};
    }
    SortByKey(key_bits, &entries, &scratch);

    ScanRuns(entries.data(), n, 64 - key_bits, k, must_differ, cap, visit, &local);
  }
  if (stats != nullptr) *stats = local;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::pair<uint32_t, uint32_t>>> NearPairs(
    absl::Span<const uint64_t> fingerprints, const HammingOptions& options, NearPairsStats* stats) {
  std::vector<uint64_t> packed;
  const absl::Status status = ForEachNearPair(
      fingerprints, options,
      [&packed](uint32_t i, uint32_t j, int) {
        packed.push_back((static_cast<uint64_t>(i) << 32) | j);
      },
      stats);
  if (!status.ok()) return status;
  // Each pair was reported once (from its first shared key), so sorting is
  // all that is left.
  std::sort(packed.begin(), packed.end());
  std::vector<std::pair<uint32_t, uint32_t>> pairs(packed.size());
  for (size_t i = 0; i < packed.size(); ++i) {
    pairs[i] = {static_cast<uint32_t>(packed[i] >> 32), static_cast<uint32_t>(packed[i])};
  }
  return pairs;
}

absl::StatusOr<std::vector<std::pair<uint32_t, uint32_t>>> NearPairs(
    absl::Span<const uint64_t> fingerprints, int max_distance) {
  HammingOptions options;
  options.max_distance = max_distance;
  return NearPairs(fingerprints, options);
}

// ---------------------------------------------------------------------------

namespace {
// The size HammingIndex tunes B for when not told.
constexpr double kIndexTuningSize = 1 << 20;
}  // namespace

absl::StatusOr<HammingIndex> HammingIndex::Create(int max_distance) {
  HammingOptions options;
  options.max_distance = max_distance;
  return Create(options);
}

struct HammingIndex::Impl {
  struct Bucket {
    uint32_t head;   // newest id with this key
    uint32_t count;  // ids with this key
  };
  struct Table {
    uint64_t key_mask = 0;              // bits of the fingerprint forming the key
    std::vector<uint64_t> must_differ;  // masks of blocks that precede the key's last
    absl::flat_hash_map<uint64_t, Bucket> buckets;
    std::vector<uint32_t> next;  // next[id]: previous id with the same key
  };
  std::vector<uint64_t> fingerprints;
  std::vector<Table> tables;
};

HammingIndex::HammingIndex() : impl_(std::make_unique<Impl>()) {}
HammingIndex::HammingIndex(const HammingIndex& other)
    : max_distance_(other.max_distance_),
      num_blocks_(other.num_blocks_),
      max_run_length_(other.max_run_length_),
      impl_(std::make_unique<Impl>(*other.impl_)) {}
HammingIndex& HammingIndex::operator=(const HammingIndex& other) {
  if (this != &other) *this = HammingIndex(other);
  return *this;
}
HammingIndex::HammingIndex(HammingIndex&&) noexcept = default;
HammingIndex& HammingIndex::operator=(HammingIndex&&) noexcept = default;
HammingIndex::~HammingIndex() = default;

size_t HammingIndex::size() const { return impl_->fingerprints.size(); }
int HammingIndex::num_tables() const { return static_cast<int>(impl_->tables.size()); }

absl::StatusOr<HammingIndex> HammingIndex::Create(const HammingOptions& options) {
  const absl::Status valid = ValidateOptions(options);
  if (!valid.ok()) return valid;
  HammingIndex index;
  index.max_distance_ = options.max_distance;
  index.num_blocks_ = options.num_blocks != 0
                          ? options.num_blocks
                          : ChooseNumBlocks(options.max_distance, kIndexTuningSize);
  index.max_run_length_ = options.max_run_length;
  for (uint64_t key_set :
       KeyBlockSets(index.num_blocks_, index.num_blocks_ - index.max_distance_)) {
    Impl::Table table;
    for (int b = 0; b < index.num_blocks_; ++b) {
      if ((key_set >> b) & 1) table.key_mask |= BlockMask(b, index.num_blocks_);
    }
    for (int b : MustDifferBlocks(key_set)) {
      table.must_differ.push_back(BlockMask(b, index.num_blocks_));
    }
    index.impl_->tables.push_back(std::move(table));
  }
  return index;
}

absl::StatusOr<uint32_t> HammingIndex::Add(uint64_t fingerprint) {
  std::vector<uint64_t>& fingerprints = impl_->fingerprints;
  if (fingerprints.size() >= kNoId) {
    return absl::ResourceExhaustedError(
        absl::StrCat("HammingIndex holds at most ", kNoId, " fingerprints"));
  }
  const uint32_t id = static_cast<uint32_t>(fingerprints.size());
  for (Impl::Table& table : impl_->tables) {
    auto [it, inserted] = table.buckets.try_emplace(fingerprint & table.key_mask, Impl::Bucket{id, 0});
    table.next.push_back(inserted ? kNoId : it->second.head);
    it->second.head = id;
    ++it->second.count;
  }
  fingerprints.push_back(fingerprint);
  return id;
}

std::vector<uint32_t> HammingIndex::Query(uint64_t fingerprint, QueryStats* stats) const {
  std::vector<uint32_t> ids;
  QueryStats local;
  for (const Impl::Table& table : impl_->tables) {
    const auto it = table.buckets.find(fingerprint & table.key_mask);
    if (it == table.buckets.end()) continue;
    if (max_run_length_ != 0 && it->second.count > max_run_length_) {
      ++local.capped_buckets;
      continue;
    }
    local.candidates_checked +=
        FilterChain(fingerprint, it->second.head, table.next.data(), impl_->fingerprints.data(),
                    max_distance_, table.must_differ, &ids);
  }
  std::sort(ids.begin(), ids.end());
  if (stats != nullptr) *stats = local;
  return ids;
}

}  // namespace shabih

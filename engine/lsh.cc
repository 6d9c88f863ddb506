#include "shabih/lsh.h"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

#include "engine/internal/band_records.h"

namespace shabih {
namespace {

double Integrate(double lo, double hi, int bands, int rows, bool false_negative) {
  constexpr int kSteps = 200;  // the S-curve is smooth; the argmin is stable
  if (hi <= lo) return 0.0;
  const double step = (hi - lo) / kSteps;
  double area = 0.0;
  for (int i = 0; i < kSteps; ++i) {  // midpoint rule
    const double s = lo + (i + 0.5) * step;
    const double p = LshCandidateProbability(s, bands, rows);
    area += (false_negative ? 1.0 - p : p) * step;
  }
  return area;
}

struct BandEntry {
  uint64_t key;
  uint32_t doc;
  bool operator<(const BandEntry& o) const { return key != o.key ? key < o.key : doc < o.doc; }
};

void CandidatesForBand(absl::Span<const uint32_t> signatures, int num_perms, LshParams params,
                       int band, absl::Span<const uint8_t> eligible, const LshOptions& options,
                       std::vector<BandEntry>* scratch, std::vector<DocPair>* pairs,
                       LshStats* stats) {
  const size_t num_docs = eligible.size();
  scratch->clear();
  for (size_t d = 0; d < num_docs; ++d) {
    if (!eligible[d]) continue;
    const uint32_t* row = signatures.data() + d * num_perms + band * params.rows;
    scratch->push_back({internal::BandKey(row, params.rows, band), static_cast<uint32_t>(d)});
  }
  std::sort(scratch->begin(), scratch->end());
  for (size_t start = 0; start < scratch->size();) {
    size_t end = start + 1;
    while (end < scratch->size() && (*scratch)[end].key == (*scratch)[start].key) ++end;
    const size_t size = end - start;
    if (size > 1) {
      stats->largest_bucket = std::max<uint64_t>(stats->largest_bucket, size);
      if (size > static_cast<size_t>(options.max_bucket)) {
        ++stats->capped_buckets;
        for (size_t j = start + 1; j < end; ++j) {
          pairs->push_back(MakeDocPair((*scratch)[start].doc, (*scratch)[j].doc));
        }
      } else {
        for (size_t i = start; i < end; ++i) {
          for (size_t j = i + 1; j < end; ++j) {
            pairs->push_back(MakeDocPair((*scratch)[i].doc, (*scratch)[j].doc));
          }
        }
      }
    }
    start = end;
  }
}

}  // namespace

namespace internal {

uint64_t BandKey(const uint32_t* band_values, int rows, int band) {
  const uint64_t band_seed = 0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(band + 1);
  return XXH3_64bits_withSeed(band_values, sizeof(uint32_t) * rows, band_seed);
}

void AppendBandRecords(absl::Span<const uint32_t> signature, LshParams params, uint32_t band_set, uint32_t doc,
                       std::vector<BandRecord>* out) {
  for (int band = 0; band < params.bands; ++band) {
    const uint32_t* row = signature.data() + band * params.rows;
    out->push_back({band_set << 16 | static_cast<uint32_t>(band), doc, BandKey(row, params.rows, band)});
  }
}

}  // namespace internal

double LshCandidateProbability(double s, int bands, int rows) {
  return 1.0 - std::pow(1.0 - std::pow(s, rows), bands);
}

LshParams OptimalLshParams(double threshold, int num_perms, double fp_weight, double fn_weight) {
  LshParams best{1, std::max(num_perms, 1)};
  double best_error = std::numeric_limits<double>::infinity();
  for (int bands = 1; bands <= num_perms; ++bands) {
    const int max_rows = num_perms / bands;
    for (int rows = 1; rows <= max_rows; ++rows) {
      const double fp = Integrate(0.0, threshold, bands, rows, false);
      const double fn = Integrate(threshold, 1.0, bands, rows, true);
      const double error = fp_weight * fp + fn_weight * fn;
      if (error < best_error) {
        best_error = error;
        best = {bands, rows};
      }
    }
  }
  return best;
}

std::vector<DocPair> LshCandidatePairs(absl::Span<const uint32_t> signatures, int num_perms,
                                       LshParams params, absl::Span<const uint8_t> eligible,
                                       const LshOptions& options, LshStats* stats) {
  const int threads = std::max(1, std::min(options.threads, params.bands));
  std::vector<std::vector<DocPair>> pairs_per_thread(threads);
  std::vector<LshStats> stats_per_thread(threads);
  auto work = [&](int t) {
    std::vector<BandEntry> scratch;
    for (int band = t; band < params.bands; band += threads) {
      CandidatesForBand(signatures, num_perms, params, band, eligible, options, &scratch,
                        &pairs_per_thread[t], &stats_per_thread[t]);
      // Keep memory bounded by duplicates found across bands.
      auto& p = pairs_per_thread[t];
      if (p.size() > (1u << 24)) {
        std::sort(p.begin(), p.end());
        p.erase(std::unique(p.begin(), p.end()), p.end());
      }
    }
  };
  std::vector<std::thread> workers;
  for (int t = 1; t < threads; ++t) workers.emplace_back(work, t);
  work(0);
  for (auto& w : workers) w.join();

  std::vector<DocPair> pairs;
  LshStats total;
  for (int t = 0; t < threads; ++t) {
    pairs.insert(pairs.end(), pairs_per_thread[t].begin(), pairs_per_thread[t].end());
    total.capped_buckets += stats_per_thread[t].capped_buckets;
    total.largest_bucket = std::max(total.largest_bucket, stats_per_thread[t].largest_bucket);
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  total.candidate_pairs = pairs.size();
  if (stats) *stats = total;
  return pairs;
}

}  // namespace shabih

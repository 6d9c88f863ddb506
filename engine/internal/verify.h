// Verification and cluster records, shared by the in-memory Deduper and the
// out-of-core paths (bounded memory, the persistent index): both decide
// every candidate and describe every document with this code, so their
// outputs are the same bytes.
//
//   internal::Verified v = internal::VerifyCandidates(candidates, table, options, /*with_evidence=*/true);
//   Clustering c = ClusterDocuments(n, v.edges, lengths, options.cluster_mode, ...);
//   internal::AddRefusals(c, v.evidence);
//   ClusterRecord r = internal::MakeClusterRecord(d, c, table);   // one row of clusters.jsonl
//
// A table is any type with `double Jaccard(uint32_t a, uint32_t b) const`,
// `uint32_t Shingles(uint32_t d) const` and `std::string Id(uint32_t d)
// const` (the last only for records). VerifyCandidates calls Jaccard from
// options.threads threads at once: it must be thread-safe.
#ifndef SHABIH_ENGINE_INTERNAL_VERIFY_H_
#define SHABIH_ENGINE_INTERNAL_VERIFY_H_

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "engine/internal/evidence.h"
#include "engine/internal/parallel.h"
#include "engine/internal/similarity.h"
#include "shabih/cluster.h"
#include "shabih/deduper.h"
#include "shabih/lsh.h"

namespace shabih::internal {

// Verified::contained's values beside 0 (an edge by Jaccard).
inline constexpr uint8_t kByContainment = 1;  // by containment (--containment, or evidence with containment)
inline constexpr uint8_t kBySameStory = 2;    // --verify evidence: by rare words

// A table with per-document evidence (--verify evidence):
// `double RareContainment(uint32_t a, uint32_t b) const` and
// `bool has_evidence() const`. The index's tables have none.
template <typename Table>
concept EvidenceTable = requires(const Table& t, uint32_t d) {
  { t.RareContainment(d, d) } -> std::convertible_to<double>;
  { t.has_evidence() } -> std::convertible_to<bool>;
};

struct Verified {
  std::vector<Edge> edges;         // in candidate order (sorted by (a, b))
  std::vector<uint8_t> contained;  // per edge: 0, kByContainment or kBySameStory
  // with_evidence only: every candidate with verification's verdict, in
  // candidate order; AddRefusals adds the clustering's refusals.
  std::vector<CandidateRecord> evidence;
};

// --verify evidence: the pair's rare-word containment, and whether
// pair-rule-1 joins it; an edge it joins below the Jaccard threshold is a
// containment (the smaller document, at most 2/3 the larger's shingles, is
// contained in it at the rule's containment) or a same-story edge.
struct EvidenceVerdict {
  double rare_containment = 0;
  uint8_t by = 0;  // 0: not joined below the threshold; kByContainment or kBySameStory
};
template <typename Table>
EvidenceVerdict DecideByEvidence(const Table& table, const DedupOptions& options, uint32_t a, uint32_t b, double j,
                                 double containment) {
  EvidenceVerdict v;
  if constexpr (EvidenceTable<Table>) {
    if (!table.has_evidence()) return v;
    v.rare_containment = table.RareContainment(a, b);
    if (j >= options.threshold || !EvidenceJoins(options, j, v.rare_containment)) return v;
    const uint32_t small = std::min(table.Shingles(a), table.Shingles(b));
    const uint32_t large = std::max(table.Shingles(a), table.Shingles(b));
    const bool inside = 2 * uint64_t{large} >= 3 * uint64_t{small} && containment >= options.evidence_rare_containment;
    v.by = inside ? kByContainment : kBySameStory;
  }
  return v;
}

// Keeps the candidates whose estimated Jaccard reaches options.threshold
// (or, with options.containment, whose containment reaches it; with
// --verify evidence, those pair-rule-1 joins).
template <typename Table>
Verified VerifyCandidates(absl::Span<const DocPair> candidates, const Table& table, const DedupOptions& options,
                          bool with_evidence) {
  const size_t threads = static_cast<size_t>(std::max(1, options.threads));
  std::vector<Verified> chunks(threads);
  std::vector<CandidateRecord> evidence(with_evidence ? candidates.size() : 0);
  ParallelChunks(candidates.size(), options.threads, [&](size_t begin, size_t end, size_t chunk) {
    for (size_t i = begin; i < end; ++i) {
      const uint32_t a = PairFirst(candidates[i]), b = PairSecond(candidates[i]);
      const double j = table.Jaccard(a, b);
      const bool near = j >= options.threshold;
      const uint32_t shingles_a = table.Shingles(a), shingles_b = table.Shingles(b);
      const double containment = EstimateContainment(j, shingles_a, shingles_b);
      bool contained = !near && options.containment > 0 && containment >= options.containment;
      EvidenceVerdict ev;
      if (options.verify == VerifyMode::kEvidence) {
        ev = DecideByEvidence(table, options, a, b, j, containment);
        contained = ev.by != 0;
      }
      const uint8_t by = near ? 0 : ev.by != 0 ? ev.by : kByContainment;
      if (near || contained) {
        chunks[chunk].edges.push_back({a, b, static_cast<float>(j)});
        chunks[chunk].contained.push_back(by);
      }
      if (!with_evidence) continue;
      CandidateRecord& r = evidence[i];
      r.a = a;
      r.b = b;
      r.jaccard = static_cast<float>(j);
      r.containment = static_cast<float>(containment);
      r.verdict = near ? CandidateVerdict::kNearDuplicate
                  : !contained ? CandidateVerdict::kBelowThreshold
                  : by == kBySameStory ? CandidateVerdict::kSameStory : CandidateVerdict::kContainment;
      r.by_containment = contained;
      r.a_contains_b = shingles_a >= shingles_b;
      if (options.verify == VerifyMode::kEvidence) {
        r.evidence = static_cast<uint8_t>(1 + std::lround(std::clamp(ev.rare_containment, 0.0, 1.0) * 100));
        if (by == kBySameStory && contained) r.evidence |= CandidateRecord::kSameStoryBit;
      }
    }
  });
  Verified all;
  all.evidence = std::move(evidence);
  for (Verified& c : chunks) {
    all.edges.insert(all.edges.end(), c.edges.begin(), c.edges.end());
    all.contained.insert(all.contained.end(), c.contained.begin(), c.contained.end());
  }
  return all;
}

// The clustering's closeness: estimated Jaccard, or with --containment the
// larger of it and the containment (a document contained in the canonical
// one is as close to it as a near-duplicate).
template <typename Table>
double Closeness(const Table& table, bool containment, uint32_t a, uint32_t b) {
  const double j = table.Jaccard(a, b);
  return containment ? std::max(j, EstimateContainment(j, table.Shingles(a), table.Shingles(b))) : j;
}

// The same for any options: with --verify evidence, a pair pair-rule-1
// joins is at least options.link_threshold close, one it refuses is its
// Jaccard, so the bounded clustering never puts a member with its
// canonical where the rule would refuse the pair and the link threshold
// too (chaining through rare-word edges stops there).
template <typename Table>
double Closeness(const Table& table, const DedupOptions& options, uint32_t a, uint32_t b) {
  if constexpr (EvidenceTable<Table>) {
    if (options.verify == VerifyMode::kEvidence && table.has_evidence()) {
      const double j = table.Jaccard(a, b);
      if (j >= options.link_threshold || j < options.evidence_min_jaccard) return j;
      return EvidenceJoins(options, j, table.RareContainment(a, b)) ? std::max(j, options.link_threshold) : j;
    }
  }
  return Closeness(table, options.containment > 0, a, b);
}

// One row of clusters.jsonl for document d.
template <typename Table>
ClusterRecord MakeClusterRecord(uint32_t d, const Clustering& clustering, const Table& table) {
  ClusterRecord r;
  const uint32_t c = clustering.canonical[d];
  r.id = table.Id(d);
  r.cluster = c == d ? r.id : table.Id(c);
  r.cluster_ordinal = c;
  r.canonical = c == d;
  r.similarity = c == d ? 1.0 : table.Jaccard(d, c);
  const uint32_t via = clustering.linked_via[d];
  r.linked_via = via == d ? r.id : table.Id(via);
  r.linked_via_ordinal = via;
  if (via != d) {
    r.link_jaccard = table.Jaccard(d, via);
    r.link_containment = EstimateContainment(r.link_jaccard, table.Shingles(d), table.Shingles(via));
  }
  return r;
}

// Marks the edges the clustering refused in the candidates' evidence
// (sorted by (a, b) first: a candidate search's order is its own).
void AddRefusals(const Clustering& clustering, std::vector<CandidateRecord>& evidence);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_VERIFY_H_

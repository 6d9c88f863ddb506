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
#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "engine/internal/parallel.h"
#include "engine/internal/similarity.h"
#include "shabih/cluster.h"
#include "shabih/deduper.h"
#include "shabih/lsh.h"

namespace shabih::internal {

struct Verified {
  std::vector<Edge> edges;         // in candidate order (sorted by (a, b))
  std::vector<uint8_t> contained;  // per edge: 1 if it passed by containment only
  // with_evidence only: every candidate with verification's verdict, in
  // candidate order; AddRefusals adds the clustering's refusals.
  std::vector<CandidateRecord> evidence;
};

// Keeps the candidates whose estimated Jaccard reaches options.threshold
// (or, with options.containment, whose containment reaches it).
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
      const bool contained = !near && options.containment > 0 && containment >= options.containment;
      if (near || contained) {
        chunks[chunk].edges.push_back({a, b, static_cast<float>(j)});
        chunks[chunk].contained.push_back(near ? 0 : 1);
      }
      if (!with_evidence) continue;
      CandidateRecord& r = evidence[i];
      r.a = a;
      r.b = b;
      r.jaccard = static_cast<float>(j);
      r.containment = static_cast<float>(containment);
      r.verdict = near ? CandidateVerdict::kNearDuplicate
                       : contained ? CandidateVerdict::kContainment : CandidateVerdict::kBelowThreshold;
      r.by_containment = contained;
      r.a_contains_b = shingles_a >= shingles_b;
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

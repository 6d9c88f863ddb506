#include "engine/internal/verify.h"

namespace shabih::internal {

void AddRefusals(const Clustering& clustering, std::vector<CandidateRecord>& evidence) {
  auto by_pair = [](const CandidateRecord& x, const CandidateRecord& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; };
  if (!std::is_sorted(evidence.begin(), evidence.end(), by_pair)) {
    std::stable_sort(evidence.begin(), evidence.end(), by_pair);
  }
  for (const Refusal& refusal : clustering.refusals) {
    CandidateRecord key;
    key.a = refusal.a;
    key.b = refusal.b;
    auto it = std::lower_bound(evidence.begin(), evidence.end(), key, by_pair);
    if (it == evidence.end() || it->a != refusal.a || it->b != refusal.b) continue;  // not a candidate
    if (refusal.far == kNoDocument) {
      it->verdict = CandidateVerdict::kRefusedOtherStar;
      continue;
    }
    it->verdict = CandidateVerdict::kRefusedTooFar;
    it->would_be_canonical = refusal.canonical;
    it->far = refusal.far;
    it->far_similarity = static_cast<float>(refusal.far_similarity);
  }
}

}  // namespace shabih::internal

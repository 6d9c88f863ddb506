// Signs a batch of documents on `threads` workers into one flat signature
// array: the loop shared by Deduper (batch mode) and RunDedup's second
// pass. Each document's result lands in its own slot, so the
// output does not depend on the thread count.
#ifndef SHABIH_ENGINE_INTERNAL_BATCH_SIGNING_H_
#define SHABIH_ENGINE_INTERNAL_BATCH_SIGNING_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "shabih/corpus.h"
#include "shabih/signer.h"

namespace shabih::internal {

struct SignedBatch {
  int perms = 0;
  std::vector<uint32_t> signatures;  // perms values per document
  std::vector<SignedDocument> meta;  // signature member unused
  absl::Span<const uint32_t> Signature(size_t d) const {
    return absl::MakeConstSpan(signatures.data() + d * perms, static_cast<size_t>(perms));
  }
};

void SignBatch(const DocumentSigner& signer, absl::Span<const Document> docs, int threads, SignedBatch* out);

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_BATCH_SIGNING_H_

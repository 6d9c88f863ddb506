// Boilerplate glued to an article paragraph on the same line: a share bar
// run into the first paragraph ("شارك من خلال تويتر فيسبوك جوجل بلس اكتب
// رأيك أكد الوزير ...") and a tag list run into the last one ("... بكلية
// الطب. سمات تبوك جامعة"). The line is content; these bytes are trimmed
// from what is kept (LineVerdict::trimmed_prefix / trimmed_suffix).
//
//   internal::GluedTrimmer trimmer(Normalizer::Default(), lexicon);
//   uint32_t cut = trimmer.SharePrefix(line);   // bytes to drop from the start
//   uint32_t tail = trimmer.TagsSuffix(line);   // bytes to drop from the end
//
// Speed: SharePrefix normalizes a line's first word only (its later words
// only when that word opens a share cue); TagsSuffix is asked of one line a
// page (its last kept paragraph) and normalizes at most its last 256 bytes.
//
// Thread safety: immutable; const methods are safe from many threads.
#ifndef SHABIH_ENGINE_INTERNAL_LINE_TRIM_H_
#define SHABIH_ENGINE_INTERNAL_LINE_TRIM_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "engine/internal/cue_lexicon.h"
#include "shabih/normalize.h"

namespace shabih::internal {

class GluedTrimmer {
 public:
  // Both must outlive the trimmer.
  GluedTrimmer(const Normalizer& normalizer, const CueLexicon& lexicon)
      : normalizer_(normalizer), lexicon_(lexicon) {}

  // Bytes at the start of `line` (an untrimmed line) that are a share bar:
  // a share cue (a kField cue with kSocialRest, e.g. "شارك من خلال") and at
  // least two social-network words after it, followed by at least
  // kMinKeptWords words of text; with the spaces after it. 0 if none.
  uint32_t SharePrefix(absl::string_view line) const;

  // Bytes at the end of `line` that are a tag list: after the last sentence
  // end (. ! ؟ …, and closing quotes), a tags cue (engine/boilerplate_lexicon.inc,
  // kGluedTags) and 1 to kMaxTagWords words, at most a third of them stop
  // words, on a line that does not end like a sentence; with the
  // spaces before it. 0 if none, or if nothing would be left before it.
  uint32_t TagsSuffix(absl::string_view line) const;

  static constexpr int kMinKeptWords = 5;
  static constexpr int kMaxTagWords = 20;

 private:
  const Normalizer& normalizer_;
  const CueLexicon& lexicon_;
};

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_LINE_TRIM_H_

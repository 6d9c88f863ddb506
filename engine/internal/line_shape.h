// Line shape (signal 4 in shabih/boilerplate.h) and the cue a line opens
// with (signal 3): everything the classifier reads from one line alone.
//
//   internal::LineShaper shaper(options, Normalizer::Default(), lexicon);
//   internal::LineShapeScratch scratch;         // reused across lines
//   shaper.Scan(text, /*want_fingerprint=*/true, &info, &scratch);
//   // info.shape, info.shape_reason, info.cue, info.words, ...
//
// Speed: this is the classifier's hot path. A line over kFullScanBytes (a
// paragraph) is only counted (spaces, pipes) and its last mark read; a
// shorter line gets one pass over its code points, which also folds its
// fingerprint when asked, and one normalizer call (two for "label: value";
// its first six words only when it already reads as a paragraph).
//
// Thread safety: immutable; Scan is const and safe from many threads, each
// with its own scratch.
#ifndef SHABIH_ENGINE_INTERNAL_LINE_SHAPE_H_
#define SHABIH_ENGINE_INTERNAL_LINE_SHAPE_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "engine/internal/cue_lexicon.h"
#include "engine/internal/line_info.h"
#include "shabih/boilerplate.h"
#include "shabih/normalize.h"

namespace shabih::internal {

// Per-thread buffers, so that scanning allocates nothing per line.
struct LineShapeScratch {
  std::vector<uint64_t> hashes;  // normalized token hashes of one line
  std::vector<uint8_t> bits;     // TokenBits per hash
  std::vector<uint64_t> inner;   // tokens inside a closing "(...)"
};

class LineShaper {
 public:
  // All three must outlive the shaper.
  LineShaper(const BoilerplateOptions& options, const Normalizer& normalizer, const CueLexicon& lexicon)
      : options_(options), normalizer_(normalizer), lexicon_(lexicon) {}

  // Fills the shape, counts and cue of `info`, whose begin/end locate the
  // line in `text`. With `want_fingerprint` a line of at most
  // max_counted_line_bytes also gets its fingerprint (info->fingerprinted).
  void Scan(absl::string_view text, bool want_fingerprint, LineInfo* info, LineShapeScratch* scratch) const;

  // A real paragraph: good shape, or a sentence end after enough words.
  bool IsSentenceLike(const LineInfo& info) const {
    return info.shape == kGoodLine ||
           (info.end_punct && static_cast<int>(info.words) >= options_.sentence_min_words);
  }

 private:
  void ShapeParagraph(absl::string_view trimmed, LineInfo* info) const;
  void ShapeShortLine(absl::string_view trimmed, bool fold, LineInfo* info, LineShapeScratch* scratch) const;
  Shape ShapeClass(const LineInfo& info, bool paragraph, double stop_density) const;
  void MatchCue(absl::string_view trimmed, size_t colon, size_t label, size_t lead_numbers, LineInfo* info,
                const LineShapeScratch& scratch) const;

  const BoilerplateOptions& options_;
  const Normalizer& normalizer_;
  const CueLexicon& lexicon_;
};

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_LINE_SHAPE_H_

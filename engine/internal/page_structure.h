// The page's structure (signals 2 and 5 in shabih/boilerplate.h, and the
// context of signal 4): which line is the headline, whether the header is
// page chrome, where the article's body ends, what follows it (an embedded
// article after "read also", a list of links, comments), and near-duplicate
// lists. Works on lines whose shape, cue and repetition are already known.
//
//   internal::PageStructure structure(options, lexicon);
//   internal::PageStructureScratch scratch;     // reused across pages
//   structure.Decide(text, lines, /*has_stats=*/true, &scratch);
//   // lines[i].boilerplate, lines[i].reason for every non-blank line
//
// Thread safety: immutable; Decide is const and safe from many threads,
// each with its own scratch.
#ifndef SHABIH_ENGINE_INTERNAL_PAGE_STRUCTURE_H_
#define SHABIH_ENGINE_INTERNAL_PAGE_STRUCTURE_H_

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "engine/internal/cue_lexicon.h"
#include "engine/internal/line_info.h"
#include "shabih/boilerplate.h"

namespace shabih::internal {

// Per-thread buffers, so that deciding a page allocates nothing per line.
struct PageStructureScratch {
  std::vector<int> pending;                 // lines waiting for the article to resume
  std::vector<int> soft;                    // date and address lines waiting likewise
  absl::flat_hash_set<uint64_t> seen_here;  // fingerprints met earlier in the header
};

class PageStructure {
 public:
  // Both must outlive the structure.
  PageStructure(const BoilerplateOptions& options, const CueLexicon& lexicon)
      : options_(options), lexicon_(lexicon) {}

  // Sets the verdict (boilerplate, reason) of every non-blank line of
  // `lines`, the lines of `text`. `has_stats`: the lines' repetition fields
  // come from crawl statistics, so near-duplicate lists can be looked for.
  void Decide(absl::string_view text, std::vector<LineInfo>& lines, bool has_stats,
              PageStructureScratch* scratch) const;

 private:
  int FindTitle(const std::vector<LineInfo>& lines, int first_paragraph) const;
  bool HeaderIsChrome(absl::string_view text, std::vector<LineInfo>& lines, int body_start,
                      PageStructureScratch* scratch, int* header_lines) const;
  void DecideHeader(std::vector<LineInfo>& lines, int body_start, bool chrome, int header_lines) const;
  void NearDuplicateLists(std::vector<LineInfo>& lines, int title) const;

  const BoilerplateOptions& options_;
  const CueLexicon& lexicon_;
};

}  // namespace shabih::internal

#endif  // SHABIH_ENGINE_INTERNAL_PAGE_STRUCTURE_H_

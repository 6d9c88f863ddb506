// The ICU-derived definition of the normalization table: what
// engine/normalize_table.inc was generated from.
//
//   auto reference = shabih::normalization_gen::BuildIcuFoldTable();
//   // (*reference)[0x0623] == {FoldKind::kWord, "\xD8\xA7"}   (alef)
//
// The library never calls this: it loads the committed table, so a new ICU
// (new Unicode data) cannot silently change tokens and signatures. This code
// is used by the generator (gen_normalize_table.cc) and by the test that
// compares the committed table with ICU, code point by code point.
//
// Thread safety: BuildIcuFoldTable() is a pure function of the ICU data.
#ifndef SHABIH_SCRIPTS_NORMALIZATION_ICU_FOLD_H_
#define SHABIH_SCRIPTS_NORMALIZATION_ICU_FOLD_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/internal/arabic_fold.h"

namespace shabih::normalization_gen {

struct IcuFold {
  internal::FoldKind kind = internal::FoldKind::kSeparator;
  // kWord: the folded UTF-8 (1..6 bytes, one word). kLong: the folded text,
  // words separated by single spaces, with a trailing space when the folded
  // form ends in a separator. Empty otherwise.
  std::string utf8;
  bool operator==(const IcuFold&) const = default;
};

// One entry per BMP code point (65,536). Internal error only if ICU's
// normalization data cannot be loaded.
absl::StatusOr<std::vector<IcuFold>> BuildIcuFoldTable();

// The ICU and Unicode versions of the library this was linked with.
std::string IcuVersion();
std::string UnicodeVersion();

}  // namespace shabih::normalization_gen

#endif  // SHABIH_SCRIPTS_NORMALIZATION_ICU_FOLD_H_

#include "scripts/normalization/icu_fold.h"

#include <unicode/utf8.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uversion.h>

#include "absl/strings/str_cat.h"

namespace shabih::normalization_gen {
namespace {

using internal::FoldKind;

// These rules are the definition of kNormalizationVersion "ar-norm-1"
// (docs/normalization.md). Changing any of them changes the generated table:
// regenerate it and bump the version.

// Arabic marks that never carry lexical identity in news text.
bool IsDroppedArabicMark(UChar32 c) {
  return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x0610 && c <= 0x061A) ||
         (c >= 0x06D6 && c <= 0x06ED) || c == 0x0640;
}

// Invisible formatting: zero-width and bidi controls, BOM, soft hyphen.
bool IsDroppedControl(UChar32 c) {
  return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF || c == 0x00AD || c == 0x2060;
}

UChar32 FoldArabicLetter(UChar32 c) {
  switch (c) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673:
      return 0x0627;  // alef with madda / hamza above / below, wasla -> bare alef
    case 0x0649: return 0x064A;  // alef maksura -> ya
    case 0x0629: return 0x0647;  // ta marbuta -> ha
    case 0x0624: return 0x0648;  // waw with hamza -> waw
    case 0x0626: return 0x064A;  // ya with hamza -> ya
    case 0x06CC: return 0x064A;  // Persian ya -> Arabic ya
    case 0x06A9: return 0x0643;  // Persian keheh -> kaf
    default: return c;
  }
}

// ICU's own encoder (unicode/utf8.h), not a copy of the engine's.
void AppendUtf8(UChar32 c, std::string* out) {
  char bytes[U8_MAX_LENGTH];
  int32_t length = 0;
  U8_APPEND_UNSAFE(bytes, length, c);
  out->append(bytes, static_cast<size_t>(length));
}

bool IsWordChar(UChar32 c) {
  if (c == '_') return false;
  if (u_isalnum(c)) return true;
  const int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
         type == U_ENCLOSING_MARK;
}

// Folds one BMP code point: NFKC case folding, Latin accents removed, then
// the Arabic rules. The result has ' ' between words.
absl::StatusOr<IcuFold> FoldCodePoint(UChar32 cp, const icu::Normalizer2& nfkc_cf,
                                      const icu::Normalizer2& nfd) {
  IcuFold fold;
  if (IsDroppedArabicMark(cp) || IsDroppedControl(cp)) {
    fold.kind = FoldKind::kDrop;
    return fold;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString folded = nfkc_cf.normalize(icu::UnicodeString(cp), status);
  if (U_FAILURE(status)) {
    return absl::InternalError(absl::StrCat("ICU NFKC_Casefold failed: ", u_errorName(status)));
  }
  std::string out;
  bool any_word = false;
  bool pending_space = false;
  bool any_mark = false;
  auto emit = [&](UChar32 c) {
    if (IsDroppedArabicMark(c) || IsDroppedControl(c)) {
      any_mark = true;
      return;
    }
    if (c >= 0x0300 && c <= 0x036F) {  // Latin combining accents
      any_mark = true;
      return;
    }
    c = FoldArabicLetter(c);
    if (u_charType(c) == U_DECIMAL_DIGIT_NUMBER) c = '0' + u_charDigitValue(c);
    if (IsWordChar(c)) {
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      AppendUtf8(c, &out);
      any_word = true;
    } else {
      pending_space = true;
    }
  };
  for (int32_t i = 0; i < folded.length();) {
    const UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    if (c < 0x0530 && c >= 0x80) {
      // Latin/Greek/Cyrillic: drop accents so that composed and decomposed
      // spellings give the same token.
      icu::UnicodeString decomposed = nfd.normalize(icu::UnicodeString(c), status);
      if (U_FAILURE(status)) return absl::InternalError("ICU NFD failed");
      for (int32_t j = 0; j < decomposed.length();) {
        const UChar32 d = decomposed.char32At(j);
        j += U16_LENGTH(d);
        emit(d);
      }
    } else {
      emit(c);
    }
  }
  // Isolated presentation forms of harakat fold to "space + mark": they are
  // diacritics, not separators.
  const bool harakat_form = (cp >= 0xFC5E && cp <= 0xFC63) || (cp >= 0xFE70 && cp <= 0xFE7F);
  if (!any_word) {
    fold.kind = (harakat_form || (any_mark && !pending_space)) ? FoldKind::kDrop : FoldKind::kSeparator;
    return fold;
  }
  const bool multi_word = out.find(' ') != std::string::npos;
  if (!multi_word && !pending_space && out.size() <= internal::kMaxWordFoldBytes) {
    fold.kind = FoldKind::kWord;
  } else {
    // Trailing separators of a folded form end the word it leaves open.
    if (pending_space) out.push_back(' ');
    fold.kind = FoldKind::kLong;
  }
  fold.utf8 = std::move(out);
  return fold;
}

}  // namespace

absl::StatusOr<std::vector<IcuFold>> BuildIcuFoldTable() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) {
    return absl::InternalError(absl::StrCat("ICU NFKC_Casefold data unavailable: ", u_errorName(status)));
  }
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) {
    return absl::InternalError(absl::StrCat("ICU NFD data unavailable: ", u_errorName(status)));
  }
  std::vector<IcuFold> table(internal::kFoldTableSize);
  for (UChar32 cp = 0; cp < static_cast<UChar32>(table.size()); ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // surrogates: separators
    absl::StatusOr<IcuFold> fold = FoldCodePoint(cp, *nfkc_cf, *nfd);
    if (!fold.ok()) return fold.status();
    table[cp] = *std::move(fold);
  }
  return table;
}

// Run-time versions (of the libicu actually loaded, not of its headers).
std::string IcuVersion() {
  UVersionInfo version;
  u_getVersion(version);
  char text[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(version, text);
  return text;
}

std::string UnicodeVersion() {
  UVersionInfo version;
  u_getUnicodeVersion(version);
  char text[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(version, text);
  return text;
}

}  // namespace shabih::normalization_gen

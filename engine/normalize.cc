#include "shabih/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <xxhash.h>

#include <cstring>
#include <mutex>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/utf8_decode.h"

namespace shabih {
namespace {

enum Kind : uint8_t {
  kSeparator = 0,  // ends the current token
  kDrop = 1,       // vanishes without splitting a word (diacritics, controls)
  kWord = 2,       // word character; `bytes` holds its folded UTF-8 (<= 6 bytes)
  kLong = 3,       // folds to a longer string, possibly several words (ligatures)
};

struct Entry {
  uint8_t kind = kSeparator;
  uint8_t length = 0;
  char bytes[6] = {};
};

// Tokens longer than this are cut into pieces: a 100 MB run of letters
// without spaces must not grow a buffer without bound.
constexpr size_t kMaxTokenBytes = 256;

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

void AppendUtf8(UChar32 c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

bool IsWordChar(UChar32 c) {
  if (c == '_') return false;
  if (u_isalnum(c)) return true;
  const int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
         type == U_ENCLOSING_MARK;
}

}  // namespace

struct Normalizer::Table {
  Entry entries[0x10000];
  // Folded forms longer than 6 bytes (ligatures such as U+FDFA); words are
  // separated by single spaces.
  absl::flat_hash_map<char32_t, std::string> long_forms;
};

namespace {

// Folds one BMP code point: NFKC case folding (ICU), Latin accents removed,
// then the Arabic rules. Returns the folded text with ' ' between words, and
// whether anything at all survived.
absl::Status FoldCodePoint(UChar32 cp, const icu::Normalizer2& nfkc_cf, const icu::Normalizer2& nfd,
                           Entry* entry, std::string* long_form) {
  if (IsDroppedArabicMark(cp) || IsDroppedControl(cp)) {
    entry->kind = kDrop;
    return absl::OkStatus();
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
    entry->kind = (harakat_form || (any_mark && !pending_space)) ? kDrop : kSeparator;
    return absl::OkStatus();
  }
  const bool multi_word = out.find(' ') != std::string::npos;
  if (!multi_word && !pending_space && out.size() <= sizeof(entry->bytes)) {
    entry->kind = kWord;
    entry->length = static_cast<uint8_t>(out.size());
    std::memcpy(entry->bytes, out.data(), out.size());
  } else {
    // Trailing separators of a folded form end the word it leaves open.
    if (pending_space) out.push_back(' ');
    entry->kind = kLong;
    *long_form = std::move(out);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Normalizer::Table>> BuildTable() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) {
    return absl::InternalError(absl::StrCat("ICU NFKC_Casefold data unavailable: ", u_errorName(status)));
  }
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) {
    return absl::InternalError(absl::StrCat("ICU NFD data unavailable: ", u_errorName(status)));
  }
  auto table = std::make_unique<Normalizer::Table>();
  for (UChar32 cp = 0; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // surrogates: separators
    std::string long_form;
    Entry& entry = table->entries[cp];
    if (absl::Status s = FoldCodePoint(cp, *nfkc_cf, *nfd, &entry, &long_form); !s.ok()) return s;
    if (entry.kind == kLong) table->long_forms[cp] = std::move(long_form);
  }
  return table;
}

// Applies PrefixFolding::kLight to a normalized token; returns the kept part
// (possibly empty: the token is dropped). Letters are compared as their
// two UTF-8 bytes: this runs once per token on the hot path.
absl::string_view FoldPrefixes(absl::string_view token) {
  auto letter = [&token](size_t i) -> uint16_t {
    return static_cast<uint16_t>(static_cast<unsigned char>(token[2 * i]) << 8 |
                                 static_cast<unsigned char>(token[2 * i + 1]));
  };
  constexpr uint16_t kWaw = 0xD988, kAlef = 0xD8A7, kLam = 0xD984, kBa = 0xD8A8, kFa = 0xD981, kKaf = 0xD983;
  const size_t n = token.size();
  if (n < 2) return token;
  const uint16_t first = letter(0);
  if (n == 2) return first == kWaw ? absl::string_view() : token;  // stand-alone conjunction
  if (n < 8) return token;  // under 4 letters nothing is removed
  const uint16_t second = letter(1);
  // wa/bi/fa/ka + al- when >= 2 letters remain.
  if (n >= 10 && second == kAlef && letter(2) == kLam &&
      (first == kWaw || first == kBa || first == kFa || first == kKaf)) {
    return token.substr(6);
  }
  if ((first == kAlef && second == kLam) || (first == kLam && second == kLam)) return token.substr(4);
  if (first == kWaw) return token.substr(2);
  return token;
}

// The tokenizer: calls sink(string_view token) for each normalized token.
template <typename Sink>
void ForEachToken(const Normalizer::Table& table, PrefixFolding folding, absl::string_view text,
                  Sink&& sink) {
  // Slack so that 6-byte entry copies never need a bounds check.
  char token[kMaxTokenBytes + 64];
  size_t length = 0;
  auto flush = [&] {
    if (length == 0) return;
    absl::string_view t(token, length);
    length = 0;
    if (folding == PrefixFolding::kLight) t = FoldPrefixes(t);
    if (!t.empty()) sink(t);
  };
  auto append = [&](const char* bytes, size_t n) {
    if (length + n > kMaxTokenBytes) flush();
    std::memcpy(token + length, bytes, n);
    length += n;
  };
  const uint8_t* p = reinterpret_cast<const uint8_t*>(text.data());
  const uint8_t* const end = p + text.size();
  while (p < end) {
    int32_t cp;
    if (*p < 0x80) {
      cp = *p++;
    } else {
      int n;
      cp = internal::DecodeUtf8(p, end, &n);
      p += n;
      if (cp < 0) {  // invalid byte: a separator, never a crash
        flush();
        continue;
      }
      if (cp >= 0x10000) {  // supplementary planes: kept verbatim as word chars
        append(reinterpret_cast<const char*>(p - n), n);
        continue;
      }
    }
    const Entry& e = table.entries[cp];
    switch (e.kind) {
      case kWord:
        if (length + sizeof(e.bytes) > kMaxTokenBytes) flush();
        std::memcpy(token + length, e.bytes, sizeof(e.bytes));
        length += e.length;
        break;
      case kSeparator:
        flush();
        break;
      case kDrop:
        break;
      case kLong: {
        const std::string& form = table.long_forms.at(static_cast<char32_t>(cp));
        size_t start = 0;
        while (start <= form.size()) {
          size_t space = form.find(' ', start);
          if (space == std::string::npos) space = form.size();
          if (space > start) append(form.data() + start, space - start);
          if (space < form.size()) flush();
          start = space + 1;
        }
        break;
      }
    }
  }
  flush();
}

}  // namespace

const char* PrefixFoldingName(PrefixFolding folding) {
  return folding == PrefixFolding::kLight ? "light" : "none";
}

absl::StatusOr<PrefixFolding> ParsePrefixFolding(absl::string_view name) {
  if (name == "light") return PrefixFolding::kLight;
  if (name == "none") return PrefixFolding::kNone;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown prefix folding '", name, "' (expected none or light)"));
}

Normalizer::Normalizer(NormalizerOptions options, std::unique_ptr<Table> table)
    : options_(options), table_(std::move(table)) {}
Normalizer::~Normalizer() = default;

absl::StatusOr<std::unique_ptr<Normalizer>> Normalizer::Create(NormalizerOptions options) {
  // The table depends only on ICU data, so it is built once and copied.
  static std::once_flag once;
  static absl::StatusOr<std::unique_ptr<Table>>* prototype = nullptr;
  std::call_once(once, [] { prototype = new absl::StatusOr<std::unique_ptr<Table>>(BuildTable()); });
  if (!prototype->ok()) return prototype->status();
  auto table = std::make_unique<Table>(**(*prototype));
  return std::unique_ptr<Normalizer>(new Normalizer(options, std::move(table)));
}

const Normalizer& Normalizer::Default() {
  static const Normalizer* instance = [] {
    auto created = Create();
    // ICU's normalization data is compiled into libicudata; if it is
    // missing the installation is broken and nothing can work.
    if (!created.ok()) std::abort();
    return created->release();
  }();
  return *instance;
}

std::string Normalizer::Normalize(absl::string_view text) const {
  std::string out;
  ForEachToken(*table_, options_.prefix_folding, text, [&](absl::string_view token) {
    if (!out.empty()) out.push_back(' ');
    out.append(token.data(), token.size());
  });
  return out;
}

void Normalizer::Tokens(absl::string_view text, std::vector<std::string>* tokens) const {
  ForEachToken(*table_, options_.prefix_folding, text,
               [&](absl::string_view token) { tokens->emplace_back(token); });
}

void Normalizer::TokenHashes(absl::string_view text, std::vector<uint64_t>* hashes) const {
  ForEachToken(*table_, options_.prefix_folding, text, [&](absl::string_view token) {
    hashes->push_back(XXH3_64bits(token.data(), token.size()));
  });
}

std::string Normalizer::MapCodePoint(char32_t code_point, bool* is_word_char) const {
  std::string out;
  if (code_point >= 0x10000) {
    if (is_word_char) *is_word_char = true;
    AppendUtf8(static_cast<UChar32>(code_point), &out);
    return out;
  }
  const Entry& e = table_->entries[code_point];
  if (is_word_char) *is_word_char = e.kind == kWord || e.kind == kLong;
  if (e.kind == kWord) out.assign(e.bytes, e.length);
  if (e.kind == kLong) out = table_->long_forms.at(code_point);
  return out;
}

}  // namespace shabih

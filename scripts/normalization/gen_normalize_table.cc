// Writes engine/normalize_table.inc, the committed normalization table, from
// the ICU-derived definition in icu_fold.cc.
//
//   cmake --build build --target shabih_normalize_table_gen
//   build/scripts/normalization/shabih_normalize_table_gen engine/normalize_table.inc
//
// The table is range-encoded: runs of consecutive code points of one kind,
// word characters folding to "code point + delta" (identity, case folding and
// presentation forms are long runs of one delta), then the few folds that are
// not a single code point, as UTF-8 strings. Before writing, the encoding is
// decoded again and compared with the ICU table, so the file is exact.
// See docs/normalization.md for when to regenerate (and bump
// kNormalizationVersion).
#include <xxhash.h>

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/internal/arabic_fold.h"
#include "scripts/normalization/icu_fold.h"

namespace shabih::normalization_gen {
namespace {

using internal::FoldKind;

struct Run {
  uint32_t first, last;
  FoldKind kind;
  int32_t delta;
};
struct StringFold {
  uint32_t code_point;
  FoldKind kind;
  std::string utf8;
};

// Decodes `utf8` (valid, from ICU) into code points.
std::vector<char32_t> CodePoints(const std::string& utf8) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < utf8.size();) {
    const unsigned char b = utf8[i];
    const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : b & (0x7F >> n);
    for (int j = 1; j < n; ++j) c = c << 6 | (static_cast<unsigned char>(utf8[i + j]) & 0x3F);
    out.push_back(c);
    i += n;
  }
  return out;
}

void Encode(const std::vector<IcuFold>& table, std::vector<Run>* runs, std::vector<StringFold>* strings) {
  for (uint32_t cp = 0; cp < table.size(); ++cp) {
    const IcuFold& f = table[cp];
    if (f.kind == FoldKind::kSeparator) continue;  // the default: not written
    int32_t delta = 0;
    if (f.kind == FoldKind::kWord) {
      const std::vector<char32_t> cps = CodePoints(f.utf8);
      if (cps.size() != 1) {
        strings->push_back({cp, f.kind, f.utf8});
        continue;
      }
      delta = static_cast<int32_t>(cps[0]) - static_cast<int32_t>(cp);
    } else if (f.kind == FoldKind::kLong) {
      strings->push_back({cp, f.kind, f.utf8});
      continue;
    }
    if (!runs->empty() && runs->back().last + 1 == cp && runs->back().kind == f.kind &&
        runs->back().delta == delta) {
      runs->back().last = cp;
    } else {
      runs->push_back({cp, cp, f.kind, delta});
    }
  }
}

std::string Utf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
  return out;
}

// The inverse of Encode, as engine/normalize_table.cc decodes the file.
std::vector<IcuFold> Decode(const std::vector<Run>& runs, const std::vector<StringFold>& strings) {
  std::vector<IcuFold> table(internal::kFoldTableSize);
  for (const Run& r : runs) {
    for (uint32_t cp = r.first; cp <= r.last; ++cp) {
      table[cp].kind = r.kind;
      if (r.kind == FoldKind::kWord) table[cp].utf8 = Utf8(static_cast<char32_t>(cp + r.delta));
    }
  }
  for (const StringFold& s : strings) table[s.code_point] = {s.kind, s.utf8};
  return table;
}

uint64_t Digest(const std::vector<IcuFold>& table) {
  std::string records;
  for (const IcuFold& f : table) internal::AppendFoldDigestRecord(f.kind, f.utf8, &records);
  return XXH3_64bits(records.data(), records.size());
}

const char* KindName(FoldKind kind) {
  switch (kind) {
    case FoldKind::kDrop: return "kD";
    case FoldKind::kWord: return "kW";
    case FoldKind::kLong: return "kL";
    case FoldKind::kSeparator: break;
  }
  return "kS";
}

// Every byte escaped: the file stays ASCII, and no escape can swallow the
// character after it.
std::string CString(const std::string& bytes) {
  std::string out = "\"";
  char hex[8];
  for (unsigned char b : bytes) {
    std::snprintf(hex, sizeof(hex), "\\x%02X", b);
    out += hex;
  }
  return out + "\"";
}

// Packs initializers into lines of at most ~110 columns: a regenerated
// table still diffs line by line, in a file a few times shorter.
class LinePacker {
 public:
  explicit LinePacker(std::ostringstream* out) : out_(out) {}
  void Add(const std::string& item) {
    if (!line_.empty() && line_.size() + 1 + item.size() > kColumns) Finish();
    line_ += line_.empty() ? "    " + item : " " + item;
  }
  void Finish() {
    if (!line_.empty()) *out_ << line_ << "\n";
    line_.clear();
  }

 private:
  static constexpr size_t kColumns = 110;
  std::ostringstream* out_;
  std::string line_;
};

std::string Render(const std::vector<Run>& runs, const std::vector<StringFold>& strings, uint64_t digest) {
  std::ostringstream out;
  char line[160];
  out << "// Generated by scripts/normalization/gen_normalize_table.cc from ICU " << IcuVersion()
      << " (Unicode " << UnicodeVersion() << ").\n"
      << "// Do not edit: see docs/normalization.md to regenerate, and bump kNormalizationVersion\n"
      << "// whenever the digest changes. Included by engine/normalize_table.cc only.\n\n"
      << "inline constexpr char kFoldTableIcuVersion[] = \"" << IcuVersion() << "\";\n"
      << "inline constexpr char kFoldTableUnicodeVersion[] = \"" << UnicodeVersion() << "\";\n";
  std::snprintf(line, sizeof(line), "inline constexpr uint64_t kFoldTableDigest = 0x%016" PRIX64 "ULL;\n\n",
                digest);
  out << line
      << "// {first, last, kind, delta}: every code point in [first, last] has `kind`; a kW one\n"
      << "// folds to the single code point cp + delta. Code points in no run and not in\n"
      << "// kFoldStrings are separators.\n"
      << "inline constexpr FoldRun kFoldRuns[] = {\n";
  LinePacker runs_out(&out);
  for (const Run& r : runs) {
    std::snprintf(line, sizeof(line), "{0x%04X, 0x%04X, %s, %d},", r.first, r.last, KindName(r.kind), r.delta);
    runs_out.Add(line);
  }
  runs_out.Finish();
  out << "};\n\n"
      << "// Folds that are not one code point: {code point, kind, folded UTF-8}.\n"
      << "inline constexpr FoldString kFoldStrings[] = {\n";
  LinePacker strings_out(&out);
  for (const StringFold& s : strings) {
    std::snprintf(line, sizeof(line), "{0x%04X, %s, ", s.code_point, KindName(s.kind));
    strings_out.Add(line + CString(s.utf8) + "},");
  }
  strings_out.Finish();
  out << "};\n";
  return out.str();
}

int Main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " OUTPUT.inc   (engine/normalize_table.inc)\n";
    return 2;
  }
  absl::StatusOr<std::vector<IcuFold>> table = BuildIcuFoldTable();
  if (!table.ok()) {
    std::cerr << table.status() << "\n";
    return 1;
  }
  for (const IcuFold& f : *table) {
    if (f.utf8.size() > 255) {
      std::cerr << "a fold longer than 255 bytes does not fit the digest record\n";
      return 1;
    }
  }
  std::vector<Run> runs;
  std::vector<StringFold> strings;
  Encode(*table, &runs, &strings);
  if (Decode(runs, strings) != *table) {
    std::cerr << "internal error: the range encoding does not round-trip\n";
    return 1;
  }
  const uint64_t digest = Digest(*table);
  std::ofstream file(argv[1], std::ios::binary);
  file << Render(runs, strings, digest);
  file.close();
  if (!file) {
    std::cerr << "cannot write " << argv[1] << "\n";
    return 1;
  }
  std::printf("wrote %s: ICU %s, %zu runs, %zu strings, digest 0x%016" PRIX64 "\n", argv[1],
              IcuVersion().c_str(), runs.size(), strings.size(), digest);
  return 0;
}

}  // namespace
}  // namespace shabih::normalization_gen

int main(int argc, char** argv) { return shabih::normalization_gen::Main(argc, argv); }

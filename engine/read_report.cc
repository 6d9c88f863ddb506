// Sentences about a read (shabih/corpus.h: DescribeSkips, ReadWarnings):
// what was skipped or altered, with examples a user can find and the fix.
// The no-input error, the summaries and the CLI's warnings all say it in
// these words, so there is one place to make them clear.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "shabih/corpus.h"

namespace shabih {
namespace {

// Examples named per sentence: enough to recognise a pattern, short enough
// for one line on a terminal.
constexpr size_t kExamples = 3;

// 1700 -> "1,700": counts in messages are read by people.
std::string Count(uint64_t n) {
  std::string digits = absl::StrCat(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string Plural(uint64_t n, absl::string_view one, absl::string_view many) {
  return absl::StrCat(Count(n), " ", n == 1 ? one : many);
}

struct ReasonWords {
  const char* reason;
  const char* one;   // what is skipped, singular
  const char* many;  // plural
  const char* fix;   // "" when there is nothing to advise
};

// Reasons as the reader names them (docs/contract.md); "unreadable: ..."
// and "read-error: ..." carry the system's message after the colon.
constexpr ReasonWords kReasons[] = {
    {"unsupported-file-type", "file", "files",
     "supported: .txt .html .htm .html.gz .jsonl .jsonl.gz .jsonl.zst .warc .warc.gz .warc.zst .warc.wet.gz"},
    {"not-found", "input", "inputs", "check the path"},
    {"unreadable", "input", "inputs", "check the permissions"},
    {"binary-file", "file", "files", "a .txt page holding NUL bytes is not text"},
    {"broken-symlink", "file", "files", "the link's target is missing"},
    {"symlinked-directory", "directory", "directories", "not followed; give the target directory as an INPUT"},
    {"not-a-regular-file", "file", "files", ""},
    {"output-directory", "directory", "directories", "this run's own output is never read"},
    {"directory-too-deep", "directory", "directories", "more than 128 levels deep"},
    {"malformed-json", "line", "lines", "each line must be one JSON object"},
    {"text-field-not-a-string", "line", "lines", "the text field must be a JSON string; see --text-field"},
    {"document-too-large", "document", "documents", "raise --max-doc-bytes to read them"},
    {"truncated-gzip", "file", "files", "the .gz stream ends early: its last lines are lost"},
    {"read-error", "file", "files", ""},
    {"truncated-zstd", "file", "files", "the .zst stream ends early: its last lines are lost"},
    {"corrupt-gzip", "file", "files", "the .gz stream is damaged: what follows the damage is lost"},
    {"corrupt-zstd", "file", "files", "the .zst stream is damaged: what follows the damage is lost"},
    {"gzip-trailing-garbage", "file", "files", "bytes after the last gzip member were ignored"},
    {"non-html-payload", "WARC record", "WARC records",
     "not a page (images, PDF, scripts); counted by type in warc_skipped_by_content_type"},
    {"http-status-not-2xx", "WARC record", "WARC records", "redirects and error pages are not articles"},
    {"malformed-warc-record", "WARC record", "WARC records",
     "bytes that are not a WARC record were skipped up to the next record"},
    {"malformed-http-response", "WARC record", "WARC records", "a response record without an HTTP status line"},
    {"unsupported-content-encoding", "WARC record", "WARC records",
     "a Content-Encoding other than gzip/deflate on compressed bytes"},
    {"corrupt-content-encoding", "WARC record", "WARC records", "the payload's gzip/deflate bytes are damaged"},
};

ReasonWords WordsFor(absl::string_view reason) {
  const absl::string_view name = reason.substr(0, reason.find(':'));
  for (const ReasonWords& words : kReasons) {
    if (name == words.reason) return words;
  }
  return {"", "input", "inputs", ""};
}

std::string SkipSentence(const ReadStats& stats, const std::string& reason, uint64_t count) {
  const ReasonWords words = WordsFor(reason);
  // "unreadable: Permission denied" reads as "unreadable (Permission denied)".
  std::string shown = reason;
  const size_t colon = reason.find(": ");
  if (colon != std::string::npos) shown = absl::StrCat(reason.substr(0, colon), " (", reason.substr(colon + 2), ")");
  std::vector<std::string> examples;
  for (const SkippedInput& skip : stats.skipped) {
    if (skip.reason != reason) continue;
    if (examples.size() == kExamples) {
      examples.push_back("...");
      break;
    }
    examples.push_back(skip.what);
  }
  std::string out = absl::StrCat(Plural(count, words.one, words.many), " skipped as ", shown);
  if (!examples.empty()) absl::StrAppend(&out, ": ", absl::StrJoin(examples, ", "));
  if (*words.fix != '\0') absl::StrAppend(&out, " (", words.fix, ")");
  return out;
}

}  // namespace

std::string DescribeMissingTextField(const ReadStats& stats) {
  const auto it = stats.skipped_by_reason.find("missing-text-field");
  if (it == stats.skipped_by_reason.end() || it->second == 0) return "";
  const uint64_t lines = it->second;
  std::string out = absl::StrCat(Plural(lines, "line has", "lines have"), " no '", stats.text_field, "' field");
  if (stats.missing_text_field.empty()) return out;
  // Most common key set first; its likely text field is the suggestion.
  std::vector<const FieldSet*> sets;
  for (const FieldSet& set : stats.missing_text_field) sets.push_back(&set);
  std::stable_sort(sets.begin(), sets.end(), [](const FieldSet* a, const FieldSet* b) { return a->lines > b->lines; });
  std::vector<std::string> described;
  uint64_t listed = 0;
  for (const FieldSet* set : sets) {
    std::string fields = set->fields.empty() ? "no fields" : absl::StrJoin(set->fields, ", ");
    if (sets.size() > 1) absl::StrAppend(&fields, " (", Plural(set->lines, "line", "lines"), ")");
    described.push_back(std::move(fields));
    listed += set->lines;
  }
  if (listed < lines) described.push_back(absl::StrCat("other fields (", Plural(lines - listed, "line", "lines"), ")"));
  absl::StrAppend(&out, lines == 1 ? "; it has: " : "; they have: ", absl::StrJoin(described, "; "));
  std::string suggestion;
  for (const FieldSet* set : sets) {
    if (!set->likely_text_field.empty()) {
      suggestion = set->likely_text_field;
      break;
    }
  }
  // An em dash, as in the rest of the sentence's English prose.
  if (!suggestion.empty()) {
    absl::StrAppend(&out, " \u2014 try --text-field ", suggestion);
  } else {
    absl::StrAppend(&out, " \u2014 name the field holding the text with --text-field");
  }
  return out;
}

std::vector<std::string> DescribeSkips(const ReadStats& stats) {
  std::vector<std::pair<std::string, uint64_t>> reasons(stats.skipped_by_reason.begin(),
                                                        stats.skipped_by_reason.end());
  std::stable_sort(reasons.begin(), reasons.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> out;
  for (const auto& [reason, count] : reasons) {
    if (count == 0) continue;
    out.push_back(reason == "missing-text-field" ? DescribeMissingTextField(stats)
                                                 : SkipSentence(stats, reason, count));
  }
  return out;
}

std::vector<std::string> ReadWarnings(const ReadStats& stats) {
  std::vector<std::string> out;
  if (stats.duplicate_ids > 0) {
    std::vector<std::string> examples;
    for (const RenamedId& r : stats.renamed_ids) {
      if (examples.size() == kExamples) break;
      examples.push_back(absl::StrCat("'", r.id, "' (", r.where, ") is now '", r.renamed, "'"));
    }
    std::string line = absl::StrCat(Plural(stats.duplicate_ids, "document has an id", "documents have ids"),
                                    " already taken, made unique with a #N suffix: ", absl::StrJoin(examples, ", "));
    if (stats.duplicate_ids > examples.size()) absl::StrAppend(&line, ", ...");
    absl::StrAppend(&line, " (listed in the summary's duplicate_ids)");
    out.push_back(std::move(line));
  }
  if (stats.repaired_utf8 > 0) {
    std::vector<std::string> files;
    for (const RepairedFile& f : stats.repaired_utf8_files) {
      if (files.size() == kExamples) break;
      files.push_back(absl::StrCat(f.file, " (", Count(f.documents), ")"));
    }
    std::string line = absl::StrCat("invalid UTF-8 replaced by U+FFFD in ",
                                    Plural(stats.repaired_utf8, "document", "documents"));
    if (!files.empty()) absl::StrAppend(&line, ": ", absl::StrJoin(files, ", "));
    if (stats.repaired_utf8_files.size() > files.size()) absl::StrAppend(&line, ", ...");
    absl::StrAppend(&line, " (is the crawl in another encoding? files listed in the summary's repaired_utf8_files)");
    out.push_back(std::move(line));
  }
  if (stats.truncated_records > 0) {
    out.push_back(absl::StrCat(Plural(stats.truncated_records, "WARC record was", "WARC records were"),
                               " cut short (WARC-Truncated, or the file ends inside it): read as far as it goes "
                               "(the summary's truncated_records)"));
  }
  std::string missing = DescribeMissingTextField(stats);
  if (!missing.empty()) out.push_back(std::move(missing));
  return out;
}

}  // namespace shabih

// The public helpers of a sharded read (shabih/corpus.h, "Shards"):
// merging the shards' ReadStats in order, parsing --shard I/N.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "shabih/corpus.h"

namespace shabih {
namespace {

// How many key sets lacking the text field an unsharded read lists.
constexpr size_t kListedFieldSets = 8;

template <typename T>
void AppendListed(const std::vector<T>& from, size_t max_listed, std::vector<T>* into) {
  for (const T& item : from) {
    if (into->size() >= max_listed) return;
    into->push_back(item);
  }
}

void MergeRepairedFiles(const ReadStats& shard, size_t max_listed, ReadStats* into) {
  if (shard.last_repaired_source == ReadStats::kNoSource) return;  // no repairs
  std::vector<RepairedFile>& files = into->repaired_utf8_files;
  auto from = shard.repaired_utf8_files.begin();
  // A file split between shards: its repairs run on from the earlier
  // shard's last one, as when one reader reads it, if that entry is listed.
  if (from != shard.repaired_utf8_files.end() && from->source == into->last_repaired_source) {
    if (!files.empty() && files.back().source == from->source) files.back().documents += from->documents;
    ++from;
  }
  for (; from != shard.repaired_utf8_files.end() && files.size() < max_listed; ++from) files.push_back(*from);
  into->last_repaired_source = shard.last_repaired_source;
}

void MergeFieldSets(const ReadStats& shard, ReadStats* into) {
  for (const FieldSet& set : shard.missing_text_field) {
    auto same = std::find_if(into->missing_text_field.begin(), into->missing_text_field.end(),
                             [&](const FieldSet& other) {
                               return std::is_permutation(other.fields.begin(), other.fields.end(),
                                                          set.fields.begin(), set.fields.end());
                             });
    if (same != into->missing_text_field.end()) {
      same->lines += set.lines;
    } else if (into->missing_text_field.size() < kListedFieldSets) {
      into->missing_text_field.push_back(set);
    }
  }
}

}  // namespace

void MergeReadStats(const ReadStats& shard, ReadStats* into, size_t max_listed) {
  into->documents += shard.documents;
  into->bytes += shard.bytes;
  into->repaired_utf8 += shard.repaired_utf8;
  into->empty_documents += shard.empty_documents;
  into->blank_lines += shard.blank_lines;
  into->skipped_total += shard.skipped_total;
  for (const auto& [reason, count] : shard.skipped_by_reason) into->skipped_by_reason[reason] += count;
  AppendListed(shard.skipped, max_listed, &into->skipped);
  if (into->text_field.empty()) into->text_field = shard.text_field;
  MergeFieldSets(shard, into);
  into->duplicate_ids += shard.duplicate_ids;
  AppendListed(shard.renamed_ids, max_listed, &into->renamed_ids);
  MergeRepairedFiles(shard, max_listed, into);
  for (const auto& [name, count] : shard.documents_by_encoding) into->documents_by_encoding[name] += count;
  for (const auto& [name, count] : shard.documents_by_encoding_source) {
    into->documents_by_encoding_source[name] += count;
  }
  for (const auto& [name, count] : shard.warc_records_by_type) into->warc_records_by_type[name] += count;
  for (const auto& [name, count] : shard.warc_skipped_by_content_type) {
    into->warc_skipped_by_content_type[name] += count;
  }
  into->truncated_records += shard.truncated_records;
  into->warc_length_repaired += shard.warc_length_repaired;
}

absl::Status ParseShard(absl::string_view spec, int* index, int* count) {
  const size_t slash = spec.find('/');
  int i = 0, n = 0;
  if (slash == absl::string_view::npos || !absl::SimpleAtoi(spec.substr(0, slash), &i) ||
      !absl::SimpleAtoi(spec.substr(slash + 1), &n)) {
    return absl::InvalidArgumentError(absl::StrCat("--shard '", spec, "': expected I/N, e.g. 0/4"));
  }
  if (n < 1 || i < 0 || i >= n) {
    return absl::InvalidArgumentError(absl::StrCat("--shard '", spec, "': needs 0 <= I < N"));
  }
  *index = i;
  *count = n;
  return absl::OkStatus();
}

}  // namespace shabih

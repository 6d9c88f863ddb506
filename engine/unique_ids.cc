// UniqueIds (shabih/corpus.h): the "#N" suffixes that make repeated ids
// unique, shared by the reader and by a stage merging shards.
#include <xxhash.h>

#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "shabih/corpus.h"

namespace shabih {
namespace {

uint64_t IdHash(absl::string_view id) { return XXH3_64bits(id.data(), id.size()); }

}  // namespace

// A 64-bit hash of every id claimed (about 16 bytes an id), plus the next
// suffix of each repeated id.
class UniqueIds::Table {
 public:
  absl::flat_hash_set<uint64_t> seen;                 // IdHash of every id claimed
  absl::flat_hash_map<uint64_t, uint64_t> next_suffix;  // repeated id's hash -> next N to try
};

UniqueIds::UniqueIds(size_t max_listed) : table_(std::make_unique<Table>()), max_listed_(max_listed) {}
UniqueIds::~UniqueIds() = default;

std::string UniqueIds::Claim(std::string id, absl::FunctionRef<std::string()> where, ReadStats* stats) {
  const uint64_t hash = IdHash(id);
  if (table_->seen.insert(hash).second) return id;
  ++stats->duplicate_ids;
  // The next suffix is remembered per repeated id, so an id repeated m times
  // costs O(m), not O(m^2); a suffix taken by a real id is passed over.
  uint64_t& next = table_->next_suffix[hash];
  if (next < 2) next = 2;
  std::string renamed;
  do {
    renamed = absl::StrCat(id, "#", next++);
  } while (!table_->seen.insert(IdHash(renamed)).second);
  if (stats->renamed_ids.size() < max_listed_) stats->renamed_ids.push_back({std::move(id), renamed, where()});
  return renamed;
}

}  // namespace shabih

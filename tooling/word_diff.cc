#include "tooling/word_diff.h"

#include <xxhash.h>

#include <algorithm>
#include <string>

namespace shabih {
namespace {

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// Appends one op, joining it to the last when of the same kind.
void Push(std::vector<DiffOp>* ops, DiffOp::Kind kind, uint32_t a, uint32_t b) {
  if (a == 0 && b == 0) return;
  if (!ops->empty() && ops->back().kind == kind) {
    ops->back().a_words += a;
    ops->back().b_words += b;
    return;
  }
  ops->push_back({kind, a, b});
}

// Myers' greedy shortest edit script of a and b (prefix and suffix already
// cut), as unit ops in order; false when more than max_edits edits are
// needed. trace[d] holds the furthest x of diagonals -d..d after d-1 edits,
// so backtracking needs no more than the O(D^2) entries actually visited.
bool Myers(absl::Span<const uint64_t> a, absl::Span<const uint64_t> b, size_t max_edits,
           std::vector<DiffOp>* ops) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  const int max_d = static_cast<int>(std::min<size_t>(max_edits, a.size() + b.size()));
  const int offset = max_d + 1;
  std::vector<int> v(2 * static_cast<size_t>(max_d) + 3, 0);
  std::vector<std::vector<int>> trace;
  int found = -1;
  for (int d = 0; d <= max_d && found < 0; ++d) {
    trace.emplace_back(v.begin() + (offset - d - 1), v.begin() + (offset + d + 2));
    for (int k = -d; k <= d; k += 2) {
      int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1]
                                                                             : v[offset + k - 1] + 1;
      int y = x - k;
      while (x < n && y < m && a[x] == b[y]) ++x, ++y;
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return false;
  std::vector<DiffOp> reversed;
  int x = n, y = m;
  for (int d = found; d >= 0; --d) {
    const std::vector<int>& prev = trace[d];  // diagonals -d-1 .. d+1
    auto at = [&](int k) { return prev[k + d + 1]; };
    const int k = x - y;
    int prev_k = 0, prev_x = 0, prev_y = 0;
    if (d > 0) {
      prev_k = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
      prev_x = at(prev_k);
      prev_y = prev_x - prev_k;
    }
    const int snake_start = d > 0 ? std::max(prev_x + (prev_k == k - 1 ? 1 : 0), 0) : 0;
    const uint32_t equal = static_cast<uint32_t>(x - snake_start);
    Push(&reversed, DiffOp::Kind::kEqual, equal, equal);
    if (d > 0) {
      if (prev_k == k + 1) {
        Push(&reversed, DiffOp::Kind::kInsert, 0, 1);  // down: b[prev_y] inserted
      } else {
        Push(&reversed, DiffOp::Kind::kDelete, 1, 0);  // right: a[prev_x] deleted
      }
    }
    x = prev_x;
    y = prev_y;
  }
  for (auto it = reversed.rbegin(); it != reversed.rend(); ++it)
    Push(ops, it->kind, it->a_words, it->b_words);
  return true;
}

// Joins every run of deletions and insertions between equal runs into one
// op: a change when it has both.
std::vector<DiffOp> MergeChanges(const std::vector<DiffOp>& unit) {
  std::vector<DiffOp> out;
  uint32_t del = 0, ins = 0;
  auto flush = [&] {
    if (del > 0 && ins > 0) {
      Push(&out, DiffOp::Kind::kChange, del, ins);
    } else if (del > 0) {
      Push(&out, DiffOp::Kind::kDelete, del, 0);
    } else if (ins > 0) {
      Push(&out, DiffOp::Kind::kInsert, 0, ins);
    }
    del = ins = 0;
  };
  for (const DiffOp& op : unit) {
    if (op.kind == DiffOp::Kind::kEqual) {
      flush();
      Push(&out, DiffOp::Kind::kEqual, op.a_words, op.b_words);
    } else {
      del += op.a_words;
      ins += op.b_words;
    }
  }
  flush();
  return out;
}

}  // namespace

const char* DiffOpName(DiffOp::Kind kind) {
  switch (kind) {
    case DiffOp::Kind::kEqual:
      return "=";
    case DiffOp::Kind::kDelete:
      return "-";
    case DiffOp::Kind::kInsert:
      return "+";
    case DiffOp::Kind::kChange:
      return "~";
  }
  return "?";
}

std::vector<std::string_view> SplitWords(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsAsciiSpace(text[i])) ++i;
    const size_t start = i;
    while (i < text.size() && !IsAsciiSpace(text[i])) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

std::vector<uint64_t> WordKeys(absl::Span<const std::string_view> words, const Normalizer& normalizer) {
  std::vector<uint64_t> keys;
  keys.reserve(words.size());
  for (std::string_view word : words) {
    const std::string normalized = normalizer.Normalize(absl::string_view(word.data(), word.size()));
    // Words that normalize to nothing (punctuation, a lone و) are compared
    // as written, in a key space of their own.
    keys.push_back(normalized.empty() ? XXH3_64bits_withSeed(word.data(), word.size(), 1)
                                      : XXH3_64bits(normalized.data(), normalized.size()));
  }
  return keys;
}

std::vector<DiffOp> DiffKeys(absl::Span<const uint64_t> a, absl::Span<const uint64_t> b, size_t max_edits) {
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  const absl::Span<const uint64_t> a_mid = a.subspan(prefix, a.size() - prefix - suffix);
  const absl::Span<const uint64_t> b_mid = b.subspan(prefix, b.size() - prefix - suffix);
  std::vector<DiffOp> unit;
  Push(&unit, DiffOp::Kind::kEqual, static_cast<uint32_t>(prefix), static_cast<uint32_t>(prefix));
  if (!Myers(a_mid, b_mid, max_edits, &unit)) {
    // Too unlike to diff cheaply: the middle is one change.
    Push(&unit, DiffOp::Kind::kDelete, static_cast<uint32_t>(a_mid.size()), 0);
    Push(&unit, DiffOp::Kind::kInsert, 0, static_cast<uint32_t>(b_mid.size()));
  }
  Push(&unit, DiffOp::Kind::kEqual, static_cast<uint32_t>(suffix), static_cast<uint32_t>(suffix));
  return MergeChanges(unit);
}

std::vector<DiffOp> WordDiff(absl::Span<const std::string_view> a, absl::Span<const std::string_view> b,
                             const Normalizer& normalizer, size_t max_edits) {
  const std::vector<uint64_t> a_keys = WordKeys(a, normalizer);
  const std::vector<uint64_t> b_keys = WordKeys(b, normalizer);
  return DiffKeys(a_keys, b_keys, max_edits);
}

}  // namespace shabih

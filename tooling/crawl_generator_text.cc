// The word model and sentence builder. The vocabulary tables are generated
// (scripts/gen/build_vocab.py); only this file includes them.
#include "tooling/crawl_generator_text.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace shabih::gen {
namespace gen_data {
#include "tooling/crawl_generator_vocab.inc"
}  // namespace gen_data

static_assert(WordModel::kEnd == gen_data::kVocabSize, "kEnd is one past the vocabulary");

const WordModel& WordModel::Get() {
  static const WordModel* model = new WordModel();
  return *model;
}

WordModel::WordModel() {
  const char* p = gen_data::kVocabWords;
  words_.reserve(gen_data::kVocabSize);
  for (int i = 0; i < gen_data::kVocabSize; ++i) {
    const size_t len = std::strlen(p);
    words_.emplace_back(p, len);
    p += len + 1;
  }
  uint64_t total = 0;
  for (uint32_t c : gen_data::kVocabCounts) cumulative_.push_back(total += c);
  total = 0;
  for (uint32_t c : gen_data::kStartCounts) start_cumulative_.push_back(total += c);
  row_total_.resize(gen_data::kVocabSize);
  for (int w = 0; w < gen_data::kVocabSize; ++w) {
    uint64_t sum = gen_data::kBigramRest[w];
    for (uint32_t i = gen_data::kBigramOffsets[w]; i < gen_data::kBigramOffsets[w + 1]; ++i) {
      sum += gen_data::kBigramCounts[i];
    }
    row_total_[w] = sum;
  }
  num_id_ = Id("<NUM>");
  year_id_ = Id("<YEAR>");
}

int WordModel::Id(absl::string_view word) const {
  for (int i = 0; i < static_cast<int>(words_.size()); ++i) {
    if (words_[i] == word) return i;
  }
  return 0;
}

int WordModel::Start(Rng& rng) const { return gen_data::kStartWords[Sample(start_cumulative_, rng)]; }

int WordModel::NextWord(int prev, Rng& rng) const {
  const uint32_t begin = gen_data::kBigramOffsets[prev];
  const uint32_t end = gen_data::kBigramOffsets[prev + 1];
  if (begin == end) return rng.Chance(70) ? kEnd : Unigram(rng);
  uint64_t r = rng.Below(row_total_[prev]);
  for (uint32_t i = begin; i < end; ++i) {
    if (r < gen_data::kBigramCounts[i]) return gen_data::kBigramNext[i];
    r -= gen_data::kBigramCounts[i];
  }
  return Unigram(rng);
}

int WordModel::Sample(const std::vector<uint64_t>& cumulative, Rng& rng) {
  const uint64_t r = rng.Below(cumulative.back());
  return static_cast<int>(std::upper_bound(cumulative.begin(), cumulative.end(), r) - cumulative.begin());
}

void Story::Clear() {
  headline.clear();
  alt_headline.clear();
  paras.clear();
  dateline = {};
  source = {};
  tags.clear();
  year_suffix = false;
  arena.clear();
}

absl::string_view SmallNumber(int n) {
  // Numbers under 2000 (most of them) come from a table, not the arena.
  static const std::vector<std::string>* table = [] {
    auto* t = new std::vector<std::string>();
    for (int i = 0; i < 2100; ++i) t->push_back(absl::StrCat(i));
    return t;
  }();
  return (*table)[n];
}

namespace {

absl::string_view RandomNumber(Rng& rng, Story* story) {
  const uint64_t r = rng.Below(100);
  if (r < 60) return SmallNumber(rng.Range(1, 30));
  if (r < 85) return SmallNumber(rng.Range(31, 1000));
  return story->Own(absl::StrCat(rng.Range(1000, 250000)));
}

void PushWord(const WordModel& model, int id, Rng& rng, Story* story, Para* out) {
  if (id == model.num_id()) {
    out->push_back({RandomNumber(rng, story), kNumber});
  } else if (id == model.year_id()) {
    out->push_back({SmallNumber(2005 + static_cast<int>(rng.Below(11))), kYear});
  } else {
    out->push_back({model.Word(id), kWord});
  }
}

}  // namespace

void AppendSentence(const WordModel& model, Rng& rng, int min_words, int max_words, bool period, int first,
                    Story* story, Para* out) {
  int word = first >= 0 ? first : model.Start(rng);
  int count = 0;
  while (true) {
    PushWord(model, word, rng, story, out);
    if (++count >= max_words) break;
    int next = model.NextWord(word, rng);
    if (next == WordModel::kEnd) {
      if (count >= min_words) break;
      next = model.Unigram(rng);
    }
    if (count >= 3 && rng.Chance(45)) out->push_back({"،", kPunct});
    word = next;
  }
  if (period) out->push_back({".", kPunct});
}

void AppendParagraph(const WordModel& model, Rng& rng, Story* story, Para* out) {
  const uint64_t r = rng.Below(10);
  const int sentences = r < 4 ? 1 : (r < 8 ? 2 : 3);
  for (int s = 0; s < sentences; ++s) AppendSentence(model, rng, 6, 38, true, -1, story, out);
}

void Tokenize(absl::string_view text, Para* out) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == absl::string_view::npos) end = text.size();
    absl::string_view piece = text.substr(pos, end - pos);
    pos = end + 1;
    if (piece.empty()) continue;
    absl::string_view trail;
    for (absl::string_view p : {absl::string_view("،"), absl::string_view("."), absl::string_view(":")}) {
      if (piece.size() > p.size() && piece.substr(piece.size() - p.size()) == p) {
        trail = piece.substr(piece.size() - p.size());
        piece.remove_suffix(p.size());
        break;
      }
    }
    TokenKind kind = kWord;
    if (piece[0] >= '0' && piece[0] <= '9') {
      kind = kNumber;
      if (piece.size() == 4 && piece.find_first_not_of("0123456789") == absl::string_view::npos &&
          piece >= "1990" && piece <= "2030") {
        kind = kYear;
      }
    }
    out->push_back({piece, kind});
    if (!trail.empty()) out->push_back({trail, kPunct});
  }
}

}  // namespace shabih::gen

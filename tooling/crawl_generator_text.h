// The generator's text: a word model of SaudiNewsNet (unigram + truncated
// bigram, tooling/crawl_generator_vocab.inc) and stories held as token lists,
// so that each copy of a story can be rendered with its own spelling.
//
//   const shabih::gen::WordModel& model = shabih::gen::WordModel::Get();
//   shabih::gen::Rng rng(42);
//   shabih::gen::Story story;
//   shabih::gen::Para para;
//   shabih::gen::AppendParagraph(model, rng, &story, &para);  // 1-3 sentences
//
// Thread safety: WordModel::Get() is safe from any thread (built once, then
// read only); a Story is used by one thread at a time.
#ifndef SHABIH_TOOLING_CRAWL_GENERATOR_TEXT_H_
#define SHABIH_TOOLING_CRAWL_GENERATOR_TEXT_H_

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "tooling/crawl_generator_random.h"

namespace shabih::gen {

class WordModel {
 public:
  // Word id that ends a sentence (one past the vocabulary).
  static constexpr int kEnd = 20000;

  static const WordModel& Get();

  absl::string_view Word(int id) const { return words_[id]; }
  int num_id() const { return num_id_; }
  int year_id() const { return year_id_; }
  // Id of a word that must be in the vocabulary (checked by tests through
  // the output); falls back to the most frequent word.
  int Id(absl::string_view word) const;

  int Unigram(Rng& rng) const { return Sample(cumulative_, rng); }
  int Start(Rng& rng) const;
  // A word from the middle of the frequency ranks: topical, not a particle.
  int ContentWord(Rng& rng) const { return 400 + static_cast<int>(rng.Below(7000)); }
  // Next word after `prev`, or kEnd.
  int NextWord(int prev, Rng& rng) const;

 private:
  WordModel();
  static int Sample(const std::vector<uint64_t>& cumulative, Rng& rng);

  std::vector<absl::string_view> words_;
  std::vector<uint64_t> cumulative_;
  std::vector<uint64_t> start_cumulative_;
  std::vector<uint64_t> row_total_;
  int num_id_ = 0;
  int year_id_ = 0;
};

enum TokenKind : uint8_t { kWord, kNumber, kYear, kPunct };

struct Token {
  absl::string_view text;
  TokenKind kind;
};
using Para = std::vector<Token>;

// A story as token lists, rendered per copy.
struct Story {
  Para headline;
  Para alt_headline;  // Another headline for the same text (template copies).
  std::vector<Para> paras;
  absl::string_view dateline;  // "الرياض - واس", or empty.
  absl::string_view source;
  std::vector<absl::string_view> tags;
  bool year_suffix = false;
  std::deque<std::string> arena;  // Owns non-static token text; never moves.

  void Clear();
  absl::string_view Own(std::string s) {
    arena.push_back(std::move(s));
    return arena.back();
  }
};

// Decimal text of 0 <= n < 2100, from a table (no allocation).
absl::string_view SmallNumber(int n);

// Appends one sentence of bigram text. `first` >= 0 continues from that word
// (after an opener such as "وقال فلان"), else a sentence-initial word.
void AppendSentence(const WordModel& model, Rng& rng, int min_words, int max_words, bool period, int first,
                    Story* story, Para* out);

// One to three sentences.
void AppendParagraph(const WordModel& model, Rng& rng, Story* story, Para* out);

// Splits `text` (owned by a story's arena) at spaces into tokens; trailing
// "،.:" become punctuation; digits become numbers, 1990-2030 years.
void Tokenize(absl::string_view text, Para* out);

}  // namespace shabih::gen

#endif  // SHABIH_TOOLING_CRAWL_GENERATOR_TEXT_H_

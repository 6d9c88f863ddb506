// Rendering a story's tokens with the spelling of one copy: hamza forms,
// final ta marbuta / ha and alef maqsura / ya, harakat, a split "و ",
// Arabic-Indic digits and the "م" year suffix, each per copy.
//
//   shabih::gen::Para para;
//   shabih::gen::Tokenize("بعث أمير المنطقة برقية في 2015", &para);
//   shabih::gen::Style style;
//   style.alef = 1000;              // every أ/إ/آ written ا
//   style.indic_digits = true;
//   shabih::gen::Rng rng(3);
//   std::string line;
//   shabih::gen::RenderPara(para, style, rng, &line);   // "بعث امير ... ٢٠١٥"
//
// A default Style renders the text as written and draws nothing from the Rng.
//
// Thread safety: pure functions of their arguments.
#ifndef SHABIH_TOOLING_CRAWL_GENERATOR_RENDER_H_
#define SHABIH_TOOLING_CRAWL_GENERATOR_RENDER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "tooling/crawl_generator_random.h"
#include "tooling/crawl_generator_text.h"

namespace shabih::gen {

struct Style {
  int alef = 0;      // Per-mille of words with أ/إ/آ written as ا.
  int ta = 0;        // Per-mille of words with final ة/ه swapped.
  int ya = 0;        // Per-mille of words with final ى/ي swapped.
  int harakat = 0;   // Per-mille of words given one diacritic.
  int wa_split = 0;  // Per-mille of و-words written "و كلمة".
  bool indic_digits = false;
  bool year_suffix = false;
};

// Appends `text`, with ASCII digits as Arabic-Indic ones when `indic`.
void AppendDigits(absl::string_view text, bool indic, std::string* out);

// Appends the tokens of `para`, words separated by spaces, punctuation
// attached to the word before it.
void RenderPara(const Para& para, const Style& style, Rng& rng, std::string* out);

}  // namespace shabih::gen

#endif  // SHABIH_TOOLING_CRAWL_GENERATOR_RENDER_H_

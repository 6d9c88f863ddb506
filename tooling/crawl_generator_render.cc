// Per-copy spelling. Arabic letters are two UTF-8 bytes (0xD8 or 0xD9 and a
// second byte), so each variant is a swap of the second byte.
#include "tooling/crawl_generator_render.h"

namespace shabih::gen {

void AppendDigits(absl::string_view text, bool indic, std::string* out) {
  if (!indic) {
    AppendView(text, out);
    return;
  }
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      out->push_back('\xD9');
      out->push_back(static_cast<char>(0xA0 + (c - '0')));
    } else {
      out->push_back(c);
    }
  }
}

namespace {

bool HasDigit(absl::string_view s) {
  for (char c : s) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

void AppendWord(absl::string_view w, const Style& style, Rng& rng, std::string* out) {
  // ASCII or too short to carry Arabic letters: as is.
  if (w.size() < 2 || static_cast<unsigned char>(w[0]) < 0xD8) {
    AppendDigits(w, style.indic_digits, out);
    return;
  }
  if (style.wa_split > 0 && w.size() >= 8 && w[0] == '\xD9' && w[1] == '\x88' && rng.Chance(style.wa_split)) {
    out->append("و ");
    w.remove_prefix(2);
  }
  const bool alef = style.alef > 0 && rng.Chance(style.alef);
  const bool ta = style.ta > 0 && rng.Chance(style.ta);
  const bool ya = style.ya > 0 && rng.Chance(style.ya);
  size_t haraka_at = absl::string_view::npos;
  if (style.harakat > 0 && rng.Chance(style.harakat)) haraka_at = rng.Below(w.size() / 2);
  const size_t start = out->size();
  for (size_t i = 0; i < w.size(); ++i) {
    const unsigned char c = w[i];
    if (i + 1 < w.size() && (c == 0xD8 || c == 0xD9)) {
      unsigned char d = w[i + 1];
      const bool last = i + 2 == w.size();
      if (alef && c == 0xD8 && (d == 0xA3 || d == 0xA5 || d == 0xA2)) d = 0xA7;
      if (ta && last && c == 0xD8 && d == 0xA9) {
        out->append("\xD9\x87");  // ة -> ه
      } else if (ta && last && c == 0xD9 && d == 0x87) {
        out->append("\xD8\xA9");  // ه -> ة
      } else if (ya && last && c == 0xD9 && (d == 0x89 || d == 0x8A)) {
        out->push_back('\xD9');
        out->push_back(d == 0x89 ? '\x8A' : '\x89');  // ى <-> ي
      } else {
        out->push_back(static_cast<char>(c));
        out->push_back(static_cast<char>(d));
      }
      if (haraka_at != absl::string_view::npos && i / 2 == haraka_at && d != 0xA7) {
        // U+064B..U+0652: fathatan .. sukun.
        out->push_back('\xD9');
        out->push_back(static_cast<char>(0x8B + rng.Below(8)));
      }
      ++i;
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  if (style.indic_digits && HasDigit(absl::string_view(*out).substr(start))) {
    std::string tail = out->substr(start);
    out->resize(start);
    AppendDigits(tail, true, out);
  }
}

}  // namespace

void RenderPara(const Para& para, const Style& style, Rng& rng, std::string* out) {
  bool first = true;
  for (const Token& t : para) {
    if (t.kind == kPunct) {
      AppendView(t.text, out);
      continue;
    }
    if (!first) out->push_back(' ');
    first = false;
    switch (t.kind) {
      case kNumber:
        AppendDigits(t.text, style.indic_digits, out);
        break;
      case kYear:
        AppendDigits(t.text, style.indic_digits, out);
        if (style.year_suffix) out->append("م");
        break;
      default: {
        absl::string_view text = t.text;
        size_t pos = 0;
        while (pos <= text.size()) {  // Multi-word tokens: each word alone.
          size_t end = text.find(' ', pos);
          if (end == absl::string_view::npos) end = text.size();
          if (pos > 0) out->push_back(' ');
          AppendWord(text.substr(pos, end - pos), style, rng, out);
          pos = end + 1;
        }
      }
    }
  }
}

}  // namespace shabih::gen

// Builds a template prior (engine/internal/template_prior.h) from JSONL
// documents: counts each word 5-shingle's documents and distinct days
// exactly and keeps those on >= --min-days days and in >= --min-docs
// documents. scripts/template_prior/build.sh runs it on the training days
// of SaudiNewsNet to write engine/data/template_prior.tsv.
//
//   shabih_template_prior_build --name NAME --source TEXT --min-days 3 --min-docs 6 \
//       --day-field date --out prior.tsv train.jsonl
//
// The day of a document is the first 10 characters of --day-field
// (YYYY-MM-DD of "2015-07-21 02:51:32"). A line that is not JSON, or lacks
// the text or the day, is skipped and counted on stderr.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "absl/strings/numbers.h"
#include "engine/internal/template_prior.h"
#include "simdjson.h"

int main(int argc, char** argv) {
  std::string name, source, day_field = "date", text_field = "text", out, input;
  uint32_t min_days = 3, min_docs = 6;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
    if (a == "--name") name = next();
    else if (a == "--source") source = next();
    else if (a == "--day-field") day_field = next();
    else if (a == "--text-field") text_field = next();
    else if (a == "--out") out = next();
    else if (a == "--min-days") { if (!absl::SimpleAtoi(next(), &min_days)) return 1; }
    else if (a == "--min-docs") { if (!absl::SimpleAtoi(next(), &min_docs)) return 1; }
    else input = a;
  }
  if (name.empty() || out.empty() || input.empty()) {
    std::fprintf(stderr, "usage: %s --name NAME --source TEXT [--min-days 3] [--min-docs 6] --out FILE IN.jsonl\n",
                 argv[0]);
    return 1;
  }
  auto builder = shabih::TemplatePriorBuilder::Create(shabih::DedupOptions(), name);
  if (!builder.ok()) {
    std::fprintf(stderr, "%s\n", builder.status().ToString().c_str());
    return 1;
  }
  std::ifstream in(input);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", input.c_str());
    return 2;
  }
  simdjson::dom::parser parser;
  std::string line;
  uint64_t skipped = 0;
  while (std::getline(in, line)) {
    simdjson::dom::element doc;
    std::string_view text, day;
    if (parser.parse(line).get(doc) || doc[text_field].get(text) || doc[day_field].get(day) || day.size() < 10) {
      ++skipped;
      continue;
    }
    const absl::Status added = (*builder)->Add(absl::string_view(text.data(), text.size()), absl::string_view(day.data(), 10));
    if (!added.ok()) {
      std::fprintf(stderr, "%s\n", added.ToString().c_str());
      return 3;
    }
  }
  const shabih::TemplatePrior prior = (*builder)->Finish(min_days, min_docs, source);
  std::ofstream(out, std::ios::binary) << prior.Serialize();
  std::fprintf(stderr, "%llu documents (%llu lines skipped), %zu shingles -> %s\n",
               static_cast<unsigned long long>((*builder)->documents()), static_cast<unsigned long long>(skipped),
               prior.entries().size(), out.c_str());
  return 0;
}

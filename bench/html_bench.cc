// HTML to main text (shabih/html.h): the whole extraction, and the parser's
// walk alone (engine/internal/html_parser.h) to show how the time splits.
// Pages: $SHABIH_BENCH_HTML (a directory of UTF-8 .html files, e.g. the
// article-extraction benchmark's pages unzipped) when set, else the UTF-8
// pages of this repository's corpus/html (small, text-heavy Arabic pages).
// docs/boilerplate.md ("HTML") records the numbers.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "engine/internal/html_parser.h"
#include "shabih/html.h"

namespace shabih {
namespace {

const std::vector<std::string>& Pages() {
  static const std::vector<std::string> pages = [] {
    std::vector<std::string> out;
    const char* env = std::getenv("SHABIH_BENCH_HTML");
    const std::filesystem::path dir = env != nullptr && *env
                                          ? std::filesystem::path(env)
                                          : std::filesystem::path(SHABIH_BENCH_SOURCE_DIR) / "corpus/html";
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->path().extension() == ".html" && it->path().parent_path().filename() != "alriyadh") {
        files.push_back(it->path());  // alriyadh's pages are windows-1256: not UTF-8
      }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (out.empty()) out.push_back("<html><body><article><p>نص الخبر، وهو قصير.</p></article></body></html>");
    return out;
  }();
  return pages;
}

int64_t TotalBytes() {
  int64_t n = 0;
  for (const std::string& p : Pages()) n += static_cast<int64_t>(p.size());
  return n;
}

void BM_ExtractHtml(benchmark::State& state) {
  HtmlOptions options;
  options.line_signals = state.range(0) != 0;
  for (auto _ : state) {
    for (const std::string& page : Pages()) {
      auto out = ExtractHtml(page, options);
      benchmark::DoNotOptimize(out);
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_ExtractHtml)->Arg(1)->Arg(0)->ArgName("line_signals");

struct Null final : internal::HtmlVisitor {
  bool Open(const internal::HtmlElement&) override { return true; }
  void Close(internal::HtmlTag) override {}
  void Text(absl::string_view t) override { bytes += t.size(); }
  size_t bytes = 0;
};

void BM_HtmlParseWalk(benchmark::State& state) {
  auto parser = internal::CreateHtmlParser();
  Null visitor;
  for (auto _ : state) {
    for (const std::string& page : Pages()) benchmark::DoNotOptimize(parser->Walk(page, &visitor));
  }
  benchmark::DoNotOptimize(visitor.bytes);
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_HtmlParseWalk);

}  // namespace
}  // namespace shabih

// shabih_html_extract: runs ExtractHtml (shabih/html.h) over .html / .html.gz
// files, writes each page's main text to OUT/<name> (the name without
// .html[.gz]) and prints the extraction speed on one core: bytes of HTML
// to main text, reading, charset conversion and writing not counted. scripts/html_eval/run.sh
// scores the outputs with a benchmark's score.py.
//
//   shabih_html_extract OUT page1.html.gz page2.html ... [--repeat N] [--no-line-signals] [--blocks]
#include <unicode/ucnv.h>
#include <zlib.h>

#include <cctype>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "shabih/html.h"

namespace {

bool ReadFile(const std::string& path, std::string* out) {
  gzFile f = gzopen(path.c_str(), "rb");  // reads plain files too
  if (f == nullptr) return false;
  out->clear();
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof(buf))) > 0) out->append(buf, static_cast<size_t>(n));
  const bool ok = n == 0;
  gzclose(f);
  return ok;
}

// A stand-in for the crawl readers' charset handling (issue 14 §1), enough
// for a corpus page: the charset a <meta> in the first 4 KiB declares, else
// UTF-8; other charsets converted with ICU. Returns false when ICU cannot.
bool ToUtf8(std::string* html) {
  std::string head = html->substr(0, 4096);
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const size_t at = head.find("charset=");
  if (at == std::string::npos) return true;
  size_t b = at + 8;
  while (b < head.size() && (head[b] == '"' || head[b] == '\'')) ++b;
  size_t e = b;
  while (e < head.size() && (std::isalnum(static_cast<unsigned char>(head[e])) || head[e] == '-' || head[e] == '_')) ++e;
  const std::string charset = head.substr(b, e - b);
  if (charset.empty() || charset == "utf-8" || charset == "utf8") return true;
  UErrorCode status = U_ZERO_ERROR;
  std::string out(html->size() * 3 + 16, '\0');
  const int32_t n = ucnv_convert("UTF-8", charset.c_str(), out.data(), static_cast<int32_t>(out.size()),
                                 html->data(), static_cast<int32_t>(html->size()), &status);
  if (U_FAILURE(status)) return false;
  out.resize(static_cast<size_t>(n));
  html->swap(out);
  return true;
}

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

std::string Name(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  for (const char* ext : {".gz", ".html", ".htm"}) {
    const std::string e(ext);
    if (name.size() > e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0) {
      name.resize(name.size() - e.size());
    }
  }
  return name;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: shabih_html_extract OUT FILE... [--repeat N] [--no-line-signals]\n";
    return 1;
  }
  const std::string out_dir = argv[1];
  std::vector<std::string> files;
  int repeat = 1;
  bool blocks = false;  // --blocks: also OUT/<name>.blocks, "label reason path text" per block
  shabih::HtmlOptions options;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--blocks") {
      blocks = true;
    } else if (a == "--no-line-signals") {
      options.line_signals = false;
    } else {
      files.push_back(a);
    }
  }
  std::filesystem::create_directories(out_dir);
  std::vector<std::pair<std::string, std::string>> pages;
  for (const std::string& f : files) {
    std::string html;
    if (!ReadFile(f, &html) || !ToUtf8(&html)) {
      std::cerr << "cannot read " << f << "\n";
      continue;
    }
    pages.emplace_back(Name(f), std::move(html));
  }
  uint64_t bytes = 0, failures = 0;
  double seconds = 0, cpu_seconds = 0;
  for (int r = 0; r < repeat; ++r) {
    for (const auto& [name, html] : pages) {
      const auto t0 = std::chrono::steady_clock::now();
      const double c0 = ThreadCpuSeconds();
      absl::StatusOr<shabih::HtmlPage> page = shabih::ExtractHtml(html, options);
      cpu_seconds += ThreadCpuSeconds() - c0;
      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      bytes += html.size();
      if (!page.ok()) {
        ++failures;
        continue;
      }
      if (r > 0) continue;
      std::ofstream(out_dir + "/" + name) << page->main_text << "\n";
      if (blocks) {
        std::ofstream b(out_dir + "/" + name + ".blocks");
        for (const shabih::HtmlBlock& block : page->blocks) {
          b << (block.boilerplate ? "-" : "+") << "\t" << block.reason << "\t" << block.path << "\t"
            << block.text.substr(0, 100) << "\n";
        }
      }
    }
  }
  // Wall time and this thread's CPU time: on a shared machine the second
  // is the figure that does not depend on the neighbours.
  std::printf(
      "{\"pages\": %zu, \"bytes\": %llu, \"seconds\": %.3f, \"mb_per_second\": %.1f, \"cpu_seconds\": %.3f, "
      "\"mb_per_cpu_second\": %.1f, \"failures\": %llu}\n",
      pages.size(), static_cast<unsigned long long>(bytes), seconds, bytes / 1e6 / std::max(seconds, 1e-9),
      cpu_seconds, bytes / 1e6 / std::max(cpu_seconds, 1e-9), static_cast<unsigned long long>(failures));
  return failures == 0 ? 0 : 3;
}

// Writing a generated crawl to disk: the crawl (one JSONL file or one .txt
// per page), the two gold files and the manifest. Output is buffered and
// flushed per MiB, so memory does not grow with the crawl.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/json_writer.h"
#include "engine/internal/status_macros.h"
#include "shabih/version.h"
#include "tooling/crawl_generator.h"
#include "tooling/crawl_generator_html.h"

namespace shabih {
namespace {

namespace fs = std::filesystem;

class OutFile {
 public:
  ~OutFile() {
    if (file_ != nullptr) std::fclose(file_);
  }
  absl::Status Open(const fs::path& path) {
    path_ = path.string();
    file_ = std::fopen(path_.c_str(), "wb");
    if (file_ == nullptr) {
      return absl::PermissionDeniedError(absl::StrCat("cannot write ", path_, ": ", std::strerror(errno)));
    }
    buffer_.reserve(kFlushAt + (1 << 16));
    return absl::OkStatus();
  }
  std::string* buffer() { return &buffer_; }
  absl::Status MaybeFlush() { return buffer_.size() >= kFlushAt ? Flush() : absl::OkStatus(); }
  absl::Status Flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      return absl::DataLossError(absl::StrCat("write failed on ", path_, ": ", std::strerror(errno)));
    }
    bytes_ += static_cast<int64_t>(buffer_.size());
    buffer_.clear();
    return absl::OkStatus();
  }
  absl::Status Close() {
    SHABIH_RETURN_IF_ERROR(Flush());
    const int rc = std::fclose(file_);
    file_ = nullptr;
    if (rc != 0) return absl::DataLossError(absl::StrCat("cannot close ", path_));
    return absl::OkStatus();
  }
  int64_t bytes() const { return bytes_; }

 private:
  static constexpr size_t kFlushAt = 1 << 20;
  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  int64_t bytes_ = 0;
};

absl::Status MakeDirs(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return absl::PermissionDeniedError(absl::StrCat("cannot create ", dir.string(), ": ", ec.message()));
  }
  return absl::OkStatus();
}

const char* FormatName(CrawlFormat format) {
  switch (format) {
    case CrawlFormat::kJsonl: return "jsonl";
    case CrawlFormat::kTxt: return "txt";
    case CrawlFormat::kHtml: return "html";
    case CrawlFormat::kWarc: return "warc";
  }
  return "";
}

// The crawl: DIR/crawl.jsonl, DIR/crawl/<site>/<page>.txt,
// DIR/pages/<site>/<page>.html or DIR/crawl.warc.gz.
class CrawlWriter {
 public:
  CrawlWriter(const fs::path& out, const GeneratorOptions& options)
      : out_(out), format_(options.format), site_dir_made_(options.sites, false) {}

  absl::Status Open() {
    if (format_ == CrawlFormat::kJsonl) return jsonl_.Open(out_ / "crawl.jsonl");
    if (format_ == CrawlFormat::kWarc) return jsonl_.Open(out_ / "crawl.warc.gz");
    return absl::OkStatus();
  }

  absl::Status Write(const GeneratedPage& page) {
    if (format_ == CrawlFormat::kJsonl) {
      JsonObjectWriter w(jsonl_.buffer());
      w.String("id", page.id).String("url", page.url).String("text", page.text).Close();
      jsonl_.buffer()->push_back('\n');
      return jsonl_.MaybeFlush();
    }
    const std::string* bytes = &page.text;
    if (format_ == CrawlFormat::kHtml || format_ == CrawlFormat::kWarc) {
      SHABIH_RETURN_IF_ERROR(gen::RenderHtmlPage(page, &html_));
      bytes = &html_;
    }
    if (format_ == CrawlFormat::kWarc) {
      SHABIH_RETURN_IF_ERROR(gen::AppendWarcRecord(page, html_, records_++, jsonl_.buffer()));
      return jsonl_.MaybeFlush();
    }
    const char* dir = format_ == CrawlFormat::kHtml ? "pages" : "crawl";
    size_t site_index = 0;
    if (!absl::SimpleAtoi(absl::string_view(page.site).substr(4), &site_index) ||
        site_index >= site_dir_made_.size()) {
      return absl::InternalError(absl::StrCat("unexpected site name ", page.site));
    }
    if (!site_dir_made_[site_index]) {
      SHABIH_RETURN_IF_ERROR(MakeDirs(out_ / dir / page.site));
      site_dir_made_[site_index] = true;
    }
    OutFile f;
    SHABIH_RETURN_IF_ERROR(f.Open(out_ / dir / page.id));
    f.buffer()->append(*bytes);
    SHABIH_RETURN_IF_ERROR(f.Close());
    txt_bytes_ += static_cast<int64_t>(bytes->size());
    return absl::OkStatus();
  }

  // One file (jsonl, warc) or one file per page (txt, html).
  bool single_file() const { return format_ == CrawlFormat::kJsonl || format_ == CrawlFormat::kWarc; }
  absl::Status Close() { return single_file() ? jsonl_.Close() : absl::OkStatus(); }
  int64_t bytes() const { return single_file() ? jsonl_.bytes() : txt_bytes_; }

 private:
  const fs::path out_;
  const CrawlFormat format_;
  OutFile jsonl_;  // crawl.jsonl or crawl.warc.gz
  std::string html_;
  int64_t records_ = 0;
  std::vector<bool> site_dir_made_;
  int64_t txt_bytes_ = 0;
};

// DIR/gold_clusters.jsonl and DIR/gold_lines.jsonl.
class GoldWriter {
 public:
  absl::Status Open(const fs::path& out) {
    SHABIH_RETURN_IF_ERROR(clusters_.Open(out / "gold_clusters.jsonl"));
    return lines_.Open(out / "gold_lines.jsonl");
  }

  absl::Status Write(const GeneratedPage& page) {
    std::string* cb = clusters_.buffer();
    JsonObjectWriter(cb)
        .String("id", page.id)
        .String("cluster", page.cluster)
        .String("kind", page.kind)
        .Close();
    cb->push_back('\n');
    std::string* lb = lines_.buffer();
    id_json_.clear();
    AppendJsonString(page.id, &id_json_);
    for (size_t i = 0; i < page.lines.size(); ++i) {
      // Hand-rolled: this file has one record per line of the crawl, and
      // the id is escaped once per page instead of once per line.
      absl::StrAppend(lb, "{\"id\":", id_json_, ",\"line\":", i + 1, ",\"label\":\"",
                      page.lines[i].boilerplate ? "boilerplate" : "content", "\",\"kind\":\"",
                      page.lines[i].kind, "\"}\n");
    }
    SHABIH_RETURN_IF_ERROR(clusters_.MaybeFlush());
    return lines_.MaybeFlush();
  }

  absl::Status Close() {
    SHABIH_RETURN_IF_ERROR(clusters_.Close());
    return lines_.Close();
  }
  int64_t bytes() const { return clusters_.bytes() + lines_.bytes(); }

 private:
  OutFile clusters_, lines_;
  std::string id_json_;
};

void Count(const GeneratedPage& page, GeneratorStats* stats) {
  ++stats->pages;
  ++stats->pages_by_kind[page.kind];
  stats->lines += static_cast<int64_t>(page.lines.size());
  for (const GoldLine& g : page.lines) stats->boilerplate_lines += g.boilerplate;
}

// The manifest holds no timings, so it is as reproducible as the crawl.
absl::Status WriteManifest(const fs::path& out, const GeneratorOptions& options,
                           const GeneratorStats& stats) {
  std::string kinds;
  {
    JsonObjectWriter k(&kinds);
    for (const auto& [kind, count] : stats.pages_by_kind) k.Int(kind, count);
    k.Close();
  }
  std::string mix;
  JsonObjectWriter(&mix)
      .Int("singleton", options.mix.singleton)
      .Int("cross_posted", options.mix.cross_posted)
      .Int("wire_embed", options.mix.wire_embed)
      .Int("same_event", options.mix.same_event)
      .Int("templated", options.mix.templated)
      .Close();
  OutFile manifest;
  SHABIH_RETURN_IF_ERROR(manifest.Open(out / "manifest.json"));
  JsonObjectWriter(manifest.buffer())
      .String("generator", "shabih gen")
      .String("version", SHABIH_VERSION)
      .String("generator_format", kGeneratorFormatVersion)
      .Raw("seed", absl::StrCat(options.seed))
      .Int("pages", stats.pages)
      .Int("sites", options.sites)
      .String("format", FormatName(options.format))
      .Raw("mix", mix)
      .Int("clusters", stats.clusters)
      .Int("lines", stats.lines)
      .Int("boilerplate_lines", stats.boilerplate_lines)
      .Int("crawl_bytes", stats.crawl_bytes)
      .Raw("pages_by_kind", kinds)
      .Close();
  manifest.buffer()->push_back('\n');
  return manifest.Close();
}

}  // namespace

absl::Status GenerateCrawl(const GeneratorOptions& options, GeneratorStats* stats) {
  if (options.out_dir.empty()) return absl::InvalidArgumentError("--out is required");
  absl::StatusOr<std::unique_ptr<CrawlGenerator>> gen = CrawlGenerator::Create(options);
  if (!gen.ok()) return gen.status();
  const fs::path out(options.out_dir);
  SHABIH_RETURN_IF_ERROR(MakeDirs(out));

  CrawlWriter crawl(out, options);
  GoldWriter gold;
  SHABIH_RETURN_IF_ERROR(crawl.Open());
  if (options.write_gold) SHABIH_RETURN_IF_ERROR(gold.Open(out));

  GeneratorStats local;
  GeneratedPage page;
  while ((*gen)->Next(&page)) {
    Count(page, &local);
    SHABIH_RETURN_IF_ERROR(crawl.Write(page));
    if (options.write_gold) SHABIH_RETURN_IF_ERROR(gold.Write(page));
  }
  SHABIH_RETURN_IF_ERROR(crawl.Close());
  if (options.write_gold) SHABIH_RETURN_IF_ERROR(gold.Close());
  local.clusters = (*gen)->clusters();
  local.crawl_bytes = crawl.bytes();
  local.gold_bytes = options.write_gold ? gold.bytes() : 0;
  SHABIH_RETURN_IF_ERROR(WriteManifest(out, options, local));
  if (stats != nullptr) *stats = std::move(local);
  return absl::OkStatus();
}

}  // namespace shabih

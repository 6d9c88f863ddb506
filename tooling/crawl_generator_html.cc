// HTML and WARC renderings of generated pages (crawl_generator_html.h).
// The page's lines and gold kinds decide where each line goes in the DOM;
// the text itself is unchanged, so a crawl's clusters are those of its
// text twin and any F1 gap between formats is the extractor's.
#include "tooling/crawl_generator_html.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/unistr.h>
#include <zlib.h>

#include <cstring>
#include <memory>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"

namespace shabih::gen {
namespace {

// Where a line goes. Lines of one region that follow each other share one
// container element.
enum class Region { kNone, kMenu, kArticle, kReadAlso, kRelated, kComments, kFooter, kInlineReadAlso };

Region RegionOf(absl::string_view kind) {
  if (kind == "nav" || kind == "breadcrumb") return Region::kMenu;
  if (kind == "readalso-cue" || kind == "readalso") return Region::kReadAlso;
  if (kind == "related-cue" || kind == "related" || kind == "mostread") return Region::kRelated;
  if (kind == "comments" || kind == "comment") return Region::kComments;
  if (kind == "footer") return Region::kFooter;
  return Region::kArticle;  // title, date, byline, body, share, ad, source, tags
}

struct Markup {
  const char* open;
  const char* close;
};

// Container open/close per layout (semantic, div soup, table) and region.
constexpr Markup kContainers[3][7] = {
    {{"", ""},
     {"<header class=\"site-header\"><nav><ul>\n", "</ul></nav></header>\n"},
     {"<main><article>\n", "</article></main>\n"},
     {"<aside class=\"read-also\">\n", "</aside>\n"},
     {"<aside class=\"related\"><ul>\n", "</ul></aside>\n"},
     {"<section class=\"comments\">\n", "</section>\n"},
     {"<footer>\n", "</footer>\n"}},
    {{"", ""},
     {"<div class=\"top-menu clearfix\">\n", "</div>\n"},
     {"<div class=\"post-content\"><div class=\"entry\">\n", "</div></div>\n"},
     {"<div class=\"widget readmore\">\n", "</div>\n"},
     {"<div class=\"widget related-posts\">\n", "</div>\n"},
     {"<div class=\"cmts\">\n", "</div>\n"},
     {"<div class=\"foot\">\n", "</div>\n"}},
    {{"", ""},
     {"<tr><td class=\"nav\" colspan=\"2\">\n", "</td></tr>\n"},
     {"<tr><td class=\"content\" valign=\"top\">\n", "</td></tr>\n"},
     {"<tr><td class=\"box\">\n", "</td></tr>\n"},
     {"<tr><td class=\"side\">\n", "</td></tr>\n"},
     {"<tr><td class=\"comments\">\n", "</td></tr>\n"},
     {"<tr><td class=\"footer\" colspan=\"2\">\n", "</td></tr>\n"}},
};

// A read-also block inside the article, per layout.
constexpr Markup kInline[3] = {
    {"<aside class=\"read-also\">\n", "</aside>\n"},
    {"<div class=\"readmore-inline\">\n", "</div>\n"},
    {"<table class=\"box\"><tr><td>\n", "</td></tr></table>\n"},
};

std::string Escape(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}});
}

// One line as an element of its region, in the site's layout.
void AppendElement(int layout, Region region, absl::string_view kind, const std::string& text,
                   std::string* out) {
  const bool cue = kind == "readalso-cue" || kind == "related-cue" || kind == "comments";
  switch (region) {
    case Region::kMenu:
      if (layout == 0) return absl::StrAppend(out, "<li><a href=\"/\">", text, "</a></li>\n");
      if (layout == 1) return absl::StrAppend(out, "<span class=\"item\"><a href=\"/\">", text, "</a></span>\n");
      return absl::StrAppend(out, "<a href=\"/\">", text, "</a><br>\n");
    case Region::kReadAlso:
    case Region::kRelated:
      if (cue) return absl::StrAppend(out, layout == 2 ? "<b>" : "<h3>", text, layout == 2 ? "</b><br>\n" : "</h3>\n");
      if (region == Region::kRelated && layout == 0) {
        return absl::StrAppend(out, "<li><a href=\"/r\">", text, "</a></li>\n");
      }
      return absl::StrAppend(out, "<div class=\"item\"><a href=\"/r\">", text, "</a></div>\n");
    case Region::kComments:
      if (cue) return absl::StrAppend(out, "<h4>", text, "</h4>\n");
      return absl::StrAppend(out, "<div class=\"comment\"><p>", text, "</p></div>\n");
    case Region::kFooter:
      return absl::StrAppend(out, "<p>", text, "</p>\n");
    case Region::kArticle:
    case Region::kNone:
      break;
  }
  if (kind == "title") {
    if (layout == 2) return absl::StrAppend(out, "<font size=\"5\"><b>", text, "</b></font><br>\n");
    return absl::StrAppend(out, layout == 0 ? "<h1>" : "<h1 class=\"post-title\">", text, "</h1>\n");
  }
  if (kind == "body") return absl::StrAppend(out, "<p>", text, "</p>\n");
  if (kind == "date" && layout == 0) return absl::StrAppend(out, "<time>", text, "</time>\n");
  return absl::StrAppend(out, "<div class=\"", kind, "\">", text, "</div>\n");
}

std::string Head(int layout, HtmlCharset charset, absl::string_view title) {
  std::string meta;
  const char* name = charset == HtmlCharset::kWindows1256 ? "windows-1256" : "utf-8";
  if (charset != HtmlCharset::kUtf8Undeclared) {
    meta = layout == 2 ? absl::StrCat("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=", name,
                                      "\">\n")
                       : absl::StrCat("<meta charset=\"", name, "\">\n");
  }
  std::string head = absl::StrCat("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n", meta,
                                  "<title>", title, "</title>\n</head>\n<body>\n");
  if (layout == 1) head.append("<div id=\"wrap\">\n");
  if (layout == 2) head.append("<table width=\"100%\" border=\"0\" cellpadding=\"4\">\n");
  return head;
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

absl::Status ToWindows1256(std::string* bytes) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open("windows-1256", &status));
  if (U_FAILURE(status)) return absl::InternalError("ICU has no windows-1256 converter");
  // What the code page lacks becomes &#NNNN;, as a browser writes it.
  ucnv_setFromUCallBack(conv.get(), UCNV_FROM_U_CALLBACK_ESCAPE, UCNV_ESCAPE_XML_DEC, nullptr, nullptr,
                        &status);
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(*bytes);
  std::string out(static_cast<size_t>(text.length()) * 8 + 16, '\0');
  const int32_t n = ucnv_fromUChars(conv.get(), out.data(), static_cast<int32_t>(out.size()),
                                    text.getBuffer(), text.length(), &status);
  if (U_FAILURE(status)) return absl::InternalError(absl::StrCat("windows-1256: ", u_errorName(status)));
  out.resize(static_cast<size_t>(n));
  *bytes = std::move(out);
  return absl::OkStatus();
}

absl::Status AppendGzipMember(const std::string& data, std::string* out) {
  z_stream z;
  std::memset(&z, 0, sizeof(z));
  // windowBits 31: a gzip header with mtime 0, so the bytes are reproducible.
  if (deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return absl::InternalError("deflateInit2 failed");
  }
  const size_t start = out->size();
  out->resize(start + deflateBound(&z, data.size()) + 32);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out->data() + start);
  z.avail_out = static_cast<uInt>(out->size() - start);
  const int rc = deflate(&z, Z_FINISH);
  const size_t written = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return absl::InternalError("deflate failed");
  out->resize(start + written);
  return absl::OkStatus();
}

}  // namespace

int HtmlLayoutOf(int site_index) { return site_index % 3; }

HtmlCharset HtmlCharsetOf(int site_index) {
  if (site_index == 3) return HtmlCharset::kUtf8Undeclared;
  return site_index % 4 == 1 ? HtmlCharset::kWindows1256 : HtmlCharset::kUtf8Declared;
}

int SiteIndexOf(const std::string& site) {
  int index = 0;
  if (site.size() <= 4 || site.compare(0, 4, "site") != 0 ||
      !absl::SimpleAtoi(absl::string_view(site).substr(4), &index)) {
    return -1;
  }
  return index;
}

absl::Status RenderHtmlPage(const GeneratedPage& page, std::string* html) {
  const int site = SiteIndexOf(page.site);
  if (site < 0) return absl::InternalError(absl::StrCat("unexpected site name ", page.site));
  const int layout = HtmlLayoutOf(site);
  const HtmlCharset charset = HtmlCharsetOf(site);
  std::string title;
  std::string body;
  Region open = Region::kNone;
  absl::string_view rest = page.text;
  for (size_t i = 0; i < page.lines.size(); ++i) {
    const size_t nl = rest.find('\n');
    const absl::string_view line = rest.substr(0, nl);
    rest = nl == absl::string_view::npos ? absl::string_view() : rest.substr(nl + 1);
    const absl::string_view kind = page.lines[i].kind;
    if (kind == "blank" || line.empty()) continue;
    const std::string text = Escape(line);
    if (kind == "title" && title.empty()) title = text;
    const Region region = RegionOf(kind);
    // A read-also block amid the body sits inside the article, as on real
    // sites, not between two article containers.
    if (open == Region::kArticle && region == Region::kReadAlso) {
      body.append(kInline[layout].open);
      open = Region::kInlineReadAlso;
    } else if (open == Region::kInlineReadAlso && region != Region::kReadAlso) {
      body.append(kInline[layout].close);
      open = Region::kArticle;
    }
    if (region != open && !(open == Region::kInlineReadAlso && region == Region::kReadAlso)) {
      body.append(kContainers[layout][static_cast<int>(open)].close);
      body.append(kContainers[layout][static_cast<int>(region)].open);
      open = region;
    }
    AppendElement(layout, region, kind, text, &body);
  }
  if (open == Region::kInlineReadAlso) {
    body.append(kInline[layout].close);
    open = Region::kArticle;
  }
  body.append(kContainers[layout][static_cast<int>(open)].close);
  *html = Head(layout, charset, title);
  html->append(body);
  if (layout == 1) html->append("</div>\n");
  if (layout == 2) html->append("</table>\n");
  html->append("</body>\n</html>\n");
  if (charset == HtmlCharset::kWindows1256) return ToWindows1256(html);
  return absl::OkStatus();
}

absl::Status AppendWarcRecord(const GeneratedPage& page, const std::string& html, int64_t number,
                              std::string* out) {
  const int site = SiteIndexOf(page.site);
  // The HTTP header names the charset only where the page declares UTF-8,
  // so windows-1256 and undeclared pages still need the <meta> or a sniff.
  const bool say_utf8 = site >= 0 && HtmlCharsetOf(site) == HtmlCharset::kUtf8Declared;
  const std::string http =
      absl::StrCat("HTTP/1.1 200 OK\r\nContent-Type: text/html", say_utf8 ? "; charset=utf-8" : "",
                   "\r\nContent-Length: ", html.size(), "\r\n\r\n", html);
  const int64_t s = number % 86400;
  const std::string record = absl::StrCat(
      "WARC/1.1\r\nWARC-Type: response\r\n",
      absl::StrFormat("WARC-Record-ID: <urn:uuid:5ab1b000-0000-4000-8000-%012d>\r\n", number),
      absl::StrFormat("WARC-Date: 2024-03-01T%02d:%02d:%02dZ\r\n", s / 3600, s / 60 % 60, s % 60),
      "WARC-Target-URI: ", page.url, "\r\nContent-Type: application/http; msgtype=response\r\n",
      "Content-Length: ", http.size(), "\r\n\r\n", http, "\r\n\r\n");
  return AppendGzipMember(record, out);
}

}  // namespace shabih::gen

#!/usr/bin/python3
"""Writes corpus/warc/sample.warc.gz: a small WARC/1.0 crawl built from pages of corpus/sites.

   /usr/bin/python3 scripts/gen/make_sample_warc.py            # rewrites corpus/warc/sample.warc.gz

Standard library only; deterministic (fixed dates, gzip mtime 0), so a re-run gives the same bytes.
Each record is its own gzip member, as crawlers write them. The records, in order:
  warcinfo; then per page a request and a response: 4 pages in UTF-8 (charset in the HTTP header),
  2 in windows-1256 (one declared in the HTTP header, one only by <meta>), 1 in windows-1256 with no
  charset anywhere (ICU's detector), 1 ISO-8859-6 page declared by <meta http-equiv>; an image/png
  response (skipped, counted by type); a 301 redirect (skipped); a resource record of HTML; and a
  response cut short and marked WARC-Truncated (kept, counted).
"""
import gzip
import html
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SITES = os.path.join(ROOT, "corpus", "sites")
OUT = os.path.join(ROOT, "corpus", "warc", "sample.warc.gz")
HOSTS = {"sabq": "sabq.org", "okaz": "www.okaz.com.sa", "alriyadh": "www.alriyadh.com",
         "was": "www.spa.gov.sa", "alyaum": "www.alyaum.com", "alwatan": "www.alwatan.com.sa"}


def page_html(lines, head_extra=""):
    title = html.escape(lines[0])
    paras = "\n".join("<p>%s</p>" % html.escape(l) for l in lines[1:] if l.strip())
    return ("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\"><head>%s<title>%s</title></head>\n"
            "<body><article>\n%s\n</article></body></html>\n" % (head_extra, title, paras))


def record(warc_type, uri, content_type, block, n, extra=()):
    headers = ["WARC/1.0", "WARC-Type: " + warc_type]
    if uri:
        headers.append("WARC-Target-URI: " + uri)
    headers += ["WARC-Date: 2015-08-%02dT10:00:00Z" % (10 + n % 10),
                "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>" % n,
                "Content-Type: " + content_type]
    headers += list(extra)
    headers.append("Content-Length: %d" % len(block))
    raw = ("\r\n".join(headers) + "\r\n\r\n").encode() + block + b"\r\n\r\n"
    return gzip.compress(raw, mtime=0)


def http_response(body, content_type, status="200 OK", extra=()):
    head = ["HTTP/1.1 " + status, "Content-Type: " + content_type] + list(extra)
    head.append("Content-Length: %d" % len(body))
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def pages():
    """(site, file name, lines) of the first pages of three sites, in sorted order."""
    out = []
    for site, count in (("sabq", 4), ("okaz", 3), ("alriyadh", 3)):
        names = sorted(os.listdir(os.path.join(SITES, site)))[:count]
        for name in names:
            with open(os.path.join(SITES, site, name), encoding="utf-8") as f:
                out.append((site, name, f.read().splitlines()))
    return out


def main():
    members = []
    n = 0

    def add(*args, **kwargs):
        nonlocal n
        n += 1
        members.append(record(*args, n, **kwargs))

    add("warcinfo", "", "application/warc-fields",
        b"software: shabih scripts/gen/make_sample_warc.py\r\nformat: WARC File Format 1.0\r\n")
    # (charset in HTTP header, <meta> in the page, encoding of the bytes)
    plans = [("utf-8", "", "utf-8")] * 4 + [
        ("windows-1256", "", "cp1256"),
        ("", "<meta charset=\"windows-1256\">", "cp1256"),
        ("", "", "cp1256"),
        ("", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-6\">", "iso-8859-6"),
    ]
    all_pages = pages()
    for (site, name, lines), (http_charset, meta, codec) in zip(all_pages, plans):
        uri = "https://%s/%s/%s" % (HOSTS[site], site, name.replace(".txt", ".html"))
        body = page_html(lines, meta).encode(codec, errors="replace")
        ctype = "text/html" + ("; charset=" + http_charset if http_charset else "")
        add("request", uri, "application/http; msgtype=request",
            ("GET %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (uri.split(HOSTS[site])[1], HOSTS[site])).encode())
        add("response", "<%s>" % uri, "application/http; msgtype=response", http_response(body, ctype))
    add("response", "https://sabq.org/logo.png", "application/http; msgtype=response",
        http_response(b"\x89PNG\r\n\x1a\n" + bytes(range(64)), "image/png"))
    add("response", "https://sabq.org/old-link", "application/http; msgtype=response",
        http_response(b"", "text/html", "301 Moved Permanently", ["Location: https://sabq.org/"]))
    site, name, lines = all_pages[8]
    add("resource", "https://%s/%s/%s" % (HOSTS[site], site, name.replace(".txt", ".html")), "text/html; charset=utf-8",
        page_html(lines).encode())
    site, name, lines = all_pages[9]
    body = page_html(lines).encode()
    cut = http_response(body, "text/html; charset=utf-8")[: 200 + len(body) // 2]
    add("response", "https://%s/%s/%s" % (HOSTS[site], site, name.replace(".txt", ".html")),
        "application/http; msgtype=response", cut, extra=["WARC-Truncated: length"])
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "wb") as f:
        for m in members:
            f.write(m)
    print("wrote %s: %d records, %d bytes" % (OUT, n, sum(len(m) for m in members)))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Writes corpus/warc/sample.warc.wet.gz: a small WET file (Common Crawl's extracted text) built from pages of
corpus/sites.

   /usr/bin/python3 scripts/gen/make_sample_wet.py            # rewrites corpus/warc/sample.warc.wet.gz

Standard library only; deterministic (fixed dates, gzip mtime 0), so a re-run gives the same bytes.
Each record is its own gzip member. The records, in order: warcinfo; then one conversion record
(Content-Type text/plain, UTF-8, as Common Crawl writes them) per page for the same ten pages as
sample.warc.gz; then the first page again under a mirror's URL (an exact duplicate: `shabih dedup`
clusters it with the first).
"""
import os

from make_sample_warc import HOSTS, ROOT, pages, record

OUT = os.path.join(ROOT, "corpus", "warc", "sample.warc.wet.gz")


def main():
    members = []
    n = 0

    def add(*args, **kwargs):
        nonlocal n
        n += 1
        members.append(record(*args, n, **kwargs))

    add("warcinfo", "", "application/warc-fields",
        b"software: shabih scripts/gen/make_sample_wet.py\r\nformat: WARC File Format 1.0\r\n")
    all_pages = pages()
    for site, name, lines in all_pages:
        uri = "https://%s/%s/%s" % (HOSTS[site], site, name.replace(".txt", ".html"))
        add("conversion", uri, "text/plain", "\n".join(lines).encode() + b"\n",
            extra=["WARC-Refers-To: <urn:uuid:00000000-0000-4000-8000-%012d>" % (1000 + n)])
    site, name, lines = all_pages[0]
    add("conversion", "https://mirror.example.sa/%s/%s" % (site, name.replace(".txt", ".html")), "text/plain",
        "\n".join(lines).encode() + b"\n")
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "wb") as f:
        for m in members:
            f.write(m)
    print("wrote %s: %d records, %d bytes" % (OUT, n, sum(len(m) for m in members)))


if __name__ == "__main__":
    main()

"""Python overhead: shabih.Deduper (and shabih.Index) vs `shabih dedup` on one JSONL crawl.

    PYTHONPATH=build/python /usr/bin/python3 python/bench/overhead.py CRAWL.jsonl build/shabih [--repeat 5] [--threads 2]

Each round runs, back to back:
  cli           `shabih dedup CRAWL --out ... --quiet --threads T`
  shabih.dedup  the same run in this process (the engine reads the file)
  json          Python reading the JSONL with the json module (ids, texts, url hosts)
  Deduper       Deduper.add + finish on those lists (the CLI's reading is in its time)
  reader        shabih.DocumentReader batches (the CLI's reader, in C++) into a Deduper
  cli --index   `shabih dedup CRAWL --index NEW --out ...`
  Index         Index.dedup_files on a new index
The minimum of each over the rounds is reported, and the ratios of those
minima (a shared machine drifts; ratios of one run drift less). Checks that
the Deduper's clusters equal the CLI's.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlsplit

import shabih


def host(url):
    return (urlsplit(url).hostname or "") if "://" in url else ""


def read_jsonl(path):
    ids, texts, sites = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            ids.append(o["id"])
            texts.append(o["text"])
            sites.append(host(o.get("url", "")))
    return ids, texts, sites


def main():
    p = argparse.ArgumentParser()
    p.add_argument("crawl")
    p.add_argument("cli")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    scratch = tempfile.mkdtemp(prefix="shabih-overhead-")
    options = shabih.Options(threads=a.threads)
    names = ("cli", "shabih.dedup", "json", "Deduper", "reader", "cli --index", "Index")
    best = dict.fromkeys(names, float("inf"))

    def timed(name, fn):
        t = time.perf_counter()
        value = fn()
        best[name] = min(best[name], time.perf_counter() - t)
        return value

    def cli(*args):
        subprocess.run([a.cli, "dedup", a.crawl, "--quiet", "--threads", str(a.threads), *args], check=True)

    try:
        for r in range(a.repeat):
            for name in ("idx-cli", "idx-py"):
                shutil.rmtree(os.path.join(scratch, name), ignore_errors=True)
            timed("cli", lambda: cli("--out", os.path.join(scratch, "cli")))
            timed("shabih.dedup", lambda: shabih.dedup([a.crawl], os.path.join(scratch, "py"), options))
            ids, texts, sites = timed("json", lambda: read_jsonl(a.crawl))

            def deduper():
                d = shabih.Deduper(options)
                d.add(ids, texts, sites)
                return d.finish()

            records = timed("Deduper", deduper)
            del ids, texts, sites

            def reader():
                d = shabih.Deduper(options)
                for batch in shabih.DocumentReader([a.crawl]):
                    d.add(*batch)
                return d.finish()

            timed("reader", reader)
            timed("cli --index", lambda: cli("--index", os.path.join(scratch, "idx-cli"), "--out",
                                             os.path.join(scratch, "idx-cli-out")))
            timed("Index", lambda: shabih.Index.open(os.path.join(scratch, "idx-py"), options).dedup_files(
                [a.crawl], os.path.join(scratch, "idx-py-out")))
            if r == 0:
                with open(os.path.join(scratch, "cli", "clusters.jsonl"), encoding="utf-8") as f:
                    want = [(o["id"], o["cluster"], o["canonical"]) for o in map(json.loads, f)]
                print(f"{len(records)} documents; Deduper clusters == CLI clusters: "
                      f"{want == [x[:3] for x in records]}", flush=True)
            print(f"round {r + 1}: " + ", ".join(f"{k} {v:.2f} s" for k, v in best.items()), flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    c = best["cli"]
    print(f"shabih.dedup / cli: {best['shabih.dedup'] / c:.3f}")
    print(f"Deduper (texts in Python) / cli: {best['Deduper'] / c:.3f}")
    print(f"(json + Deduper) / cli: {(best['json'] + best['Deduper']) / c:.3f}")
    print(f"DocumentReader + Deduper / cli: {best['reader'] / c:.3f}")
    print(f"Index / cli --index: {best['Index'] / best['cli --index']:.3f}")


if __name__ == "__main__":
    sys.exit(main())

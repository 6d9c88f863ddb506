"""Python overhead: shabih.Deduper (and shabih.Index) vs `shabih dedup` on one JSONL crawl.

    PYTHONPATH=build/python /usr/bin/python3 python/bench/overhead.py CRAWL.jsonl build/shabih [--repeat 5] [--threads 2]

Each round runs, back to back: the CLI (`shabih dedup CRAWL --out ... --quiet`),
then Python reading the JSONL with the json module and running a Deduper
over it (sites from the url field's host, as the CLI's reader), then
Index.dedup_files on a fresh index against the CLI's `--index`. The minimum
of each over the rounds is reported, and the ratios of those minima (a
shared machine drifts; same-run ratios drift less). Checks that the Deduper's
clusters equal the CLI's.
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


def python_run(path, options):
    ids, texts, sites = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            ids.append(o["id"])
            texts.append(o["text"])
            sites.append(host(o.get("url", "")))
    d = shabih.Deduper(options)
    d.add(ids, texts, sites)
    return d.finish()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("crawl")
    p.add_argument("cli")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    scratch = tempfile.mkdtemp(prefix="shabih-overhead-")
    options = shabih.Options(threads=a.threads)
    best = {"cli": 1e9, "deduper": 1e9, "cli --index": 1e9, "Index.dedup_files": 1e9}
    try:
        for r in range(a.repeat):
            out = os.path.join(scratch, "cli")
            t = time.perf_counter()
            subprocess.run([a.cli, "dedup", a.crawl, "--out", out, "--quiet", "--threads", str(a.threads)], check=True)
            best["cli"] = min(best["cli"], time.perf_counter() - t)
            t = time.perf_counter()
            records = python_run(a.crawl, options)
            best["deduper"] = min(best["deduper"], time.perf_counter() - t)
            if r == 0:
                with open(os.path.join(out, "clusters.jsonl"), encoding="utf-8") as f:
                    cli = [(o["id"], o["cluster"], o["canonical"]) for o in map(json.loads, f)]
                same = cli == [x[:3] for x in records]
                print(f"{len(records)} documents; Deduper clusters == CLI clusters: {same}", flush=True)
            for name in ("cli-idx", "py-idx", "cli-idx-out", "py-idx-out"):
                shutil.rmtree(os.path.join(scratch, name), ignore_errors=True)
            t = time.perf_counter()
            subprocess.run([a.cli, "dedup", a.crawl, "--index", os.path.join(scratch, "cli-idx"), "--out",
                            os.path.join(scratch, "cli-idx-out"), "--quiet", "--threads", str(a.threads)], check=True)
            best["cli --index"] = min(best["cli --index"], time.perf_counter() - t)
            t = time.perf_counter()
            shabih.Index.open(os.path.join(scratch, "py-idx"), options).dedup_files(
                [a.crawl], os.path.join(scratch, "py-idx-out"))
            best["Index.dedup_files"] = min(best["Index.dedup_files"], time.perf_counter() - t)
            print(f"round {r + 1}: " + ", ".join(f"{k} {v:.2f} s" for k, v in best.items()), flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"Deduper (json + add + finish) / CLI: {best['deduper'] / best['cli']:.3f}")
    print(f"Index.dedup_files / CLI --index: {best['Index.dedup_files'] / best['cli --index']:.3f}")


if __name__ == "__main__":
    sys.exit(main())

"""shabih.signatures vs datasketch's MinHash.bulk on the same texts.

    PYTHONPATH=build/python /usr/bin/python3 python/bench/signatures_vs_datasketch.py [CRAWL.jsonl]
        [--datasketch /tmp/datasketch] [--texts 2000] [--repeat 3]

datasketch is not a dependency and its code is never in this repository:
give a folder holding its source (the `datasketch` package; it needs numpy
and scipy), by --datasketch or $DATASKETCH_SRC; without it the script says so
and exits 0. Texts: the first --texts of CRAWL (a JSONL with "text"), by
default corpus/sample.jsonl repeated.

datasketch gets what its users give it: each text's 5-word shingles (the
engine's shingle size), UTF-8 bytes, 128 permutations. Its time is taken
twice: MinHash.bulk alone (the shingles made beforehand) and with the
shingling. shabih.signatures does everything a signature takes (strip,
normalize, shingle, MinHash) on the raw texts, on 1 and on 2 threads, and
without stripping (strip=False: normalize, shingle, MinHash, closer to what
datasketch is given). Each is the minimum of --repeat interleaved rounds; the speed-ups are
ratios of one run's minima.
"""

import argparse
import json
import os
import pathlib
import sys
import time

import shabih

REPO = pathlib.Path(__file__).resolve().parents[2]


def shingles(text, k=5):
    words = text.split()
    return [" ".join(words[i:i + k]).encode("utf-8") for i in range(max(1, len(words) - k + 1))]


def best_of(repeat, fn):
    """Minimum (wall seconds, CPU seconds of the process, every thread) over repeat runs."""
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        best = min(best, time.perf_counter() - t)
        best_cpu = min(best_cpu, time.process_time() - c)
    return best, best_cpu


def main():
    p = argparse.ArgumentParser()
    p.add_argument("crawl", nargs="?", default=str(REPO / "corpus" / "sample.jsonl"))
    p.add_argument("--datasketch", default=os.environ.get("DATASKETCH_SRC", "/tmp/datasketch"))
    p.add_argument("--texts", type=int, default=2000)
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args()
    if not (pathlib.Path(a.datasketch) / "datasketch" / "minhash.py").is_file():
        print(f"SKIP: no datasketch source at {a.datasketch} (give --datasketch or $DATASKETCH_SRC)")
        return 0
    sys.path.insert(0, a.datasketch)
    try:
        from datasketch import MinHash
    except ImportError as e:
        print(f"SKIP: datasketch at {a.datasketch} does not import ({e}; it needs numpy and scipy)")
        return 0
    texts = []
    with open(a.crawl, encoding="utf-8") as f:
        for line in f:
            texts.append(json.loads(line)["text"])
            if len(texts) == a.texts:
                break
    while len(texts) < a.texts:
        texts += texts[: a.texts - len(texts)]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(texts)} texts, {mb:.1f} MB, datasketch from {a.datasketch}", flush=True)
    sets = [shingles(t) for t in texts]
    shabih.signatures(texts[:10])  # warm: the normalizer's table
    runs = {
        "datasketch MinHash.bulk": lambda: MinHash.bulk(sets, num_perm=128),
        "datasketch shingling + bulk": lambda: MinHash.bulk([shingles(t) for t in texts], num_perm=128),
        "shabih.signatures, 1 thread": lambda: shabih.signatures(texts, shabih.Options(threads=1)),
        "shabih.signatures, 2 threads": lambda: shabih.signatures(texts, shabih.Options(threads=2)),
        "shabih.signatures, strip=False, 1 thread": lambda: shabih.signatures(
            texts, shabih.Options(threads=1, strip=False)),
        "shabih.signatures, strip=False, 2 threads": lambda: shabih.signatures(
            texts, shabih.Options(threads=2, strip=False)),
    }
    # Rounds of every run in turn: a shared machine's load changes from
    # minute to minute, and the minima of interleaved rounds see the same.
    # CPU seconds too: on a loaded machine wall time measures the load, CPU
    # time (summed over threads) the work; the 1-thread CPU ratio is the
    # per-core speed-up.
    times = dict.fromkeys(runs, float("inf"))
    cpu = dict.fromkeys(runs, float("inf"))
    for _ in range(a.repeat):
        for name, fn in runs.items():
            wall, used = best_of(1, fn)
            times[name] = min(times[name], wall)
            cpu[name] = min(cpu[name], used)
    for name, seconds in times.items():
        print(f"{name}: {seconds:.3f} s ({mb / seconds:.1f} MB/s), CPU {cpu[name]:.3f} s")
    bulk, bulk_cpu = times["datasketch MinHash.bulk"], cpu["datasketch MinHash.bulk"]
    for name, seconds in times.items():
        if name.startswith("shabih"):
            print(f"speed-up of {name} over MinHash.bulk alone: {bulk / seconds:.0f}x wall, "
                  f"{bulk_cpu / cpu[name]:.0f}x CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())

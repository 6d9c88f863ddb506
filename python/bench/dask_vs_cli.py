"""shabih.dask on a local cluster vs `shabih dedup`, on one crawl.

    PYTHONPATH=build/python /usr/bin/python3 python/bench/dask_vs_cli.py CRAWL.jsonl build/shabih
        [--workers 2] [--repeat 1] [--memory 1G] [--cli-memory 256M] [--work-dir DIR]

Each round: the CLI (`shabih dedup CRAWL --out ... --threads W`, in memory,
and with --cli-memory also `--memory M`), then shabih.dask.dedup on a
LocalCluster of W one-thread worker processes (started once, outside the
timings; its start-up is reported apart), each stage with options.threads=1
and the --memory budget. Reports the minimum seconds of each over the rounds,
their ratio, peak RSS (the CLI's from /usr/bin/time; each worker's from
dedup()), and checks that clusters.jsonl and candidates.jsonl are the CLI's
bytes.
"""

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import time

import distributed

import shabih
import shabih.dask


def cli_run(cli, crawl, out, threads, extra):
    t = time.perf_counter()
    run = subprocess.run(["/usr/bin/time", "-f", "%M", cli, "dedup", crawl, "--out", out, "--quiet", "--threads",
                          str(threads), *extra], check=True, capture_output=True, text=True)
    return time.perf_counter() - t, int(run.stderr.strip().splitlines()[-1]) * 1024


def main():
    p = argparse.ArgumentParser()
    p.add_argument("crawl")
    p.add_argument("cli")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--memory", help="each stage's budget, e.g. 1G (default: the engine's, MemoryBudget())")
    p.add_argument("--cli-memory", help="also the CLI with --memory M")
    p.add_argument("--work-dir", help="scratch folder (default: beside the crawl)")
    a = p.parse_args()
    crawl = os.path.abspath(a.crawl)
    scratch = tempfile.mkdtemp(prefix="shabih-dask-bench-", dir=a.work_dir or os.path.dirname(crawl))
    memory = shabih.dask._bytes(a.memory) if a.memory else 0
    options = shabih.Options(threads=1, memory=memory)
    best = {}
    rss = {}

    def note(name, seconds):
        best[name] = min(best.get(name, float("inf")), seconds)
        print(f"  {name}: {seconds:.1f} s", flush=True)

    try:
        t = time.perf_counter()
        with distributed.LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                      dashboard_address=None) as cluster, distributed.Client(cluster) as client:
            print(f"LocalCluster of {a.workers} workers started in {time.perf_counter() - t:.1f} s", flush=True)
            for r in range(a.repeat):
                print(f"round {r + 1}", flush=True)
                seconds, rss["cli"] = cli_run(a.cli, crawl, os.path.join(scratch, "cli"), a.workers, [])
                note("cli", seconds)
                if a.cli_memory:
                    seconds, rss["cli --memory"] = cli_run(a.cli, crawl, os.path.join(scratch, "cli-m"), a.workers,
                                                           ["--memory", a.cli_memory])
                    note("cli --memory", seconds)
                t = time.perf_counter()
                summary = shabih.dask.dedup([crawl], os.path.join(scratch, "dask"), client=client, options=options,
                                            work_dir=os.path.join(scratch, "work"))
                note("dask", time.perf_counter() - t)
                print("    stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in summary["stage_seconds"].items()))
                shutil.rmtree(os.path.join(scratch, "work"), ignore_errors=True)
                rss["dask workers"] = max(summary["worker_peak_rss_bytes"].values())
                same = all(filecmp.cmp(os.path.join(scratch, "cli", f), os.path.join(scratch, "dask", f),
                                       shallow=False) for f in ("clusters.jsonl", "candidates.jsonl"))
                print(f"  {summary['documents']} documents; outputs identical to the CLI's: {same}", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("minimum seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in best.items()))
    print("peak RSS: " + ", ".join(f"{k} {v / 1e6:.0f} MB" for k, v in rss.items()))
    print(f"dask / cli: {best['dask'] / best['cli']:.2f}")
    if a.cli_memory:
        print(f"dask / cli --memory {a.cli_memory}: {best['dask'] / best['cli --memory']:.2f}")


if __name__ == "__main__":
    sys.exit(main())

"""`shabih dedup` on a Dask cluster, over the sharded stages (shabih/stages.h).

    from distributed import Client, LocalCluster
    import shabih, shabih.dask
    with LocalCluster(n_workers=2, processes=True, host="127.0.0.1") as cluster, Client(cluster) as client:
        summary = shabih.dask.dedup(["crawl.jsonl"], "out/", client=client, options=shabih.Options())
    # out/clusters.jsonl and out/candidates.jsonl: the bytes `shabih dedup crawl.jsonl --out out` writes

or from a shell::

    /usr/bin/python3 -m shabih.dask crawl.jsonl --out out/ --workers 2        # a LocalCluster on loopback
    /usr/bin/python3 -m shabih.dask crawl.jsonl --out out/ --scheduler tcp://host:8786 --work-dir /shared/w

Workers run the C++ stages (shabih/stages.h) on their shards: every scan
shard, then every sign shard (each writes its shard's signatures and its LSH
band keys sorted), then every verify partition (the bands cut into key
ranges: a partition reads its range of every shard's band keys, finds its
candidate pairs and verifies them), then the cluster stage on one worker,
which merges the partitions' verified pairs and clusters. The stages share
nothing but files in the work folder, so the workers must all see it and
the inputs at the same paths (on a multi-machine cluster: a shared file
system, given with ``work_dir``).

Memory: ``options.memory`` (``--memory``) is each stage's budget, as
``--memory`` is the CLI's (a sign stage spills band keys within half of it;
a verify partition reads signatures by page within a quarter of it, holding
4 bytes a document and its candidate pairs; the cluster stage about 20 bytes
a document and the verified pairs). A worker runs one stage at a time
(``threads_per_worker=1``; on a cluster of your own, give workers one
thread or resources), so a worker's engine memory stays within the budget;
``dedup`` reports each worker's peak RSS. 0 (the default) budgets a quarter
of the machine's memory, at most 4 GiB, per stage (MemoryBudget()).
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from typing import List, Optional, Sequence

from . import _shabih


def _scan(shard: int, inputs: List[str], options: "_shabih.Options", shards: int, work_dir: str) -> dict:
    return _shabih.scan_shard(inputs, options, shard, shards, work_dir)


def _sign(shard: int, inputs: List[str], options: "_shabih.Options", shards: int, work_dir: str) -> dict:
    return _shabih.sign_shard(inputs, options, shard, shards, work_dir)


def _verify(partition: int, inputs: List[str], options: "_shabih.Options", partitions: int, work_dir: str) -> dict:
    return _shabih.verify_partition(inputs, options, partition, partitions, work_dir)


def _peak_rss() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def _cluster(inputs: List[str], options: "_shabih.Options", work_dir: str, out: str) -> dict:
    return _shabih.cluster_shards(inputs, options, work_dir, out)


def dedup(
    inputs: Sequence[str],
    out: str,
    client=None,
    options: Optional["_shabih.Options"] = None,
    shards: Optional[int] = None,
    work_dir: Optional[str] = None,
    partitions: Optional[int] = None,
) -> dict:
    """Runs the stages on `client` (default: distributed's current client).

    shards: input shards, default one per worker. partitions: verify
    partitions of the LSH bands, default two per worker (at most the
    bands; more only give empty partitions). work_dir: default a temporary
    folder beside `out`, removed afterwards (given: kept, so a failed stage
    can be re-run). Returns the cluster stage's summary (documents,
    clusters, duplicates, candidate_pairs, verified_edges, seconds: the
    cluster stage's), ``stage_seconds`` (wall seconds of each stage across
    the workers: scan, sign, verify, cluster) and ``worker_peak_rss_bytes``
    (worker address -> peak RSS of its process).
    Engine errors raise ValueError / RuntimeError with the engine's message.
    """
    if client is None:
        from distributed import get_client

        client = get_client()
    options = options if options is not None else _shabih.Options()
    inputs = [os.path.abspath(p) for p in inputs]
    out = os.path.abspath(out)
    workers = max(1, len(client.scheduler_info()["workers"]))
    shards = shards if shards is not None else workers
    partitions = partitions if partitions is not None else 2 * workers
    own_work_dir = work_dir is None
    if own_work_dir:
        parent = os.path.dirname(out) or "."
        os.makedirs(parent, exist_ok=True)
        work_dir = tempfile.mkdtemp(prefix="shabih-dask-", dir=parent)
    work_dir = os.path.abspath(work_dir)
    try:
        seconds = {}
        start = time.perf_counter()
        for name, stage in (("scan", _scan), ("sign", _sign)):
            futures = client.map(stage, range(shards), inputs=inputs, options=options, shards=shards,
                                 work_dir=work_dir, pure=False)
            client.gather(futures)  # raises the first stage error
            seconds[name], start = time.perf_counter() - start, time.perf_counter()
        futures = client.map(_verify, range(partitions), inputs=inputs, options=options, partitions=partitions,
                             work_dir=work_dir, pure=False)
        client.gather(futures)
        seconds["verify"], start = time.perf_counter() - start, time.perf_counter()
        summary = client.submit(_cluster, inputs, options, work_dir, out, pure=False).result()
        seconds["cluster"] = time.perf_counter() - start
        summary["stage_seconds"] = seconds
        summary["worker_peak_rss_bytes"] = client.run(_peak_rss)
        return summary
    finally:
        if own_work_dir:
            shutil.rmtree(work_dir, ignore_errors=True)


def _bytes(text: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
    text = text.strip().upper().removesuffix("B").removesuffix("I")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m shabih.dask",
                                     description="shabih dedup on a Dask cluster (output as `shabih dedup`)")
    parser.add_argument("inputs", nargs="+", metavar="INPUT")
    parser.add_argument("--out", required=True, metavar="DIR")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=2, help="a LocalCluster of N processes on 127.0.0.1 (2)")
    where.add_argument("--scheduler", metavar="ADDRESS", help="an existing cluster's scheduler")
    parser.add_argument("--shards", type=int, help="input shards (default: one per worker)")
    parser.add_argument("--partitions", type=int, help="verify partitions of the LSH bands (default: two per worker)")
    parser.add_argument("--work-dir", help="stage files, seen by every worker (default: temporary)")
    parser.add_argument("--threshold", type=float)
    parser.add_argument("--shingle", type=int, dest="shingle_size")
    parser.add_argument("--perms", type=int, dest="num_perms")
    parser.add_argument("--threads", type=int, help="threads per stage (default: all cores)")
    parser.add_argument("--memory", type=_bytes, help="memory budget of each stage: 256M, 4G or bytes (as the CLI's)")
    args = parser.parse_args(argv)
    fields = {k: getattr(args, k) for k in ("threshold", "shingle_size", "num_perms", "threads", "memory")
              if getattr(args, k) is not None}
    from distributed import Client, LocalCluster

    try:
        options = _shabih.Options(**fields)
        if args.scheduler:
            with Client(args.scheduler) as client:
                summary = dedup(args.inputs, args.out, client, options, args.shards, args.work_dir, args.partitions)
        else:
            with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                              dashboard_address=None) as cluster, Client(cluster) as client:
                summary = dedup(args.inputs, args.out, client, options, args.shards, args.work_dir, args.partitions)
    except (ValueError, RuntimeError) as e:
        print(f"shabih.dask: {e}", file=sys.stderr)
        return 1
    print(f"{summary['documents']} documents, {summary['clusters']} clusters, "
          f"{summary['duplicates']} duplicates -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""shabih.dask on a 2-worker LocalCluster: the bytes of `shabih dedup`.

Skipped when distributed (python3-distributed) is missing or SHABIH_CLI is
not set (ctest Python.module sets it).
"""

import json
import os
import pathlib
import subprocess
import sys

import pytest

import shabih

distributed = pytest.importorskip("distributed", reason="python3-distributed is not installed")
import shabih.dask  # noqa: E402

CLI = os.environ.get("SHABIH_CLI")
pytestmark = pytest.mark.skipif(not CLI, reason="SHABIH_CLI (the shabih binary) not set")
OUTPUTS = ("clusters.jsonl", "candidates.jsonl")


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    root = tmp_path_factory.mktemp("crawl")
    subprocess.run([CLI, "gen", "--out", str(root / "gen"), "--pages", "3000", "--seed", "5", "--no-gold",
                    "--quiet"], check=True)
    reference = root / "reference"
    subprocess.run([CLI, "dedup", str(root / "gen" / "crawl.jsonl"), "--out", str(reference), "--quiet"],
                   check=True)
    return root / "gen" / "crawl.jsonl", reference


def same_outputs(a: pathlib.Path, b: pathlib.Path):
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_dedup_on_a_local_cluster_equals_shabih_dedup(crawl, tmp_path):
    path, reference = crawl
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        summary = shabih.dask.dedup([str(path)], str(tmp_path / "out"), client=client)
        assert summary["documents"] == 3000 and summary["duplicates"] > 0
        same_outputs(tmp_path / "out", reference)
        assert len(summary["worker_peak_rss_bytes"]) == 2
        # Other shard and partition counts and a kept work folder give the
        # same bytes; the partitions' pairs were merged, not searched again.
        again = shabih.dask.dedup([str(path)], str(tmp_path / "out5"), client=client, shards=5, partitions=7,
                                  work_dir=str(tmp_path / "work"), options=shabih.Options(memory=64 << 20))
        same_outputs(tmp_path / "out5", reference)
        assert (tmp_path / "work" / "sign-4").is_dir() and (tmp_path / "work" / "verify-6" / "meta").is_file()
        assert again["candidate_pairs"] == summary["candidate_pairs"]
        with open(tmp_path / "out5" / "summary.json", encoding="utf-8") as f:
            assert "partitions" in json.load(f)["stage_seconds"]
        with pytest.raises(ValueError):
            shabih.dask.dedup([str(path)], str(tmp_path / "bad"), client=client,
                              options=shabih.Options(threshold=0))


def test_command_line(crawl, tmp_path):
    path, reference = crawl
    run = subprocess.run([sys.executable, "-m", "shabih.dask", str(path), "--out", str(tmp_path / "out"),
                          "--workers", "2"], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "3000 documents" in run.stdout
    same_outputs(tmp_path / "out", reference)

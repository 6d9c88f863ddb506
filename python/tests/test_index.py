"""shabih.Index against the CLI's `shabih dedup --index` on corpus/.

corpus/ is cut in two days; both days run through the CLI into one index
and through shabih.Index into another: the same rows, the same index.
"""

import fcntl
import json
import os
import pathlib
import subprocess

import pytest

import shabih
from test_shabih import OTHER, POST, REPOST, corpus_documents

CLI = os.environ.get("SHABIH_CLI")
needs_cli = pytest.mark.skipif(not CLI, reason="SHABIH_CLI (the shabih binary) not set")


def write_jsonl(path: pathlib.Path, docs):
    with open(path, "w", encoding="utf-8") as f:
        for id_, text in docs:
            f.write(json.dumps({"id": id_, "text": text}, ensure_ascii=False) + "\n")


def rows(path: pathlib.Path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@needs_cli
def test_two_days_equal_the_clis_index_runs(tmp_path):
    docs = corpus_documents()
    half = len(docs) // 2
    # Day 2 re-posts every 5th page of day 1 under a new id, and repeats one
    # page of day 1 as it was (known: reported as then, not added).
    days = [docs[:half], docs[half:] + [(f"again-{i}", t) for i, t in docs[:half:5]] + [docs[0]]]
    opts = shabih.Options(threads=2)
    ours = shabih.Index.open(str(tmp_path / "ours"), opts)
    for day, batch in enumerate(days):
        crawl = tmp_path / f"day{day}.jsonl"
        write_jsonl(crawl, batch)
        cli_out = tmp_path / f"cli{day}"
        subprocess.run([CLI, "dedup", str(crawl), "--index", str(tmp_path / "cli"), "--out", str(cli_out), "--quiet",
                        "--threads", "2"], check=True)
        records = ours.dedup([d[0] for d in batch], [d[1] for d in batch], out=str(tmp_path / f"ours{day}"))
        cli = rows(cli_out / "clusters.jsonl")
        assert records == [(r["id"], r["cluster"], r["canonical"], r["similarity"]) for r in cli]
        assert (tmp_path / f"ours{day}" / "clusters.jsonl").read_bytes() == (cli_out / "clusters.jsonl").read_bytes()
    # Day 2's re-posts joined day 1's clusters; the repeated page is known.
    assert any(r[0].startswith("again-") and not r[2] for r in records)
    summary = json.loads((tmp_path / "ours1" / "summary.json").read_text())
    assert summary["index"]["known_documents"] == 1
    stats = ours.stats()
    cli_stats = json.loads(subprocess.run([CLI, "index", "stats", str(tmp_path / "cli")], check=True,
                                          capture_output=True, text=True).stdout)
    for key in ("documents", "params", "format"):
        assert stats[key] == cli_stats[key], key
    assert stats["documents"] == len(days[0]) + len(days[1]) - 1
    assert len(stats["run_list"]) == 2
    compacted = ours.compact()
    assert len(compacted["run_list"]) == 1 and compacted["documents"] == stats["documents"]


def test_known_answer_and_urls(tmp_path):
    idx = shabih.Index.open(str(tmp_path / "idx"), shabih.Options(threads=1))
    assert idx.dedup(["a", "c"], [POST, OTHER], urls=["https://news.example/1", "https://news.example/2"]) == [
        ("a", "a", True, 1.0),
        ("c", "c", True, 1.0),
    ]
    # The re-post joins the published cluster of a, which stays canonical
    # (published clusters never change) although the re-post is longer.
    assert idx.dedup(["b"], [REPOST]) == [("b", "a", False, 1.0)]
    assert idx.stats()["documents"] == 3
    with pytest.raises(ValueError, match="differ in length"):
        idx.dedup(["x"], [POST, OTHER])


def test_errors_carry_the_engines_message(tmp_path):
    path = str(tmp_path / "idx")
    with pytest.raises(RuntimeError):
        shabih.Index.open(path).stats()  # no index yet
    shabih.Index.open(path, shabih.Options(threads=1)).dedup(["a"], [POST])
    with pytest.raises(ValueError, match=r"other parameters \(threshold: index has 0.4, this run 0.6\)"):
        shabih.Index.open(path, shabih.Options(threshold=0.6)).dedup(["b"], [OTHER])
    with pytest.raises(ValueError, match="threshold"):
        shabih.Index.open(path, shabih.Options(threshold=0))
    # Another writer holds the lock (flock locks conflict across open files,
    # in one process too).
    with open(os.path.join(path, "LOCK"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(RuntimeError, match="one writer at a time"):
            shabih.Index.open(path).dedup(["b"], [OTHER])
        with pytest.raises(RuntimeError, match="one writer at a time"):
            shabih.Index.open(path).compact()
        assert shabih.Index.open(path).stats()["documents"] == 1  # readers need no lock
    assert shabih.Index.open(path, shabih.Options(threads=1)).dedup(["b"], [OTHER]) == [("b", "b", True, 1.0)]


@needs_cli
def test_dedup_of_files_writes_the_clis_bytes(tmp_path):
    crawl = tmp_path / "corpus.jsonl"
    write_jsonl(crawl, corpus_documents())
    subprocess.run([CLI, "dedup", str(crawl), "--out", str(tmp_path / "cli"), "--quiet"], check=True)
    summary = shabih.dedup([str(crawl)], str(tmp_path / "py"), shabih.Options(threads=2))
    assert summary["documents"] == len(corpus_documents()) and summary["duplicates"] > 0
    for name in ("clusters.jsonl", "candidates.jsonl"):
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    with pytest.raises(RuntimeError, match="missing.jsonl"):
        shabih.dedup([str(tmp_path / "missing.jsonl")], str(tmp_path / "none"))

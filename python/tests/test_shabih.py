"""The module `shabih` against the engine's known answers and the CLI.

Run by ctest Python.module (python/tests/run.sh), which sets PYTHONPATH to
the build's python/ folder and SHABIH_CLI to the `shabih` binary.
"""

import json
import os
import pathlib
import pickle
import subprocess

import numpy as np
import pytest

import shabih

REPO = pathlib.Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"

POST = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الرياض بسعة مئتي سرير"
REPOST = "و" + POST  # the same story, re-posted with a leading و
OTHER = "فاز الفريق الأول لكرة القدم بالمباراة النهائية بعد أداء قوي في الشوط الثاني"


def test_options_defaults_are_the_clis():
    o = shabih.Options()
    assert o.threshold == 0.4
    assert o.shingle_size == 5
    assert o.num_perms == 128
    assert o.seed == 0x5348414249480001
    assert (o.bands, o.rows) == (0, 0)
    assert o.cluster == "bounded"
    assert o.link_threshold == 0.3
    assert o.common_df == 50
    assert o.strip and o.strip_crawl_stats
    assert o.method == "minhash"
    assert o.prefix_folding == "light"
    assert o.threads == 0 and o.memory == 0 and o.containment == 0
    # Derived as the README says: 31 x 3 for 0.4 / 128.
    r = o.resolved()
    assert (r.bands, r.rows) == (31, 3)
    assert r.threads >= 1


def test_options_keywords_pickle_and_equality():
    o = shabih.Options(threshold=0.5, num_perms=64, cluster="connected", containment=0.8, threads=3, memory=1 << 26)
    assert o.threshold == 0.5 and o.num_perms == 64 and o.cluster == "connected"
    copy = pickle.loads(pickle.dumps(o))
    assert copy == o
    assert copy.to_dict() == o.to_dict()
    assert copy != shabih.Options()
    assert "cluster='connected'" in repr(o)
    o.threshold = 0.7
    assert o.threshold == 0.7 and copy.threshold == 0.5


def test_options_errors_carry_the_engines_message():
    with pytest.raises(TypeError, match="no field 'treshold'"):
        shabih.Options(treshold=0.5)
    with pytest.raises(ValueError, match="cluster mode 'chain'"):
        shabih.Options(cluster="chain")
    with pytest.raises(ValueError, match="threshold"):
        shabih.Options(threshold=2.0).resolved()
    with pytest.raises(ValueError, match="threshold"):
        shabih.signatures([POST], shabih.Options(threshold=0))
    with pytest.raises(ValueError):
        shabih.Deduper(shabih.Options(num_perms=0))


def test_normalize_known_answers():
    # The examples of shabih/normalize.h.
    assert shabih.normalize("وَقَالَ الرَّئِيسُ: «أهلاً»") == "قال رييس اهلا"
    assert shabih.normalize("وَقَالَ الرَّئِيسُ: «أهلاً»", prefix_folding="none") == "وقال الرييس اهلا"
    assert shabih.normalize("") == ""
    with pytest.raises(ValueError):
        shabih.normalize("x", prefix_folding="heavy")


def test_strip_labels_every_line_and_keeps_content():
    page = "الرئيسية | محليات\n" + POST + ".\nشارك على تويتر\n"
    kept, lines = shabih.strip(page)
    assert kept == POST + "."
    assert [l[0] for l in lines] == ["الرئيسية | محليات", POST + ".", "شارك على تويتر"]
    assert [l[1] for l in lines] == ["boilerplate", "content", "boilerplate"]
    assert lines[0][2] and lines[2][2] and lines[1][2] == ""
    assert shabih.strip("") == ("", [])


def test_signatures_shape_dtype_and_determinism():
    texts = [POST, REPOST, OTHER, ""]
    one = shabih.signatures(texts, shabih.Options(threads=1))
    many = shabih.signatures(texts * 50, shabih.Options(threads=4))
    assert one.dtype == np.uint32 and one.shape == (4, 128)
    assert np.array_equal(many[:4], one) and np.array_equal(many[-4:], one)
    # Each text is signed alone: the same row whatever its neighbours.
    assert np.array_equal(shabih.signatures([OTHER])[0], one[2])
    assert np.all(one[3] == shabih.EMPTY_SLOT)  # no shingle
    assert np.array_equal(one[0], one[1])  # the light folding drops the و
    assert np.mean(one[0] == one[2]) < 0.1
    assert shabih.signatures([], shabih.Options(num_perms=64)).shape == (0, 64)
    with pytest.raises(ValueError):
        shabih.signatures([POST], sites=["a", "b"])


def test_deduper_known_answer_of_the_header():
    d = shabih.Deduper(shabih.Options(threads=1))
    d.add(["a", "b"], [POST, REPOST])
    d.add(["c"], [OTHER])
    assert d.documents == 3
    assert d.finish() == [("a", "b", False, 1.0), ("b", "b", True, 1.0), ("c", "c", True, 1.0)]
    with pytest.raises(RuntimeError, match="finished"):
        d.finish()
    with pytest.raises(ValueError):
        shabih.Deduper().add(["a"], [POST, OTHER])


def corpus_documents():
    """corpus/: its .txt pages (id = path) and sample.jsonl's objects."""
    docs = []
    for path in sorted(CORPUS.rglob("*.txt")):
        docs.append((str(path.relative_to(CORPUS)), path.read_text(encoding="utf-8")))
    with open(CORPUS / "sample.jsonl", encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            docs.append((obj["id"], obj["text"]))
    return docs


@pytest.mark.skipif(not os.environ.get("SHABIH_CLI"), reason="SHABIH_CLI (the shabih binary) not set")
@pytest.mark.parametrize("batch", [1000, 7])
def test_deduper_equals_shabih_dedup_on_the_corpus(tmp_path, batch):
    docs = corpus_documents()
    assert len(docs) >= 80
    crawl = tmp_path / "corpus.jsonl"
    with open(crawl, "w", encoding="utf-8") as f:
        for id_, text in docs:
            f.write(json.dumps({"id": id_, "text": text}, ensure_ascii=False) + "\n")
    subprocess.run([os.environ["SHABIH_CLI"], "dedup", str(crawl), "--out", str(tmp_path / "out"), "--quiet"],
                   check=True)
    with open(tmp_path / "out" / "clusters.jsonl", encoding="utf-8") as f:
        cli = [json.loads(line) for line in f]

    d = shabih.Deduper(shabih.Options(threads=2))
    for i in range(0, len(docs), batch):
        part = docs[i : i + batch]
        d.add([p[0] for p in part], [p[1] for p in part])
    ours = d.finish()
    assert [(r[0], r[1], r[2]) for r in ours] == [(c["id"], c["cluster"], c["canonical"]) for c in cli]
    # clusters.jsonl writes similarities to 4 decimals.
    assert [round(r[3], 4) for r in ours] == [c["similarity"] for c in cli]
    assert sum(1 for r in ours if not r[2]) > 0  # the corpus has duplicates


@pytest.mark.skipif(not os.environ.get("SHABIH_CLI"), reason="SHABIH_CLI (the shabih binary) not set")
def test_document_reader_feeds_a_deduper_as_the_cli_reads(tmp_path):
    crawl = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": i, "url": f"https://Site{n % 3}.example/{n}", "text": t}, ensure_ascii=False)
             for n, (i, t) in enumerate(corpus_documents())]
    lines[3] = lines[2]  # a repeated id: renamed "#2", as the CLI does
    with open(crawl, "w", encoding="utf-8") as f:
        f.write("\n".join(lines[:10]) + "\n{broken\n" + "\n".join(lines[10:]) + "\n")
    subprocess.run([os.environ["SHABIH_CLI"], "dedup", str(crawl), "--out", str(tmp_path / "out"), "--quiet"],
                   check=True)
    with open(tmp_path / "out" / "clusters.jsonl", encoding="utf-8") as f:
        cli = [json.loads(line) for line in f]
    reader = shabih.DocumentReader([str(crawl)], batch_size=16)
    d = shabih.Deduper(shabih.Options(threads=2))
    sizes = []
    for ids, texts, sites in reader:
        sizes.append(len(ids))
        assert set(sites) <= {"site0.example", "site1.example", "site2.example"}  # hosts, lower-cased
        d.add(ids, texts, sites)
    assert sizes[0] == 16 and sum(sizes) == len(lines)
    assert reader.stats["skipped_by_reason"] == {"malformed-json": 1} and reader.stats["duplicate_ids"] == 1
    assert [(r[0], r[1], r[2]) for r in d.finish()] == [(c["id"], c["cluster"], c["canonical"]) for c in cli]
    assert cli[3]["id"] == cli[2]["id"] + "#2"
    missing = shabih.DocumentReader([str(tmp_path / "missing.jsonl")])  # skipped and counted, as by the CLI
    assert list(missing) == [] and missing.stats["skipped"] == 1

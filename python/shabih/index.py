"""The persistent index from Python: what ``shabih dedup NEW --index IDX`` does.

    import shabih
    idx = shabih.Index.open("idx/", shabih.Options())     # created by its first run
    day1 = idx.dedup(["a", "b"], ["نص أول", "نص ثان"])      # against the index, then added to it
    day2 = idx.dedup(["c"], ["نص ثالث"])                    # against a and b too
    # [(id, cluster, canonical, similarity), ...] in input order, as Deduper.finish()
    idx.stats()["documents"]                               # 3: `shabih index stats idx/` as a dict
    idx.compact()                                          # `shabih index compact idx/`

Each ``dedup`` call is one run of the engine's index (shabih/index.h): the
batch is written as JSONL into a scratch folder and run exactly as the CLI
runs it, so a batch gives the rows ``shabih dedup batch.jsonl --index IDX``
writes (``clusters.jsonl``; similarities to 4 decimals, as there). A
document indexed before with the same id and text is reported as it was
then and not added again; the same id with other text is a new version.

Errors carry the engine's message: options that differ from the index's
parameters (the first difference named) raise ValueError, as bad options
do; another writer holding the index's lock, or a folder that is no index
(``stats``), RuntimeError.

Thread safety: an Index object may be shared; the engine lets one writer at
a time into an index (a second, in any process, gets the lock error) and any
number of readers (``stats``).
"""

import json
import os
import shutil
import tempfile
from typing import Iterable, List, Optional, Sequence, Tuple

from . import _shabih

Record = Tuple[str, str, bool, float]


def _rows(path: str) -> List[Record]:
    with open(path, encoding="utf-8") as f:
        return [(r["id"], r["cluster"], r["canonical"], r["similarity"]) for r in map(json.loads, f)]


def dedup(inputs: Iterable[str], out: str, options: Optional["_shabih.Options"] = None) -> dict:
    """``shabih dedup INPUT... --out OUT`` in this process: OUT's summary.json as a dict.

    The engine reads the files (JSONL, .jsonl.gz, folders of .txt pages, as
    the CLI does) with the GIL released; OUT gets clusters.jsonl and
    candidates.jsonl, the CLI's bytes.
    """
    _shabih._run_dedup([os.fspath(p) for p in inputs], options if options is not None else _shabih.Options(),
                       os.fspath(out))
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        return json.load(f)


class Index:
    """A persistent index folder; see the module's docstring."""

    def __init__(self, path: str, options: Optional["_shabih.Options"] = None) -> None:
        self.path = os.path.abspath(path)
        self.options = options if options is not None else _shabih.Options()
        self.options.resolved()  # ValueError now rather than at the first run

    @classmethod
    def open(cls, path: str, options: Optional["_shabih.Options"] = None) -> "Index":
        """The index at `path` (created by the first run when missing), run with `options`.

        An existing index must have been made with the same signature
        parameters; a run with others raises ValueError naming the first
        difference (the index's ``stats()["params"]`` shows them).
        """
        return cls(path, options)

    def dedup(
        self,
        ids: Sequence[str],
        texts: Sequence[str],
        urls: Optional[Sequence[str]] = None,
        out: Optional[str] = None,
    ) -> List[Record]:
        """Deduplicates a batch against the index and within itself, then adds it.

        Returns ``[(id, cluster, canonical, similarity), ...]`` in input
        order; ``cluster`` may be a document of an earlier run. `urls` give
        each page's site (its host) for boilerplate statistics, as the
        JSONL ``url`` field does. `out`: a folder to keep the run's
        ``clusters.jsonl``, ``candidates.jsonl`` and ``summary.json`` in
        (default: a scratch folder, removed).
        """
        if len(ids) != len(texts):
            raise ValueError("ids and texts differ in length")
        if urls is not None and len(urls) != len(texts):
            raise ValueError("urls and texts differ in length")
        scratch = tempfile.mkdtemp(prefix="shabih-index-", dir=self.options.work_dir or None)
        try:
            batch = os.path.join(scratch, "batch.jsonl")
            with open(batch, "w", encoding="utf-8", newline="\n") as f:
                for i, (id_, text) in enumerate(zip(ids, texts)):
                    obj = {"id": id_, "text": text}
                    if urls is not None:
                        obj["url"] = urls[i]
                    f.write(json.dumps(obj, ensure_ascii=False) + "\n")
            run_out = out if out is not None else os.path.join(scratch, "out")
            self.dedup_files([batch], run_out)
            return _rows(os.path.join(run_out, "clusters.jsonl"))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def dedup_files(self, inputs: Iterable[str], out: str) -> dict:
        """``shabih dedup INPUT... --index PATH --out OUT``: the run's summary.json as a dict."""
        _shabih._run_dedup([os.fspath(p) for p in inputs], self.options, os.fspath(out), self.path)
        with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
            return json.load(f)

    def stats(self) -> dict:
        """``shabih index stats PATH`` as a dict (documents, runs, bytes, params, run_list).

        RuntimeError when the folder is no index yet.
        """
        return json.loads(_shabih._index_stats(self.path))

    def compact(self) -> dict:
        """``shabih index compact PATH``: the runs merged into one; the stats after."""
        return json.loads(_shabih._compact_index(self.path))

    def __repr__(self) -> str:
        return f"shabih.Index({self.path!r})"

"""shabih: near-duplicate and boilerplate detection for Arabic web crawls.

The C++ engine does the work; this package is a thin layer over it::

    import shabih
    opts = shabih.Options(threshold=0.5, threads=2)       # the CLI's defaults otherwise
    sigs = shabih.signatures(["نص أول", "نص ثان"], opts)   # numpy.uint32, shape (2, 128)
    d = shabih.Deduper(opts)
    d.add(["a", "b"], ["نص أول", "نص ثان"])                # any number of batches
    d.finish()   # [(id, cluster, canonical, similarity), ...] in input order
    shabih.Index.open("idx/").dedup(["c"], ["نص ثالث"])   # as `shabih dedup --index idx/`
    shabih.dedup(["crawl.jsonl"], "out/")                  # `shabih dedup crawl.jsonl --out out/`
    for ids, texts, sites in shabih.DocumentReader(["crawl.jsonl"]):   # the CLI's reader, in C++
        ...

Errors raise ValueError (bad arguments or options) or RuntimeError, with the
engine's message. ``shabih.Index`` is the persistent index (``--index``);
``shabih.datasketch`` offers datasketch's MinHash and
MinHashLSH over the engine; ``shabih.dask`` runs the sharded stages
(``scan_shard``, ``sign_shard``, ``verify_partition``,
``cluster_shards``) on a Dask cluster.
"""

from ._shabih import (  # noqa: F401
    EMPTY_SLOT,
    NORMALIZATION_VERSION,
    Deduper,
    DocumentReader,
    Options,
    cluster_shards,
    normalize,
    scan_shard,
    sign_shard,
    signatures,
    verify_partition,
    strip,
)
from .index import Index, dedup  # noqa: F401,E402

__all__ = [
    "Deduper",
    "DocumentReader",
    "Index",
    "dedup",
    "Options",
    "normalize",
    "signatures",
    "strip",
    "scan_shard",
    "sign_shard",
    "verify_partition",
    "cluster_shards",
    "EMPTY_SLOT",
    "NORMALIZATION_VERSION",
]

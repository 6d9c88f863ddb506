"""shabih: near-duplicate and boilerplate detection for Arabic web crawls.

The C++ engine does the work; this package is a thin layer over it::

    import shabih
    opts = shabih.Options(threshold=0.5, threads=2)       # the CLI's defaults otherwise
    sigs = shabih.signatures(["نص أول", "نص ثان"], opts)   # numpy.uint32, shape (2, 128)
    d = shabih.Deduper(opts)
    d.add(["a", "b"], ["نص أول", "نص ثان"])                # any number of batches
    d.finish()   # [(id, cluster, canonical, similarity), ...] in input order

Errors raise ValueError (bad arguments or options) or RuntimeError, with the
engine's message. ``shabih.datasketch`` offers datasketch's MinHash and
MinHashLSH over the engine.
"""

from ._shabih import (  # noqa: F401
    EMPTY_SLOT,
    NORMALIZATION_VERSION,
    Deduper,
    Options,
    normalize,
    signatures,
    strip,
)

__all__ = ["Deduper", "Options", "normalize", "signatures", "strip", "EMPTY_SLOT", "NORMALIZATION_VERSION"]

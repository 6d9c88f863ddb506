"""datasketch's MinHash and MinHashLSH over shabih's engine.

A datasketch user switches by changing one import::

    from shabih.datasketch import MinHash, MinHashLSH   # was: from datasketch import ...
    m1, m2 = MinHash(num_perm=128), MinHash(num_perm=128)
    m1.update_batch([w.encode() for w in "a b c d".split()])
    m2.update_batch([w.encode() for w in "a b c e".split()])
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    lsh.insert("m2", m2)
    lsh.query(m1)          # ["m2"] when their estimated Jaccard is high enough

Differences from datasketch (1.6):
- The permutations are shabih's (shabih/minhash.h: 64-bit element hashes,
  32-bit slots), not datasketch's Mersenne-prime ones, so hash values differ
  from datasketch's for the same seed; ``hashvalues`` is ``numpy.uint32``
  (datasketch: uint64 values below 2**32) and an empty MinHash holds
  ``shabih.EMPTY_SLOT`` (0xFFFFFFFF) in every slot. Jaccard estimates agree
  in distribution (both are unbiased), not value by value.
- Elements are hashed with ``hashfunc`` (default: the first 8 bytes of
  SHA-1, little-endian), which must return a 64-bit integer.
- ``MinHashLSH`` keeps its tables in memory only (no ``storage_config``,
  no ``prepickle``) and its ``params`` come from shabih's OptimalLshParams,
  which minimizes the same weighted error as datasketch's ``_optimal_param``.
- ``permutations``, ``hashobj``, ``bulk``/``generator`` and the weighted and
  LSH-Forest variants are not provided: for many documents use
  ``shabih.signatures``, which signs texts on all cores.
"""

import hashlib
from typing import Callable, Hashable, Iterable, List, Optional, Tuple

import numpy as np

from . import _shabih

_DEFAULT_SEED = 1  # datasketch's default seed


def sha1_hash64(data: bytes) -> int:
    """The default element hash: the first 8 bytes of SHA-1, little-endian."""
    return int.from_bytes(hashlib.sha1(data).digest()[:8], "little")


def _seed64(seed: int) -> int:
    return int(seed) & 0xFFFFFFFFFFFFFFFF


class MinHash:
    """A MinHash signature of a set of byte strings (datasketch's API)."""

    def __init__(
        self,
        num_perm: int = 128,
        seed: int = _DEFAULT_SEED,
        hashfunc: Callable[[bytes], int] = sha1_hash64,
        hashvalues: Optional[Iterable[int]] = None,
    ) -> None:
        if num_perm < 1:
            raise ValueError("num_perm must be at least 1")
        self.seed = seed
        self.hashfunc = hashfunc
        if hashvalues is not None:
            self.hashvalues = np.array(hashvalues, dtype=np.uint32)
        else:
            self.hashvalues = np.full(num_perm, _shabih.EMPTY_SLOT, dtype=np.uint32)

    @property
    def num_perm(self) -> int:
        return len(self.hashvalues)

    def update(self, b: bytes) -> None:
        """Adds one element."""
        self.update_batch([b])

    def update_batch(self, b: Iterable[bytes]) -> None:
        """Adds many elements at once (one call into the engine)."""
        hashes = np.fromiter((self.hashfunc(x) & 0xFFFFFFFFFFFFFFFF for x in b), dtype=np.uint64)
        if hashes.size == 0:
            return
        sig = _shabih._minhash_sign(hashes, self.num_perm, _seed64(self.seed))
        np.minimum(self.hashvalues, sig, out=self.hashvalues)

    def jaccard(self, other: "MinHash") -> float:
        """Estimated Jaccard similarity: the share of equal slots."""
        self._check_compatible(other)
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / float(self.num_perm)

    def merge(self, other: "MinHash") -> None:
        """Becomes the MinHash of the union."""
        self._check_compatible(other)
        np.minimum(self.hashvalues, other.hashvalues, out=self.hashvalues)

    def is_empty(self) -> bool:
        return bool(np.all(self.hashvalues == _shabih.EMPTY_SLOT))

    def clear(self) -> None:
        self.hashvalues[:] = _shabih.EMPTY_SLOT

    def digest(self) -> np.ndarray:
        return self.hashvalues.copy()

    def copy(self) -> "MinHash":
        return MinHash(seed=self.seed, hashfunc=self.hashfunc, hashvalues=self.digest())

    def __len__(self) -> int:
        return self.num_perm

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, MinHash)
            and self.seed == other.seed
            and np.array_equal(self.hashvalues, other.hashvalues)
        )

    def _check_compatible(self, other: "MinHash") -> None:
        if other.seed != self.seed:
            raise ValueError("cannot compare MinHash objects with different seeds")
        if other.num_perm != self.num_perm:
            raise ValueError("cannot compare MinHash objects with different numbers of permutations")


class MinHashLSH:
    """LSH index of MinHash signatures for a Jaccard threshold (datasketch's API)."""

    def __init__(
        self,
        threshold: float = 0.9,
        num_perm: int = 128,
        weights: Tuple[float, float] = (0.5, 0.5),
        params: Optional[Tuple[int, int]] = None,
    ) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise ValueError("threshold must be in [0.0, 1.0]")
        if num_perm < 2:
            raise ValueError("too few permutation functions")
        if any(w < 0.0 or w > 1.0 for w in weights) or abs(sum(weights) - 1.0) > 1e-9:
            raise ValueError("weight must be in [0.0, 1.0] and sum to 1.0")
        self.threshold = threshold
        self.h = num_perm
        if params is not None:
            self.b, self.r = int(params[0]), int(params[1])
            if self.b * self.r > num_perm:
                raise ValueError("the product of b and r in params must be at most num_perm")
        else:
            self.b, self.r = _shabih._optimal_lsh_params(threshold, num_perm, weights[0], weights[1])
        self.hashtables: List[dict] = [dict() for _ in range(self.b)]
        self.keys: dict = {}

    @property
    def params(self) -> Tuple[int, int]:
        return (self.b, self.r)

    def _bands(self, minhash: MinHash) -> List[bytes]:
        if len(minhash) != self.h:
            raise ValueError(f"expecting minhash with length {self.h}, got {len(minhash)}")
        hv = minhash.hashvalues
        return [hv[i * self.r : (i + 1) * self.r].tobytes() for i in range(self.b)]

    def insert(self, key: Hashable, minhash: MinHash, check_duplication: bool = True) -> None:
        if check_duplication and key in self.keys:
            raise ValueError("the given key already exists")
        bands = self._bands(minhash)
        self.keys[key] = bands
        for table, band in zip(self.hashtables, bands):
            table.setdefault(band, set()).add(key)

    def query(self, minhash: MinHash) -> list:
        """Keys sharing at least one band with minhash (candidates, unverified)."""
        found = set()
        for table, band in zip(self.hashtables, self._bands(minhash)):
            found.update(table.get(band, ()))
        return list(found)

    def remove(self, key: Hashable) -> None:
        if key not in self.keys:
            raise ValueError("the given key does not exist")
        for table, band in zip(self.hashtables, self.keys.pop(key)):
            members = table[band]
            members.discard(key)
            if not members:
                del table[band]

    def is_empty(self) -> bool:
        return not self.keys

    def __contains__(self, key: Hashable) -> bool:
        return key in self.keys

    def __len__(self) -> int:
        return len(self.keys)

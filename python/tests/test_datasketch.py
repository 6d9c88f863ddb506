"""shabih.datasketch against exact Jaccard and a brute-force LSH oracle."""

import pickle
import random

import numpy as np
import pytest

import shabih
from shabih.datasketch import MinHash, MinHashLSH


def words(n, start=0):
    return [f"w{i}".encode() for i in range(start, start + n)]


def minhash(elements, num_perm=128, seed=1):
    m = MinHash(num_perm=num_perm, seed=seed)
    m.update_batch(elements)
    return m


def test_empty_and_sizes():
    m = MinHash()
    assert m.num_perm == len(m) == 128 and m.seed == 1
    assert m.is_empty() and m.hashvalues.dtype == np.uint32
    assert np.all(m.hashvalues == shabih.EMPTY_SLOT)
    m.update_batch([])
    assert m.is_empty()
    m.update(b"x")
    assert not m.is_empty()


def test_update_one_by_one_equals_update_batch_and_order_is_irrelevant():
    elements = words(50)
    one = MinHash(num_perm=64)
    for e in elements:
        one.update(e)
    shuffled = list(elements)
    random.Random(3).shuffle(shuffled)
    assert one == minhash(shuffled, num_perm=64)
    assert one == minhash(elements + elements, num_perm=64)  # a set: duplicates change nothing


def test_jaccard_estimates_the_exact_jaccard():
    # |A n B| / |A u B| = 300 / 500 = 0.6; 512 permutations: standard error 0.022.
    a, b = minhash(words(400), 512), minhash(words(400, start=100), 512)
    assert a.jaccard(b) == pytest.approx(0.6, abs=0.1)
    assert a.jaccard(a) == 1.0
    assert minhash(words(100), 512).jaccard(minhash(words(100, start=100), 512)) < 0.05


def test_merge_is_the_minhash_of_the_union():
    a, b = minhash(words(30)), minhash(words(30, start=20))
    a.merge(b)
    assert a == minhash(words(50))


def test_seeds_and_sizes_must_match():
    with pytest.raises(ValueError):
        minhash(words(3), seed=1).jaccard(minhash(words(3), seed=2))
    with pytest.raises(ValueError):
        minhash(words(3), 64).jaccard(minhash(words(3), 128))
    assert minhash(words(20), seed=1) != minhash(words(20), seed=2)


def test_copy_digest_and_pickle():
    m = minhash(words(10))
    c = m.copy()
    assert c == m and c.hashvalues is not m.hashvalues
    c.update(b"new")
    assert c != m
    assert pickle.loads(pickle.dumps(m)) == m
    assert np.array_equal(MinHash(hashvalues=m.digest()).hashvalues, m.hashvalues)


def lsh_error(threshold, b, r, fp_weight, fn_weight, steps=2000):
    """datasketch's weighted false positive + false negative area (midpoint rule)."""
    def area(lo, hi, f):
        h = (hi - lo) / steps
        return sum(f(lo + (i + 0.5) * h) for i in range(steps)) * h
    fp = area(0.0, threshold, lambda s: 1 - (1 - s ** r) ** b)
    fn = area(threshold, 1.0, lambda s: (1 - s ** r) ** b)
    return fp_weight * fp + fn_weight * fn


@pytest.mark.parametrize("threshold,num_perm,weights", [(0.9, 128, (0.5, 0.5)), (0.5, 128, (0.5, 0.5)),
                                                      (0.7, 64, (0.2, 0.8))])
def test_lsh_params_minimize_datasketchs_weighted_error(threshold, num_perm, weights):
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=weights)
    b, r = lsh.params
    assert b * r <= num_perm
    ours = lsh_error(threshold, b, r, *weights)
    best = min(lsh_error(threshold, bb, rr, *weights)
               for bb in range(1, num_perm + 1) for rr in range(1, num_perm // bb + 1))
    assert ours <= best + 1e-4


def test_lsh_defaults_params_and_argument_errors():
    lsh = MinHashLSH()
    assert lsh.threshold == 0.9 and lsh.h == 128 and lsh.is_empty()
    assert MinHashLSH(params=(16, 8)).params == (16, 8)
    with pytest.raises(ValueError):
        MinHashLSH(threshold=1.5)
    with pytest.raises(ValueError):
        MinHashLSH(weights=(0.5, 0.6))
    with pytest.raises(ValueError):
        MinHashLSH(params=(20, 8))
    with pytest.raises(ValueError):
        MinHashLSH(num_perm=128).insert("k", MinHash(num_perm=64))


def test_lsh_query_is_every_key_sharing_a_band():
    rng = random.Random(7)
    base = words(200)
    sets = {f"k{i}": rng.sample(base, 120) for i in range(30)}
    sets["copy"] = list(sets["k0"])
    hashes = {k: minhash(v) for k, v in sets.items()}
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for k, m in hashes.items():
        lsh.insert(k, m)
    assert len(lsh) == 31 and "copy" in lsh and "nope" not in lsh
    with pytest.raises(ValueError):
        lsh.insert("copy", hashes["copy"])
    b, r = lsh.params
    for k, m in hashes.items():
        oracle = {o for o, om in hashes.items()
                  if any(np.array_equal(m.hashvalues[i * r:(i + 1) * r], om.hashvalues[i * r:(i + 1) * r])
                         for i in range(b))}
        assert set(lsh.query(m)) == oracle
    assert {"k0", "copy"} <= set(lsh.query(hashes["k0"]))
    lsh.remove("copy")
    assert "copy" not in lsh and "copy" not in lsh.query(hashes["k0"])
    with pytest.raises(ValueError):
        lsh.remove("copy")
    for k in list(sets):
        if k != "copy":
            lsh.remove(k)
    assert lsh.is_empty() and all(not t for t in lsh.hashtables)

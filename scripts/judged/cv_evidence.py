#!/usr/bin/env python3
"""5-fold cross-validation of a parameter choice on the judged pairs.

    cv_evidence.py eval/judged/snn-pairs.jsonl NAME=out/NAME/clusters.jsonl ...

Each NAME is one `shabih dedup` run (one setting of the parameters being
chosen). The dup/not pairs are split into 5 folds (stratified by label,
seed 13); for each fold the setting with the best F1 on the other four is
chosen (ties: the first given) and scored on the held-out fold. Prints
each setting's figures on all pairs, the settings chosen per fold, and the
pooled held-out precision / recall / F1 with percentile bootstrap 95 %
intervals (1000 resamples, seed 1). Standard library only.
"""
import json
import random
import sys


def clusters_of(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            out[r["id"]] = r["cluster"]
    return out


def prf(rows):
    tp = sum(1 for y, p in rows if y and p)
    fp = sum(1 for y, p in rows if not y and p)
    fn = sum(1 for y, p in rows if y and not p)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main():
    pairs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
    pairs = [p for p in pairs if p["label"] in ("dup", "not")]
    runs = []
    for arg in sys.argv[2:]:
        name, path = arg.split("=", 1)
        c = clusters_of(path)
        runs.append((name, [c[p["a"]] == c[p["b"]] for p in pairs]))
    labels = [p["label"] == "dup" for p in pairs]
    rng = random.Random(13)
    fold = [0] * len(pairs)
    for want in (True, False):
        idx = [i for i, y in enumerate(labels) if y == want]
        rng.shuffle(idx)
        for k, i in enumerate(idx):
            fold[i] = k % 5
    for name, pred in runs:
        print("all pairs  %-28s P %.4f R %.4f F1 %.4f" % ((name,) + prf(list(zip(labels, pred)))))
    held = [None] * len(pairs)
    for k in range(5):
        train = [i for i in range(len(pairs)) if fold[i] != k]
        best = max(range(len(runs)), key=lambda r: (prf([(labels[i], runs[r][1][i]) for i in train])[2], -r))
        print("fold %d: chose %s" % (k, runs[best][0]))
        for i in range(len(pairs)):
            if fold[i] == k:
                held[i] = runs[best][1][i]
    rows = list(zip(labels, held))
    p, r, f = prf(rows)
    boot = random.Random(1)
    samples = []
    for _ in range(1000):
        s = [rows[boot.randrange(len(rows))] for _ in rows]
        samples.append(prf(s))
    def ci(j):
        v = sorted(x[j] for x in samples)
        return v[24], v[974]
    print("5-fold held-out: P %.4f [%.4f, %.4f]  R %.4f [%.4f, %.4f]  F1 %.4f [%.4f, %.4f]" %
          (p, *ci(0), r, *ci(1), f, *ci(2)))


if __name__ == "__main__":
    main()

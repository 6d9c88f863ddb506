#!/usr/bin/python3
"""Merge two readers' labels of a judged sample into the committed pair set.

Usage:
  /usr/bin/python3 scripts/judged/merge_labels.py SAMPLE.jsonl OUT.jsonl \
      --primary labels-C.jsonl:1-170 --primary labels-F.jsonl:171-365 \
      [--second labels-F.jsonl:1-170] [--adjudicated adjudicated.jsonl] [--revised revised-C.jsonl]

Standard library only. SAMPLE is what sample_pairs.py wrote (pair numbers, ids, stratum,
jaccard5, containment5, texts); each labels file has one {"pair","a","b","label","confidence",
"reason"} line per pair read. Every pair takes its label from the reader named --primary for its
number range; --second names re-reads of the same pairs by the other reader, made blind, used only
to measure agreement (printed to stderr). A pair both readers read and labelled differently takes
the label of --adjudicated when given (one {"pair","label","confidence","reason"} line per pair,
written after the two readers compared notes), else the primary's. --revised holds a primary
reader's own second reading of some of their pairs (same fields), applied over their first label
after agreement is measured on the first, blind labels. OUT holds, in pair order, the
fields of the format in JUDGING.md — a, b, label, confidence, reason, stratum, jaccard5,
containment5 — and no article text.
"""

import argparse
import collections
import json
import sys


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def ranged(spec):
    path, _, span = spec.rpartition(":")
    lo, _, hi = span.partition("-")
    return path, int(lo), int(hi)


def labels_in(spec, sample):
    path, lo, hi = ranged(spec)
    out = {}
    for rec in read_jsonl(path):
        n = rec["pair"]
        if lo <= n <= hi:
            s = sample[n]
            if (rec["a"], rec["b"]) != (s["a"], s["b"]):
                sys.exit(f"{path}: pair {n} names {rec['a']}, {rec['b']}, the sample {s['a']}, {s['b']}")
            if rec["label"] not in ("dup", "not", "partial"):
                sys.exit(f"{path}: pair {n} has label {rec['label']!r}")
            out[n] = rec
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sample")
    ap.add_argument("out")
    ap.add_argument("--primary", action="append", required=True)
    ap.add_argument("--second", action="append", default=[])
    ap.add_argument("--adjudicated")
    ap.add_argument("--revised")
    args = ap.parse_args()

    sample = {rec["pair"]: rec for rec in read_jsonl(args.sample)}
    primary = {}
    for spec in args.primary:
        primary.update(labels_in(spec, sample))
    second = {}
    for spec in args.second:
        second.update(labels_in(spec, sample))
    adjudicated = {rec["pair"]: rec for rec in read_jsonl(args.adjudicated)} if args.adjudicated else {}
    revised = {rec["pair"]: rec for rec in read_jsonl(args.revised)} if args.revised else {}

    unread = sorted(set(sample) - set(primary))
    if unread:
        print(f"not labelled (left out): {len(unread)} pairs, e.g. {unread[:10]}", file=sys.stderr)

    both = sorted(set(second) & set(primary))
    agree = collections.Counter()
    for n in both:
        x, y = primary[n]["label"], second[n]["label"]
        decided = x != "partial" and y != "partial"
        agree["read twice"] += 1
        agree["same label"] += x == y
        agree["both dup/not"] += decided
        agree["both dup/not, same"] += decided and x == y
        if x != y:
            print(f"disagree pair {n} ({sample[n]['stratum']}): primary {x} ({primary[n]['reason']}) / "
                  f"second {y} ({second[n]['reason']})", file=sys.stderr)
    if both:
        print("agreement: " + ", ".join(f"{k} {v}" for k, v in agree.items()), file=sys.stderr)

    counts = collections.Counter()
    with open(args.out, "w", encoding="utf-8") as f:
        for n in sorted(primary):
            s, rec = sample[n], dict(primary[n])
            if n in revised:
                rec.update({k: revised[n][k] for k in ("label", "confidence", "reason")})
                counts["revised"] += 1
            if n in second and second[n]["label"] != primary[n]["label"] and n in adjudicated:
                rec.update({k: adjudicated[n][k] for k in ("label", "confidence", "reason")})
                counts["adjudicated"] += 1
            counts[rec["label"]] += 1
            counts["pairs"] += 1
            f.write(json.dumps({
                "a": s["a"], "b": s["b"], "label": rec["label"], "confidence": rec["confidence"],
                "reason": rec["reason"], "stratum": s["stratum"], "jaccard5": s["jaccard5"],
                "containment5": s["containment5"]}, ensure_ascii=False) + "\n")
    print(f"{args.out}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)


if __name__ == "__main__":
    main()

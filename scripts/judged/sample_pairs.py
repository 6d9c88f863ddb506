#!/usr/bin/python3
"""Draw a stratified sample of cross-source article pairs for human judging.

Usage:
  /usr/bin/python3 /work/shared/corpus/saudinewsnet/to_jsonl.py /tmp/snn.jsonl
  /usr/bin/python3 scripts/judged/sample_pairs.py /tmp/snn.jsonl sample.jsonl [--seed 13]

Standard library only; the same input and seed give a byte-identical sample.

Normalization (close to the engine's, see docs/normalization.md): NFKC, drop Arabic
diacritics (U+064B-U+065F, U+0670) and tatweel (U+0640), unify alef forms (أ إ آ ٱ -> ا),
alef maqsura -> yaa (ى -> ي), taa marbuta -> haa (ة -> ه), hamza seats (ؤ -> و, ئ -> ي),
Arabic-Indic and Persian digits -> ASCII, lower-case; tokens are maximal runs of letters and
digits. A document's features are its set of word 5-shingles (a text under 5 words is one
shingle), hashed to 64 bits with BLAKE2b (collisions are negligible at this size).

Candidates: pairs of documents from different sources that share at least MIN_SHARED rare
shingles (document frequency 2..RARE_DF) -- an inverted index over rare shingles, not all
pairs -- plus, for templated stories, all cross-source pairs among documents whose titles
match a template's keywords (royal cables, weather, passports, relief flights, executions,
markets). For each candidate the exact Jaccard and containment (|A n B| / min(|A|, |B|)) of the
5-shingle sets are computed. Pairs are then drawn per stratum (quotas in QUOTAS), each document
used at most once in the whole sample, and shuffled with the seed.
"""

import argparse
import collections
import hashlib
import itertools
import json
import random
import re
import sys
import unicodedata

# Jaccard strata (lower bound inclusive, upper exclusive) and how many pairs to draw from each.
# Low strata are weighted: edited re-posts and templated different stories both live there.
STRATA = [
    ("0.08-0.2", 0.08, 0.2, 70),
    ("0.2-0.3", 0.2, 0.3, 60),
    ("0.3-0.4", 0.3, 0.4, 55),
    ("0.4-0.5", 0.4, 0.5, 45),
    ("0.5-0.6", 0.5, 0.6, 25),
    ("0.6-0.8", 0.6, 0.8, 25),
    (">=0.8", 0.8, 1.01, 20),
]
CONTAINMENT_QUOTA = 30   # containment >= 0.6 while Jaccard < 0.3: a story inside a longer one
TEMPLATE_QUOTA = 35      # same template (title keywords), Jaccard >= 0.08
RARE_DF = 40             # a shingle in at most this many documents counts as rare
MIN_SHARED = 3           # rare shingles a pair must share to be a candidate
MIN_TOKENS = 20          # shorter documents are skipped (too little to judge), and counted

TEMPLATES = {
    "cable": ["برقيه تهنئه", "برقيه عزاء", "برقيتي تهنئه", "برقيتي عزاء", "يهنئ", "يعزي"],
    "weather": ["الطقس", "الارصاد", "امطار", "غبار", "الحراره"],
    "passports": ["الجوازات"],
    "relief": ["الجسر الجوي", "الطائره الاغاثيه", "الاغاثيه", "جسر جوي"],
    "execution": ["تنفيذ حكم القتل", "القصاص", "حد الحرابه", "تعزيرا"],
    "market": ["سوق الاسهم", "مؤشر السوق", "الاسهم السعوديه", "تاسي"],
}

DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    **{chr(0x660 + i): str(i) for i in range(10)},
    **{chr(0x6F0 + i): str(i) for i in range(10)},
})
TOKEN = re.compile(r"[^\W_]+")


def normalize(text):
    text = unicodedata.normalize("NFKC", text)
    text = DIACRITICS.sub("", text)
    return text.translate(FOLD).lower()


def shingles(tokens):
    if len(tokens) < 5:
        grams = [" ".join(tokens)]
    else:
        grams = (" ".join(tokens[i:i + 5]) for i in range(len(tokens) - 4))
    return {int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little")
            for g in grams}


def load(path):
    docs = []
    skipped = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            tokens = TOKEN.findall(normalize(d.get("text", "")))
            if len(tokens) < MIN_TOKENS:
                skipped += 1
                continue
            docs.append({"id": d["id"], "source": d["source"], "text": d["text"],
                         "title": normalize(d.get("title") or ""), "sh": shingles(tokens)})
    return docs, skipped


def measure(a, b):
    inter = len(a["sh"] & b["sh"])
    union = len(a["sh"]) + len(b["sh"]) - inter
    return inter / union, inter / min(len(a["sh"]), len(b["sh"]))


def rare_candidates(docs):
    df = collections.Counter()
    for d in docs:
        df.update(d["sh"])
    postings = collections.defaultdict(list)
    for i, d in enumerate(docs):
        for s in d["sh"]:
            if 2 <= df[s] <= RARE_DF:
                postings[s].append(i)
    shared = collections.Counter()
    for ids in postings.values():
        for i, j in itertools.combinations(ids, 2):
            if docs[i]["source"] != docs[j]["source"]:
                shared[(i, j)] += 1
    return sorted(p for p, n in shared.items() if n >= MIN_SHARED)


def template_candidates(docs):
    out = []
    for kind in sorted(TEMPLATES):
        members = [i for i, d in enumerate(docs)
                   if any(k in d["title"] for k in TEMPLATES[kind])]
        for i, j in itertools.combinations(members, 2):
            if docs[i]["source"] != docs[j]["source"]:
                out.append((kind, i, j))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    docs, skipped = load(args.corpus)
    print(f"{len(docs)} documents, {skipped} under {MIN_TOKENS} tokens skipped", file=sys.stderr)
    by_stratum = collections.defaultdict(list)
    for i, j in rare_candidates(docs):
        jac, con = measure(docs[i], docs[j])
        if con >= 0.6 and jac < 0.3:
            by_stratum["containment"].append((i, j, jac, con))
        for name, lo, hi, _ in STRATA:
            if lo <= jac < hi:
                by_stratum[name].append((i, j, jac, con))
    for kind, i, j in template_candidates(docs):
        jac, con = measure(docs[i], docs[j])
        if jac >= 0.08:
            by_stratum["template"].append((i, j, jac, con))

    quotas = [("containment", CONTAINMENT_QUOTA), ("template", TEMPLATE_QUOTA)]
    quotas += [(name, q) for name, _, _, q in STRATA]
    used = set()
    sample = []
    for name, quota in quotas:
        pool = sorted(set(by_stratum[name]))
        rng.shuffle(pool)
        taken = 0
        for i, j, jac, con in pool:
            if taken == quota:
                break
            if i in used or j in used:
                continue
            used.update((i, j))
            sample.append((name, i, j, jac, con))
            taken += 1
        print(f"stratum {name}: {len(pool)} candidates, {taken} drawn", file=sys.stderr)
    rng.shuffle(sample)
    with open(args.out, "w", encoding="utf-8") as f:
        for n, (name, i, j, jac, con) in enumerate(sample, 1):
            a, b = docs[i], docs[j]
            f.write(json.dumps({
                "pair": n, "a": a["id"], "b": b["id"], "stratum": name,
                "jaccard5": round(jac, 4), "containment5": round(con, 4), "seed": args.seed,
                "source_a": a["source"], "source_b": b["source"],
                "text_a": a["text"], "text_b": b["text"]}, ensure_ascii=False) + "\n")
    print(f"{len(sample)} pairs -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Finds cross-posted stories in SaudiNewsNet: groups of articles from different sources whose
normalized word 5-shingle sets overlap.

usage: find_crossposts.py SNN.jsonl OUT.tsv [--min-jaccard 0.2] [--sample 4]

Python 3 standard library only. SNN.jsonl is the JSONL made by the SaudiNewsNet to_jsonl.py
(fields id,url,source,date,title,text). To keep memory small, a document is indexed by the
shingles whose hash is 0 modulo --sample (a fixed-sample sketch); candidate pairs share at least
two sampled shingles and are then verified with the exact Jaccard and containment on full
shingle sets. OUT.tsv has one row per verified cross-source pair:
  jaccard  containment  id_a  source_a  id_b  source_b  title_a  title_b
sorted by id_a, id_b. This is how the clusters in corpus/sites were found (see corpus/README.md).
"""
import collections
import hashlib
import json
import re
import sys

DIACRITICS = re.compile('[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]')
NON_WORD = re.compile(r'[^\w]+', re.UNICODE)


def normalize(text):
    text = DIACRITICS.sub('', text)
    text = (text.replace('أ', 'ا').replace('إ', 'ا').replace('آ', 'ا')
            .replace('ى', 'ي').replace('ة', 'ه'))
    return NON_WORD.sub(' ', text).lower().split()


def shingles(words, k=5):
    out = set()
    for i in range(max(0, len(words) - k + 1)):
        h = hashlib.blake2b(' '.join(words[i:i + k]).encode('utf-8'), digest_size=8).digest()
        out.add(int.from_bytes(h, 'little'))
    return out


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 1
    src, out = argv[1], argv[2]
    min_j = float(argv[argv.index('--min-jaccard') + 1]) if '--min-jaccard' in argv else 0.2
    sample = int(argv[argv.index('--sample') + 1]) if '--sample' in argv else 4
    docs = []  # (id, source, title, shingle set)
    index = collections.defaultdict(list)
    with open(src, encoding='utf-8') as f:
        for line in f:
            d = json.loads(line)
            sh = shingles(normalize(d['text']))
            if len(sh) < 20:
                continue
            n = len(docs)
            docs.append((d['id'], d['source'], ' '.join(d['title'].split()), sh))
            for h in sh:
                if h % sample == 0:
                    index[h].append(n)
    counts = collections.Counter()
    for posting in index.values():
        if len(posting) > 50:  # boilerplate or template shingle: a signal, not a candidate
            continue
        for i in range(len(posting)):
            for j in range(i + 1, len(posting)):
                counts[(posting[i], posting[j])] += 1
    rows = []
    for (a, b), c in counts.items():
        if c < 2 or docs[a][1] == docs[b][1]:
            continue
        sa, sb = docs[a][3], docs[b][3]
        inter = len(sa & sb)
        jac = inter / len(sa | sb)
        if jac < min_j:
            continue
        cont = inter / min(len(sa), len(sb))
        rows.append((docs[a][0], docs[b][0], jac, cont, docs[a][1], docs[b][1],
                     docs[a][2], docs[b][2]))
    rows.sort()
    with open(out, 'w', encoding='utf-8') as f:
        for ia, ib, jac, cont, sa, sb, ta, tb in rows:
            f.write(f'{jac:.3f}\t{cont:.3f}\t{ia}\t{sa}\t{ib}\t{sb}\t{ta}\t{tb}\n')
    print(f'{len(docs)} documents, {len(rows)} cross-source pairs -> {out}', file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

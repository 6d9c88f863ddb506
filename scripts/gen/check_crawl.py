#!/usr/bin/env python3
"""Checks a `shabih gen` output directory and prints its similarity profile.

  check_crawl.py DIR [--max-pages N]

1. Consistency: every page has exactly one gold cluster line and one gold line
   label per '\\n'-separated line of its text (exits 1 otherwise).
2. Similarity profile: word 5-shingle Jaccard of the gold main text (content
   lines), after a light normalization (diacritics, alef/ta/ya variants,
   Arabic-Indic digits, the year suffix م), for
     - same-cluster pairs, by the kind of the second page (copy-light, ...),
     - different-cluster pairs of templated stories (they share wording),
     - random different-cluster pairs,
   and the same for the raw page text, to show how boilerplate hides them.
Standard library only; meant for a few thousand pages.
"""
import argparse
import collections
import itertools
import json
import random
import re
import statistics
import sys

HARAKAT = re.compile('[\u064B-\u0652\u0640]')
TRANS = str.maketrans({'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ة': 'ه', 'ى': 'ي',
                       **{chr(0x660 + i): str(i) for i in range(10)}})
YEAR_M = re.compile(r'(\d{4})م')
WA = re.compile(r'(^|\s)و\s+')


def normalize(text):
    text = HARAKAT.sub('', text).translate(TRANS)
    text = YEAR_M.sub(r'\1', text)
    text = WA.sub(r'\1و', text)
    return re.sub(r'[^\w\s]', ' ', text)


def shingles(text, k=5):
    w = normalize(text).split()
    return {tuple(w[i:i + k]) for i in range(max(0, len(w) - k + 1))}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a or b else 1.0


def summary(values):
    if not values:
        return 'n=0'
    q = statistics.quantiles(values, n=10) if len(values) > 1 else [values[0]] * 9
    return (f'n={len(values):5d} mean={statistics.mean(values):.3f} '
            f'p10={q[0]:.3f} median={statistics.median(values):.3f} p90={q[8]:.3f}')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dir')
    ap.add_argument('--max-pages', type=int, default=5000)
    args = ap.parse_args()

    pages = {}
    order = []
    with open(f'{args.dir}/crawl.jsonl', encoding='utf-8') as f:
        for line in f:
            d = json.loads(line)
            pages[d['id']] = d['text']
            order.append(d['id'])
            if len(order) >= args.max_pages:
                break
    gold = {}
    kind = {}
    with open(f'{args.dir}/gold_clusters.jsonl', encoding='utf-8') as f:
        for line in f:
            d = json.loads(line)
            if d['id'] in pages:
                gold[d['id']] = d['cluster']
                kind[d['id']] = d.get('kind', '')
    labels = collections.defaultdict(list)
    with open(f'{args.dir}/gold_lines.jsonl', encoding='utf-8') as f:
        for line in f:
            d = json.loads(line)
            if d['id'] in pages:
                labels[d['id']].append((d['line'], d['label']))
    errors = 0
    for pid in order:
        n = len(pages[pid].split('\n'))
        got = labels.get(pid, [])
        if pid not in gold:
            print('no gold cluster:', pid); errors += 1
        if [l for l, _ in got] != list(range(1, n + 1)):
            print(f'line labels do not match: {pid} has {n} lines, {len(got)} labels'); errors += 1
    print(f'{len(order)} pages checked, {errors} consistency errors')

    main_text = {}
    for pid in order:
        lines = pages[pid].split('\n')
        main_text[pid] = '\n'.join(lines[l - 1] for l, lab in labels[pid] if lab == 'content')
    sh_main = {p: shingles(t) for p, t in main_text.items()}
    sh_raw = {p: shingles(pages[p]) for p in order}

    by_cluster = collections.defaultdict(list)
    for pid in order:
        by_cluster[gold[pid]].append(pid)
    same_main = collections.defaultdict(list)
    same_raw = collections.defaultdict(list)
    for members in by_cluster.values():
        first = [p for p in members if kind[p] in ('original', 'wire', 'template', 'event')]
        if not first:
            continue
        for b in members:
            if b != first[0]:
                same_main[kind[b]].append(jaccard(sh_main[first[0]], sh_main[b]))
                same_raw[kind[b]].append(jaccard(sh_raw[first[0]], sh_raw[b]))
    print('\nsame-cluster pairs (first posting vs the page), main text (raw page in brackets):')
    for k in sorted(same_main):
        print(f'  {k:15s} {summary(same_main[k])}   [raw mean {statistics.mean(same_raw[k]):.3f}]')

    # Templated stories, grouped by a phrase each template always contains:
    # different clusters that share much of their wording.
    markers = {'cable': 'برقية تهنئة', 'weather': 'المركز الوطني للأرصاد',
               'market': 'مؤشر سوق الأسهم', 'health': 'وزارة الصحة تسجيل'}
    print()
    for name, phrase in markers.items():
        group = [p for p in order if kind[p] == 'template' and phrase in main_text[p]][:80]
        vals = [jaccard(sh_main[a], sh_main[b]) for a, b in itertools.combinations(group, 2)]
        print(f'template {name:8s} pairs, different clusters: {summary(vals)}')

    # Articles on one event: story ids are consecutive within a group.
    def num(pid):
        return int(gold[pid][1:])
    pids = sorted((p for p in order if kind[p] == 'event'), key=num)
    vals = []
    for i, a in enumerate(pids):
        for b in pids[i + 1:i + 4]:
            if gold[a] != gold[b] and num(b) - num(a) <= 3:
                vals.append(jaccard(sh_main[a], sh_main[b]))
    print(f'event pairs (one event, different clusters):   {summary(vals)}')

    rng = random.Random(1)
    rj, rr = [], []
    for _ in range(3000):
        a, b = rng.sample(order, 2)
        if gold[a] != gold[b]:
            rj.append(jaccard(sh_main[a], sh_main[b]))
            rr.append(jaccard(sh_raw[a], sh_raw[b]))
    print(f'random different-cluster pairs, main text: {summary(rj)}')
    print(f'random different-cluster pairs, raw page:  {summary(rr)}')
    sys.exit(1 if errors else 0)


if __name__ == '__main__':
    main()

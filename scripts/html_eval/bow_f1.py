#!/usr/bin/env python3
"""Bag-of-words main-text F1 per page, averaged over pages (issue 14's Arabic goal).

bow_f1.py GOLD_DIR PRED_DIR [GROUND_TRUTH_JSON_OUT]
GOLD_DIR holds SITE/NAME.txt; PRED_DIR holds SITE--NAME files (run.sh's naming). Tokens are \\w+
matches; a page's precision and recall count each token min(gold, predicted) times. Also writes the
gold as a score.py ground-truth file ({id: {"articleBody": text}}) when asked.
"""
import json
import os
import re
import sys
from collections import Counter

gold_dir, pred_dir = sys.argv[1], sys.argv[2]
rows, truth = [], {}
for site in sorted(os.listdir(gold_dir)):
    for name in sorted(os.listdir(os.path.join(gold_dir, site))):
        key = f'{site}--{name[:-4]}'
        gold = open(os.path.join(gold_dir, site, name), encoding='utf-8').read()
        truth[key] = {'articleBody': gold}
        path = os.path.join(pred_dir, key)
        pred = open(path, encoding='utf-8').read() if os.path.exists(path) else ''
        g, p = Counter(re.findall(r'\w+', gold)), Counter(re.findall(r'\w+', pred))
        tp = sum((g & p).values())
        prec = tp / max(1, sum(p.values()))
        rec = tp / max(1, sum(g.values()))
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        rows.append((key, prec, rec, f1))
for key, prec, rec, f1 in rows:
    print(f'  {key:24s} P {prec:.3f}  R {rec:.3f}  F1 {f1:.3f}')
n = len(rows)
print(json.dumps({'pages': n, 'precision': round(sum(r[1] for r in rows) / n, 4),
                  'recall': round(sum(r[2] for r in rows) / n, 4), 'f1': round(sum(r[3] for r in rows) / n, 4)}))
if len(sys.argv) > 3:
    json.dump(truth, open(sys.argv[3], 'w', encoding='utf-8'), ensure_ascii=False)

#!/usr/bin/env python3
"""Builds tooling/crawl_generator_vocab.inc: the word model behind `shabih gen`.

Reads SaudiNewsNet as JSONL (fields id,url,source,date,title,text; see
/work/shared/corpus/saudinewsnet/to_jsonl.py) and writes a C++ data file with
  - the V most frequent Arabic word forms and their counts (Zipf-like unigram),
  - the most frequent sentence-initial words,
  - for the most frequent words, their most frequent successors (a truncated
    bigram model with an exact back-off mass), including an end-of-sentence
    successor, so generated sentences have realistic lengths.
Digits are folded into two placeholder words, <NUM> and <YEAR>, which the
generator fills with fresh numbers.

Deterministic: every ranking breaks ties by the word's UTF-8 bytes, so the same
corpus gives the same file byte for byte.

Usage: build_vocab.py SNN.jsonl OUT.inc [--vocab 20000] [--bigram-words 6000]
       [--successors 20] [--starts 400]
Standard library only.
"""
import argparse
import collections
import json
import re
import sys

HARAKAT = re.compile('[\u064B-\u0652\u0640]')   # diacritics and tatweel
ARABIC_WORD = re.compile('^[\u0621-\u063A\u0641-\u064A]+$')
DIGITS = re.compile('^[0-9\u0660-\u0669]+$')
SENTENCE_SPLIT = re.compile('[.!?\u061F\u061B\n:;]+')
STRIP = '\u060C,"\'()[]{}«»“”‘’<>-_*/\\|…'
NUM, YEAR, END = '<NUM>', '<YEAR>', '</s>'


def classify(tok):
    tok = HARAKAT.sub('', tok.strip(STRIP))
    if not tok:
        return None
    if DIGITS.match(tok):
        t = tok.translate({0x0660 + i: 0x30 + i for i in range(10)})
        if len(t) == 4 and 1900 <= int(t) <= 2030:
            return YEAR
        return NUM
    if ARABIC_WORD.match(tok) and len(tok) <= 20:
        return tok
    return None


def sentences(text):
    for sent in SENTENCE_SPLIT.split(text):
        run = []
        for raw in sent.split():
            w = classify(raw)
            if w is None:  # Latin, mixed, symbols: break the chain.
                if len(run) >= 3:
                    yield run
                run = []
                continue
            run.append(w)
        if len(run) >= 3:
            yield run


def rank(counter):
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].encode('utf-8')))


def cpp_string_chunks(words, per_line=12):
    lines = []
    for i in range(0, len(words), per_line):
        part = ''.join(w + '\\0' for w in words[i:i + per_line])
        lines.append('    "' + part + '"')
    return '\n'.join(lines)


def int_array(values, per_line=16):
    out = []
    for i in range(0, len(values), per_line):
        out.append('    ' + ', '.join(str(v) for v in values[i:i + per_line]) + ',')
    return '\n'.join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('corpus')
    ap.add_argument('out')
    ap.add_argument('--vocab', type=int, default=20000)
    ap.add_argument('--bigram-words', type=int, default=6000)
    ap.add_argument('--successors', type=int, default=20)
    ap.add_argument('--starts', type=int, default=400)
    args = ap.parse_args()

    uni = collections.Counter()
    docs = 0
    with open(args.corpus, encoding='utf-8') as f:
        for line in f:
            text = json.loads(line).get('text') or ''
            docs += 1
            for s in sentences(text):
                uni.update(s)
    vocab = [w for w, _ in rank(uni)[:args.vocab]]
    index = {w: i for i, w in enumerate(vocab)}
    end_id = len(vocab)

    starts = collections.Counter()
    follow = collections.defaultdict(collections.Counter)
    bigram_words = set(vocab[:args.bigram_words])
    with open(args.corpus, encoding='utf-8') as f:
        for line in f:
            text = json.loads(line).get('text') or ''
            for s in sentences(text):
                ids = [index.get(w, -1) for w in s]
                if ids[0] >= 0:
                    starts[ids[0]] += 1
                for a, b in zip(ids, ids[1:] + [end_id]):
                    if a >= 0 and vocab[a] in bigram_words:
                        follow[a][b] += 1  # b == -1: out of vocabulary

    # Unigram: counts of the kept words (in rank order, so counts descend).
    counts = [uni[w] for w in vocab]

    start_items = sorted(starts.items(), key=lambda kv: (-kv[1], kv[0]))[:args.starts]

    # Bigram rows in CSR form; `rest` is the mass not covered by the kept
    # successors, sampled from the unigram distribution instead.
    offsets, succ, succ_count, rest = [0], [], [], []
    for a in range(len(vocab)):
        row = follow.get(a)
        kept = []
        total = 0
        if row:
            total = sum(row.values())
            kept = sorted(((b, c) for b, c in row.items() if b >= 0 and c >= 2),
                          key=lambda bc: (-bc[1], bc[0]))[:args.successors]
        for b, c in kept:
            succ.append(b)
            succ_count.append(c)
        offsets.append(len(succ))
        rest.append(total - sum(c for _, c in kept) if row else 0)

    with open(args.out, 'w', encoding='utf-8') as out:
        out.write('// GENERATED by scripts/gen/build_vocab.py from SaudiNewsNet '
                  f'({docs} articles). Do not edit.\n')
        out.write(f'// vocab={len(vocab)} bigram_words={args.bigram_words} '
                  f'successors={args.successors} starts={args.starts}\n')
        out.write('// Word ids index kVocabWords; id kVocabSize is end of sentence.\n')
        out.write('// clang-format off\n')
        out.write(f'inline constexpr int kVocabSize = {len(vocab)};\n')
        out.write('inline constexpr char kVocabWords[] =\n')
        out.write(cpp_string_chunks(vocab) + ';\n')
        out.write('inline constexpr uint32_t kVocabCounts[] = {\n' + int_array(counts) + '\n};\n')
        out.write('inline constexpr uint16_t kStartWords[] = {\n'
                  + int_array([a for a, _ in start_items]) + '\n};\n')
        out.write('inline constexpr uint32_t kStartCounts[] = {\n'
                  + int_array([c for _, c in start_items]) + '\n};\n')
        out.write('inline constexpr uint32_t kBigramOffsets[] = {\n' + int_array(offsets) + '\n};\n')
        out.write('inline constexpr uint16_t kBigramNext[] = {\n' + int_array(succ) + '\n};\n')
        out.write('inline constexpr uint32_t kBigramCounts[] = {\n' + int_array(succ_count) + '\n};\n')
        out.write('inline constexpr uint32_t kBigramRest[] = {\n' + int_array(rest) + '\n};\n')
        out.write('// clang-format on\n')
    print(f'{docs} docs, {len(uni)} distinct words, vocab {len(vocab)}, '
          f'{len(succ)} bigram entries', file=sys.stderr)


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Rebuilds the sample crawl in corpus/ from SaudiNewsNet.

usage: build_corpus.py SNN.jsonl [CORPUS_DIR]

SNN.jsonl is SaudiNewsNet as JSONL (fields id,url,source,date,title,text), as written by
to_jsonl.py beside the corpus (ids snn-00000 ... in file order). CORPUS_DIR defaults to the folder
above this script. Python 3 standard library only; the output is byte-identical on every run.

Writes:
  CORPUS_DIR/sites/<source>/<YYYY-MM-DD>-<snn id>.txt   one page per selected article: a per-site
      page template (navigation, date line, share/tag lines, optional "read also" block that embeds
      another article of the same site, optional "similar articles" list, footer) around the real
      article text, one paragraph per line;
  CORPUS_DIR/sample.jsonl   {"id","url","text"} per line: plain article text, no template;
  CORPUS_DIR/expected_clusters.tsv   the ground truth for `shabih dedup CORPUS_DIR/sites
      CORPUS_DIR/seeds CORPUS_DIR/sample.jsonl`: one row per document (id as shabih names it:
      path under sites/ or seeds/, or the JSONL id; file; snn id;
      source; cluster name or "singleton"; the snn id whose opening paragraphs the page embeds in
      its "read also" block, or -). Pages in CORPUS_DIR/seeds/ (copied by hand) are listed too.
It then checks the selection: within each expected cluster, the copies must be connected by word
5-shingle Jaccard >= 0.15 (on article text), and no two documents of different clusters may reach
0.1, except the listed template near-misses. The Jaccard table goes to stdout.

The selection below was made with find_crossposts.py (cross-source pairs) and by reading the texts:
every cluster is one real story published by 2-4 sources, with the sources' own edits.
"""
import hashlib
import html
import json
import os
import random
import re
import sys

# Real cross-posted stories: (cluster name, what it is, snn ids). Each copy lives in its own site.
CLUSTERS = [
    ('saned', 'GOSI starts "Saned" unemployment payments', ['snn-30046', 'snn-30478', 'snn-30895']),
    ('bonds', 'Finance ministry issues SAR 20bn development bonds',
     ['snn-30278', 'snn-30380', 'snn-30626', 'snn-30985']),
    ('hadi', 'Yemeni president Hadi meets his senior advisers',
     ['snn-28394', 'snn-28847', 'snn-29194']),
    ('yemenis120', 'King Salman centre returns 120 stranded Yemenis',
     ['snn-29239', 'snn-30553', 'snn-30817']),
    ('gifted', 'Al-Baha education discusses classes for the gifted',
     ['snn-29212', 'snn-30393', 'snn-30572']),
    ('gcc-chambers', 'GCC chambers discuss non-oil industrial exports',
     ['snn-29297', 'snn-30222', 'snn-30597']),
    ('skills96', '96% of thinking skills are acquired (Jeddah course)',
     ['snn-29298', 'snn-30232', 'snn-30856']),
    ('iraq-parliament', 'Iraqi speaker asks al-Abadi to sack corrupt ministers',
     ['snn-28452', 'snn-28849', 'snn-29166']),
    ('jeddah-sweets', 'Jeddah municipality seizes 5 tonnes of spoiled sweets',
     ['snn-02924', 'snn-04676']),
    ('makkah-fire', 'Nine civil-defence teams put out a warehouse fire in Makkah',
     ['snn-02607', 'snn-02649']),
    ('boeing777', 'Boeing warning on the 777 after a part fell off a plane',
     ['snn-02832', 'snn-03871']),
    ('dakheel-email', 'Column "an e-mail from Azzam al-Dakheel" and a report quoting it',
     ['snn-14244', 'snn-14954']),
]

# Articles with no near-duplicate anywhere in SaudiNewsNet (no cross-source pair >= 0.1).
SINGLETONS = [
    'snn-30879', 'snn-29230', 'snn-30965',                           # was
    'snn-04247', 'snn-25832', 'snn-30185',                           # alriyadh
    'snn-09754', 'snn-04643',                                        # alyaum
    'snn-14802', 'snn-30745', 'snn-04820', 'snn-08294', 'snn-14702',  # okaz
    'snn-25898', 'snn-05847', 'snn-04423', 'snn-25982', 'snn-19782',  # alwatan
    'snn-02770', 'snn-06287', 'snn-23474', 'snn-02749', 'snn-18956',  # sabq
]

# Different stories written from one template: similar text, NOT duplicates (each is a singleton).
NEAR_MISSES = [
    ('royal-cables', 'King\'s independence-day cables to Burkina Faso vs Bolivia (alyaum)',
     ['snn-22849', 'snn-22983']),
    ('weather', 'SPA weather bulletins of 10 and 11 August (was)', ['snn-29276', 'snn-30929']),
]

# sample.jsonl: plain JSONL input, other articles than the site pages.
SAMPLE_CLUSTERS = [
    ('kuwait-cell', 'Kuwait arrests an ISIS cell', ['snn-13779', 'snn-14961']),
    ('umrah', 'Six million Umrah pilgrims this season', ['snn-18920', 'snn-20003']),
    ('alaska-quake', 'M6.9 earthquake in Alaska', ['snn-12562', 'snn-12818']),
]
SAMPLE_SINGLETONS = [
    'snn-13086', 'snn-25176', 'snn-29852', 'snn-25448', 'snn-27973', 'snn-10246', 'snn-05542',
    'snn-09089', 'snn-06531', 'snn-15059', 'snn-19913', 'snn-01647', 'snn-13321', 'snn-16733',
]

ARABIC_MONTHS = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس',
                 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر']

# Per-site page template. 'blank' puts an empty line between blocks and paragraphs (as some real
# extractors do); 'sections' are the breadcrumb choices for that site.
SITES = {
    'was': {
        'header': ['وكالة الأنباء السعودية - واس',
                   'الرئيسية | الأخبار المحلية | الأخبار الدولية | اقتصادي | رياضي | الصور | الفيديو',
                   'English | Français | فارسي | 中文'],
        'sections': ['الأخبار المحلية', 'الأخبار الدولية', 'اقتصادي', 'عام'],
        'date': 'was',
        'share': 'طباعة | إرسال لصديق | تويتر | فيسبوك',
        'read_also': 'اقرأ أيضاً:',
        'similar': 'أخبار ذات صلة',
        'footer': ['جميع الحقوق محفوظة © 2015 وكالة الأنباء السعودية',
                   'اتصل بنا | خريطة الموقع | سياسة الخصوصية'],
        'blank': False,
    },
    'alriyadh': {
        'header': ['جريدة الرياض',
                   'الرئيسية | محليات | اقتصاد | رياضة | دوليات | ثقافة اليوم | كتاب اليوم | الرأي'],
        'sections': ['محليات', 'اقتصاد', 'رياضة', 'دوليات'],
        'date': 'alriyadh',
        'share': 'شارك: تويتر | فيسبوك | واتساب | البريد الإلكتروني | طباعة',
        'read_also': 'اقرأ أيضاً:',
        'similar': 'مقالات مشابهة',
        'footer': ['جميع الحقوق محفوظة © 2015 جريدة الرياض'],
        'blank': False,
    },
    'alyaum': {
        'header': ['اليوم',
                   'الرئيسية | محليات | اقتصاد | رياضة | عربي ودولي | الرأي | متابعات',
                   'تابعونا على: تويتر | فيسبوك | يوتيوب | انستغرام'],
        'sections': ['محليات', 'اقتصاد', 'عربي ودولي', 'متابعات'],
        'date': 'alyaum',
        'share': 'مشاركة: تويتر فيسبوك واتساب',
        'read_also': 'إقرأ أيضاً:',
        'similar': 'مقالات مشابهة',
        'footer': ['جميع الحقوق محفوظة © 2015 اليوم', 'دار اليوم للإعلام | الدمام'],
        'blank': False,
    },
    'okaz': {
        'header': ['عكاظ',
                   'الرئيسية | محليات | سياسة | اقتصاد | رياضة | ثقافة وفن | كتاب ومقالات'],
        'sections': ['محليات', 'سياسة', 'اقتصاد', 'كتاب ومقالات'],
        'date': 'okaz',
        'share': 'شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك',
        'read_also': 'اقرأ أيضاً:',
        'similar': 'مقالات مشابهة',
        'footer': ['جميع الحقوق محفوظة © 2015 عكاظ', 'مؤسسة عكاظ للصحافة والنشر'],
        'blank': True,
    },
    'alwatan': {
        'header': ['الوطن أون لاين',
                   'الرئيسية | محليات | سياسة | اقتصاد | رياضة | الرأي | الوطن الرقمي'],
        'sections': ['محليات', 'سياسة', 'اقتصاد', 'الرأي'],
        'date': 'alwatan',
        'share': 'أضف تعليقك | طباعة | أرسل لصديق | تويتر | فيسبوك',
        'read_also': 'اقرأ أيضاً:',
        'similar': 'اقرأ المزيد',
        'footer': ['جميع الحقوق محفوظة © 2015 الوطن'],
        'blank': True,
    },
    'sabq': {
        'header': ['صحيفة سبق الإلكترونية',
                   'الرئيسية | محليات | اقتصاد | رياضة | تقنية | منوعات | كتاب سبق',
                   'مباشر | الأكثر قراءة | عاجل'],
        'sections': ['محليات', 'اقتصاد', 'رياضة', 'منوعات'],
        'date': 'sabq',
        'share': 'شارك الخبر: تويتر | فيسبوك | واتساب | تيليجرام',
        'read_also': 'اقرأ أيضاً:',
        'similar': 'مقالات مشابهة',
        'footer': ['جميع الحقوق محفوظة © 2015 سبق', 'من نحن | اتصل بنا | أعلن معنا'],
        'blank': False,
    },
}

STOPWORDS = set('في من على إلى الى عن مع بعد قبل خلال حول بين لـ بـ و أو ثم التي الذي هذا هذه '
                'يوم اليوم غدا غداً عام'.split())

DIACRITICS = re.compile('[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]')
NON_WORD = re.compile(r'[^\w]+', re.UNICODE)
# sabq separates paragraphs with a no-break space between spaces; alriyadh indents with them.
PARA_SPLIT = re.compile(r'\n| \u00a0+ ')


def clean_paragraphs(text):
    text = html.unescape(text)
    out = []
    for p in PARA_SPLIT.split(text):
        p = ' '.join(p.replace('\u00a0', ' ').split())
        if p:
            out.append(p)
    return out


def clean_title(title):
    return ' '.join(html.unescape(title).split())


def shingles(text, k=5):
    text = DIACRITICS.sub('', text)
    text = (text.replace('أ', 'ا').replace('إ', 'ا').replace('آ', 'ا')
            .replace('ى', 'ي').replace('ة', 'ه'))
    words = NON_WORD.sub(' ', text).lower().split()
    return {' '.join(words[i:i + k]) for i in range(max(0, len(words) - k + 1))}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a or b else 0.0


def seed_of(doc_id):
    return int(hashlib.sha256(doc_id.encode('utf-8')).hexdigest()[:16], 16)


def date_line(style, date):
    y, m, d = date[:10].split('-')
    hm = date[11:16]
    month = ARABIC_MONTHS[int(m) - 1]
    if style == 'was':
        return f'{int(d)} {month} {y} م - {hm}'
    if style == 'alriyadh':
        return f'نشر في: {y}/{m}/{d} - {hm}'
    if style == 'alyaum':
        return f'{int(d)} {month} {y} - {hm}'
    if style == 'okaz':
        return f'تاريخ النشر: {d}/{m}/{y}'
    if style == 'alwatan':
        return f'{y}-{m}-{d} {hm}'
    return f'{hm} - {int(d)} {month} {y}'


def tags_of(title):
    words = [w.strip('«»"\'،.:؟!()[]{}/') for w in title.split()]
    words = [w for w in words if len(w) >= 4 and w not in STOPWORDS and not w.isdigit()]
    seen = []
    for w in words:
        if w not in seen:
            seen.append(w)
    return seen[:4]


def render_page(doc, site, rng, embed, similar_titles):
    t = SITES[site]
    blocks = []  # list of blocks; each block is a list of lines
    blocks.append(list(t['header']))
    blocks.append([f'الرئيسية > {rng.choice(t["sections"])}'])
    blocks.append([clean_title(doc['title'])])
    blocks.append([date_line(t['date'], doc['date'])])
    paras = clean_paragraphs(doc['text'])
    if t['blank']:
        blocks.extend([p] for p in paras)
    else:
        blocks.append(paras)
    blocks.append([t['share']])
    tags = tags_of(clean_title(doc['title']))
    if tags and rng.random() < 0.7:
        blocks.append(['كلمات دلالية: ' + ' '.join(tags)])
    if embed is not None:
        e_paras = clean_paragraphs(embed['text'])[:rng.choice([2, 3])]
        blocks.append([t['read_also']])
        blocks.append([clean_title(embed['title'])])
        if t['blank']:
            blocks.extend([p] for p in e_paras)
        else:
            blocks.append(e_paras)
    if similar_titles:
        blocks.append([t['similar']])
        blocks.append(['  • ' + s for s in similar_titles])
    blocks.append(list(t['footer']))
    sep = '\n\n' if t['blank'] else '\n'
    return sep.join('\n'.join(b) for b in blocks) + '\n'


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 1
    snn_path = argv[1]
    out_dir = argv[2] if len(argv) > 2 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    site_ids = [i for _, _, ids in CLUSTERS for i in ids] + SINGLETONS + \
               [i for _, _, ids in NEAR_MISSES for i in ids]
    sample_ids = [i for _, _, ids in SAMPLE_CLUSTERS for i in ids] + SAMPLE_SINGLETONS
    assert len(set(site_ids)) == len(site_ids) and len(set(sample_ids)) == len(sample_ids)
    assert not set(site_ids) & set(sample_ids)
    wanted = set(site_ids) | set(sample_ids)

    docs = {}
    titles_by_source = {}
    with open(snn_path, encoding='utf-8') as f:
        for line in f:
            d = json.loads(line)
            if d['id'] in wanted:
                docs[d['id']] = d
            titles_by_source.setdefault(d['source'], []).append((d['id'], d['title']))
    missing = wanted - set(docs)
    if missing:
        print(f'missing from {snn_path}: {sorted(missing)}', file=sys.stderr)
        return 2
    for i in site_ids:
        assert docs[i]['source'] in SITES, (i, docs[i]['source'])
    for _, _, ids in CLUSTERS:  # each copy of a story in its own site
        assert len({docs[i]['source'] for i in ids}) == len(ids), ids

    # --- check the selection on article text ----------------------------------------------
    cluster_of = {}
    for name, _, ids in CLUSTERS + SAMPLE_CLUSTERS:
        for i in ids:
            cluster_of[i] = name
    near = {frozenset(ids) for _, _, ids in NEAR_MISSES}
    all_ids = site_ids + sample_ids
    sh = {i: shingles('\n'.join(clean_paragraphs(docs[i]['text']))) for i in all_ids}
    print('# pairwise word-5-shingle Jaccard of article texts (template excluded)')
    ok = True
    for name, _, ids in CLUSTERS + SAMPLE_CLUSTERS:
        # connected at >= 0.15
        reach = {ids[0]}
        changed = True
        while changed:
            changed = False
            for a in ids:
                if a not in reach and any(jaccard(sh[a], sh[b]) >= 0.15 for b in reach):
                    reach.add(a)
                    changed = True
        if len(reach) != len(ids):
            print(f'!! cluster {name} is not connected at 0.15', file=sys.stderr)
            ok = False
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                print(f'{name}\t{ids[x]}\t{ids[y]}\t{jaccard(sh[ids[x]], sh[ids[y]]):.3f}')
    for x in range(len(all_ids)):
        for y in range(x + 1, len(all_ids)):
            a, b = all_ids[x], all_ids[y]
            if cluster_of.get(a, a) == cluster_of.get(b, b):
                continue
            j = jaccard(sh[a], sh[b])
            if frozenset((a, b)) in near:
                print(f'near-miss\t{a}\t{b}\t{j:.3f}')
            elif j >= 0.1:
                print(f'!! {a} and {b} are in different clusters but J={j:.3f}', file=sys.stderr)
                ok = False
    if not ok:
        return 3

    # --- pages ---------------------------------------------------------------------------
    sites_dir = os.path.join(out_dir, 'sites')
    if os.path.isdir(sites_dir):
        for root, dirs, files in os.walk(sites_dir, topdown=False):
            for name in files:
                if name.endswith('.txt'):
                    os.remove(os.path.join(root, name))
            for name in dirs:
                try:
                    os.rmdir(os.path.join(root, name))
                except OSError:
                    pass
    singles_by_site = {}
    for i in SINGLETONS:
        singles_by_site.setdefault(docs[i]['source'], []).append(i)
    embed_uses = {}
    selected = set(site_ids) | set(sample_ids)
    rows = []
    for i in sorted(site_ids):
        d = docs[i]
        site = d['source']
        rng = random.Random(seed_of(i))
        embed = None
        if rng.random() < 0.45:
            choices = [s for s in singles_by_site.get(site, []) if s != i and embed_uses.get(s, 0) < 2]
            if choices:
                e = rng.choice(choices)
                embed_uses[e] = embed_uses.get(e, 0) + 1
                embed = docs[e]
        similar = []
        if rng.random() < 0.6:
            pool = [t for k, t in titles_by_source[site] if k != i and k not in selected]
            similar = [clean_title(t) for t in rng.sample(pool, rng.choice([3, 4, 5]))]
            if rng.random() < 0.5:  # now and then a headline of another page of this site
                own = [clean_title(docs[k]['title']) for k in sorted(site_ids)
                       if k != i and docs[k]['source'] == site]
                similar[rng.randrange(len(similar))] = rng.choice(own)
        page = render_page(d, site, rng, embed, similar)
        rel = f'sites/{site}/{d["date"][:10]}-{i}.txt'
        os.makedirs(os.path.join(out_dir, 'sites', site), exist_ok=True)
        with open(os.path.join(out_dir, rel), 'w', encoding='utf-8', newline='\n') as f:
            f.write(page)
        near_name = [n for n, _, ids in NEAR_MISSES if i in ids]
        label = cluster_of.get(i) or ('singleton (near-miss ' + near_name[0] + ')' if near_name
                                      else 'singleton')
        # The id `shabih dedup CORPUS_DIR/sites ...` writes: the path under sites/.
        rows.append((rel[len('sites/'):], rel, i, site, label, embed['id'] if embed else '-'))

    # --- sample.jsonl ----------------------------------------------------------------------
    with open(os.path.join(out_dir, 'sample.jsonl'), 'w', encoding='utf-8', newline='\n') as f:
        for i in sorted(sample_ids):
            d = docs[i]
            f.write(json.dumps({'id': i, 'url': d['url'],
                                'text': '\n'.join(clean_paragraphs(d['text']))},
                               ensure_ascii=False) + '\n')
            rows.append((i, 'sample.jsonl', i, d['source'], cluster_of.get(i, 'singleton'), '-'))
    seeds_dir = os.path.join(out_dir, 'seeds')
    if os.path.isdir(seeds_dir):
        for name in sorted(os.listdir(seeds_dir)):
            if name.endswith('.txt'):
                rows.append((name, f'seeds/{name}', '-', '-', 'singleton', '-'))
    rows.sort(key=lambda r: (r[1], r[0]))  # the order `shabih dedup corpus/` reads them in

    with open(os.path.join(out_dir, 'expected_clusters.tsv'), 'w', encoding='utf-8',
              newline='\n') as f:
        f.write('# id\tfile\tsnn_id\tsource\tcluster\tread_also_embeds\n')
        for r in rows:
            f.write('\t'.join(r) + '\n')
    print(f'# {len(site_ids)} pages, {len(sample_ids)} JSONL documents -> {out_dir}',
          file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Builds corpus/html/ (Arabic news pages in varied markup) and corpus/html-gold/ (their main text).

Every article text is real (SaudiNewsNet, ../shared/corpus/saudinewsnet, 2015-07-22); the markup
around it is made up, modelled on what Arabic news sites write. Deterministic: the same input gives
the same files. Usage: /usr/bin/python3 scripts/html_eval/build_arabic_set.py [SNN_ZIP] [OUT_ROOT]

Six sites, two pages each, one markup style per site:
  sabq      semantic HTML5 (header, nav, main, article, aside, footer); a read-also line in the article
  okaz      div soup (classes only, paragraphs split by <br><br>); a read-also heading and link list
            inside the article's div, then the article goes on
  alriyadh  layout tables, windows-1256 bytes declared by <meta charset>
  alyaum    a read-also opener inside the article followed by a whole other article (embedded), then
            a "similar articles" list, all inside the article container
  was       no charset declared anywhere (UTF-8 bytes), minimal markup, a share bar and tags
  alwatan   comments section, breadcrumbs, most-read sidebar inside the main column's wrapper
The gold is the article's own paragraphs (no headline, byline or date), one per line.
"""
import html
import json
import os
import sys
import zipfile

SNN = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/corpus/saudinewsnet/2015-07-22.zip'
ROOT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), '..', '..', 'corpus')


def paragraphs(doc):
    return [p.strip() for p in doc['content'].split('\n') if p.strip()]


def pick(data):
    ok = [d for d in data if 3 <= len(paragraphs(d)) <= 12 and 800 < len(d['content']) < 6000]
    ok.sort(key=lambda d: d['url'])
    by_source = {}
    for d in ok:
        by_source.setdefault(d['source'], []).append(d)
    return by_source


e = html.escape
MENU = ['الرئيسية', 'محليات', 'سياسة', 'اقتصاد', 'رياضة', 'ثقافة وفن', 'كتاب ومقالات', 'اتصل بنا']


def links(items, cls=None):
    c = f' class="{cls}"' if cls else ''
    return f'<ul{c}>' + ''.join(f'<li><a href="/s/{i}">{e(t)}</a></li>' for i, t in enumerate(items)) + '</ul>'


def head(title, charset='utf-8'):
    meta = f'<meta charset="{charset}">' if charset else ''
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head>{meta}<title>{e(title)}</title>'
            '<link rel="stylesheet" href="/css/site.css"><script>window.dataLayer=[];function gtag(){}</script>'
            '<style>.ad{display:block}</style></head>')


def sabq(doc, other_titles):
    ps = paragraphs(doc)
    body = ''.join(f'<p>{e(p)}</p>' for p in ps[:2])
    body += f'<p><strong>اقرأ أيضاً:</strong> <a href="/n/1">{e(other_titles[0])}</a></p>'
    body += ''.join(f'<p>{e(p)}</p>' for p in ps[2:])
    return (head(doc['title']) + '<body><header class="site-header"><div class="logo">سبق</div><nav>'
            + links(MENU) + '</nav></header><main><article><header><h1>' + e(doc['title'])
            + '</h1><time>2015-07-22</time></header><div class="entry">' + body
            + '</div><footer class="tags">وسوم: ' + ' '.join(f'<a href="/t/{i}">{t}</a>' for i, t in
                                                              enumerate(['السعودية', 'أخبار']))
            + '</footer></article><aside><h2>الأكثر قراءة</h2>' + links(other_titles[1:5]) + '</aside></main>'
            + '<footer><p>جميع الحقوق محفوظة لصحيفة سبق الإلكترونية 2015</p></footer>'
            '<script>var x = "<p>ليس نصا</p>";</script></body></html>')


def okaz(doc, other_titles):
    ps = paragraphs(doc)
    half = max(1, len(ps) // 2)
    text = '<br><br>'.join(e(p) for p in ps[:half])
    text2 = '<br><br>'.join(e(p) for p in ps[half:])
    return (head(doc['title']) + '<body><div id="wrap"><div class="top-bar"><div class="date">الأربعاء 22 يوليو 2015</div>'
            + '<div class="menu">' + ' | '.join(f'<a href="/s/{i}">{t}</a>' for i, t in enumerate(MENU)) + '</div></div>'
            + '<div class="row"><div class="col-md-8"><div class="news-details"><div class="news-title">'
            + e(doc['title']) + '</div><div class="news-date">تاريخ النشر: 22/07/2015</div>'
            + '<div class="news-text">' + text + '<div class="inner-related"><div class="inner-related-title">إقرأ أيضاً</div>'
            + links(other_titles[:3]) + '</div>' + text2 + '</div>'
            + '<div class="share">شارك: <a href="#">تويتر</a> <a href="#">فيسبوك</a> <a href="#">واتساب</a></div>'
            + '</div></div><div class="col-md-4"><div class="block"><div class="block-title">آخر الأخبار</div>'
            + links(other_titles[3:7]) + '</div></div></div><div class="bottom">عكاظ © 2015 جميع الحقوق محفوظة</div>'
            + '</div></body></html>')


def alriyadh(doc, other_titles):
    ps = paragraphs(doc)
    cells = ''.join(f'<tr><td class="text">{e(p)}</td></tr>' for p in ps)
    return (head(doc['title'], 'windows-1256') + '<body><table width="100%"><tr><td colspan="2">'
            + '<table><tr>' + ''.join(f'<td><a href="/s/{i}">{t}</a></td>' for i, t in enumerate(MENU))
            + '</tr></table></td></tr><tr><td width="70%" valign="top"><table class="article">'
            + f'<tr><td><h2>{e(doc["title"])}</h2></td></tr><tr><td>الرياض - واس</td></tr>' + cells
            + '</table></td><td valign="top"><table><tr><th>أخبار ذات صلة</th></tr>'
            + ''.join(f'<tr><td><a href="/n/{i}">{e(t)}</a></td></tr>' for i, t in enumerate(other_titles[:4]))
            + '</table></td></tr><tr><td colspan="2">جريدة الرياض - جميع الحقوق محفوظة</td></tr></table></body></html>')


def alyaum(doc, other, other_titles):
    ps = paragraphs(doc)
    embedded = ''.join(f'<p>{e(p)}</p>' for p in paragraphs(other)[:4])
    return (head(doc['title']) + '<body><div class="header"><a href="/">اليوم</a>'
            + links(MENU, 'main-menu') + '</div><div class="page"><div class="article-content"><h1>'
            + e(doc['title']) + '</h1><div class="byline">الدمام - اليوم</div>'
            + ''.join(f'<p>{e(p)}</p>' for p in ps)
            + '<p>المصدر: اليوم</p><h3>اقرأ أيضا</h3><div class="embedded"><h2>' + e(other['title']) + '</h2>'
            + embedded + '</div><h3>مقالات مشابهة</h3>' + links(other_titles[:4])
            + '</div></div><div class="footer">صحيفة اليوم 2015</div></body></html>')


def was(doc, other_titles):
    ps = paragraphs(doc)
    # No <meta charset>, no http-equiv: a reader must detect UTF-8.
    return ('<html><head><title>' + e(doc['title']) + '</title></head><body><div>وكالة الأنباء السعودية</div>'
            + '<div>' + ' - '.join(f'<a href="/s/{i}">{t}</a>' for i, t in enumerate(MENU[:5])) + '</div>'
            + '<div class="share-bar"><a href="#">تويتر</a><a href="#">فيسبوك</a><a href="#">طباعة</a></div>'
            + '<div class="content"><b>' + e(doc['title']) + '</b>'
            + ''.join(f'<div>{e(p)}</div>' for p in ps)
            + '</div><div class="tags">الكلمات المفتاحية: <a href="#">واس</a> <a href="#">السعودية</a></div>'
            + '<div>جميع الحقوق محفوظة لوكالة الأنباء السعودية</div></body></html>')


def alwatan(doc, other_titles):
    ps = paragraphs(doc)
    return (head(doc['title']) + '<body><div id="container"><div class="breadcrumb"><a href="/">الرئيسية</a> &gt; '
            '<a href="/s">محليات</a></div><div id="main-column"><div class="post"><h1 class="post-title">'
            + e(doc['title']) + '</h1><div class="post-meta">أبها: الوطن | 22 يوليو 2015</div><div class="post-body">'
            + ''.join(f'<p>{e(p)}</p>' for p in ps) + '</div></div><div id="comments"><h3>التعليقات (2)</h3>'
            '<div class="comment"><p>خبر جميل وشكرا للصحيفة على المتابعة المستمرة لأخبار المنطقة</p></div>'
            '<div class="comment"><p>نتمنى أن يتم تنفيذ المشروع في الوقت المحدد وأن يخدم المواطنين كما ينبغي</p></div>'
            '<form class="comment-form"><textarea>اكتب تعليقك</textarea><button>أرسل</button></form></div>'
            '<div class="sidebar"><h3>الأكثر قراءة</h3>' + links(other_titles[:5]) + '</div></div>'
            '<div id="footer">الوطن أون لاين © 2015</div></div></body></html>')


def main():
    z = zipfile.ZipFile(SNN)
    data = json.loads(z.read(z.namelist()[0]))
    by_source = pick(data)
    titles = sorted(d['title'] for d in data if d.get('title'))[:40]
    # site: the SaudiNewsNet source whose articles it shows, and the first of them (sources with
    # paragraph breaks in their text: alriyadh's and alyaum's have none that day)
    plan = [('sabq', 'almadina', 0), ('okaz', 'okaz', 0), ('alriyadh', 'aawsat', 0), ('alyaum', 'alweeam', 0),
            ('was', 'almadina', 2), ('alwatan', 'alwatan', 0)]
    written = []
    for site, source, first in plan:
        docs = by_source[source][first:first + 2]
        for k, doc in enumerate(docs):
            others = titles[k * 7:k * 7 + 8]
            if site == 'sabq':
                page = sabq(doc, others)
            elif site == 'okaz':
                page = okaz(doc, others)
            elif site == 'alriyadh':
                page = alriyadh(doc, others)
            elif site == 'alyaum':
                other = by_source['aawsat'][2 + k]
                page = alyaum(doc, other, others)
            elif site == 'was':
                page = was(doc, others)
            else:
                page = alwatan(doc, others)
            name = f'page-{k + 1}'
            os.makedirs(os.path.join(ROOT, 'html', site), exist_ok=True)
            os.makedirs(os.path.join(ROOT, 'html-gold', site), exist_ok=True)
            enc = 'cp1256' if site == 'alriyadh' else 'utf-8'
            with open(os.path.join(ROOT, 'html', site, name + '.html'), 'wb') as f:
                f.write(page.encode(enc, errors='xmlcharrefreplace'))
            with open(os.path.join(ROOT, 'html-gold', site, name + '.txt'), 'w', encoding='utf-8') as f:
                f.write('\n'.join(paragraphs(doc)) + '\n')
            written.append(f'{site}/{name}')
    print(len(written), 'pages:', ' '.join(written))


if __name__ == '__main__':
    main()

// shabih report: the cluster browser and the page view, drawn from the JSON
// data block (#shabih-data). Embedded into every report.html at build time.
// Every text from the run is set with textContent / createTextNode, never
// parsed as HTML.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('shabih-data').textContent);
  const OPS = { EQUAL: 0, DELETE: 1, INSERT: 2, CHANGE: 3 };

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'onclick') e.addEventListener('click', v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }
  function arabic(tag, attrs, ...children) {
    return el(tag, Object.assign({ lang: 'ar', dir: 'rtl' }, attrs || {}), ...children);
  }
  function fixed(x) { return typeof x === 'number' && x >= 0 ? x.toFixed(3) : '–'; }

  // Search folds what Arabic spelling varies in: diacritics, tatweel, alef
  // and hamza seats, alef maksura, ta marbuta; and case.
  function fold(s) {
    return s.toLowerCase().replace(/[\u064B-\u065F\u0670\u0640]/g, '')
      .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627').replace(/\u0649/g, '\u064A').replace(/\u0629/g, '\u0647');
  }

  // Words as the engine split them (tooling/word_diff.h): runs of
  // non-ASCII-whitespace over the kept part of each content line.
  const SPACE = /[ \t\n\v\f\r]+/;
  function keptWords(doc) {
    const words = [];
    doc.lines.forEach((line, index) => {
      if (line[0]) return;  // boilerplate
      for (const w of line[2].split(SPACE)) if (w) words.push({ w, line: index });
    });
    return words;
  }
  function reasonName(i) { return data.reasons[i] || ''; }
  function docText(doc) {
    return doc.lines.filter(l => !l[0]).map(l => l[2]).join(' ');
  }

  // One side of a diff as tokens {w, line, cls} and markers {marker}.
  function sideTokens(words, ops, side) {
    const out = [];
    let i = 0;
    for (let o = 0; o < ops.length; o += 3) {
      const kind = ops[o], na = ops[o + 1], nb = ops[o + 2];
      const n = side === 'a' ? na : nb;
      let cls = '';
      if (kind === OPS.CHANGE) cls = 'chg';
      else if (kind === OPS.DELETE && side === 'a') cls = 'del';
      else if (kind === OPS.INSERT && side === 'b') cls = 'ins';
      if (n === 0) {
        if (kind !== OPS.EQUAL) {
          const line = words.length ? words[Math.min(i, words.length - 1)].line : 0;
          out.push(side === 'a' ? { marker: '+' + nb, title: nb + ' words inserted here in the member', line }
                                : { marker: '−' + na, title: na + ' words of the canonical deleted here', line });
        }
        continue;
      }
      for (let j = 0; j < n && i < words.length; j++, i++) out.push({ w: words[i].w, line: words[i].line, cls });
    }
    return out;
  }
  // Paragraphs (one per source line) of runs of equally marked words.
  function renderTokens(tokens) {
    const box = arabic('div', { class: 'text' });
    let p = null, line = -1, run = null, runCls = null;
    const flush = () => {
      if (run === null) return;
      const text = run.join(' ');
      if (runCls === 'del') p.appendChild(el('del', {}, text));
      else if (runCls === 'ins') p.appendChild(el('ins', {}, text));
      else if (runCls === 'chg') p.appendChild(el('span', { class: 'chg' }, text));
      else p.appendChild(document.createTextNode(text));
      p.appendChild(document.createTextNode(' '));
      run = null;
    };
    for (const t of tokens) {
      if (t.line !== line || !p) {
        flush();
        p = box.appendChild(el('p'));
        line = t.line;
      }
      if (t.marker) {
        flush();
        p.appendChild(el('span', { class: 'caret', title: t.title }, t.marker));
        p.appendChild(document.createTextNode(' '));
        continue;
      }
      if (run !== null && runCls !== t.cls) flush();
      if (run === null) { run = []; runCls = t.cls; }
      run.push(t.w);
    }
    flush();
    return box;
  }

  // ---- views and routing ----
  const views = ['overview', 'clusters', 'pages', 'boilerplate'];
  function show(view) {
    for (const v of views) document.getElementById(v).classList.toggle('active', v === view);
    for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.view === view);
  }
  function route() {
    const hash = decodeURIComponent(location.hash.slice(1));
    if (hash.startsWith('cluster/')) { show('clusters'); openCluster(hash.slice(8)); return; }
    if (hash.startsWith('page/')) { show('pages'); openPage(hash.slice(5)); return; }
    show(views.includes(hash) ? hash : 'overview');
  }
  function go(hash) { location.hash = '#' + encodeURIComponent(hash).replace(/%2F/g, '/'); }

  // ---- clusters ----
  const clusterList = document.getElementById('cluster-list');
  const clusterDetail = document.getElementById('cluster-detail');
  const clusterById = new Map(data.clusters.map(c => [c.id, c]));
  function clusterSearchText(c) {
    if (c._s === undefined) {
      const parts = [c.id];
      for (const m of c.members) {
        parts.push(m.id);
        if (m.d >= 0) parts.push(docText(data.docs[m.d]));
      }
      c._s = fold(parts.join('\n'));
    }
    return c._s;
  }
  function renderClusterList(query) {
    clear(clusterList);
    const q = fold(query.trim());
    let shown = 0;
    for (const c of data.clusters) {
      if (q && !clusterSearchText(c).includes(q)) continue;
      ++shown;
      const canonical = c.members[0];
      const snippet = canonical && canonical.d >= 0 ? docText(data.docs[canonical.d]).slice(0, 120) : '';
      clusterList.appendChild(el('li', { 'data-cluster': c.id, onclick: () => go('cluster/' + c.id) },
        el('span', { class: 'size', title: 'members' }, c.size),
        el('div', { class: 'id' }, c.id),
        snippet ? arabic('div', { class: 'snippet' }, snippet) : null));
    }
    document.getElementById('cluster-count').textContent =
      shown + ' of ' + data.clusters.length + ' listed clusters' +
      (data.clusters.length < data.clusters_with_duplicates ? ' (' + data.clusters_with_duplicates + ' in the run)' : '');
  }
  function relationText(m) {
    if (!m.r) return 'edge not found in candidates.jsonl';
    if (m.r === 'near-duplicate') return 'near-duplicate: Jaccard at or above the threshold';
    if (m.r === 'a-contains-b' || m.r === 'b-contains-a') return m.r + ': linked by containment';
    return m.r;
  }
  function openCluster(id, memberId) {
    for (const li of clusterList.children) li.classList.toggle('selected', li.dataset.cluster === id);
    clear(clusterDetail);
    const c = clusterById.get(id);
    if (!c) { clusterDetail.appendChild(el('p', { class: 'muted' }, 'No cluster ' + id + ' in this report.')); return; }
    const canonical = c.members[0];
    const withText = c.members.filter(m => !m.c && m.d >= 0);
    const chosen = c.members.find(m => m.id === memberId && !m.c && m.d >= 0) || withText[0];
    clusterDetail.appendChild(el('h3', {}, 'Cluster ' + c.id));
    clusterDetail.appendChild(el('p', { class: 'muted' }, c.size + ' members' +
      (c.members.length < c.size ? ', ' + c.members.length + ' listed' : '') +
      '. The canonical is the member with the longest main text; each other member is linked towards it ' +
      'through linked_via, a verified edge.'));
    const table = el('table', { class: 'members' }, el('tr', {},
      el('th', {}, 'member'), el('th', {}, 'similarity to canonical'), el('th', {}, 'linked via'),
      el('th', {}, 'why linked'), el('th', {}, 'link Jaccard'), el('th', {}, 'containment'), el('th', {}, 'text')));
    for (const m of c.members) {
      const actions = el('td', {});
      if (m.d >= 0) {
        if (!m.c) actions.appendChild(el('button', { onclick: () => openCluster(c.id, m.id), title: 'diff against the canonical' }, 'diff'));
        actions.appendChild(document.createTextNode(' '));
        actions.appendChild(el('button', { onclick: () => go('page/' + m.id), title: 'lines and what was stripped' }, 'page'));
      } else {
        actions.appendChild(el('span', { class: 'muted' }, 'no text'));
      }
      table.appendChild(el('tr', { class: m === chosen ? 'chosen' : null, 'data-member': m.id },
        el('td', { class: 'id' }, m.id + (m.c ? ' (canonical)' : '')),
        el('td', { class: 'num' }, m.c ? '1' : fixed(m.s)),
        el('td', { class: 'id' }, m.c ? '' : m.v),
        el('td', {}, m.c ? 'canonical' : relationText(m)),
        el('td', { class: 'num' }, m.c ? '' : fixed(m.j)),
        el('td', { class: 'num' }, m.c ? '' : fixed(m.k)),
        actions));
    }
    clusterDetail.appendChild(table);
    if (!canonical || canonical.d < 0) {
      clusterDetail.appendChild(el('p', { class: 'muted' }, 'The canonical\'s text is not in this report, so there is no diff.'));
      return;
    }
    if (!chosen) {
      clusterDetail.appendChild(el('p', { class: 'muted' }, 'No member of this cluster has its text in the report.'));
      return;
    }
    clusterDetail.appendChild(el('div', { class: 'legend' }, 'Words, after normalization:',
      el('span', { class: 'ins' }, 'only in the member (inserted)'),
      el('span', { class: 'del' }, 'only in the canonical (deleted in the member)'),
      el('span', { class: 'chg' }, 'changed'), el('span', { class: 'caret' }, '+N / −N: words the other side has here')));
    const a = keptWords(data.docs[canonical.d]);
    const b = keptWords(data.docs[chosen.d]);
    const ops = chosen.diff || [];
    let na = 0, nb = 0;
    for (let o = 0; o < ops.length; o += 3) { na += ops[o + 1]; nb += ops[o + 2]; }
    if (na !== a.length || nb !== b.length) {
      clusterDetail.appendChild(el('p', { class: 'notes' }, 'The diff does not match the embedded texts (' + na + '/' +
        a.length + ', ' + nb + '/' + b.length + ' words); it is shown as far as it goes.'));
    }
    clusterDetail.appendChild(el('div', { class: 'sidebyside' },
      el('div', { class: 'pane canonical-pane' }, el('h4', {}, 'canonical: ' + canonical.id), renderTokens(sideTokens(a, ops, 'a'))),
      el('div', { class: 'pane member-pane' }, el('h4', {}, 'member: ' + chosen.id + ' · similarity ' + fixed(chosen.s)),
        renderTokens(sideTokens(b, ops, 'b')))));
  }

  // ---- pages ----
  const pageList = document.getElementById('page-list');
  const pageDetail = document.getElementById('page-detail');
  const docById = new Map(data.docs.map(d => [d.id, d]));
  function stripped(doc) { return doc.lines.filter(l => l[0]).length; }
  function renderPageList(query) {
    clear(pageList);
    const q = fold(query.trim());
    let shown = 0;
    for (const d of data.docs) {
      if (q && !fold(d.id + '\n' + d.site + '\n' + d.lines.map(l => l[2]).join('\n')).includes(q)) continue;
      ++shown;
      pageList.appendChild(el('li', { 'data-doc': d.id, onclick: () => go('page/' + d.id) },
        el('span', { class: 'size', title: 'stripped lines of embedded lines' }, stripped(d) + '/' + d.lines.length),
        el('div', { class: 'id' }, d.id), el('div', { class: 'snippet' }, d.site + (d.cluster ? ' · in cluster ' + d.cluster : ''))));
    }
    document.getElementById('page-count').textContent = shown + ' of ' + data.docs.length + ' pages with text';
  }
  function hue(reason) {
    const key = reason.split(':')[0];
    let h = 7;
    for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) % 360;
    return h;
  }
  function colorLine(e, reason) {
    const h = hue(reason);
    e.style.setProperty('--reason-color', 'hsl(' + h + ',60%,50%)');
    e.style.setProperty('--reason-bg', 'hsl(' + h + ',70%,94%)');
  }
  function openPage(id) {
    for (const li of pageList.children) li.classList.toggle('selected', li.dataset.doc === id);
    clear(pageDetail);
    const d = docById.get(id);
    if (!d) { pageDetail.appendChild(el('p', { class: 'muted' }, 'No page ' + id + ' in this report.')); return; }
    pageDetail.appendChild(el('h3', {}, d.id));
    const meta = el('p', { class: 'muted' }, 'site ' + (d.site || '(none)') + ' · ' + d.lines.length + ' lines, ' +
      stripped(d) + ' stripped');
    if (d.cluster) {
      meta.appendChild(document.createTextNode(' · cluster '));
      meta.appendChild(el('button', { class: 'link', onclick: () => go('cluster/' + d.cluster) }, d.cluster));
    }
    pageDetail.appendChild(meta);
    const used = [...new Set(d.lines.filter(l => l[0]).map(l => reasonName(l[1])))].sort();
    const legend = el('div', { class: 'legend' }, 'Stripped, by reason:');
    for (const r of used) {
      const s = el('span', { class: 'page' }, r);
      s.style.background = 'hsl(' + hue(r) + ',70%,90%)';
      legend.appendChild(s);
    }
    if (!used.length) legend.appendChild(el('span', { class: 'muted' }, 'nothing'));
    legend.appendChild(el('span', { class: 'trimmed-legend' }, el('span', { class: 'page' }, ''),
      'struck through: boilerplate glued to a kept line, trimmed'));
    pageDetail.appendChild(legend);
    const box = arabic('div', { class: 'page text' });
    for (const l of d.lines) {
      const reason = reasonName(l[1]);
      const line = el('div', { class: 'line ' + (l[0] ? 'boilerplate' : 'content') + (reason === 'title' ? ' title' : ''),
                               'data-reason': reason });
      if (l[0]) {
        colorLine(line, reason);
        line.appendChild(el('span', { class: 'tag', dir: 'ltr', lang: 'en' }, reason || 'boilerplate'));
      } else if (reason && reason !== 'blank') {
        line.appendChild(el('span', { class: 'tag', dir: 'ltr', lang: 'en' }, reason));
      }
      if (l[3]) line.appendChild(el('span', { class: 'trimmed', title: 'trimmed: glued boilerplate' }, l[3]));
      line.appendChild(document.createTextNode(l[2] || (l[0] ? '' : '\u00a0')));
      if (l[4]) line.appendChild(el('span', { class: 'trimmed', title: 'trimmed: glued boilerplate' }, l[4]));
      box.appendChild(line);
    }
    pageDetail.appendChild(box);
    if (d.omitted) pageDetail.appendChild(el('p', { class: 'muted' }, d.omitted + ' more lines are not embedded (--doc-bytes).'));
  }

  document.documentElement.classList.add('js');
  renderClusterList('');
  renderPageList('');
  document.getElementById('cluster-search').addEventListener('input', e => renderClusterList(e.target.value));
  document.getElementById('page-search').addEventListener('input', e => renderPageList(e.target.value));
  window.addEventListener('hashchange', route);
  route();
  window.shabihReport = { data, openCluster, openPage };
})();

// The report of corpus/ in a real browser: Debian's chromium driven by
// playwright-core. Loads the file with no console error and no request
// beyond the file itself, finds the expected clusters, searches, opens the
// iraq-parliament cluster and sees the diff mark the sentence only WAS's
// copy has, opens a page and sees its stripped lines shaded by reason.
//   node report_test.mjs out/corpus/report.html [--screenshots docs]
// Exit 77 (skipped) when chromium or playwright-core is missing.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const SKIP = 77;
const args = process.argv.slice(2);
const report = args[0];
const shotsAt = args.indexOf('--screenshots');
const shots = shotsAt >= 0 ? args[shotsAt + 1] : '';
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!report || !existsSync(report)) {
  console.error(`usage: node report_test.mjs REPORT.html [--screenshots DIR] (no file ${report})`);
  process.exit(2);
}
if (!existsSync(chromiumPath)) {
  console.log(`SKIP: ${chromiumPath} is missing (apt-get install chromium)`);
  process.exit(SKIP);
}
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.log('SKIP: playwright-core is not installed: run (cd tests/browser && npm ci)');
  process.exit(SKIP);
}

// The clusters the run wrote (clusters.jsonl beside the report): the list
// must hold every cluster with duplicates, the largest first. On corpus/
// (corpus/README.md) that is 15 clusters, the largest of 4 members; the
// iraq-parliament story's WAS copy (the canonical) has a closing sentence
// the alriyadh copy lacks.
const sizes = new Map();
for (const line of readFileSync(join(dirname(resolve(report)), 'clusters.jsonl'), 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const row = JSON.parse(line);
  sizes.set(row.cluster, (sizes.get(row.cluster) || 0) + 1);
}
const withDuplicates = [...sizes.entries()].filter(([, n]) => n > 1);
const EXPECTED_CLUSTERS = withDuplicates.length;
const LARGEST_SIZE = Math.max(...withDuplicates.map(([, n]) => n));
const IRAQ = 'was/2015-08-10-snn-29166.txt';
const IRAQ_MEMBER = 'alriyadh/2015-08-10-snn-28452.txt';
const IRAQ_SENTENCE = 'كما طالب الجبوري رؤساء الكتل السياسية بتأييد ورقة الإصلاح السياسي التي تقدم بها العبادي';
const PAGE = 'sabq/2015-07-21-snn-02832.txt';

const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}
const squash = s => s.replace(/\s+/g, ' ').trim();

const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));
  const url = pathToFileURL(resolve(report)).href;
  const fetched = [];
  await page.route('**/*', route => {
    if (route.request().url() !== url) fetched.push(route.request().url());
    return route.request().url() === url ? route.continue() : route.abort();
  });
  page.on('dialog', d => { errors.push('dialog: ' + d.message()); d.dismiss(); });
  await page.goto(url);
  if (shots) mkdirSync(shots, { recursive: true });
  const shoot = async name => { if (shots) await page.screenshot({ path: join(shots, `report-${name}.png`) }); };

  // Overview
  check(await page.locator('#overview.active .card').count() === 5, 'overview shows its five counts');
  check(await page.locator('#overview svg').count() === 4, 'overview draws four charts');
  check((await page.locator('#overview .card').first().innerText()).includes('85'), 'overview counts 85 documents');
  await shoot('overview');

  // Clusters: list, search, diff
  await page.click('nav a[data-view=clusters]');
  const items = page.locator('#cluster-list li');
  check(await items.count() === EXPECTED_CLUSTERS, `cluster list has ${EXPECTED_CLUSTERS} clusters`);
  check(EXPECTED_CLUSTERS === 15, `the corpus run has the 15 clusters corpus/README.md lists (${EXPECTED_CLUSTERS})`);
  check(sizes.get(await items.first().getAttribute('data-cluster')) === LARGEST_SIZE &&
        (await items.first().locator('.size').innerText()) === String(LARGEST_SIZE), 'largest cluster first');
  const listed = await items.evaluateAll(lis => lis.map(li => li.dataset.cluster));
  check(withDuplicates.every(([id]) => listed.includes(id)), 'every cluster with duplicates is listed');
  await page.fill('#cluster-search', 'الجبوري');
  check(await items.count() >= 1 && await page.locator(`#cluster-list li[data-cluster="${IRAQ}"]`).count() === 1,
        'search by a word finds the iraq-parliament cluster');
  await page.fill('#cluster-search', 'snn-28452');
  check(await items.count() === 1, 'search by a member id finds one cluster');
  await page.fill('#cluster-search', '');
  await page.click(`#cluster-list li[data-cluster="${IRAQ}"]`);
  await page.waitForSelector('#cluster-detail .sidebyside');
  check((await page.locator('#cluster-detail .member-pane h4').innerText()).includes(IRAQ_MEMBER), 'the member is shown beside the canonical');
  const marked = (await page.locator('#cluster-detail .canonical-pane del').allInnerTexts()).map(squash);
  check(marked.some(t => t.includes(IRAQ_SENTENCE)), 'the diff marks the sentence only the canonical has');
  check(await page.locator('#cluster-detail .member-pane .caret').count() > 0, 'the member pane marks where words are missing');
  check(await page.locator('#cluster-detail .chg').count() > 0, 'changed words are marked');
  check(await page.locator('#cluster-detail .canonical-pane [lang=ar][dir=rtl]').count() === 1, 'Arabic text is lang=ar dir=rtl');
  check((await page.locator(`#cluster-detail tr[data-member="${IRAQ_MEMBER}"]`).innerText()).includes('near-duplicate'),
        'the member says why it was linked');
  await shoot('clusters');

  // Page view
  await page.click('nav a[data-view=pages]');
  check(await page.locator('#page-list li').count() >= 60, 'the page view lists the pages with text');
  await page.click(`#page-list li[data-doc="${PAGE}"]`);
  await page.waitForSelector('#page-detail .page');
  check((await page.locator('#page-detail h3').innerText()) === PAGE, 'page view opens the page');
  const boilerplate = page.locator('#page-detail .line.boilerplate');
  check(await boilerplate.count() > 0, 'the page shades its stripped lines');
  check(await page.locator('#page-detail .line.content').count() > 0, 'the page shows its kept lines');
  check((await boilerplate.first().getAttribute('data-reason')) !== '', 'each stripped line names its reason');
  await shoot('pages');

  // Boilerplate tables
  await page.click('nav a[data-view=boilerplate]');
  check(await page.locator('#boilerplate.active table.repeated').count() >= 5, 'repeated boilerplate lines per site');
  await shoot('boilerplate');

  check(errors.length === 0, 'no console error' + (errors.length ? ': ' + errors.join(' | ') : ''));
  check(fetched.length === 0, 'nothing fetched beyond the file' + (fetched.length ? ': ' + fetched.join(' ') : ''));
} finally {
  await browser.close();
}
if (failures.length) {
  console.log(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('report browser test passed');

// Headless-Chromium test of the search page, driven by tests/it/search.rs (and bench/search.sh).
// Serves a built site under a sub-path on 127.0.0.1 with gzip (as a static host would), opens
// /<prefix>/search/ in Debian's Chromium through playwright-core, types queries and checks what
// the page shows. Nothing is downloaded: no browser, no page from another host.
//
// Usage: node browser.mjs <built site> <prefix, e.g. /site/> test <queries.json>
//        node browser.mjs <built site> <prefix> measure <query>
// Prints one JSON report on stdout; exits 1 when a check fails.
import http from 'node:http';
import zlib from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const S = require('../../themes/default/static/assets/search.js');

const [root, prefix = '/site/', mode = 'test', arg = ''] = process.argv.slice(2);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8', '.css': 'text/css', '.svg': 'image/svg+xml', '.xml': 'application/xml' };

// Every response, in order: path and bytes sent (compressed body).
const served = [];
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  let p = decodeURIComponent(url.pathname);
  if (!p.startsWith(prefix)) { res.writeHead(404); res.end(); served.push({ path: p, bytes: 0, status: 404 }); return; }
  let file = path.join(root, p.slice(prefix.length));
  if (!file.startsWith(path.resolve(root))) { res.writeHead(403); res.end(); return; }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!fs.existsSync(file)) { res.writeHead(404); res.end(); served.push({ path: p, bytes: 0, status: 404 }); return; }
  let body = fs.readFileSync(file);
  const type = TYPES[path.extname(file)] || 'application/octet-stream';
  const headers = { 'content-type': type, 'cache-control': 'no-store' };
  if (TYPES[path.extname(file)] && /gzip/.test(req.headers['accept-encoding'] || '')) {
    body = zlib.gzipSync(body, { level: 6 });
    headers['content-encoding'] = 'gzip';
  }
  res.writeHead(200, headers);
  res.end(body);
  served.push({ path: p, bytes: body.length, status: 200 });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const report = { checks: [], failures: [] };
function check(name, ok, detail) {
  report.checks.push({ name, ok: !!ok, detail });
  if (!ok) report.failures.push(name + (detail === undefined ? '' : ': ' + JSON.stringify(detail)));
}
const outside = [];

async function open(query) {
  const page = await browser.newPage();
  page.on('request', (r) => { if (!r.url().startsWith(origin + prefix) && !r.url().startsWith('data:')) outside.push(r.url()); });
  await page.goto(origin + prefix + 'search/' + (query || ''), { waitUntil: 'load' });
  return page;
}
const indexRequests = () => served.filter((s) => /\/search\/([0-9a-f]+\.json|[sd]\/)/.test(s.path));
async function results(page) {
  // Waits until the page has answered the latest keystroke or filter change (aria-busy false).
  await page.waitForFunction(() => /พบ|ไม่พบ/.test(document.getElementById('search-status').textContent)
    && document.getElementById('search-results').getAttribute('aria-busy') === 'false', null, { timeout: 15000 });
  return page.$$eval('#search-results > li', (lis) => lis.map((li) => ({
    title: li.querySelector('a').textContent,
    href: li.querySelector('a').getAttribute('href'),
    meta: (li.querySelector('.item-meta') || {}).textContent || '',
    snippet: (li.querySelector('.item-summary') || {}).textContent || '',
    marks: Array.from(li.querySelectorAll('mark'), (m) => m.textContent),
  })));
}

try {
  if (mode === 'measure') {
    const page = await open('');
    const before = served.length;
    await page.click('#search-q');
    await page.keyboard.type(arg, { delay: 60 });
    const rs = await results(page);
    const first = served.slice(before);
    const script = served.find((s) => s.path.endsWith('/assets/search.js'));
    report.query = arg;
    report.results = rs.length;
    report.requests = first.length + 1;
    report.bytes = first.reduce((a, s) => a + s.bytes, 0) + (script ? script.bytes : 0);
    report.script_bytes = script ? script.bytes : 0;
    report.by_kind = {
      meta: first.filter((s) => /\/search\/[0-9a-f]+\.json$/.test(s.path)).reduce((a, s) => a + s.bytes, 0),
      shards: first.filter((s) => /\/s\/[0-9a-f]+\.txt$/.test(s.path)).reduce((a, s) => a + s.bytes, 0),
      docs: first.filter((s) => /\/d\/\d+-[0-9a-f]+\.json$/.test(s.path)).reduce((a, s) => a + s.bytes, 0),
    };
  } else {
    const queries = JSON.parse(fs.readFileSync(arg, 'utf8'));
    const page = await open('');
    check('one h1', (await page.$$('h1')).length === 1);
    check('labelled search box', await page.$eval('#search-q', (i) => !!document.querySelector(`label[for="${i.id}"]`)));
    check('labelled filters', await page.$$eval('select', (ss) => ss.every((s) => !!document.querySelector(`label[for="${s.id}"]`))));
    check('live region', await page.$eval('#search-status', (s) => s.getAttribute('aria-live') === 'polite' && s.getAttribute('role') === 'status'));
    check('links to the lists without JavaScript', (await page.$$('.search-browse a')).length > 3);
    await page.waitForTimeout(300);
    check('no index fetched before the box is used', indexRequests().length === 0, indexRequests().map((s) => s.path));

    // Results as you type, with highlighted words, kind, Thai date and fiscal year.
    await page.click('#search-q');
    await page.keyboard.type('จัดจ้าง', { delay: 40 });
    let rs = await results(page);
    check('results as you type', rs.length > 0, rs.length);
    check('title match first', rs.length > 0 && /จัดซื้อจัดจ้าง|จัดจ้าง/.test(rs[0].title), rs[0]);
    check('highlighted words', rs.some((r) => r.marks.some((m) => S.fold(m).includes('จัดจ้าง'))), rs.slice(0, 3));
    check('kind, Thai date and fiscal year shown', rs.every((r) => /ปีงบประมาณ พ\.ศ\. [๐-๙]{4}/.test(r.meta) && /[๐-๙]+ [ก-๙]+ [๐-๙]{4}/.test(r.meta)), rs[0] && rs[0].meta);
    check('links under the sub-path', rs.every((r) => r.href.startsWith(prefix)), rs.map((r) => r.href).slice(0, 3));
    check('status announces the count', /พบ [๐-๙0-9]+ รายการ/.test(await page.textContent('#search-status')));
    const search = await page.evaluate(() => new URLSearchParams(location.search).get('q'));
    check('address keeps the query', search === 'จัดจ้าง', search);
    if (process.env.SEARCH_SCREENSHOT) await page.screenshot({ path: process.env.SEARCH_SCREENSHOT, fullPage: true });

    // Keyboard: down from the box to the results, Escape back.
    await page.focus('#search-q');
    await page.keyboard.press('ArrowDown');
    check('arrow down reaches the first result', await page.evaluate(() => document.activeElement === document.querySelector('#search-results a')));
    await page.keyboard.press('ArrowDown');
    check('arrow down moves between results', await page.evaluate(() => document.activeElement === document.querySelectorAll('#search-results a')[1]));
    await page.keyboard.press('Escape');
    check('escape returns to the box', await page.evaluate(() => document.activeElement.id === 'search-q'));

    // Filters by kind and fiscal year.
    await page.fill('#search-q', 'ทุจริต');
    await page.selectOption('#search-kind', 'news');
    rs = await results(page);
    check('kind filter', rs.length > 0 && rs.every((r) => r.meta.startsWith('ข่าวประชาสัมพันธ์')), rs.map((r) => r.meta));
    await page.selectOption('#search-kind', '');
    await page.selectOption('#search-year', '2567');
    rs = await results(page);
    check('fiscal-year filter', rs.length > 0 && rs.every((r) => r.meta.includes('ปีงบประมาณ พ.ศ. ๒๕๖๗')), rs.map((r) => r.meta));
    await page.close();

    // The header form sends ?q=…: the page runs it at once.
    const p2 = await open('?q=no+gift');
    rs = await results(p2);
    check('query from the address (No Gift)', rs.slice(0, 3).some((r) => r.href.endsWith('announcements/no-gift-policy/')), rs.map((r) => r.href).slice(0, 3));
    // The browser's segmentation of the test queries is node's (both ICU), so the relevance
    // table, run under node, holds in the browser.
    const diff = [];
    for (const q of queries) {
      const inPage = await p2.evaluate((x) => window.prongsaiSearch.queryRuns(x), q);
      const inNode = S.queryRuns(q);
      if (JSON.stringify(inPage) !== JSON.stringify(inNode)) diff.push({ q, inPage, inNode });
    }
    report.segmentation_differences = diff;
    check('Chromium segments the test queries as node does', diff.length === 0, diff.slice(0, 3));
    await p2.close();
    check('no request to another host', outside.length === 0, outside);
    check('no missing file', served.every((s) => s.status === 200 || !s.path.includes('/search/')), served.filter((s) => s.status !== 200));
  }
} catch (e) {
  report.failures.push('error: ' + (e && e.stack || e));
} finally {
  await browser.close();
  server.close();
}
process.stdout.write(JSON.stringify(report, null, 1) + '\n');
process.exit(report.failures.length ? 1 : 0);

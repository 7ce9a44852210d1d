// Runs the browser's own query code (themes/default/static/assets/search.js) under node against
// a built index, for the relevance tests in tests/it/search.rs.
// Usage: node rank.mjs <search.js> <manifest>  (queries as JSON on stdin)
// stdin: [{ "q": "…", "kind": "", "year": "", "n": 5 }]
// stdout: [{ "q", "fold", "runs", "terms", "top": [site paths], "years", "count", "partial" }]
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const [script, manifest] = process.argv.slice(2);
const S = require(path.resolve(script));
const idx = new S.Index(manifest, (url) => fs.promises.readFile(url, 'utf8'));
const queries = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = [];
for (const q of queries) {
  const res = await S.search(idx, q.q, q);
  const shown = res.results.slice(0, q.n || 5);
  const top = shown.map((r) => JSON.parse(fs.readFileSync(idx.docUrl(r.doc), 'utf8')).u);
  const years = shown.map((r) => idx.meta.yearOf[r.doc]);
  out.push({
    q: q.q,
    fold: S.fold(q.q),
    runs: S.queryRuns(q.q),
    terms: res.clauses.map((c) => c.word),
    top,
    years,
    count: res.results.length,
    partial: res.partial,
  });
}
process.stdout.write(JSON.stringify(out));

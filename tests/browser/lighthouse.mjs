#!/usr/bin/env node
// Lighthouse (mobile preset, the default) on the home page and a procurement notice of a built
// site, with Debian's chromium. Prints the four scores; keeps the JSON reports under
// target/browser-artifacts/. A measure, not a test: exits 0 whatever the scores (1 only when
// Lighthouse cannot run).
//
//   node tests/browser/lighthouse.mjs <base-url> <public-dir> [--artifacts DIR]
//
// Build the site with its base URL set to where it is served, so that canonical links and the
// sitemap point to the same host, e.g.:
//   prongsai build --output /tmp/site --base-url http://127.0.0.1:8765/
//   python3 -m http.server --bind 127.0.0.1 --directory /tmp/site 8765 &
//   node tests/browser/lighthouse.mjs http://127.0.0.1:8765/ /tmp/site

import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "node:net";
import { chromium } from "playwright-core";
import lighthouse from "lighthouse";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const positional = [];
let artifacts = resolve(here, "..", "..", "target", "browser-artifacts");
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--artifacts") artifacts = resolve(args[++i]);
  else positional.push(args[i]);
}
if (positional.length !== 2) {
  console.error("usage: node lighthouse.mjs <base-url> <public-dir> [--artifacts DIR]");
  process.exit(2);
}
const baseUrl = positional[0].endsWith("/") ? positional[0] : positional[0] + "/";
const publicDir = resolve(positional[1]);
mkdirSync(artifacts, { recursive: true });

// A procurement notice: a winner notice when there is one (it has the most fields).
const procDir = join(publicDir, "procurement");
const notices = existsSync(procDir) ? readdirSync(procDir).filter((d) => !/^\d+$/.test(d) && d !== "index.html").sort() : [];
const notice = notices.find((d) => d.includes("winner")) ?? notices[0];
const pages = [["home", ""]];
if (notice) pages.push(["procurement", `procurement/${notice}/`]);

const freePort = () =>
  new Promise((res, rej) => {
    const s = createServer();
    s.on("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

const port = await freePort();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--remote-debugging-port=${port}`,
  ],
});
const rows = [];
try {
  for (const [name, path] of pages) {
    const url = baseUrl + path;
    const result = await lighthouse(url, { port, output: "json", logLevel: "error" });
    if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
    writeFileSync(join(artifacts, `lighthouse-${name}.json`), result.report);
    const c = result.lhr.categories;
    const score = (k) => (c[k] && c[k].score !== null ? Math.round(c[k].score * 100) : "n/a");
    rows.push({ name, url, performance: score("performance"), accessibility: score("accessibility"), "best-practices": score("best-practices"), seo: score("seo") });
    // Audits that cost points, so that the note can say why a score is below 100.
    const lost = Object.values(result.lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable" && a.scoreDisplayMode !== "manual")
      .map((a) => `${a.id} (${a.displayValue ?? a.score})`);
    console.log(`# ${name}: audits below full marks: ${lost.join(", ") || "none"}`);
  }
} finally {
  await browser.close();
}
console.log("page\tperformance\taccessibility\tbest-practices\tseo\turl");
for (const r of rows) console.log(`${r.name}\t${r.performance}\t${r.accessibility}\t${r["best-practices"]}\t${r.seo}\t${r.url}`);

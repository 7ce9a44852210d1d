#!/usr/bin/env node
// Browser tests of the default theme on a built site (the demo of this repository).
//
//   node tests/browser/run.mjs <base-url> <public-dir> [--artifacts DIR] [--axe-all]
//
// <base-url> serves <public-dir> (e.g. http://127.0.0.1:8765/ or http://127.0.0.1:8765/site/).
// Uses Debian's chromium (CHROMIUM=/path to change); never downloads a browser.
// Checks: axe-core (WCAG 2.1 A/AA) on a few pages of every page type (every page with
// --axe-all), own checks on every page (one h1, heading order, lang, skip link, landmarks,
// images with alt/width/height, no request to another host, no horizontal scroll at 320 px),
// text at 200 %, the text-size and
// contrast controls with and without JavaScript, keyboard use and visible focus, page weight, and
// html-validate on every HTML file. Keeps screenshots and a PDF print under --artifacts
// (default: target/browser-artifacts/ of the repository).
// Prints one line per check and closes with "N passed, N failed"; exits 1 on any failure.

import { readFileSync, readdirSync, statSync, mkdirSync, existsSync } from "node:fs";
import { join, relative, dirname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { HtmlValidate } from "html-validate";
import htmlValidateConfig from "./htmlvalidate.config.mjs";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const axeSource = require("axe-core").source;

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const HOME_GZIP_LIMIT = 60 * 1024;
const FONTS_LIMIT = 120 * 1024;

// ---------------------------------------------------------------- arguments
const args = process.argv.slice(2);
const positional = [];
let artifacts = resolve(here, "..", "..", "target", "browser-artifacts");
let axeAll = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--artifacts") artifacts = resolve(args[++i]);
  else if (args[i] === "--axe-all") axeAll = true;
  else positional.push(args[i]);
}
if (positional.length !== 2) {
  console.error("usage: node run.mjs <base-url> <public-dir> [--artifacts DIR] [--axe-all]");
  process.exit(2);
}
const baseUrl = positional[0].endsWith("/") ? positional[0] : positional[0] + "/";
const publicDir = resolve(positional[1]);
const origin = new URL(baseUrl).origin;
mkdirSync(artifacts, { recursive: true });

// ---------------------------------------------------------------- results
let passed = 0;
let failed = 0;
let clock = Date.now();
const took = () => {
  const s = ((Date.now() - clock) / 1000).toFixed(1);
  clock = Date.now();
  return `(${s} s)`;
};
function ok(name) {
  passed++;
  console.log(`ok - ${name} ${took()}`);
}
function notOk(name, details) {
  failed++;
  console.log(`not ok - ${name} ${took()}`);
  for (const line of [].concat(details)) console.log(`    ${line}`);
}
function check(name, problems) {
  if (problems.length === 0) ok(name);
  else notOk(name, problems);
}

/** Runs a group of checks; an exception (a page that lacks what a check needs, a timeout)
 * is a failed check, not a crash. */
async function guarded(name, fn) {
  try {
    await fn();
  } catch (e) {
    notOk(name, String((e && e.message) || e).split("\n").slice(0, 6));
  }
}

// ---------------------------------------------------------------- pages of the site
function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) walk(p, out);
    else if (name.endsWith(".html")) out.push(p);
  }
  return out;
}
const htmlFiles = walk(publicDir).sort();
// Site path of an HTML file: "" for the home page, "news/a/" for news/a/index.html, "404.html".
const sitePath = (file) => {
  const rel = relative(publicDir, file).split(sep).join("/");
  return rel.endsWith("index.html") ? rel.slice(0, -"index.html".length) : rel;
};
const allPaths = htmlFiles.map(sitePath);

// What kind of page a site path is, so that axe runs on a few pages of each type.
function pageType(p) {
  if (p === "") return "home";
  if (p === "404.html") return "404";
  const parts = p.split("/").filter(Boolean);
  if (parts.length === 1) return `${parts[0]} list`;
  if (parts[0] === "procurement" && parts[2] === "summary") return "procurement summary";
  if (parts[0] === "plans" && parts[2] === "projects") return "project";
  if (/^\d+$/.test(parts[1])) return `${parts[0]} year list`;
  return `${parts[0]} record`;
}
const byType = new Map();
for (const p of allPaths) {
  const t = pageType(p);
  if (!byType.has(t)) byType.set(t, []);
  byType.get(t).push(p);
}
// axe on the first, a middle and the last page of each type (records of one kind differ in
// the fields they fill), or on every page with --axe-all.
const axePaths = new Set(
  axeAll ? allPaths : [...byType.values()].flatMap((ps) => [ps[0], ps[Math.floor(ps.length / 2)], ps[ps.length - 1]]),
);
const find = (re, fallback) => allPaths.find((p) => re.test(p)) ?? fallback;
const announcementPath = find(/^announcements\/no-gift/, find(/^announcements\/[^0-9/][^/]*\/$/, ""));
const procurementPath = find(/^procurement\/.*winner\/$/, find(/^procurement\/[^0-9/][^/]*\/$/, ""));
console.log(`# ${allPaths.length} pages in ${publicDir}; page types: ${[...byType.keys()].join(", ")}`);

// ---------------------------------------------------------------- html-validate
{
  const validator = new HtmlValidate(htmlValidateConfig);
  const problems = [];
  for (const f of htmlFiles) {
    const report = await validator.validateString(readFileSync(f, "utf8"), f);
    for (const r of report.results) {
      for (const m of r.messages) {
        if (m.severity >= 2) problems.push(`${relative(publicDir, f)}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
      }
    }
  }
  check(`html-validate: ${htmlFiles.length} HTML files, no errors`, problems.slice(0, 60));
}

// ---------------------------------------------------------------- browser
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
/** A browser context whose waits give up after 10 s (a missing element fails fast). */
async function newContext(opts) {
  const ctx = await browser.newContext(opts);
  ctx.setDefaultTimeout(10000);
  return ctx;
}

/** A page that records requests to other hosts, failed same-host requests and console errors. */
async function open(context, path, opts = {}) {
  const page = await context.newPage();
  const log = { foreign: [], failedRequests: [], errors: [], responses: [] };
  page.on("request", (req) => {
    const u = req.url();
    if (!u.startsWith("data:") && !u.startsWith("blob:") && new URL(u).origin !== origin) log.foreign.push(u);
  });
  page.on("response", (res) => {
    log.responses.push(res);
    const u = res.url();
    if (u.startsWith(origin) && res.status() >= 400 && !(opts.expect404 && u === baseUrl + path)) {
      log.failedRequests.push(`${res.status()} ${u}`);
    }
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") log.errors.push(msg.text());
  });
  page.on("pageerror", (e) => log.errors.push(String(e)));
  await page.goto(baseUrl + path, { waitUntil: "load" });
  await page.evaluate(() => document.fonts.ready);
  return { page, log };
}

async function runAxe(page) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) {
    await page.addScriptTag({ content: axeSource });
  }
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    AXE_TAGS,
  );
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : ""}`,
  );
}

/** Structure checks that axe's WCAG tags leave out (they are "best practice" there). Problems
 * inside a record body written in Markdown (`.prose`) are the content's, not the theme's: they
 * are reported as warnings. */
async function structure(page) {
  return page.evaluate(() => {
    const problems = [];
    const warnings = [];
    const inBody = (el) => !!el.closest(".prose");
    if (document.documentElement.lang !== "th") problems.push(`html lang is "${document.documentElement.lang}", not "th"`);
    const hs = [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].filter((h) => !h.closest("[aria-hidden=true]"));
    const h1s = hs.filter((h) => h.tagName === "H1");
    if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements (want exactly 1)`);
    let prev = 0;
    for (const h of hs) {
      const level = Number(h.tagName[1]);
      if (level > prev + 1) {
        const msg = `heading level skipped: h${level} "${h.textContent.trim().slice(0, 50)}" after h${prev || "(none)"}`;
        (inBody(h) ? warnings : problems).push(msg);
      }
      prev = level;
    }
    const first = document.querySelector("a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])");
    if (!first || first.getAttribute("href") !== "#main" || !document.getElementById("main")) {
      problems.push("the first focusable element is not a skip link to #main");
    }
    if (document.querySelectorAll("main").length !== 1) problems.push("not exactly one <main>");
    if (!document.querySelector("body > header")) problems.push("no banner (body > header)");
    if (!document.querySelector("body > footer")) problems.push("no contentinfo (body > footer)");
    if (!document.querySelector("nav")) problems.push("no <nav>");
    for (const img of document.querySelectorAll("img")) {
      if (!img.hasAttribute("alt")) problems.push(`img without alt: ${img.getAttribute("src")}`);
      if (!img.getAttribute("width") || !img.getAttribute("height")) problems.push(`img without width/height: ${img.getAttribute("src")}`);
    }
    for (const t of document.querySelectorAll("table")) {
      const near = t.textContent.trim().slice(0, 40);
      if (!t.querySelector("th")) problems.push(`table without header cells: "${near}"`);
      if (!t.querySelector("caption")) (inBody(t) ? warnings : problems).push(`table without caption: "${near}"`);
    }
    for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
      if (!el.labels || el.labels.length === 0) problems.push(`control without label: #${el.id}`);
    }
    return { problems, warnings };
  });
}

const overflow = (page) =>
  page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const sw = document.documentElement.scrollWidth;
    if (sw <= w + 1) return [];
    const wide = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > w + 1 && !e.closest(".table-scroll, .visually-hidden, .a11y-input"))
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
    return [`page is ${sw}px wide in a ${w}px viewport: ${wide.join(", ")}`];
  });

// Every page: structure, other hosts, errors, no horizontal scroll at 320 px; axe at 1280 px on
// a few pages of each type. One tab per worker, two workers (the machines have two cores).
await guarded("pages", async () => {
  const axeProblems = [];
  const structProblems = [];
  const structWarnings = [];
  const netProblems = [];
  const narrowProblems = [];
  const queue = [...allPaths];
  async function worker() {
    const ctx = await newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    let log;
    let current = "";
    page.on("request", (req) => {
      const u = req.url();
      if (!u.startsWith("data:") && !u.startsWith("blob:") && new URL(u).origin !== origin) log.foreign.push(u);
    });
    page.on("response", (res) => {
      const u = res.url();
      if (u.startsWith(origin) && res.status() >= 400 && !(current === "404.html" && u === baseUrl + current)) {
        log.failed.push(`${res.status()} ${u}`);
      }
    });
    page.on("console", (msg) => msg.type() === "error" && log.errors.push(msg.text()));
    page.on("pageerror", (e) => log.errors.push(String(e)));
    for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
      current = p;
      log = { foreign: [], failed: [], errors: [] };
      const label = p === "" ? "/" : p;
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(baseUrl + p, { waitUntil: "load" });
      await page.evaluate(() => document.fonts.ready);
      if (axePaths.has(p)) for (const v of await runAxe(page)) axeProblems.push(`${label}: ${v}`);
      const st = await structure(page);
      for (const x of st.problems) structProblems.push(`${label}: ${x}`);
      for (const x of st.warnings) structWarnings.push(`${label}: ${x}`);
      await page.setViewportSize({ width: 320, height: 640 });
      for (const o of await overflow(page)) narrowProblems.push(`${label} at 320px: ${o}`);
      for (const u of log.foreign) netProblems.push(`${label}: request to another host: ${u}`);
      for (const u of log.failed) netProblems.push(`${label}: ${u}`);
      for (const e of log.errors) netProblems.push(`${label}: console: ${e}`);
    }
    await ctx.close();
  }
  await Promise.all([worker(), worker()]);
  check(`axe-core WCAG 2.1 A/AA: no violations on ${axePaths.size} pages (all ${byType.size} page types)`, axeProblems.sort());
  check(`structure on ${allPaths.length} pages: lang, one h1, heading order, skip link, landmarks, img alt/size, tables, labels`, structProblems.sort());
  if (structWarnings.length) {
    console.log(`# warning: ${structWarnings.length} problems in record bodies (Markdown content, not the theme):`);
    for (const w of structWarnings.sort()) console.log(`#   ${w}`);
  }
  check(`no request to another host, no failed request, no console error on ${allPaths.length} pages`, netProblems.sort());
  check(`responsive: no horizontal page scroll at 320px on ${allPaths.length} pages`, narrowProblems.sort());
});

// Text at 200 % (WCAG 1.4.4) and the largest text setting, at a common laptop and phone width.
await guarded("text resize", async () => {
  const problems = [];
  for (const [w, pct] of [[1280, "200%"], [360, "150%"]]) {
    const ctx = await newContext({ viewport: { width: w, height: 900 } });
    for (const p of ["", announcementPath, procurementPath, find(/^plans\/[^/]+\/$/, ""), find(/summary\/$/, "")]) {
      const { page } = await open(ctx, p);
      await page.addStyleTag({ content: `html{font-size:${pct} !important}` });
      for (const o of await overflow(page)) problems.push(`${p || "/"} at ${w}px, text ${pct}: ${o}`);
      await page.close();
    }
    await ctx.close();
  }
  check("text resize: 200% at 1280px and 150% at 360px without horizontal scroll", problems);
});

// Keyboard: skip link first and visible, it moves focus to main; focus is visible on controls.
await guarded("keyboard", async () => {
  const ctx = await newContext({ viewport: { width: 1280, height: 900 } });
  const { page } = await open(ctx, "");
  const problems = [];
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    return { href: a.getAttribute("href"), visible: r.top >= 0 && r.height > 0, outline: getComputedStyle(a).outlineStyle };
  });
  if (skip.href !== "#main") problems.push(`first Tab focuses ${skip.href}, not the skip link`);
  if (!skip.visible) problems.push("the focused skip link is not on screen");
  await page.keyboard.press("Enter");
  const inMain = await page.evaluate(() => document.activeElement.id === "main" || !!document.activeElement.closest("main"));
  if (!inMain) problems.push("Enter on the skip link does not move focus to main");
  // Walk the header with Tab: every focused element shows an outline (itself or its label).
  await page.goto(baseUrl);
  const seen = [];
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(() => {
      const a = document.activeElement;
      const target = a.classList.contains("a11y-input") ? a.labels[0] : a;
      const s = getComputedStyle(target);
      return { what: a.id || a.getAttribute("href") || a.tagName, outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2 };
    });
    seen.push(f.what);
    if (!f.outline) problems.push(`no visible focus outline on ${f.what}`);
  }
  // The text-size radios work with the arrow keys, the contrast checkbox with Space.
  await page.focus("#a11y-size-0");
  await page.keyboard.press("ArrowRight");
  const size1 = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  if (size1 !== "20px") problems.push(`ArrowRight on the text size did not enlarge the text (html font-size ${size1})`);
  await page.focus("#a11y-contrast");
  await page.keyboard.press("Space");
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  if (bg !== "rgb(0, 0, 0)") problems.push(`Space on the contrast switch did not turn the page black (${bg})`);
  check(`keyboard: skip link, visible focus (${seen.join(", ")}), controls by keys`, problems);
  await page.evaluate(() => localStorage.clear());
  await ctx.close();
});

// The text-size and contrast controls without JavaScript (CSS only), then remembered with it.
await guarded("text size and high contrast controls", async () => {
  const problems = [];
  const noJs = await newContext({ viewport: { width: 360, height: 800 }, javaScriptEnabled: false });
  const { page } = await open(noJs, "");
  const state = () =>
    page.evaluate(() => ({
      size: getComputedStyle(document.documentElement).fontSize,
      bg: getComputedStyle(document.body).backgroundColor,
    }));
  let s = await state();
  if (s.size !== "16px" || s.bg !== "rgb(255, 255, 255)") problems.push(`unexpected start state without JS: ${JSON.stringify(s)}`);
  await page.click("label[for=a11y-size-2]");
  await page.click("label[for=a11y-contrast]");
  s = await state();
  if (s.size !== "24px") problems.push(`without JS, ก++ gives html font-size ${s.size} (want 24px)`);
  if (s.bg !== "rgb(0, 0, 0)") problems.push(`without JS, high contrast gives background ${s.bg} (want black)`);
  for (const o of await overflow(page)) problems.push(`large text at 360px: ${o}`);
  await page.screenshot({ path: join(artifacts, "home-360-contrast-large.png"), fullPage: false });
  await noJs.close();

  const withJs = await newContext({ viewport: { width: 1280, height: 900 } });
  const a = await open(withJs, "");
  await a.page.click("label[for=a11y-size-1]");
  await a.page.click("label[for=a11y-contrast]");
  await a.page.goto(baseUrl + (announcementPath || "news/"));
  const kept = await a.page.evaluate(() => ({
    size: getComputedStyle(document.documentElement).fontSize,
    bg: getComputedStyle(document.body).backgroundColor,
    checked: document.getElementById("a11y-contrast").checked,
  }));
  if (kept.size !== "20px" || kept.bg !== "rgb(0, 0, 0)" || !kept.checked) {
    problems.push(`with JS, the choice is not remembered on the next page: ${JSON.stringify(kept)}`);
  }
  for (const v of await runAxe(a.page)) problems.push(`axe in high contrast on ${announcementPath}: ${v}`);
  for (const p of ["", procurementPath, find(/summary\/$/, "")]) {
    await a.page.goto(baseUrl + p);
    for (const v of await runAxe(a.page)) problems.push(`axe in high contrast on ${p || "/"}: ${v}`);
  }
  await a.page.click("label[for=a11y-size-0]");
  await a.page.click("label[for=a11y-contrast]");
  await a.page.goto(baseUrl);
  const reset = await a.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  if (reset !== "rgb(255, 255, 255)") problems.push(`turning high contrast off is not remembered (${reset})`);
  await withJs.close();
  check("text size and high contrast: work without JavaScript, remembered with it, pass axe", problems);
});

// Weight: home page under 60 KB gzip without fonts; fonts under 120 KB.
await guarded("weight", async () => {
  const ctx = await newContext({ viewport: { width: 360, height: 800 } });
  const { page, log } = await open(ctx, "");
  await page.waitForLoadState("networkidle");
  let gz = 0;
  let fonts = 0;
  const parts = [];
  for (const res of log.responses) {
    if (!res.url().startsWith(origin)) continue;
    const body = await res.body().catch(() => Buffer.alloc(0));
    if (/\.woff2?$/.test(new URL(res.url()).pathname)) {
      fonts += body.length;
      continue;
    }
    const n = gzipSync(body, { level: 9 }).length;
    gz += n;
    parts.push(`${new URL(res.url()).pathname} ${n}`);
  }
  const fontDir = join(publicDir, "assets", "fonts");
  const fontFiles = existsSync(fontDir) ? readdirSync(fontDir).filter((f) => f.endsWith(".woff2")) : [];
  const fontTotal = fontFiles.reduce((n, f) => n + statSync(join(fontDir, f)).size, 0);
  console.log(`# home page: ${gz} bytes gzip without fonts (${parts.join(", ")}); fonts loaded ${fonts} bytes; theme fonts ${fontTotal} bytes in ${fontFiles.length} files`);
  const problems = [];
  if (gz >= HOME_GZIP_LIMIT) problems.push(`home page is ${gz} bytes gzip (limit ${HOME_GZIP_LIMIT})`);
  if (fontTotal >= FONTS_LIMIT) problems.push(`fonts are ${fontTotal} bytes (limit ${FONTS_LIMIT})`);
  if (fontFiles.length === 0) problems.push("no WOFF2 font in assets/fonts/");
  check(`weight: home ${gz} B gzip < 60 KB, fonts ${fontTotal} B < 120 KB`, problems);
  await ctx.close();
});

// Artefacts: screenshots at 360 and 1280 px of home and an announcement; a PDF print.
await guarded("artefacts", async () => {
  const problems = [];
  for (const w of [360, 1280]) {
    const ctx = await newContext({ viewport: { width: w, height: 900 } });
    for (const [name, p] of [["home", ""], ["announcement", announcementPath]]) {
      const { page } = await open(ctx, p);
      await page.screenshot({ path: join(artifacts, `${name}-${w}.png`), fullPage: true });
      await page.close();
    }
    await ctx.close();
  }
  const ctx = await newContext();
  const { page } = await open(ctx, announcementPath);
  await page.emulateMedia({ media: "print" });
  const hidden = await page.evaluate(() =>
    [".site-header", ".site-footer", ".main-nav", ".crumbs"]
      .filter((s) => document.querySelector(s) && getComputedStyle(document.querySelector(s)).display !== "none"),
  );
  if (hidden.length) problems.push(`shown in print: ${hidden.join(", ")}`);
  await page.pdf({ path: join(artifacts, "announcement.pdf"), preferCSSPageSize: true, printBackground: true });
  await ctx.close();
  // Print of the widest table (the procurement summary) fits the A4 width.
  const sumPath = find(/summary\/$/, "");
  if (sumPath) {
    const c2 = await newContext();
    const s = await open(c2, sumPath);
    await s.page.emulateMedia({ media: "print" });
    await s.page.pdf({ path: join(artifacts, "procurement-summary.pdf"), preferCSSPageSize: true });
    await c2.close();
  }
  if (!existsSync(join(artifacts, "announcement.pdf"))) problems.push("no PDF written");
  check(`artefacts in ${relative(process.cwd(), artifacts) || artifacts}: screenshots 360/1280 of home and ${announcementPath}, PDF print`, problems);
});

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

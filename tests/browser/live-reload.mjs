#!/usr/bin/env node
// Live reload in a real browser: a page served by `prongsai serve` shows an edit without any
// action, an error overlay on a broken save, and recovers on the next good save.
//
//   node tests/browser/live-reload.mjs <serve-url> <record-file>
//
// Prints one line per check and closes with "N passed, N failed"; exits 1 on any failure.
import { writeFileSync, readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [url, file] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let passed = 0, failed = 0;
function check(ok, what) {
  console.log(`${ok ? "ok" : "FAIL"} ${what}`);
  ok ? passed++ : failed++;
}
const page = await browser.newPage();
const original = readFileSync(file, "utf8");
try {
  await page.goto(url, { waitUntil: "domcontentloaded", timeout: 60000 });
  await page.waitForTimeout(500); // let the event stream connect
  check((await page.textContent("h1")).includes("ข่าวเดิม"), "the page shows the record");

  writeFileSync(file, original.replace("ข่าวเดิม", "ข่าวที่แก้แล้ว"));
  await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("ข่าวที่แก้แล้ว"), null, { timeout: 30000 })
    .then(() => check(true, "the edit shows up without any action"), () => check(false, "the edit shows up without any action"));

  writeFileSync(file, original.replace('date = 2025-01-15', 'date = "31 ก.พ. 2567"'));
  await page.waitForSelector("#prongsai-error", { timeout: 30000 })
    .then(() => check(true, "a broken save shows the error overlay"), () => check(false, "a broken save shows the error overlay"));
  const text = (await page.textContent("#prongsai-error").catch(() => "")) || "";
  check(/content\/news\/live\.md:\d+:\d+/.test(text), "the overlay names file:line:column");
  check(text.includes("กุมภาพันธ์") && /February|no day 31|has no day/.test(text), "the overlay has the Thai and English messages");
  check(text.includes("^"), "the overlay marks the offending line");
  check((await page.textContent("h1")).includes("ข่าวที่แก้แล้ว"), "the last good page stays under the overlay");

  writeFileSync(file, original.replace("ข่าวเดิม", "ข่าวหลังแก้ข้อผิดพลาด"));
  await page.waitForFunction(() => !document.querySelector("#prongsai-error") && document.querySelector("h1")?.textContent.includes("ข่าวหลังแก้ข้อผิดพลาด"), null, { timeout: 30000 })
    .then(() => check(true, "the next good save removes the overlay and shows the fixed page without any action"), () => check(false, "the next good save removes the overlay and shows the fixed page without any action"));
} catch (e) {
  check(false, `unexpected: ${e}`);
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

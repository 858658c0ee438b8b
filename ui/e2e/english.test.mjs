// English mode has no Chinese: on a ledger with demo data, the cells list (its table, filters
// and pager) and the settings page in English are scanned for Chinese characters and
// full-width punctuation. District names come in English from the city profile. Left out of
// the scan, because they are data a clerk typed and stay as typed: the cells' names (the
// name column) and the reporting areas a clerk named (the demo has none); and the language
// picker's own "中文", which names Chinese in Chinese as language pickers do.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, CLI } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-english-"));
const db = join(dir, "ledger.db");
const run = (...args) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" });
let s;

/** The text of `root` that is Chinese, skipping what matches `skip` (CSS selectors). */
const SCAN = `
  const [root, skip] = arguments;
  const cjk = /[\\u3000-\\u303f\\u3400-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef]/;
  const out = [];
  const walk = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (!el || skip.some((sel) => el.closest(sel))) continue;
    if (cjk.test(n.textContent)) out.push((el.id ? "#" + el.id + " " : el.tagName + " ") + n.textContent.trim());
  }
  return out;`;

before(async () => {
  run("demo", "--cells", "200", "--months", "2", "--manifests", "50");
  run("setup", "--operator", "Li Na", "--name", "Nanguan office", "--code", "NGQ01");
  await startDriver();
  s = await Session.open(db);
  await s.click("#lang-toggle");
  await s.waitFor("#nav-cells", 8000, (t) => t === "Zero-waste cells");
});
after(async () => {
  await s?.close();
  await stopDriver();
});

test("the cells list in English has no Chinese but the names clerks typed", async () => {
  await s.click("#nav-cells");
  await s.waitFor("#cells-table tbody tr", 8000);
  const district = await s.textOf('#cells-table tbody tr td[data-col="district"]');
  assert.match(district, /District|County|city|Zone/, "districts by their English names");
  const chinese = await s.exec(SCAN, ["#main", ['td[data-col="name"]']]);
  await s.screenshot("english-01-cells");
  assert.deepEqual(chinese, []);
  const filter = await s.exec(
    "return [...document.querySelectorAll('#filter-district option')].map((o) => o.textContent)",
  );
  assert.ok(filter.includes("Nong'an County"), filter.join(", "));
});

test("the settings page in English has no Chinese", async () => {
  await s.click("#nav-settings");
  await s.waitFor("#districts-table tbody tr", 8000);
  const chinese = await s.exec(SCAN, ["#main", ['#set-language option[value="zh"]']]);
  await s.screenshot("english-02-settings");
  assert.deepEqual(chinese, []);
  assert.match(await s.textOf("#districts-table"), /Nanguan District/);
  assert.match(await s.textOf("#areas-table"), /City level/);
});

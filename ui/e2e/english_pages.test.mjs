// English mode has no Chinese and uses English punctuation on the construction pages (the
// manifests list, dispatch, weighbridge, registers, resource use, supervision), the home page,
// the month sheet, the import page and the alerts page: on a ledger with demo data, in
// English, each is scanned for Chinese characters and full-width punctuation. Left out of the
// scan, because clerks typed them and they stay as typed: the names of cells, reporting
// areas, sites (with their addresses and contacts), transporters, vehicles' plates and
// drivers, facilities, manifests' routes, and the agricultural places, points and firms; and
// the language switch's own "中文".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, CLI } from "./webdriver.mjs";
import { typedNames, open, chineseLeft } from "./english_scan.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-english-pages-"));
const db = join(dir, "ledger.db");
const run = (...args) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" });
let s;
let names;

before(async () => {
  run("demo", "--cells", "60", "--months", "2", "--manifests", "40");
  run("setup", "--operator", "Li Na", "--name", "Nanguan office", "--code", "NGQ01");
  names = typedNames(db);
  await startDriver();
  s = await Session.open(db);
  await s.click("#lang-toggle");
  await s.waitFor("#nav-cells", 8000, (t) => t === "Zero-waste cells");
});
after(async () => {
  await s?.close();
  await stopDriver();
});

for (const [hash, label] of [
  ["#/construction", "manifests list"],
  ["#/construction/dispatch", "dispatch form"],
  ["#/construction/receive", "weighbridge"],
  ["#/construction/registers", "registers"],
  ["#/construction/rate", "resource use"],
  ["#/construction/supervision", "supervision"],
  ["#/home", "home page"],
  ["#/sheet", "month sheet"],
  ["#/import", "import page"],
  ["#/alerts", "alerts page"],
]) {
  test(`the ${label} in English has no Chinese but typed names`, async () => {
    await open(s, hash);
    await s.screenshot(`english-pages-${hash.slice(2).replace("/", "-")}`);
    assert.deepEqual(await chineseLeft(s, names), []);
  });
}

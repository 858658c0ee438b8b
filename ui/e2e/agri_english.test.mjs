// English mode has no Chinese and uses English punctuation on every agricultural page: on a
// ledger with demo data, in English, each view (hand-ins, points, stock and outbound, straw,
// manure, rates) is scanned for Chinese characters and full-width punctuation. Left out of
// the scan, because clerks typed them and they stay as typed: the names of recovery points,
// townships and villages, and the other names clerks typed (the points' operators, givers,
// receivers, dealers and farms); the language switch's own "中文".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, CLI } from "./webdriver.mjs";
import { typedNames, open, chineseLeft } from "./english_scan.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-agri-english-"));
const db = join(dir, "ledger.db");
const run = (...args) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" });
let s;
let names;

before(async () => {
  run("demo", "--cells", "20", "--months", "1", "--manifests", "0");
  run("setup", "--operator", "Li Na", "--name", "Nanguan office", "--code", "NGQ01");
  names = typedNames(db, [
    "SELECT name FROM agri_places",
    "SELECT name FROM agri_points",
    "SELECT operator FROM agri_points",
    "SELECT giver_name FROM agri_entries",
    "SELECT receiver FROM agri_outbound",
    "SELECT note FROM agri_outbound",
    "SELECT dealer FROM agri_pesticide_sales",
    "SELECT farm FROM agri_manure",
  ]);
  assert.ok(names.length > 5, "the demo has points, townships and villages");
  await startDriver();
  s = await Session.open(db);
  await s.click("#lang-toggle");
  await s.waitFor("#nav-cells", 8000, (t) => t === "Zero-waste cells");
});
after(async () => {
  await s?.close();
  await stopDriver();
});

for (const [view, label] of [
  ["", "hand-ins"],
  ["points", "points"],
  ["stock", "stock and outbound"],
  ["straw", "straw"],
  ["manure", "manure"],
  ["rates", "rates"],
]) {
  test(`the agricultural ${label} page in English has no Chinese but typed names`, async () => {
    await open(s, `#/agri${view ? "/" + view : ""}`);
    await s.screenshot(`agri-english-${view || "entry"}`);
    assert.deepEqual(await chineseLeft(s, names), []);
  });
}

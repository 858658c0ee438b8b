// End-to-end tests of the last gaps of the clerk's day: every path box has its Browse button
// (the native dialog itself cannot be driven through WebDriver, see webdriver.mjs); the
// settings forms say what is wrong beside the field, in Chinese and in English; a reporting
// area created in English mode needs its English name, and English mode shows it (or says
// plainly that there is none); and the month sheet does not offer a cell for the months after
// its naming was revoked, while its earlier months stay on the sheet.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, cli, CLI, Key, sleep } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-daywin-"));
const db = join(dir, "ledger.db");
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
let s;

function monthsAgo(n) {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}
const LAST = monthsAgo(1);
const REVOKED_IN = monthsAgo(3);

const run = (...args) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" });

async function go(hash) {
  await s.exec("location.hash = arguments[0]", [hash]);
  await sleep(300);
}

before(async () => {
  run("init");
  run("setup", "--operator", "李娜", "--name", "南关区无废办", "--code", "NGQ01");
  for (const n of ["甲小区", "乙小区", "丙小区"])
    run("cell", "add", "--name", n, "--kind", "community", "--district", "220102");
  for (const st of ["applying", "creating", "assessed"]) run("cell", "set-status", "乙小区", st);
  run(
    "cell",
    "set-status",
    "乙小区",
    "certified",
    "--on",
    `${monthsAgo(12)}-01`,
    "--batch",
    "1",
    "--document",
    "长无废办〔2025〕1号",
  );
  run("cell", "set-status", "乙小区", "revoked", "--reason", "复查不合格");
  // Revoked three months ago: the status change is dated the day it is made, so the day is set
  // back in the file, as if the clerk had revoked it then.
  execFileSync("sqlite3", [db, `UPDATE cell_namings SET ended_on = '${REVOKED_IN}-10' WHERE ended_as = 'revoked'`]);
  // An area a clerk created in Chinese mode, with no English name.
  run("area", "put", "ZHSFQ", "中韩示范区");
  await startDriver();
  s = await Session.open(db);
});
after(async () => {
  await s?.close();
  await stopDriver();
});

test("a revoked cell is not offered for the months after its revocation, and its past months stay", async () => {
  await go(`#/sheet?month=${LAST}`);
  await s.waitFor("#sheet-grid tbody tr", 8000);
  const grid = await s.textOf("#sheet-grid");
  assert.match(grid, /甲小区/);
  assert.doesNotMatch(grid, /乙小区/, "not offered after the month it was revoked in");
  await s.screenshot("daywin-01-sheet-without-revoked");
  await go(`#/sheet?month=${REVOKED_IN}`);
  await s.waitFor("#sheet-grid", 8000, (t) => t.includes("乙小区"));
  await s.screenshot("daywin-02-sheet-revoked-month");
});

/** How many generated amounts of the month are stored (through the CLI's sheet). */
function storedCount(month) {
  return cli(db, "record", "sheet", "--month", month).rows.reduce(
    (n, r) => n + r.entries.filter((e) => e.generated_g != null).length,
    0,
  );
}

test("a month sheet's save is undone from its toast, and a sheet with every cell entered offers no save", async () => {
  await go(`#/sheet?month=${LAST}&missing=1`);
  await s.waitFor("#sheet-grid tbody tr", 8000);
  assert.equal(await s.count("#sheet-grid tbody tr[data-row]"), 2, "甲 and 丙; not the revoked 乙");
  await s.click("#s-1-recyclable");
  await s.keys(`100${Key.Enter}7`);
  await s.keys(`${Key.Ctrl}s${Key.Null}`);
  const undo = await s.waitFor("#toast-undo", 8000);
  assert.equal(storedCount(LAST), 2);
  await s.waitFor("#sheet-empty", 8000, (t) => t.includes("本月所有细胞都已填报"));
  assert.equal(await s.count("#sheet-save"), 0, "nothing to save on an empty sheet");
  assert.equal(await s.count("#sheet-copy-all"), 0);
  await s.screenshot("daywin-03a-sheet-saved-undo");
  await s.click(undo);
  await s.waitFor("#toast", 8000, (t) => t.includes("已撤销") && t.includes("2 条"));
  await s.waitFor("#sheet-grid tbody tr[data-row]", 8000);
  assert.equal(storedCount(LAST), 0, "undone by a new change");
  await s.screenshot("daywin-03b-sheet-undone");
});

test("every path box has its Browse button beside it", async () => {
  await go("#/import/cells");
  await s.waitFor("#import-path");
  assert.equal(await s.count("#import-path-browse"), 1, "the import's file");
  await go("#/cells");
  await s.click(await s.waitFor("#cells-table-export-xlsx", 8000));
  await s.waitFor("#export-path");
  assert.equal(await s.count("#export-path-browse"), 1, "an export's file");
  await s.screenshot("daywin-03-export-browse");
  await s.keys(Key.Escape);
  await go("#/settings");
  await s.waitFor("#db-next");
  assert.equal(await s.count("#db-next-browse"), 1, "the data file");
});

test("settings forms show their field errors beside the field", async () => {
  await go("#/settings");
  await s.waitFor("#area-form");
  // A reporting area code of six digits (a division code's shape).
  await s.type("#area-code", "123456");
  await s.type("#area-name", "某区域");
  await s.click("#area-add");
  const codeErr = await s.waitFor('#area-form .field-error[data-field="code"]', 8000, (t) => t.length > 0);
  assert.match(await s.text(codeErr), /不能是 6 位数字/);
  assert.equal(await s.count("#area-form .field.bad #area-code"), 1, "the code is marked");
  // A kind with no Chinese name.
  await s.type("#kind-key", "restaurant");
  await s.click("#kind-add");
  await s.waitFor('#kind-form .field-error[data-field="name_zh"]', 8000, (t) => t === "必填");
  // A setting out of its range says the range at the setting.
  await s.clear("#set-certification\\.validity_years");
  await s.type("#set-certification\\.validity_years", "30");
  await s.click("#save-certification\\.validity_years");
  await s.waitFor('#settings-table .field-error[data-field="certification.validity_years"]', 8000, (t) =>
    t.includes("1 至 10"),
  );
  await s.screenshot("daywin-04-settings-field-errors");
  assert.equal(cli(db, "area", "list").length, 2, "nothing was written");
});

test("in English an area needs its English name, and English mode shows English names only", async () => {
  await s.click("#lang-toggle");
  await s.waitFor("#nav-sheet", 8000, (t) => t === "Month sheet");
  await go("#/settings");
  await s.waitFor("#area-form");
  await s.type("#area-code", "CCXQ");
  await s.type("#area-name", "长春新区");
  await s.click("#area-add");
  await s.waitFor('#area-form .field-error[data-field="name_en"]', 8000, (t) => t.includes("English name"));
  assert.equal(cli(db, "area", "list").length, 2, "refused before anything is written");
  await s.screenshot("daywin-05-area-needs-english");
  await s.type("#area-name-en", "Changchun New Area");
  await s.click("#area-add");
  await s.waitFor("#areas-table", 8000, (t) => t.includes("Changchun New Area"));
  const areas = cli(db, "area", "list");
  assert.equal(areas.find((a) => a.code === "CCXQ")?.name_en, "Changchun New Area");
  const table = await s.textOf("#areas-table");
  assert.match(table, /ZHSFQ \(no English name\)/, "an area without one says so plainly");
  assert.doesNotMatch(table, CJK, "no Chinese in English mode");
  await go(`#/sheet?month=${LAST}`);
  await s.waitFor("#sheet-grid");
  assert.doesNotMatch(await s.textOf("#sheet-area"), CJK, "the sheet's area filter is in English");
  await s.screenshot("daywin-06-areas-english");
  await s.click("#lang-toggle");
});

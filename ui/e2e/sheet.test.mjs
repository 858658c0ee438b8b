// End-to-end tests of the month sheet (本月填报) in the real window: reached from the home
// page's "not yet entered" item (本月未填报), five cells typed by keyboard alone and saved
// in one go (checked with the CLI); then a refused cell named by its row, with the database
// unchanged; and a future month refused with no grid to save.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, cli, CLI, Key, sleep } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-sheet-"));
const db = join(dir, "ledger.db");
const Arrow = { Left: "\uE012", Up: "\uE013", Right: "\uE014", Down: "\uE015" };
const name = (i) => `测试小区0${i}`;
let s;

function monthsAgo(n) {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}
const M = monthsAgo(1);
const BEFORE = monthsAgo(2);

const run = (...args) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" });

/** Every generated amount of the month as the CLI's sheet shows it: "cell/category" → g. */
function stored(month) {
  const sheet = cli(db, "record", "sheet", "--month", month);
  const out = {};
  for (const r of sheet.rows) {
    r.entries.forEach((e) => {
      if (e.generated_g != null) out[`${r.name}/${e.category}`] = e.generated_g;
    });
  }
  return out;
}

/** Goes to an address inside the window, as a link would. */
async function go(hash) {
  const port = Number(process.env.TAURI_DRIVER_PORT ?? 4444);
  await fetch(`http://127.0.0.1:${port}/session/${s.id}/execute/sync`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ script: "location.hash = arguments[0]", args: [hash] }),
  });
}

before(async () => {
  run("init");
  // The first start is answered, so the window opens on its home page.
  run("setup", "--operator", "李娜", "--name", "南关区无废办", "--code", "NGQ01");
  for (let i = 1; i <= 7; i++) run("cell", "add", "--name", name(i), "--kind", "community", "--district", "220102");
  // 07 has entered the month already; 04 entered the month before (what "copy" copies).
  run("record", "add", name(7), "--month", M, "--category", "其他垃圾", "--generated", "10");
  run("record", "add", name(4), "--month", BEFORE, "--category", "其他垃圾", "--generated", "55");
  await startDriver();
  s = await Session.open(db);
});
after(async () => {
  await s?.close();
  await stopDriver();
});

test("from the home page's not-yet-entered item, five cells typed by keyboard alone are saved at once", async () => {
  await go("#/home");
  const item = await s.waitFor('#home-todo a[data-kind="missing_records"]', 8000);
  assert.match(await s.text(item), /本月未填报/);
  assert.match(await s.text(item), /6/, "six cells have not entered last month");
  await s.screenshot("sheet-00-home");
  await s.click(item);
  await s.waitFor("#sheet-grid tbody tr", 8000);
  assert.equal(await s.hash(), `#/sheet?month=${M}&missing=1`, "the sheet of last month, not yet entered only");
  assert.equal(await s.value("#sheet-month"), M);
  assert.equal(await s.exec("return document.getElementById('sheet-missing').checked"), true);
  assert.equal(await s.count("#sheet-grid tbody tr"), 6, "the cell that entered the month is not listed");
  assert.doesNotMatch(await s.textOf("#sheet-grid"), new RegExp(name(7)));
  await sleep(200);
  assert.equal(await s.activeId(), "s-1-recyclable", "the sheet opens with the first cell focused");
  // Row 1: 可回收物 120, Tab to 厨余垃圾 80.5; Enter walks down: row 2 厨余 200, row 3 厨余 35;
  // then right arrows cross 有害垃圾 to 其他垃圾 12 on row 3.
  await s.keys(`120${Key.Tab}80.5${Key.Enter}200${Key.Enter}35`);
  await s.keys(`${Arrow.Right}${Arrow.Right}12`);
  assert.equal(await s.activeId(), "s-3-other");
  await s.screenshot("sheet-01-typed");
  await s.keys(`${Key.Ctrl}s${Key.Null}`);
  // Saved: the three rows leave the not-yet-entered sheet.
  await s.waitFor("#sheet-info", 8000, (t) => t.includes("共 3 个细胞"));
  await s.screenshot("sheet-02-saved");
  assert.deepEqual(stored(M), {
    [`${name(1)}/recyclable`]: 120_000,
    [`${name(1)}/kitchen`]: 80_500,
    [`${name(2)}/kitchen`]: 200_000,
    [`${name(3)}/kitchen`]: 35_000,
    [`${name(3)}/other`]: 12_000,
    [`${name(7)}/other`]: 10_000,
  });
});

test("a refused cell is named by its row and nothing of the sheet is written", async () => {
  const before = stored(M);
  const head = cli(db, "check").head;
  // Row 1 is now 测试小区04: Ctrl+D copies last month (其他垃圾 55); row 2 gets a negative amount.
  assert.match(await s.textOf('#sheet-grid tr[data-row="1"]'), new RegExp(name(4)));
  await s.click("#s-1-recyclable");
  await s.keys(`${Key.Ctrl}d${Key.Null}`);
  assert.equal(await s.value("#s-1-other"), "55");
  await s.keys(`${Key.Enter}-5`);
  await s.keys(`${Key.Ctrl}s${Key.Null}`);
  const err = await s.waitFor("#sheet-errors .refusal", 8000);
  const text = await s.text(err);
  assert.match(text, /^第 2 行：测试小区05，可回收物：/);
  assert.equal(await s.count('#sheet-grid tr.refused[data-row="2"]'), 1, "the row is marked");
  assert.equal(await s.count("#s-2-recyclable.bad"), 1, "the field is marked");
  assert.equal(await s.activeId(), "s-2-recyclable", "the refused cell has the focus");
  await s.screenshot("sheet-03-refused");
  assert.deepEqual(stored(M), before, "the copied row was not written either");
  assert.deepEqual(cli(db, "check").head, head, "no change set was added");
});

test("a future month is refused and shows no sheet to save", async () => {
  await go(`#/sheet?month=${monthsAgo(-1)}&missing=1`);
  await s.waitFor("#sheet-errors", 8000, (t) => t.includes("未来"));
  assert.equal(await s.count("#sheet-save"), 0);
  await s.screenshot("sheet-04-future-month");
});

test("in English the sheet speaks English", async () => {
  await s.click("#lang-toggle");
  await s.waitFor("#nav-sheet", 8000, (t) => t === "Month sheet");
  await go(`#/sheet?month=${M}&missing=1`);
  await s.waitFor("#sheet-info", 8000, (t) => t.startsWith(`${M}: 3 cells (not yet entered)`));
  const head = await s.textOf("#sheet-grid thead");
  assert.match(head, /Kitchen waste \(kg\)/);
  assert.doesNotMatch(
    head + (await s.textOf("#sheet-info")),
    /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/,
    "no Chinese in the sheet's own words",
  );
  await s.screenshot("sheet-05-english");
  await s.click("#lang-toggle");
});

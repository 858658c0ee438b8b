// End-to-end tests of the window's keyboard and safety: cancelling a manifest asks first and
// the cancellation is undone from its toast (a new change with the reason "undo", the
// cancellation kept in the history); "?" opens the help overlay and Esc goes back; English
// mode leaves no Chinese on the main pages of a new ledger.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, cli, CLI, Key, sleep } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-safety-"));
const db = join(dir, "ledger.db");
let s;
let number;

const pad = (n) => String(n).padStart(2, "0");
function localTime(hoursAgo) {
  const d = new Date(Date.now() - hoursAgo * 3600e3);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
function inDays(n) {
  const d = new Date(Date.now() + n * 86400e3);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
const run = (...args) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" });
const CJK = /[\u3000-\u9fff\uff00-\uffef]/;

before(async () => {
  run("init");
  run("cw", "site", "add", "--name", "南关区某住宅项目", "--district", "220102", "--valid-until", inDays(200));
  run("cw", "transporter", "add", "--name", "长春某运输公司", "--valid-until", inDays(200));
  run(
    "cw",
    "vehicle",
    "add",
    "--plate",
    "吉A12345",
    "--transporter",
    "长春某运输公司",
    "--rated-payload",
    "20",
    "--box-volume",
    "12",
    "--driver",
    "张伟",
    "--valid-until",
    inDays(100),
  );
  run(
    "cw",
    "facility",
    "add",
    "--name",
    "长春某资源化利用厂",
    "--kind",
    "recycling",
    "--district",
    "220104",
    "--valid-until",
    inDays(300),
  );
  number = cli(
    db,
    "cw",
    "manifest",
    "dispatch",
    "--new",
    "--category",
    "拆除垃圾",
    "--declared",
    "15",
    "--site",
    "南关区某住宅项目",
    "--vehicle",
    "吉A12345",
    "--facility",
    "长春某资源化利用厂",
    "--departure",
    localTime(2),
  ).number;
  await startDriver();
  s = await Session.open(db);
});
after(async () => {
  await s?.close();
  await stopDriver();
});

const status = () => cli(db, "cw", "manifest", "show", number).manifest.status;

test("cancelling a manifest asks first, and the cancellation is undone from its toast", async () => {
  await s.exec("location.hash = arguments[0]", [`#/construction/m/${number}`]);
  await s.waitFor("#cw-title", 8000, (t) => t.includes(number));
  await s.type("#cw-cancel-reason", "车辆故障");
  await s.click("#cw-cancel");
  const q = await s.waitFor("#confirm-question", 8000, (t) => t.includes(number));
  assert.match(await s.text(q), /作废/);
  await s.screenshot("safety-01-cancel-asks-first");
  await s.click("#confirm-no");
  await sleep(300);
  assert.equal(await s.count("#confirm-dialog"), 0);
  assert.equal(status(), "dispatched", "nothing is cancelled when the clerk says no");

  await s.click("#cw-cancel");
  await s.click("#confirm-yes");
  await s.waitFor("#cw-title", 8000, (t) => t.includes("已作废"));
  const undo = await s.waitFor("#toast-undo", 8000);
  assert.equal(await s.text(undo), "撤销");
  await s.screenshot("safety-02-cancelled-with-undo");
  assert.equal(status(), "cancelled");

  await s.click("#toast-undo");
  await s.waitFor("#cw-title", 8000, (t) => t.includes("已出车"));
  await s.waitFor("#toast .msg", 8000, (t) => t.includes("已撤销") && t.includes(number));
  const h = await s.waitFor("#cw-history", 8000, (t) => t.includes("撤销"));
  assert.match(await s.text(h), /车辆故障/, "the cancellation stays in the history");
  await s.screenshot("safety-03-undone");
  const shown = cli(db, "cw", "manifest", "show", number);
  assert.equal(shown.manifest.status, "dispatched");
  assert.equal(shown.manifest.cancel_reason, null);
  assert.equal(shown.history.at(-1).reason, "undo");
  assert.ok(shown.history.some((e) => e.reason === "车辆故障"));
});

test("? opens the help overlay and Esc closes it, then goes back", async () => {
  await s.exec("location.hash = arguments[0]", [`#/construction/m/${number}`]);
  await s.waitFor("#cw-title", 8000, (t) => t.includes(number));
  await s.exec("document.activeElement && document.activeElement.blur()");
  await s.press("?");
  const help = await s.waitFor("#help-overlay", 8000, (t) => t.includes("Ctrl+S"));
  for (const k of ["Ctrl+N", "Ctrl+F", "Esc"]) assert.ok((await s.text(help)).includes(k), k);
  await s.screenshot("safety-04-help");
  await s.press(Key.Escape);
  await sleep(300);
  assert.equal(await s.count("#help-overlay"), 0, "Esc closes the help first");
  await s.press(Key.Escape);
  await s.waitFor("#cw-table, #cw-list", 8000);
  assert.equal(await s.hash(), "#/construction");
});

test("Ctrl+F finds the search box and Ctrl+N opens a new cell form", async () => {
  await s.click("#nav-cells");
  await s.waitFor("#cells-table");
  await s.exec("document.activeElement && document.activeElement.blur()");
  await s.chord(Key.Ctrl, "f");
  await sleep(200);
  assert.equal(await s.activeId(), "cell-q");
  await s.chord(Key.Ctrl, "n");
  await s.waitFor("#cell-form");
  assert.equal(await s.hash(), "#/cells/new");
});

test("leaving a form with unsaved edits asks first", async () => {
  await s.exec("location.hash = '#/cells/new'");
  await s.waitFor("#cell-form");
  await s.type("#f-name", "长春市某某局");
  await s.click("#nav-construction");
  await s.waitFor("#confirm-question", 8000, (t) => t.includes("未保存"));
  await s.screenshot("safety-05-unsaved-asks");
  await s.click("#confirm-no");
  await sleep(300);
  assert.equal(await s.hash(), "#/cells/new", "staying keeps the form");
  assert.equal(await s.value("#f-name"), "长春市某某局");
  await s.click("#nav-construction");
  await s.click("#confirm-yes");
  await s.waitFor("#cw-table, #cw-list", 8000);
});

test("English mode leaves no Chinese on the main pages of a new ledger", async () => {
  await s.close();
  const fresh = join(dir, "fresh.db");
  s = await Session.open(fresh);
  await s.click("#lang-toggle");
  await s.waitFor("#nav-cells", 8000, (t) => t.includes("Zero-waste cells"));
  const pages = [
    "#/cells",
    "#/construction",
    "#/construction/dispatch",
    "#/construction/receive",
    "#/construction/registers",
    "#/alerts",
  ];
  for (const p of pages) {
    await s.exec("location.hash = arguments[0]", [p]);
    await sleep(800);
    const text = await s.exec("return document.body.innerText");
    const hit = text.match(CJK);
    assert.equal(
      hit,
      null,
      `${p} shows Chinese in English mode: …${hit ? text.slice(Math.max(0, hit.index - 40), hit.index + 40) : ""}…`,
    );
  }
  await s.press("?");
  const help = await s.waitFor("#help-overlay");
  assert.doesNotMatch(await s.text(help), CJK);
  await s.screenshot("safety-06-english-help");
  await s.press(Key.Escape);
  // Back to Chinese, as the next run expects.
  await s.click("#lang-toggle");
});

// End-to-end test of the clerk's day: a first start on a fresh data folder (a new ledger, the
// operator, the installation's name and code, its area, where the backups go), then the home
// page with what needs doing, and an alert acknowledged with a note: it leaves the list and its
// note is in the change log. The operator is switched from the navigation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, cli, CLI, sleep } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-home-"));
const db = join(dir, "ledger.db");
const run = (...args) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" });
let s;

const pad = (n) => String(n).padStart(2, "0");
function lastMonth() {
  const d = new Date();
  const m = d.getMonth(); // 0-based: this is last month's number, 1-based
  return m === 0 ? `${d.getFullYear() - 1}-12` : `${d.getFullYear()}-${pad(m)}`;
}

before(async () => {
  await startDriver();
});
after(async () => {
  await s?.close();
  await stopDriver();
});

test("a first start asks who and where, creates the ledger and says where backups go", async () => {
  s = await Session.open(db, { create: false, ready: "#start-screen" });
  assert.ok(!existsSync(db), "nothing is created before the clerk chooses");
  await s.click("#start-create");
  await s.waitFor("#setup", 20000);
  await s.screenshot("home-01-first-start");
  await s.type("#setup-operator", "李娜");
  await s.type("#setup-name", "南关区无废办");
  await s.type("#setup-code", "NGQ01");
  await s.click('#setup-area option[value="220102"]');
  await s.click("#setup-save");
  await s.waitFor("#setup-saved", 8000);
  assert.equal(await s.textOf("#setup-done #setup-backups"), dir);
  assert.equal(await s.textOf("#setup-done #setup-db"), db);
  assert.match(await s.textOf("#operator-switch"), /李娜/, "the navigation names the new operator at once");
  await s.screenshot("home-02-first-start-saved");
  const st = cli(db, "setup");
  assert.deepEqual(
    [st.values.operator, st.values.installation_name, st.values.installation_code, st.values.area],
    ["李娜", "南关区无废办", "NGQ01", "220102"],
  );
  await s.click("#setup-begin");
  await s.waitFor("#home-todo", 15000);
  assert.match(await s.textOf("#operator-switch"), /李娜/);
});

test("the home page lists what needs doing, each item opening what it is about", async () => {
  run("cell", "add", "--name", "南岭小区", "--kind", "community", "--district", "220102");
  run("cw", "site", "add", "--name", "南关区某住宅项目", "--district", "220102", "--valid-until", "2020-01-01");
  await s.click("#nav-cells");
  await s.click("#nav-home");
  const missing = await s.waitFor('#home-todo li[data-kind="missing_records"]', 8000);
  assert.match(await s.text(missing), /本月未填报/);
  const href = await s.waitFor('#home-todo a[data-kind="missing_records"]');
  const link = await execute(
    `return document.querySelector('#home-todo a[data-kind="missing_records"]').getAttribute('href')`,
  );
  assert.equal(link, `#/sheet?month=${lastMonth()}&missing=1`);
  assert.ok(href);
  assert.equal(await s.count("#home-figures .figure"), 5);
  assert.match(await s.textOf('#home-figures .figure[data-key="manifest_closure_rate"] .target'), /未设目标/);
  assert.match(await s.textOf('#home-figures .figure[data-key="household_recycling_rate"] .target'), /目标 35%/);
  assert.match(await s.textOf("#home-areas-table"), /南关区/);
  await s.screenshot("home-03-home-page");
  await s.click('#home-todo a[data-kind="expired"]');
  await s.waitFor("#cw-tab-registers.active", 8000);
});

test("an alert acknowledged with a note leaves the list and its note is in the history", async () => {
  await s.click("#nav-alerts");
  await s.waitFor('#alerts-table tr[data-kind="expired"]', 8000);
  await s.screenshot("home-04-alerts");
  await s.click('#alerts-table tr[data-kind="expired"] .ack-open');
  await s.type('#alerts-table tr[data-kind="expired"] .ack-note', "已通知工地补办处置核准");
  await s.click('#alerts-table tr[data-kind="expired"] .ack-save');
  await s.waitFor("#alerts-history-table td[data-col=note]", 8000, (t) => t.includes("已通知工地补办处置核准"));
  assert.match(await s.textOf("#alerts-history-table tbody tr"), /李娜.*许可已过期.*南关区某住宅项目/);
  assert.equal(await s.count('#alerts-table tr[data-kind="expired"]'), 0, "acknowledged alerts are hidden");
  await s.screenshot("home-05-acknowledged");
  await s.click("#alerts-show-acked");
  await s.waitFor('#alerts-table tr.is-acked[data-kind="expired"]', 8000, (t) => t.includes("已通知工地补办处置核准"));
  await s.screenshot("home-06-acknowledged-shown");
  const acks = cli(db, "alerts", "--acks");
  assert.equal(acks[0].note, "已通知工地补办处置核准");
  assert.equal(acks[0].operator, "李娜");
});

test("the operator is switched from the navigation and the next write carries the new name", async () => {
  await s.click("#operator-switch");
  await s.type("#operator-new", "张伟");
  await s.click("#operator-ok");
  await s.waitFor("#operator-switch", 8000, (t) => t.includes("张伟"));
  assert.equal(cli(db, "operator").operator, "张伟");
  // One click back to a recent name.
  await s.click("#operator-switch");
  await s.click('#operator-panel .operator-pick[data-name="李娜"]');
  await s.waitFor("#operator-switch", 8000, (t) => t.includes("李娜"));
  await s.screenshot("home-07-operator-switched");
  run("check");
});

test("in English the home page and the alerts page have no Chinese words of their own", async () => {
  await s.click("#lang-toggle");
  await s.click("#nav-home");
  await s.waitFor("#home-todo", 8000, (t) => t.includes("To do today"));
  const todo = await s.textOf("#home-todo");
  const figures = await s.textOf("#home-figures");
  for (const text of [todo, figures])
    assert.doesNotMatch(text.replace(/南关区某住宅项目/g, ""), /[\u4e00-\u9fff]/, text);
  await s.screenshot("home-08-english");
  await s.click("#nav-alerts");
  await s.waitFor("#alerts-history-table", 8000);
  const head = await s.textOf("#alerts-history-table thead");
  assert.doesNotMatch(head, /[\u4e00-\u9fff]/);
  await s.click("#lang-toggle");
});

async function execute(script) {
  const base = `http://127.0.0.1:${process.env.TAURI_DRIVER_PORT ?? 4444}`;
  const r = await fetch(`${base}/session/${s.id}/execute/sync`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ script, args: [] }),
  });
  return (await r.json()).value;
}
void sleep;

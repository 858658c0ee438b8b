// End-to-end tests of credit-code warnings and the general alerts view: the cell form shows
// a structure warning for a code and still saves; the alerts page lists a naming that runs
// out soon beside a construction permit that has run out, most urgent first, and opens the
// cell it is about. The data is set up with the CLI first.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, cli, CLI, sleep } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-alerts-"));
const db = join(dir, "ledger.db");
let s;

const pad = (n) => String(n).padStart(2, "0");
function inDays(n) {
  const d = new Date(Date.now() + n * 86400e3);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
const run = (...args) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" });
const NAMED = "长春市某某局（已命名）";

before(async () => {
  run("init");
  run("settings", "set", "certification.validity_years", "1");
  run("cell", "add", "--name", NAMED, "--kind", "office", "--district", "220102", "--uscc", "11220102MB0000019M");
  for (const st of ["已申报", "创建中", "验收通过（待命名）"]) run("cell", "set-status", NAMED, st);
  // Named a year less 40 days ago: its naming runs out in about 40 days.
  run(
    "cell",
    "set-status",
    NAMED,
    "已命名",
    "--on",
    inDays(-325),
    "--batch",
    "3",
    "--document",
    "长无废办〔2025〕12号",
  );
  run("cw", "transporter", "add", "--name", "长春某运输公司", "--valid-until", inDays(-2));
  await startDriver();
  s = await Session.open(db);
});
after(async () => {
  await s?.close();
  await stopDriver();
});

test("the cell form shows a structure warning for a code and still saves", async () => {
  await s.click("#nav-cells");
  await s.click("#new-cell");
  await s.waitFor("#cell-form");
  await s.type("#f-name", "长春市某某局（企业代码）");
  await s.click("#f-kind option[value=office]");
  // A valid enterprise code (91) for an office: the kind usually has 11.
  await s.type("#f-uscc", "91220101131860916E");
  await s.click("#f-district option[value='220102']");
  const w = await s.waitFor("#uscc-warnings", 8000, (t) => t.includes("11"));
  assert.match(await s.text(w), /通常以 11 开头/);
  assert.equal(await s.count(".field.bad"), 0, "a warning marks no field as wrong");
  await s.screenshot("alerts-01-code-warning");
  await s.click("#save-cell");
  await s.waitFor("#cell-title", 8000, (t) => t.includes("企业代码"));
  await s.waitFor("#cell-warnings", 8000, (t) => t.includes("11"));
  await s.screenshot("alerts-02-saved-with-warning");
  const c = cli(db, "cell", "show", "长春市某某局（企业代码）");
  assert.equal(c.uscc, "91220101131860916E");
  assert.equal(c.warnings[0].code, "uscc_kind_hint");
});

test("the alerts view lists an expiring certification and opens its cell", async () => {
  await s.click("#nav-alerts");
  await s.waitFor("#alerts-table");
  const row = await s.waitFor("#alerts-table tr[data-kind=certification_expiring]", 8000, (t) => t.includes(NAMED));
  assert.match(await s.text(row), /命名即将到期/);
  // The expired permit is more urgent and comes first.
  const kinds = [];
  for (const e of await s.findAll("#alerts-table tbody tr")) kinds.push(await s.text(e));
  assert.equal(kinds.length, 2);
  assert.match(kinds[0], /许可已过期/);
  assert.match(kinds[1], /命名即将到期/);
  await s.screenshot("alerts-03-list");
  await s.click("#alerts-tab-cells");
  await s.waitFor("#alerts-tab-cells.active");
  assert.equal(await s.count("#alerts-table tbody tr"), 1, "the cells filter keeps the naming alone");
  await s.click(`#alerts-table tr[data-kind=certification_expiring] td`);
  await s.waitFor("#cell-title", 8000, (t) => t.includes(NAMED));
  await s.waitFor("#namings-table", 8000, (t) => t.includes("第 3 批") && t.includes("长无废办〔2025〕12号"));
  await s.scrollTo("#namings");
  await s.screenshot("alerts-04-cell-opened");
});

test("naming in the window takes a batch and document, and moving back keeps it in the history", async () => {
  const c = cli(db, "cell", "show", "长春市某某局（企业代码）");
  await s.click("#nav-cells");
  await s.waitFor("#cells-table tbody tr[data-id]");
  const open = async () => {
    await s.click(`#cells-table tbody tr[data-id='${c.id}'] td`);
    await s.waitFor("#status-actions");
  };
  await open();
  for (const st of ["applying", "creating", "assessed"]) {
    await s.click(`#status-actions button[data-status=${st}]`);
    await s.waitFor("#cell-status", 8000, (t) => t !== "");
    await sleep(300);
  }
  await s.waitFor("#cell-status", 8000, (t) => t.includes("验收通过（待命名）"));
  await s.type("#status-date", inDays(-10));
  await s.type("#status-batch", "4");
  await s.type("#status-doc", "长无废办〔2026〕2号");
  await s.click("#status-actions button[data-status=certified]");
  await s.waitFor("#cell-status", 8000, (t) => t.includes("已命名"));
  await s.waitFor("#namings-table", 8000, (t) => t.includes("第 4 批") && t.includes("现行"));
  await s.click("#status-actions button[data-status=creating]");
  await s.waitFor("#cell-status", 8000, (t) => t.includes("创建中"));
  const h = await s.waitFor("#namings-table", 8000, (t) => t.includes("第 4 批") && t.includes("止"));
  assert.match(await s.text(h), /创建中/);
  await s.scrollTo("#namings");
  await s.screenshot("alerts-06-naming-moved-back");
  const now = cli(db, "cell", "show", c.id);
  assert.equal(now.certified_on, null, "no naming holds now");
  assert.equal(cli(db, "cell", "namings", c.id)[0].batch, 4);
});

test("a second campus shares a code once the form gives the reason", async () => {
  await s.click("#nav-cells");
  await s.click("#new-cell");
  await s.waitFor("#cell-form");
  await s.type("#f-name", "长春市某某局（分部）");
  await s.click("#f-kind option[value=office]");
  await s.type("#f-uscc", "11220102MB0000019M");
  await s.click("#f-district option[value='220102']");
  const err = await s.waitFor(".field-error[data-field=uscc]", 8000, (t) => t.includes(NAMED));
  assert.match(await s.text(err), /共用理由/);
  await s.type("#f-uscc_shared_reason", "同一单位的另一办公区");
  await s.waitFor(".field-error[data-field=uscc]", 8000, (t) => t === "");
  await s.screenshot("alerts-07-shared-code");
  await s.click("#save-cell");
  await s.waitFor("#cell-title", 8000, (t) => t.includes("分部"));
  const h = cli(db, "cell", "history", "长春市某某局（分部）");
  assert.match(h[0].reason, /同一单位的另一办公区/);
});

test("reporting areas are added and grouped in settings and offered on the cell form", async () => {
  await s.click("#nav-settings");
  await s.type("#area-code", "CCXQ");
  await s.type("#area-name", "长春新区");
  await s.click("#area-add");
  await s.waitFor("#areas-table tr[data-area=CCXQ]");
  await s.click("#group-district option[value='220173']");
  await s.click("#group-area option[value=CCXQ]");
  await s.click("#area-group");
  await s.waitFor("#areas-table tr[data-area=CCXQ]", 8000, (t) => t.includes("长春高新技术产业开发区"));
  await s.scrollTo("#areas");
  await s.screenshot("alerts-08-areas");
  assert.deepEqual(cli(db, "area", "list")[1].districts, ["220173"]);
  await s.click("#nav-cells");
  await s.click("#new-cell");
  await s.waitFor("#f-area option[value=CCXQ]");
  await s.waitFor("#f-area option[value=SBJ]", 8000, (t) => t.includes("市本级"));
});

test("in English the alerts view has no Chinese words of its own", async () => {
  await s.click("#lang-toggle");
  await s.click("#nav-alerts");
  await s.waitFor("#alerts-table tr[data-kind=certification_expiring]", 8000, (t) => t.includes("Naming expiring"));
  const head = await s.textOf("#alerts-table thead");
  assert.doesNotMatch(head, /[\u4e00-\u9fff]/);
  await s.screenshot("alerts-05-english");
  await s.click("#lang-toggle");
  await sleep(200);
});

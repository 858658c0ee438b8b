// End-to-end tests of the real desktop window, driven through WebDriver under Xvfb as a
// clerk would use it. Screenshots land in ui/e2e/artifacts/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, cli, Key, sleep } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-"));
const db = join(dir, "ledger.db");
const NAME = "长春市南关区生态环境局";
let s;

function monthsAgo(n) {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

before(async () => {
  await startDriver();
  s = await Session.open(db);
});
after(async () => {
  await s?.close();
  await stopDriver();
});

async function fillCellForm(name, uscc) {
  await s.click("#new-cell");
  await s.waitFor("#cell-form");
  await s.type("#f-name", name);
  await s.click("#f-kind option[value=office]");
  await s.type("#f-uscc", uscc);
  await s.click("#f-district option[value='220102']");
  await s.type("#f-headcount", "120");
  await s.type("#f-baseline_year", String(new Date().getFullYear() - 1));
}

test("an invalid credit code shows the error as it is typed and saves nothing", async () => {
  await s.click("#nav-cells");
  await fillCellForm("长春市某某局（错码）", "1122010052601815xa");
  const err = await s.waitFor(".field-error[data-field=uscc]", 8000, (t) => t.includes("校验位"));
  assert.match(await s.text(err), /应为“Y”/);
  await s.screenshot("01-invalid-uscc");
  await s.click("#save-cell");
  await sleep(500);
  assert.match(await s.hash(), /#\/cells\/new/, "still on the form");
  assert.equal(cli(db, "cell", "list").total, 0, "nothing was written");
});

test("a cell created through the form appears in the list", async () => {
  await s.click("#nav-cells");
  await s.leaveIfAsked();
  await fillCellForm(NAME, "91220101131860916E");
  await sleep(300);
  assert.equal(await s.count(".field.bad"), 0, "no field is marked");
  await s.screenshot("02-form-filled");
  await s.click("#save-cell");
  await s.waitFor("#cell-title", 8000, (t) => t.includes(NAME));
  await s.click("#nav-cells");
  await s.waitFor("#cells-table tbody tr[data-id]", 8000, (t) => t.includes(NAME));
  assert.match(await s.textOf("#page-info"), /共 1 个/);
  await s.screenshot("03-list");
});

test("two months entered by keyboard alone show the computed rate", async () => {
  const m1 = monthsAgo(2),
    m2 = monthsAgo(1);
  await s.click("#cells-table tbody tr[data-id] td");
  await s.waitFor("#grid-month");
  await s.clear("#grid-month");
  await s.type("#grid-month", m1 + Key.Enter);
  await sleep(300);
  assert.equal(await s.activeId(), "g-recyclable-generated", "Enter on the month goes to the grid");
  // 可回收物 100 kg: 60 recycled, 40 landfilled; 厨余垃圾 50 kg: 30 composted, 20 incinerated.
  await s.keys(`100${Key.Tab}60${Key.Tab}${Key.Tab}${Key.Tab}40${Key.Tab}`);
  await s.keys(`50${Key.Tab}${Key.Tab}30${Key.Tab}20`);
  // Enter walks down the column; on the last row it saves the month and moves to the next.
  // From the second row, as many as there are rows below it and one more (categories are data).
  const rows = await s.count("#records-grid tbody tr");
  for (let i = 0; i < rows - 1; i++) await s.keys(Key.Enter);
  await s.waitFor("#grid-month", 8000);
  for (let i = 0; i < 50 && (await s.value("#grid-month")) !== m2; i++) await sleep(100);
  assert.equal(await s.value("#grid-month"), m2, "saved and moved on to the next month");
  assert.equal(await s.activeId(), "g-recyclable-generated");
  // 可回收物 80 kg: 50 recycled, 30 landfilled; 其他垃圾 70 kg: all incinerated. Ctrl+S saves.
  await s.keys(`80${Key.Tab}50${Key.Tab}${Key.Tab}${Key.Tab}30${Key.Tab}`);
  await s.keys(`${Key.Tab}`.repeat(10));
  assert.equal(await s.activeId(), "g-other-generated");
  await s.keys(`70${Key.Tab}${Key.Tab}${Key.Tab}70`);
  await s.keys(`${Key.Ctrl}s${Key.Null}`);
  // (60 + 30 + 50) ÷ (100 + 50 + 80 + 70) = 140 ÷ 300 = 46.7%
  await s.waitFor("#recycling-rate", 8000, (t) => t === "46.7%");
  const table = await s.textOf("#rates-table");
  assert.match(table, new RegExp(`${m1}[\\s\\S]*60\\.0%`));
  assert.match(table, new RegExp(`${m2}[\\s\\S]*33\\.3%`));
  await s.scrollTo("#rates");
  await s.screenshot("04-rates");
  const recs = cli(db, "record", "list", NAME);
  assert.equal(recs.length, 4);
});

test("a refused month names the row and field and writes nothing", async () => {
  const before = cli(db, "record", "list", NAME).length;
  await s.clear("#grid-month");
  await s.type("#grid-month", monthsAgo(3) + Key.Enter);
  await sleep(300);
  await s.keys(`10${Key.Tab}20`);
  await s.keys(`${Key.Ctrl}s${Key.Null}`);
  const err = await s.waitFor("#grid-errors", 8000, (t) => t.includes("超过"));
  assert.match(await s.text(err), /可回收物/);
  await s.screenshot("05-refused-month");
  assert.equal(cli(db, "record", "list", NAME).length, before);
});

test("the cell and the language are still there after the app restarts", async () => {
  await s.click("#lang-toggle");
  await s.waitFor("#nav-cells", 8000, (t) => t.includes("Zero-waste cells"));
  await s.close();
  s = await Session.open(db);
  await s.waitFor("#nav-cells", 8000, (t) => t.includes("Zero-waste cells"));
  await s.click("#nav-cells");
  await s.waitFor("#cells-table tbody tr[data-id]", 8000, (t) => t.includes(NAME));
  await s.screenshot("06-after-restart-english");
  await s.click("#lang-toggle");
  await s.waitFor("#nav-cells", 8000, (t) => t.includes("无废细胞"));
  const check = cli(db, "check");
  assert.equal(check.integrity_ok, true);
  assert.equal(check.log_problem_count, 0);
});

test("typing in the search box narrows the list, Chinese text through the text index", async () => {
  cli(
    db,
    "cell",
    "add",
    "--name",
    "绿园区幸福小区一期",
    "--kind",
    "community",
    "--district",
    "220106",
    "--address",
    "绿园区青年路8号",
  );
  await s.click("#nav-settings");
  await s.click("#nav-cells");
  await s.waitFor("#page-info", 8000, (t) => t.includes("共 2 个"));
  await s.type("#cell-q", "幸福");
  await s.waitFor("#page-info", 8000, (t) => t.includes("共 1 个"));
  assert.match(await s.textOf("#cells-table tbody"), /绿园区幸福小区一期/);
  await s.screenshot("07-search");
  await s.clear("#cell-q");
  await s.type("#cell-q", "南关区生态");
  await s.waitFor("#cells-table tbody", 8000, (t) => t.includes(NAME) && !t.includes("幸福"));
  await s.clear("#cell-q");
  await s.type("#cell-q", "青年路8");
  await s.waitFor("#cells-table tbody", 8000, (t) => t.includes("幸福小区") && !t.includes(NAME));
  assert.match(await s.textOf("#page-info"), /共 1 个/);
});

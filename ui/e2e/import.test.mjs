// End-to-end tests of importing a file in the window: the clerk opens the import page from
// the cells list, gives a CSV file, and sees the preview — the row count, the bad row with
// its row number and each bad field marked — with the import refused until the file is
// corrected; the corrected file is then imported all at once, and a larger file shows its
// progress. The results are checked through the CLI.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, cli } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-import-"));
const db = join(dir, "ledger.db");
let s;

const HEAD = "名称,类型,行政区划,地址\n";
const GOOD1 = "朝阳区幸福小区,小区,220104,幸福街1号\n";
const GOOD2 = "南关区某某花园,小区,220102,人民大街2号\n";

before(async () => {
  await startDriver();
  s = await Session.open(db);
});
after(async () => {
  await s?.close();
  await stopDriver();
});

async function previewFile(path) {
  await s.clear("#import-path");
  await s.type("#import-path", path);
  await s.click("#import-preview");
  return s.waitFor("#import-summary", 30000);
}

test("an import preview with a bad row", async () => {
  const bad = join(dir, "细胞-有误.csv");
  // Row 3: a kind the ledger does not have and a district that does not exist.
  writeFileSync(bad, HEAD + GOOD1 + "某某菜市场,菜市场,999999,某路\n" + GOOD2);
  await s.click("#nav-cells");
  await s.click("#import-cells");
  await s.waitFor("#import-path");
  assert.equal(await s.hash(), "#/import/cells");
  assert.equal(await s.value("#import-kind"), "cells");
  const summary = await previewFile(bad);
  assert.match(await s.text(summary), /共 3 行：可导入 2 行，台账中已有 0 行，有误 1 行/);
  const row = await s.waitFor("#import-table tr[data-row='3'][data-status=bad]");
  assert.match(await s.text(row), /某某菜市场/);
  assert.equal(await s.count("#import-table tr[data-row='3'] td.bad[data-col=kind]"), 1, "the bad kind is marked");
  assert.equal(
    await s.count("#import-table tr[data-row='3'] td.bad[data-col=district]"),
    1,
    "the bad district is marked",
  );
  assert.equal(await s.count("#import-table tr[data-status=bad]"), 1, "only row 3 is bad");
  assert.equal(await s.count("#import-table tr[data-status=new]"), 2);
  assert.equal(await s.count("#import-table td.bad[data-col=name]"), 0, "a good field is not marked");
  const errs = await s.textOf("#import-table tr[data-row='3'] td.row-errors");
  assert.match(errs, /类型/);
  assert.match(
    await attr("#import-table tr[data-row='3'] td.bad[data-col=kind]", "title"),
    /类型/,
    "the bad field says why on hover",
  );
  // The preview is the window's table: the file's row numbers stay with their rows; it sorts
  // by row number or by result (refused rows first) and never by a value column.
  assert.deepEqual(await rowOrder(), ["2", "3", "4"], "in the file's order");
  assert.equal(await s.count("#import-table th.sortable[data-col=name]"), 0, "a value column does not sort");
  await s.click("#import-table th[data-col='#result']");
  assert.deepEqual(await rowOrder(), ["3", "2", "4"], "sorted by result, the refused row comes first");
  await s.click("#import-table th[data-col='#row']");
  assert.deepEqual(await rowOrder(), ["2", "3", "4"], "sorted by row number again");
  // Keyboard: the rows are one tab stop and the arrow keys move the current row.
  await s.exec("document.querySelector('#import-table tbody tr[data-row=\"2\"]').focus()");
  await s.keys("\uE015"); // ArrowDown
  assert.equal(await s.exec("return document.activeElement?.dataset.row ?? null"), "3", "ArrowDown moves to row 3");
  // Only the rows with errors, when the file is long.
  await s.click("#import-bad-only");
  assert.deepEqual(await rowOrder(), ["3"], "only the refused row");
  await s.click("#import-bad-only");
  // The path box has its Browse button (the native dialog itself cannot be driven here).
  assert.equal(await s.count("#import-path-browse"), 1, "a 选择… button beside the path box");
  const run = await s.find("#import-run");
  assert.ok(await isDisabled(run), "a file with a bad row cannot be imported");
  await s.screenshot("import-01-preview-bad-row");
  assert.equal(cli(db, "cell", "list").total, 0, "the preview wrote nothing");

  // Corrected, the same file imports all at once.
  const good = join(dir, "细胞.csv");
  writeFileSync(good, HEAD + GOOD1 + "某某菜市场,小区,220102,某路\n" + GOOD2);
  await previewFile(good);
  await s.waitFor("#import-summary", 8000, (t) => t.includes("有误 0 行"));
  await s.click("#import-run");
  const result = await s.waitFor("#import-result", 30000);
  assert.match(await s.text(result), /已导入 3 行/);
  await s.screenshot("import-02-imported");
  assert.equal(cli(db, "cell", "list").total, 3);
  // The result leads back to the list, where the cells are.
  await s.click("#import-back");
  await s.waitFor("#cells-table, table", 8000, (t) => t.includes("某某菜市场"));
});

test("a large file shows the import's progress", async () => {
  const big = join(dir, "细胞-大.csv");
  let text = HEAD;
  for (let i = 1; i <= 5000; i++) text += `测试小区${i},小区,220102,人民大街${i}号\n`;
  writeFileSync(big, text);
  await s.click("#nav-import");
  await s.click("#import-kind option[value=cells]");
  await previewFile(big);
  await s.waitFor("#import-summary", 8000, (t) => t.includes("共 5000 行"));
  await s.click("#import-run");
  await s.waitFor("#import-result", 120000);
  const seen = Number(await attr("#import-progress-box", "data-rows"));
  assert.ok(seen >= 2000, `progress was reported while importing (${seen} rows)`);
  await s.screenshot("import-03-large-file-imported");
  assert.equal(cli(db, "cell", "list").total, 5003);
});

async function isDisabled(el) {
  return (await s.exec("return arguments[0].disabled", [{ "element-6066-11e4-a52e-4f735466cecf": el }])) === true;
}
async function rowOrder() {
  return s.exec("return [...document.querySelectorAll('#import-table tbody tr[data-row]')].map((r) => r.dataset.row)");
}
async function attr(css, name) {
  return s.exec("return document.querySelector(arguments[0])?.getAttribute(arguments[1])", [css, name]);
}

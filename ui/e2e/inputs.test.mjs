// End-to-end tests of the records grid: a blank never deletes a stored record; deleting is
// an action of its own, confirmed. Screenshots land in ui/e2e/artifacts/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, cli, Key, sleep } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-inputs-"));
const db = join(dir, "ledger.db");
const NAME = "长春市朝阳区某局";
const d = new Date();
d.setDate(1);
d.setMonth(d.getMonth() - 1);
const MONTH = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
let s;

before(async () => {
  cli(db, "init");
  cli(db, "cell", "add", "--name", NAME, "--kind", "office", "--district", "220104", "--uscc", "91220101131860916E");
  cli(db, "record", "add", NAME, "--month", MONTH, "--category", "recyclable", "--generated", "100");
  await startDriver();
  s = await Session.open(db);
});
after(async () => {
  await s?.close();
  await stopDriver();
});

const records = () => cli(db, "record", "list", NAME, "--from", MONTH, "--to", MONTH);

async function openMonth() {
  await s.click("#nav-cells");
  await s.waitFor("#cells-table tbody tr[data-id]", 8000, (t) => t.includes(NAME));
  await s.click("#cells-table tbody tr[data-id] td");
  await s.waitFor("#grid-month");
  await s.clear("#grid-month");
  await s.type("#grid-month", MONTH + Key.Enter);
  for (let i = 0; i < 50 && (await s.value("#g-recyclable-generated")) !== "100"; i++) await sleep(100);
}

test("emptying a stored record is refused and deletes nothing", async () => {
  await openMonth();
  await s.clear("#g-recyclable-generated");
  await s.click("#grid-save");
  const err = await s.waitFor("#grid-errors", 8000, (t) => t.includes("删除"));
  assert.match(await s.text(err), /不能清空/);
  await s.screenshot("inputs-01-blank-refused");
  assert.equal(records().length, 1, "the record is still there");
});

test("the delete action asks first, then deletes the month's record", async () => {
  await openMonth();
  await s.click("#g-recyclable-delete");
  const q = await s.waitFor("#delete-confirm", 8000);
  assert.match(await s.text(q), new RegExp(MONTH));
  await s.screenshot("inputs-02-delete-confirm");
  await s.click("#delete-no");
  await sleep(300);
  assert.equal(records().length, 1, "cancel deletes nothing");
  await s.click("#g-recyclable-delete");
  await s.waitFor("#delete-confirm", 8000);
  await s.click("#delete-yes");
  for (let i = 0; i < 50 && records().length; i++) await sleep(100);
  assert.equal(records().length, 0);
  for (let i = 0; i < 50 && (await s.value("#g-recyclable-generated")) !== ""; i++) await sleep(100);
  assert.equal(await s.value("#g-recyclable-generated"), "");
  await s.screenshot("inputs-03-deleted");
});

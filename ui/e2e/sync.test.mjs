// End-to-end test of the Sync page: a bundle prepared with the CLI from a second ledger (new
// cells and records, and one cell changed on both sides) is imported through the page as a
// clerk would; the new cells are in the ledger, the conflict shows both versions side by
// side, and resolving it takes the other version.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, CLI, sleep } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-sync-"));
const a = join(dir, "office.db");
const b = join(dir, "district.db");
const out = join(dir, "bundles");
let s;
let bundle;
const run = (db, ...args) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" });
const json = (db, ...args) => JSON.parse(run(db, "--json", ...args));
const addCell = (db, name) => run(db, "cell", "add", "--name", name, "--kind", "community", "--district", "220102");

before(async () => {
  mkdirSync(out);
  run(a, "init");
  run(a, "setup", "--operator", "王五", "--name", "市无废办", "--code", "SW1");
  addCell(a, "幸福小区");
  const first = json(a, "sync", "export", "--out", out, "--full").file;
  run(b, "init");
  run(b, "setup", "--operator", "赵六", "--name", "南关区分中心", "--code", "NG2");
  run(b, "sync", "import", first);
  // Both sides change the same cell's address since they last met.
  run(a, "cell", "edit", "幸福小区", "--address", "人民大街 1 号");
  run(b, "cell", "edit", "幸福小区", "--address", "人民大街 99 号");
  // The second ledger adds cells and a record.
  addCell(b, "和平小区");
  addCell(b, "安居小区");
  run(b, "record", "add", "和平小区", "--month", "2026-01", "--category", "other", "--generated", "120");
  bundle = json(b, "sync", "export", "--out", out).file;
  await startDriver();
  s = await Session.open(a);
});
after(async () => {
  await s?.close();
  await stopDriver();
});

test("a bundle imported on the Sync page brings the new cells and shows the conflict side by side", async () => {
  await s.click("#nav-sync");
  await s.waitFor("#sync-import-file");
  await s.screenshot("sync-01-page");
  await s.type("#sync-import-file", bundle);
  await s.click("#sync-import");
  await s.waitFor("#sync-conflict-detail", 20000);
  const names = json(a, "cell", "list").rows.map((c) => c.name);
  assert.ok(names.includes("和平小区") && names.includes("安居小区"), names.join(","));
  const history = json(a, "sync", "history");
  assert.equal(history[0].direction, "import");
  assert.equal(await s.count("#sync-history-table tbody tr[data-key]"), history.length);
  const current = await s.textOf("#sync-side-by-side tr[data-field='address'] td.current");
  const other = await s.textOf("#sync-side-by-side tr[data-field='address'] td.other");
  assert.deepEqual([current, other].sort(), ["人民大街 1 号", "人民大街 99 号"]);
  await s.scrollTo("#sync-conflicts-title");
  await sleep(300);
  await s.screenshot("sync-02-conflict-side-by-side");
  await s.click("#sync-keep-other");
  await s.waitFor("#sync-conflicts-table", 8000);
  await sleep(800);
  assert.equal(json(a, "sync", "conflicts").length, 0, "the conflict is resolved");
  const cell = json(a, "cell", "show", "幸福小区");
  assert.equal(cell.address, other, "the other version was taken");
  await s.screenshot("sync-03-resolved");
});

test("the office's view names the installation that sent the bundle", async () => {
  await s.scrollTo("#office");
  await s.clear("#office-period");
  await s.type("#office-period", "2026-01");
  await s.click("#office-show");
  await s.waitFor("#office-senders-table tbody tr[data-key]");
  const text = await s.textOf("#office-senders-table");
  assert.match(text, /NG2/);
  assert.match(text, /南关区分中心/);
  await sleep(300);
  await s.screenshot("sync-04-office");
});

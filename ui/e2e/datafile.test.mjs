// The data file in the window: a file that is not a ledger gets the Chinese start screen with
// the path, the reason and the choices; a missing file (a first start) offers to create one;
// a read-only ledger opens with a banner and no save buttons.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, cli } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-file-"));
let s;

before(async () => {
  await startDriver();
});
afterEach(async () => {
  await s?.close();
  s = null;
});
after(async () => {
  await s?.close();
  await stopDriver();
});

test("a file that is not a ledger gets the start screen with the path, the reason and the choices", async () => {
  const notes = join(dir, "notes.db");
  writeFileSync(notes, "这不是台账 — a text file someone named .db, long enough to look like a file");
  const bytes = readFileSync(notes);
  s = await Session.open(notes, { create: false, ready: "#start-screen" });
  assert.match(await s.textOf("#start-screen h1"), /无法打开台账/);
  assert.equal(await s.textOf("#start-file"), notes);
  const reason = await s.textOf("#start-reason");
  assert.match(reason, /不是本程序的台账数据库/);
  assert.doesNotMatch(reason, /file is not a database|SQLite|sqlite/i, "no raw SQLite text");
  for (const id of ["#start-open", "#start-read-only", "#start-create", "#start-retry"]) {
    assert.ok(await s.displayed(id), `${id} is offered`);
  }
  await s.screenshot("datafile-not-a-ledger");
  assert.deepEqual(readFileSync(notes), bytes, "the file is left as it was");

  // Choosing another file: a ledger made by the CLI, opened read-only from the screen.
  const other = join(dir, "other.db");
  cli(other, "init");
  cli(other, "cell", "add", "--name", "某某小区", "--kind", "community", "--district", "220102");
  await s.clear("#start-path");
  await s.type("#start-path", other);
  await s.click("#start-read-only");
  await s.waitFor("#read-only-banner", 15000);
  await s.waitFor("#nav a", 15000);
});

test("a read-only ledger opens with a banner and no save buttons", async () => {
  const db = join(dir, "ro.db");
  cli(db, "init");
  const id = cli(
    db,
    "cell",
    "add",
    "--name",
    "长春市某某局",
    "--kind",
    "office",
    "--district",
    "220102",
    "--uscc",
    "91220101131860916E",
  ).id;
  s = await Session.open(db, { args: ["--read-only"] });
  assert.match(await s.textOf("#read-only-banner"), /只读/);
  await s.click("#nav-cells");
  await s.waitFor(`tr[data-id="${id}"]`, 10000);
  assert.equal(await s.displayed("#new-cell"), false, "no new-cell button");
  await s.screenshot("datafile-read-only-list");
  await s.click(`#cells-table tbody tr[data-id="${id}"] td`);
  await s.waitFor("#grid-prev", 10000);
  assert.equal(await s.displayed("#grid-save"), false, "no save button on the monthly grid");
  assert.equal(await s.displayed("#edit-cell"), false, "no edit button");
  await s.screenshot("datafile-read-only-cell");
});

test("a first start without a ledger offers to create one, and creating opens it", async () => {
  const db = join(dir, "first", "..", "first.db");
  s = await Session.open(db, { create: false, ready: "#start-screen" });
  assert.match(await s.textOf("#start-screen h1"), /欢迎使用/);
  assert.ok(await s.displayed("#start-create"));
  assert.ok(await s.displayed("#start-open"));
  assert.ok(!existsSync(db), "nothing is created before the clerk chooses");
  await s.screenshot("datafile-first-start");
  await s.click("#start-create");
  await s.waitFor("#nav a", 15000);
  assert.ok(existsSync(db));
  assert.equal(cli(db, "cell", "list").total, 0);
});

// End-to-end test of the change log's chain head in the window: the settings page shows the
// same head as `zwl check`, and a write made afterwards moves it on.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, CLI, sleep } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-chain-"));
const db = join(dir, "ledger.db");
let s;
const run = (...args) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" });
const head = () => JSON.parse(run("check", "--json")).head;

before(async () => {
  run("init");
  run(
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
  );
  await startDriver();
  s = await Session.open(db);
});
after(async () => {
  await s?.close();
  await stopDriver();
});

test("the settings page shows the chain head that zwl check prints", async () => {
  const h = head();
  await s.click("#nav-settings");
  const shown = await s.textOf("#chain-short");
  assert.equal(shown, h.short);
  assert.equal(await s.textOf("#chain-hash"), h.hash);
  await s.scrollTo("#chain-title");
  await sleep(500);
  await s.screenshot("chain-01-settings");
  // The window recorded the head it showed: it still extends it.
  const [seq, short] = [String(h.seq), h.short.split(" ")[1]];
  assert.match(run("verify-head", seq, short), /extends/);
});

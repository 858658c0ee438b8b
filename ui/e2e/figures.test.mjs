// End-to-end tests of a cell's figures in the real window: a partly entered year shows its
// reduction as incomplete, with the months missing; an activity figure entered on the cell
// page becomes the denominator; a category added on the settings page is there for the CLI.
// The cell and its records are set up with the CLI first.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, cli, CLI, Key, sleep } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-figures-"));
const db = join(dir, "ledger.db");
const NAME = "测试机关";
let s;

const run = (...args) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" });

before(async () => {
  run("init");
  run("cell", "add", "--name", NAME, "--kind", "office", "--district", "220102", "--uscc", "91220101131860916E");
  run("cell", "edit", NAME, "--baseline-year", "2024", "--headcount", "100");
  // All of 2024, but only January to March of 2025.
  for (let m = 1; m <= 12; m++)
    run(
      "record",
      "add",
      NAME,
      "--month",
      `2024-${String(m).padStart(2, "0")}`,
      "--category",
      "其他垃圾",
      "--generated",
      "100",
    );
  for (let m = 1; m <= 3; m++)
    run("record", "add", NAME, "--month", `2025-0${m}`, "--category", "其他垃圾", "--generated", "100");
  await startDriver();
  s = await Session.open(db);
});
after(async () => {
  await s?.close();
  await stopDriver();
});

async function openCell() {
  await s.click("#nav-cells");
  await s.waitFor("#cells-table tbody tr[data-id]", 8000, (t) => t.includes(NAME));
  await sleep(300); // the list settles (it re-renders once its page arrives)
  await s.click("#cells-table tbody tr[data-id] td");
  await s.waitFor("#rates-from");
}

async function ratesFor(from, to) {
  await s.clear("#rates-from");
  await s.type("#rates-from", from);
  await s.clear("#rates-to");
  await s.type("#rates-to", to + Key.Enter);
}

test("a partly entered year shows its reduction as incomplete with the missing months", async () => {
  await openCell();
  await ratesFor("2025-01", "2025-12");
  // The mark itself, not the formula's words about it.
  await s.waitFor("#reduction-household .badge.incomplete", 8000, (t) => t === "不完整");
  const text = await s.textOf("#reduction-household");
  assert.match(text, /生活垃圾/);
  assert.match(text, /只比较了 3 个月/);
  assert.match(text, /本期缺少记录的月份：2025-04、2025-05/);
  assert.match(await s.textOf("#reduction-household-pct"), /0\.0%/, "300 kg against the same 300 kg, not −75%");
  assert.doesNotMatch(text, /-75/);
  await s.scrollTo("#reduction");
  await s.screenshot("figures-01-incomplete-year");

  // The whole of the entered months is complete.
  await ratesFor("2025-01", "2025-03");
  await s.waitFor(
    "#reduction-household",
    8000,
    (t) => t.includes("比较的月份：2025-01、2025-02、2025-03") && !t.includes("本期缺少"),
  );
  assert.equal(await s.count("#reduction-household .badge.incomplete"), 0);
});

test("in English the mark reads incomplete", async () => {
  await s.click("#lang-toggle");
  await s.waitFor("#nav-cells", 8000, (t) => t.includes("Zero-waste cells"));
  await sleep(300);
  await openCell();
  await ratesFor("2025-01", "2025-12");
  await s.waitFor("#reduction-household .badge.incomplete", 8000, (t) => t === "incomplete");
  assert.match(await s.textOf("#reduction-household"), /Period months with no records: 2025-04, 2025-05/);
  await s.scrollTo("#reduction");
  await s.screenshot("figures-02-incomplete-english");
  await s.click("#lang-toggle");
  await s.waitFor("#nav-cells", 8000, (t) => t.includes("无废细胞"));
  await sleep(300);
});

test("an activity figure entered on the cell page becomes the denominator of its year", async () => {
  await openCell();
  await s.type("#fig-year", "2025");
  await s.click("#fig-kind option[value=people]");
  await s.type("#fig-value", "150");
  await s.type("#fig-source", "人事处年报");
  await s.click("#fig-save");
  await s.waitFor("#figures-table", 8000, (t) => t.includes("人事处年报") && t.includes("150"));
  await ratesFor("2025-01", "2025-03");
  await s.waitFor("#reduction-household", 8000, (t) => t.includes("2025: 150 人") && t.includes("2024: 100 人"));
  await s.scrollTo("#figures");
  await s.screenshot("figures-03-activity-figure");
  const figs = cli(db, "cell", "figure", "list", NAME);
  assert.ok(figs.some((f) => f.year === 2025 && f.value_milli === 150000 && f.source === "人事处年报"));
});

test("a category added on the settings page is a category of the ledger", async () => {
  await s.click("#nav-settings");
  await s.waitFor("#categories-table");
  await sleep(500); // the settings page settles (it renders again once the profile is loaded)
  await s.scrollTo("#cat-new-key");
  await s.type("#cat-new-key", "textiles");
  await s.type("#cat-new-zh", "废旧衣物");
  await s.type("#cat-new-en", "Textiles");
  await s.click("#cat-new-recovery-label");
  // A clerk's keyboard: the bag size, then Tab to the button and Enter.
  await s.click("#cat-new-container option[value=bag]");
  await s.type("#cat-new-kg", "5");
  await s.keys(Key.Tab + Key.Enter);
  await s.waitFor("#cat-textiles", 8000);
  assert.equal(await s.value("#cat-textiles-zh"), "废旧衣物");
  await sleep(200);
  await s.scrollTo("#categories-table");
  await s.screenshot("figures-04-categories");
  const cats = cli(db, "category", "list");
  const added = cats.find((c) => c.key === "textiles");
  assert.equal(added.stream, "household");
  assert.equal(added.counts_as_recovery, true);
  assert.equal(added.container, "bag");
  assert.equal(added.container_g, 5000);
  assert.equal(cli(db, "check").log_problem_count, 0);
});

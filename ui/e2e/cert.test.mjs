// End-to-end test of assessment, naming and the certification report in the real window:
// open a cell, record its application, a county and a city assessment and a naming, save its
// certification report to a file, and `zwl report verify` accepts it; then change a record
// and verify (in the CLI and the window) names the change. The cell and its records are set
// up with the CLI first.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, cli, CLI, sleep } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-cert-"));
const db = join(dir, "ledger.db");
const pdf = join(dir, "认证报告.pdf");
const NAME = "长春市王镕赟堃喆珺机关";
let s;

const run = (...args) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" });

before(async () => {
  run("init");
  run(
    "cell",
    "add",
    "--name",
    NAME,
    "--kind",
    "office",
    "--district",
    "220102",
    "--uscc",
    "91220101131860916E",
    "--baseline-year",
    "2024",
    "--headcount",
    "120",
  );
  for (const y of ["2024", "2025"]) {
    for (const m of ["01", "02", "03"]) {
      run(
        "record",
        "add",
        NAME,
        "--month",
        `${y}-${m}`,
        "--category",
        "recyclable",
        "--generated",
        "80",
        "--recycled",
        "80",
      );
      run(
        "record",
        "add",
        NAME,
        "--month",
        `${y}-${m}`,
        "--category",
        "other",
        "--generated",
        "250",
        "--incinerated",
        "250",
      );
    }
  }
  run("cell", "set-status", NAME, "applying");
  run("cell", "set-status", NAME, "creating");
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
  await sleep(300);
  await s.click("#cells-table tbody tr[data-id] td");
  await s.waitFor("#assessment-form");
}

async function assess(level, on) {
  const items = cli(db, "assess", "criteria", "office")[0].items;
  await s.waitFor("#assess-level");
  await s.exec(
    "const e = document.querySelector('#assess-level'); e.value = arguments[0]; e.dispatchEvent(new Event('change'))",
    [level],
  );
  await s.type("#assess-on", on);
  await s.type("#assess-assessors", "张三、李四");
  for (const i of items) await s.type(`#score-${i.key}`, String(i.max_points));
  await s.waitFor("#assess-total", 4000, (t) => t.includes("100 / 100"));
  await s.click("#assess-save");
}

test("a cell is assessed and named in the window, and its report verifies until a record changes", async () => {
  await openCell();
  // The application: commitment letter and a clear dishonesty check.
  await s.type("#app-letter", "2025-04-01");
  await s.type("#app-check-on", "2025-04-03");
  await s.type("#app-check-by", "市信用办");
  await s.exec("document.querySelector('#app-check-result').value = 'clear'");
  await s.type("#app-department", "市机关事务管理局");
  await s.click("#app-save");
  await sleep(500);

  await assess("county", "2025-05-10");
  await s.waitFor("#assessments-table tbody tr[data-key]", 8000);
  await assess("city", "2025-06-10");
  await s.waitFor("#cell-status", 8000, (t) => t === "验收通过（待命名）");
  await s.scrollTo("#assess");
  await s.screenshot("cert-01-assessed");

  // The naming, with the status actions.
  await s.type("#status-date", "2025-07-01");
  await s.type("#status-batch", "第 2 批");
  await s.type("#status-doc", "长无废办〔2025〕7号");
  await s.click("#status-actions button[data-status=certified]");
  await s.waitFor("#cell-status", 8000, (t) => t === "已命名");
  assert.match(await s.textOf("#namings-table"), /第 2 批/);

  // The report, saved to a file through the path box.
  await s.waitFor("#cert-from");
  await s.clear("#cert-from");
  await s.type("#cert-from", "2025-01");
  await s.clear("#cert-to");
  await s.type("#cert-to", "2025-03");
  await s.type("#cert-path", pdf);
  await s.click("#cert-save");
  await s.waitFor("#cert-issued", 15000, (t) => t.includes("ZWL-"));
  await s.scrollTo("#cert-report");
  await s.screenshot("cert-02-report-saved");
  assert.ok(existsSync(pdf));

  const ok = spawnSync(CLI, ["--db", db, "--json", "report", "verify", pdf], { encoding: "utf8" });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.equal(JSON.parse(ok.stdout).figures_match, true);

  // A record changes: verify names the month and the rate.
  run("record", "add", NAME, "--month", "2025-02", "--category", "recyclable", "--generated", "50", "--recycled", "50");
  const bad = spawnSync(CLI, ["--db", db, "--json", "report", "verify", pdf], { encoding: "utf8" });
  assert.equal(bad.status, 2);
  const v = JSON.parse(bad.stdout);
  const month = v.changes.find((c) => c.key === "month.2025-02.recyclable");
  assert.deepEqual([month.before, month.after], ["80", "50"]);
  assert.ok(v.changes.some((c) => c.key === "household.recycling_rate"));

  await s.click("#cert-verify");
  await s.waitFor("#cert-changes", 8000, (t) => t.includes("2025-02 可回收物（kg）：80 → 50"));
  assert.match(await s.textOf("#cert-verification"), /不一致/);
  await s.scrollTo("#cert-report");
  await s.screenshot("cert-03-verify-names-the-change");
});

test("in English the assessment section has no Chinese of its own", async () => {
  await s.click("#lang-toggle");
  await s.waitFor("#nav-cells", 8000, (t) => t.includes("Zero-waste cells"));
  await sleep(300);
  await openCell();
  const cjk = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
  for (const css of [
    "#application h3",
    "#assessment-form h3",
    "#criteria-table",
    "#cert-report h3",
    "#assessments-table thead",
  ]) {
    assert.doesNotMatch(await s.textOf(css), cjk, css);
  }
  await s.scrollTo("#assess");
  await s.screenshot("cert-04-english");
  await s.click("#lang-toggle");
});

// End-to-end test of the Reports page in the real window, on demo data: choose the city and a
// year, see the figures and a chart, save the PDF and the XLSX to files and read them back
// (pdftotext; the XLSX through LibreOffice): a figure in the PDF equals the window's and
// `zwl report summary --format json`'s, and the XLSX holds the same number.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, CLI, sleep } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-reports-"));
const db = join(dir, "ledger.db");
const YEAR = String(new Date().getFullYear() - 1);
let s;

const run = (...args) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" });

before(async () => {
  run("demo", "--cells", "30", "--months", "24", "--manifests", "300");
  await startDriver();
  s = await Session.open(db);
});
after(async () => {
  await s?.close();
  await stopDriver();
});

/** A figure as the PDF and the window print it: fixed decimals, thousands grouped, its unit. */
function printed(f, unit) {
  const n = Math.abs(f.value).toLocaleString("en-US", {
    minimumFractionDigits: f.decimals,
    maximumFractionDigits: f.decimals,
  });
  const v = (f.value < 0 && !/^[0.,]+$/.test(n) ? "-" : "") + n;
  return !unit ? v : unit === "%" ? `${v}%` : `${v} ${unit}`;
}

const flat = (t) => t.replace(/\s+/g, "");

async function buildCityYear() {
  await s.click("#nav-reports");
  await s.waitFor("#rep-form");
  await s.exec(
    `const set = (css, v) => { const e = document.querySelector(css); e.value = v; e.dispatchEvent(new Event('change')); };
     set('#rep-scope', 'city'); set('#rep-period', 'year'); set('#rep-year', arguments[0]);`,
    [YEAR],
  );
  await s.click("#rep-build");
  await s.waitFor("#rep-title", 60000);
  await s.waitFor(".report-figure", 8000);
}

test("the city's annual report shows its figures and charts, and its PDF and XLSX hold the same figure as the CLI", async () => {
  await buildCityYear();
  assert.ok((await s.count("svg.report-chart")) > 0, "a chart is drawn");
  assert.ok((await s.count(".report-section table")) > 0, "a table is drawn");
  await s.screenshot("reports-01-city-year");
  await s.scrollTo(".report-chart-box");
  await s.screenshot("reports-02-chart");

  // The CLI's report of the same scope and period.
  const json = JSON.parse(
    run(
      "--json",
      "report",
      "summary",
      "--scope",
      "city",
      "--period",
      "year",
      "--start",
      `${YEAR}-01`,
      "--format",
      "json",
    ),
  );
  const figures = json.sections.flatMap((sec) => sec.figures);
  const f = figures.find((x) => x.value !== null && x.value !== 0) ?? figures.find((x) => x.value !== null);
  assert.ok(f, "a computed figure");
  const shown = await s.textOf(`.report-figure[data-key="${f.key}"] .report-value`);
  assert.equal(shown, printed(f, f.unit_zh), `${f.key} in the window`);
  const missing = figures.find((x) => x.value === null);
  if (missing)
    assert.match(await s.textOf(`.report-figure[data-key="${missing.key}"] .report-value`), /^未计算/, missing.key);

  // Saved as PDF and XLSX through the path box.
  const pdf = join(dir, "报表.pdf");
  await s.exec(
    "const e = document.querySelector('#rep-path'); e.value = arguments[0]; e.dispatchEvent(new Event('change'))",
    [pdf],
  );
  await s.click("#rep-save-pdf");
  await s.waitFor("#rep-saved[data-format=pdf]", 30000);
  assert.ok(existsSync(pdf));
  await s.click("#rep-save-xlsx");
  await s.waitFor("#rep-saved[data-format=xlsx]", 30000);
  const xlsx = join(dir, "报表.xlsx");
  assert.ok(existsSync(xlsx));
  await s.scrollTo("#rep-save");
  await s.screenshot("reports-03-saved");

  const text = flat(execFileSync("pdftotext", ["-raw", pdf, "-"], { encoding: "utf8" }));
  assert.ok(text.includes(flat(shown)), `${shown} in the PDF`);
  assert.ok(text.includes(flat(json.title_zh)), "the title in the PDF");

  // Every sheet of the workbook as CSV, raw values: the figure's number is among them.
  const out = join(dir, "sheets");
  execFileSync(
    "soffice",
    [
      `-env:UserInstallation=file://${join(dir, "lo-profile")}`,
      "--headless",
      "--convert-to",
      "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
      "--outdir",
      out,
      xlsx,
    ],
    { stdio: "ignore", timeout: 180000 },
  );
  const cells = readdirSync(out)
    .filter((n) => n.endsWith(".csv"))
    .flatMap((n) => readFileSync(join(out, n), "utf8").split(/[,\n]/))
    .map((c) => Number(c.replace(/"/g, "")))
    .filter((n) => Number.isFinite(n));
  assert.ok(
    cells.some((c) => Math.abs(c - f.value) <= 1e-6 * Math.max(1, Math.abs(f.value))),
    `${f.value} in the XLSX`,
  );
});

test("in English the Reports page has no Chinese of its own", async () => {
  await s.click("#lang-toggle");
  await s.waitFor("#nav-reports", 8000, (t) => t.includes("Reports"));
  await sleep(300);
  await buildCityYear();
  const cjk = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
  for (const css of ["#rep-form", "#rep-save", "#rep-title", ".report-facts", ".report-section h2", ".report-figure"])
    assert.doesNotMatch(await s.textOf(css), cjk, css);
  await s.screenshot("reports-04-english");
  await s.click("#lang-toggle");
});

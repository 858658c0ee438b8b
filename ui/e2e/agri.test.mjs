// End-to-end test of agricultural recovery: a point's clerk enters three hand-ins by keyboard
// alone (the form keeps the point and material, Enter saves), sees the point's stock grow,
// sends some out, sees the stock fall, and the packaging recovery rate move from 0 to its
// figure. The townships, the point and the dealers' sales are set up with the CLI first.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, CLI, Key } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-agri-"));
const db = join(dir, "ledger.db");
let s;

const pad = (n) => String(n).padStart(2, "0");
function inDays(n) {
  const d = new Date(Date.now() + n * 86400e3);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
const run = (...args) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" });
const json = (...args) => JSON.parse(run("--json", ...args));
const rateCell = '#agri-rates tr[data-key="220122-合隆镇"] td[data-col=pkg_rate]';

before(async () => {
  run("init");
  const csv = join(dir, "places.csv");
  writeFileSync(
    csv,
    "区县,乡镇,乡镇代码,村,村代码\n农安县,合隆镇,220122101000,陈家店村,220122101201\n农安县,合隆镇,220122101000,乌金屯村,\n",
  );
  run("agri", "village", "import", csv);
  run(
    "agri",
    "point",
    "add",
    "--name",
    "陈家店回收点",
    "--operator",
    "陈家店农资店",
    "--district",
    "农安县",
    "--village",
    "陈家店村",
    "--from",
    inDays(-30),
  );
  // 100 kg of pesticide sold: 15 kg of packaging estimated (the default share).
  run(
    "agri",
    "usage",
    "sale",
    "--date",
    inDays(-10),
    "--district",
    "220122",
    "--township",
    "合隆镇",
    "--dealer",
    "合隆农资",
    "--packages",
    "400",
    "--weight",
    "100",
  );
  await startDriver();
  s = await Session.open(db);
});
after(async () => {
  await s?.close();
  await stopDriver();
});

test("three hand-ins by keyboard and one outbound change the stock and the rate", async () => {
  await s.click("#nav-agri");
  await s.click("#agri-tab-rates");
  await s.waitFor(rateCell, 8000, (t) => t === "0.0%");
  await s.click("#agri-tab-entry");
  await s.waitFor("#agri-entry-form");
  assert.equal(await s.activeId(), "agri-f-count", "the cursor starts on the count");
  for (const [count, kg] of [
    ["20", "2"],
    ["30", "3"],
    ["40", "4"],
  ]) {
    await s.keys(count + Key.Tab + kg + Key.Enter);
    await s.waitFor(
      "#agri-point-stock [data-stream=pesticide] strong",
      8000,
      (t) => t === String({ 2: 2, 3: 5, 4: 9 }[kg]),
    );
    assert.equal(await s.activeId(), "agri-f-count", "after a save the cursor is back on the count");
  }
  await s.waitFor("#agri-entries tr[data-key]", 8000);
  assert.equal(await s.count("#agri-entries tr[data-key]"), 3);
  await s.screenshot("agri-01-three-hand-ins");

  await s.click("#agri-tab-stock");
  await s.type("#agri-f-receiver", "吉林省某危险废物处置中心");
  await s.type("#agri-f-weight", "5" + Key.Enter);
  await s.waitFor('#agri-stock tr[data-key$="-pesticide"] td[data-col=stock]', 8000, (t) => t === "4");
  await s.screenshot("agri-02-outbound");
  const stock = json("agri", "stock").find((x) => x.stream === "pesticide");
  assert.equal(stock.stock_g, 4000);

  await s.click("#agri-tab-rates");
  await s.waitFor(rateCell, 8000, (t) => t === "60.0%");
  assert.match(await s.textOf("#agri-formulas"), /估算产生量/);
  await s.screenshot("agri-03-rates");
});

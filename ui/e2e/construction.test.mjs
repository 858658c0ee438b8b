// End-to-end tests of the construction-waste page: a load dispatched and received at the
// weighbridge with a 20% shortfall shows the discrepancy alert; an expired permit blocks
// dispatch with a clear message; a load over the vehicle's rated payload needs a reason and
// raises an overload alert; a load declared in m³ is weighed in tonnes and its discrepancy is
// read through the density frozen at dispatch. The registers are set up with the CLI first.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, cli, CLI, Key, sleep } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-cw-"));
const db = join(dir, "ledger.db");
let s;

const pad = (n) => String(n).padStart(2, "0");
function localTime(hoursAgo) {
  const d = new Date(Date.now() - hoursAgo * 3600e3);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
function inDays(n) {
  const d = new Date(Date.now() + n * 86400e3);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
const run = (...args) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" });

before(async () => {
  run("init");
  run("cw", "site", "add", "--name", "南关区某住宅项目", "--district", "220102", "--valid-until", inDays(200));
  run("cw", "transporter", "add", "--name", "长春某运输公司", "--valid-until", inDays(200));
  run(
    "cw",
    "vehicle",
    "add",
    "--plate",
    "吉A12345",
    "--transporter",
    "长春某运输公司",
    "--rated-payload",
    "20",
    "--box-volume",
    "12",
    "--driver",
    "张伟",
    "--valid-until",
    inDays(100),
  );
  run(
    "cw",
    "vehicle",
    "add",
    "--plate",
    "吉B54321",
    "--transporter",
    "长春某运输公司",
    "--rated-payload",
    "20",
    "--driver",
    "李强",
    "--valid-until",
    inDays(-3),
  );
  run(
    "cw",
    "facility",
    "add",
    "--name",
    "长春某资源化利用厂",
    "--kind",
    "recycling",
    "--district",
    "220104",
    "--valid-until",
    inDays(300),
  );
  await startDriver();
  s = await Session.open(db);
});
after(async () => {
  await s?.close();
  await stopDriver();
});

const NUMBER = /CW-[0-9A-Z]+-\d{8}-\d{4}/;

async function fillDispatch(plate, qty, unit = "t") {
  await s.click("#nav-construction");
  await s.leaveIfAsked();
  await s.click("#cw-tab-dispatch");
  await s.waitFor("#cw-dispatch-form");
  await s.type("#cw-f-site", "南关区某住宅项目");
  await s.type("#cw-f-vehicle", plate);
  await s.click("#cw-f-category option[value=demolition]");
  await s.type("#cw-f-declared", qty);
  await s.click(`#cw-f-unit option[value=${unit}]`);
  await s.type("#cw-f-facility", "长春某资源化利用厂");
  await s.clear("#cw-f-departure_at");
  await s.type("#cw-f-departure_at", localTime(2));
}

test("a load received with a 20% shortfall shows the discrepancy alert", async () => {
  await fillDispatch("吉A12345", "15");
  await s.type("#cw-f-declared", Key.Enter);
  const done = await s.waitFor("#cw-dispatched", 8000, (t) => NUMBER.test(t));
  const number = (await s.text(done)).match(NUMBER)[0];
  await s.screenshot("cw-01-dispatched");
  assert.equal(await s.activeId(), "cw-f-vehicle", "ready for the next truck");

  await s.click("#cw-tab-receive");
  await s.waitFor("#cw-receive-form");
  await s.type("#cw-f-number", number + Key.Tab);
  await s.waitFor("#cw-receive-summary", 8000, (t) => t.includes("南关区某住宅项目"));
  await s.type("#cw-f-received", "12");
  await s.clear("#cw-f-received_at");
  await s.type("#cw-f-received_at", localTime(1) + Key.Enter);
  const alert = await s.waitFor("#cw-received [data-alert=discrepancy]", 8000);
  assert.match(await s.text(alert), /-20\.0%/);
  await s.screenshot("cw-02-discrepancy");

  await s.click("#cw-tab-list");
  await s.waitFor(`#cw-table tr[data-number="${number}"] [data-alert=discrepancy]`, 8000);
  await s.screenshot("cw-03-table");
  const m = cli(db, "cw", "manifest", "show", number);
  assert.equal(m.manifest.received_qty, 12_000_000);
});

test("an expired permit blocks dispatch with a clear message and writes nothing", async () => {
  const before = cli(db, "cw", "manifest", "list").total;
  await fillDispatch("吉B54321", "20");
  await s.click("#cw-dispatch-save");
  const err = await s.waitFor(".field-error[data-field=vehicle]", 8000, (t) => t.includes("车辆准运证已于"));
  assert.match(await s.text(err), /过期|出车日期/);
  assert.equal(await s.count("#field-cw-vehicle.bad"), 1, "the field is marked");
  assert.equal(await s.activeId(), "cw-f-vehicle", "the refused field has the focus");
  await s.screenshot("cw-04-expired-permit");
  assert.equal(cli(db, "cw", "manifest", "list").total, before);
  // Editing the field clears its mark and message; the next save says again.
  await s.keys(Key.Backspace);
  assert.equal(await s.count("#field-cw-vehicle.bad"), 0);
  assert.equal(await s.textOf(".field-error[data-field=vehicle]"), "");
});

test("an overloaded load needs a reason: refused without, saved with, and alerted", async () => {
  const before = cli(db, "cw", "manifest", "list").total;
  await fillDispatch("吉A12345", "25");
  await s.click("#cw-dispatch-save");
  const err = await s.waitFor(".field-error[data-field=declared]", 8000, (t) => t.includes("核定载质量 20 吨"));
  assert.match(await s.text(err), /超载理由/);
  assert.equal(await s.textOf("#cw-vehicle-limits"), "核定载质量 20 t，货厢容积 12 m³");
  await s.screenshot("cw-05-overload-refused");
  assert.equal(cli(db, "cw", "manifest", "list").total, before, "nothing written");

  await s.type("#cw-f-overload_reason", "整体预制构件，不可分解" + Key.Enter);
  const done = await s.waitFor("#cw-dispatched", 8000, (t) => NUMBER.test(t));
  const number = (await s.text(done)).match(NUMBER)[0];
  await s.waitFor("#cw-dispatched [data-alert=overload]", 8000, (t) => t.includes("整体预制构件"));
  await s.screenshot("cw-06-overload-saved");
  assert.equal(cli(db, "cw", "manifest", "show", number).manifest.overload_reason, "整体预制构件，不可分解");

  await s.click("#cw-tab-list");
  await s.waitFor(`#cw-table tr[data-number="${number}"] [data-alert=overload]`, 8000);
  await s.click("#cw-tab-alerts");
  await s.waitFor("#cw-alerts tr[data-alert=overload]", 8000, (t) => t.includes(number));
  await s.screenshot("cw-07-overload-alert");
});

test("a load declared in m³ is weighed in tonnes and shows the discrepancy through its density", async () => {
  // 10 m³ of demolition waste at 1.6 t/m³ is 16 t; the weighbridge weighs 30 − 17.2 = 12.8 t.
  await fillDispatch("吉A12345", "10", "m3");
  await s.type("#cw-f-declared", Key.Enter);
  const done = await s.waitFor("#cw-dispatched", 8000, (t) => NUMBER.test(t));
  const number = (await s.text(done)).match(NUMBER)[0];

  await s.click("#cw-tab-receive");
  await s.waitFor("#cw-receive-form");
  await s.type("#cw-f-number", number + Key.Tab);
  await s.waitFor("#cw-receive-summary", 8000, (t) => t.includes("10 m³ × 1.6 t/m³ = 16 t"));
  await s.type("#cw-f-gross", "30");
  await s.type("#cw-f-tare", "17.2");
  await s.type("#cw-f-ticket_no", "BD-20261128-0042");
  await s.clear("#cw-f-received_at");
  await s.type("#cw-f-received_at", localTime(1) + Key.Enter);
  const alert = await s.waitFor("#cw-received [data-alert=discrepancy]", 8000);
  const text = await s.text(alert);
  assert.match(text, /接收量 12\.8 t/);
  assert.match(text, /10 m³ × 1\.6 t\/m³ = 16 t/);
  assert.match(text, /-20\.0%/);
  await s.screenshot("cw-08-m3-weighed-in-tonnes");

  await s.click(`#cw-received a`);
  await s.waitFor("#cw-density", 8000, (t) => t.includes("1.6 t/m³"));
  assert.equal(await s.textOf("#cw-net"), "12.8 t");
  await s.screenshot("cw-09-manifest-frozen-density");
  const m = cli(db, "cw", "manifest", "show", number).manifest;
  assert.deepEqual(
    [m.gross_g, m.tare_g, m.received_qty, m.ticket_no],
    [30_000_000, 17_200_000, 12_800_000, "BD-20261128-0042"],
  );
});

// End-to-end tests of the construction-waste page: a load dispatched and received at the
// weighbridge with a 20% shortfall shows the discrepancy alert; an expired permit blocks
// dispatch with a clear message. The registers are set up with the CLI first.
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
  run("cw", "vehicle", "add", "--name", "吉A12345", "--transporter", "长春某运输公司", "--driver", "张伟", "--valid-until", inDays(100));
  run("cw", "vehicle", "add", "--name", "吉B54321", "--transporter", "长春某运输公司", "--driver", "李强", "--valid-until", inDays(-3));
  run("cw", "facility", "add", "--name", "长春某资源化利用厂", "--kind", "recycling", "--district", "220104", "--valid-until", inDays(300));
  await startDriver();
  s = await Session.open(db);
});
after(async () => {
  await s?.close();
  await stopDriver();
});

async function fillDispatch(plate, qty) {
  await s.click("#nav-construction");
  await s.click("#cw-tab-dispatch");
  await s.waitFor("#cw-dispatch-form");
  await s.type("#cw-f-site", "南关区某住宅项目");
  await s.type("#cw-f-vehicle", plate);
  await s.click("#cw-f-category option[value=demolition]");
  await s.type("#cw-f-declared", qty);
  await s.type("#cw-f-facility", "长春某资源化利用厂");
  await s.clear("#cw-f-departure_at");
  await s.type("#cw-f-departure_at", localTime(2));
}

test("a load received with a 20% shortfall shows the discrepancy alert", async () => {
  await fillDispatch("吉A12345", "30");
  await s.type("#cw-f-declared", Key.Enter);
  const done = await s.waitFor("#cw-dispatched", 8000, (t) => /CW-\d{8}-\d{6}/.test(t));
  const number = (await s.text(done)).match(/CW-\d{8}-\d{6}/)[0];
  await s.screenshot("cw-01-dispatched");
  assert.equal(await s.activeId(), "cw-f-vehicle", "ready for the next truck");

  await s.click("#cw-tab-receive");
  await s.waitFor("#cw-receive-form");
  await s.type("#cw-f-number", number + Key.Tab);
  await s.waitFor("#cw-receive-summary", 8000, (t) => t.includes("南关区某住宅项目"));
  await s.type("#cw-f-received", "24");
  await s.clear("#cw-f-received_at");
  await s.type("#cw-f-received_at", localTime(1) + Key.Enter);
  const alert = await s.waitFor("#cw-received [data-alert=discrepancy]", 8000);
  assert.match(await s.text(alert), /-20\.0%/);
  await s.screenshot("cw-02-discrepancy");

  await s.click("#cw-tab-list");
  await s.waitFor(`#cw-table tr[data-number="${number}"] [data-alert=discrepancy]`, 8000);
  await s.screenshot("cw-03-table");
  const m = cli(db, "cw", "manifest", "show", number);
  assert.equal(m.manifest.received_qty, 24_000_000);
});

test("an expired permit blocks dispatch with a clear message and writes nothing", async () => {
  const before = cli(db, "cw", "manifest", "list").total;
  await fillDispatch("吉B54321", "20");
  await s.click("#cw-dispatch-save");
  const err = await s.waitFor(".field-error[data-field=vehicle]", 8000, (t) => t.includes("车辆准运证已于"));
  assert.match(await s.text(err), /过期|出车日期/);
  await s.screenshot("cw-04-expired-permit");
  assert.equal(cli(db, "cw", "manifest", "list").total, before);
});

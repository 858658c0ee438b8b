// End-to-end tests of resource use and supervision on the construction-waste page: the rate
// falls back to intake (marked) until the site declares its generation in the window; the
// waste input of a brick line counts, not the bricks' mass; the supervision figures show the
// closure rate; a facility's accepted categories are changed in the window and the mismatch
// alert goes. The registers and loads are set up with the CLI first.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, cli, CLI } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-cwuse-"));
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
const month = () => {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
};
const run = (...args) => execFileSync(CLI, ["--db", db, ...args], { encoding: "utf8" });
const json = (...args) => JSON.parse(run("--json", ...args));

before(async () => {
  run("init");
  run("cw", "site", "add", "--name", "南关区某住宅项目", "--district", "220102", "--valid-until", inDays(200));
  run("cw", "transporter", "add", "--name", "长春某运输公司", "--valid-until", inDays(200));
  run(
    "cw",
    "vehicle",
    "add",
    "--name",
    "吉A12345",
    "--transporter",
    "长春某运输公司",
    "--rated-payload",
    "25",
    "--driver",
    "张伟",
    "--valid-until",
    inDays(100),
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
  const load = (cat, hours) =>
    json(
      "cw",
      "manifest",
      "dispatch",
      "--new",
      "--category",
      cat,
      "--declared",
      "18",
      "--unit",
      "t",
      "--site",
      "南关区某住宅项目",
      "--vehicle",
      "吉A12345",
      "--facility",
      "长春某资源化利用厂",
      "--departure",
      localTime(hours),
    ).number;
  const a = load("拆除垃圾", 4);
  run("cw", "manifest", "receive", a, "--received", "18", "--received-at", localTime(3));
  run("cw", "manifest", "close", a);
  load("工程渣土", 1);
  await startDriver();
  s = await Session.open(db);
});
after(async () => {
  await s?.close();
  await stopDriver();
});

test("the rate names its denominator: intake stands in until the site declares, and bricks count by waste input", async () => {
  await s.click("#nav-construction");
  await s.click("#cw-tab-rate");
  const basis = await s.waitFor("#cw-rate-basis", 8000, (t) => t.length > 0);
  assert.match(await s.text(basis), /以设施接收量代替/);
  await s.screenshot("cwuse-01-fallback");

  await s.type("#cw-declare-form [name=generated]", "100");
  await s.click("#cw-declare-form select[name=category] option[value=demolition]");
  await s.click("#cw-declare-form button[type=submit]");
  await s.waitFor("#cw-rate-basis", 8000, (t) => t.includes("工地申报量") && !t.includes("代替"));

  await s.type("#cw-output-form [name=brick]", "17/20");
  await s.click("#cw-output-form button[type=submit]");
  const total = await s.waitFor("#cw-rate-table tr[data-key=total] .rate-resource", 8000, (t) => t === "17.0%");
  assert.equal(await s.text(total), "17.0%", "17 t of waste in 20 t of bricks over 100 t declared");
  assert.match(await s.textOf("#cw-formula-resource"), /按投入量计/);
  await s.screenshot("cwuse-02-declared");
  const r = json("cw", "rate", "--by", "district", "--from", month(), "--to", month());
  assert.equal(r.total.resource_rate, 17);
});

test("the supervision figures show the closure rate with its formula", async () => {
  await s.click("#cw-tab-supervision");
  const c = await s.waitFor("#cw-closure", 8000, (t) => t.endsWith("%"));
  assert.equal(await s.text(c), "50.0%", "one of two dispatched loads closed");
  assert.match(await s.textOf("#cw-sup-headline"), /已关闭联单数 ÷ 已出车联单数/);
  await s.waitFor("#cw-sup-transporters tr[data-key] td", 8000);
  await s.screenshot("cwuse-03-supervision");
});

test("a facility's accepted categories are changed in the window and the mismatch alert goes", async () => {
  await s.click("#cw-tab-alerts");
  await s.waitFor("#cw-alerts [data-alert=category_mismatch]", 8000);
  await s.click("#cw-tab-facilities");
  await s.waitFor("#cw-facility-kinds tr[data-facility] input[name=soil]", 8000);
  await s.click("#cw-facility-kinds tr[data-facility] input[name=soil]");
  await s.click("#cw-facility-kinds tr[data-facility] button.save");
  await s.waitFor("#cw-facility-kinds tr[data-facility] td", 8000, (t) => t === "长春某资源化利用厂");
  await s.screenshot("cwuse-04-facilities");
  const f = json("cw", "accepts", "长春某资源化利用厂");
  assert.deepEqual(f.accepts, ["soil", "engineering", "demolition", "decoration"]);
  await s.click("#cw-tab-alerts");
  await s.waitFor("#cw-alerts", 8000);
  assert.equal(await s.count("#cw-alerts [data-alert=category_mismatch]"), 0);
});

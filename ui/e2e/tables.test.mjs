// End-to-end tests of the window's lists: the manifests list exports what it shows (the
// filters applied) to XLSX and CSV, read back and compared with the CLI's list on the same
// filter; at 1024 × 700 every column that matters is inside the window and no cell wraps one
// character per line; arrow keys move the current row and Enter opens it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, startDriver, stopDriver, cli, CLI, Key, sleep } from "./webdriver.mjs";

const dir = mkdtempSync(join(tmpdir(), "zwl-e2e-tables-"));
const db = join(dir, "ledger.db");
let s;

const SITE_A = "南关区某住宅项目";
const SITE_B = "朝阳区某道路工程";
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
  run("cw", "site", "add", "--name", SITE_A, "--district", "220102", "--valid-until", inDays(200));
  run("cw", "site", "add", "--name", SITE_B, "--district", "220104", "--valid-until", inDays(200));
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
    "40",
    "--box-volume",
    "20",
    "--driver",
    "张伟",
    "--valid-until",
    inDays(200),
  );
  run(
    "cw",
    "facility",
    "add",
    "--name",
    "长春某建筑垃圾资源化利用有限公司",
    "--kind",
    "recycling",
    "--district",
    "220104",
    "--valid-until",
    inDays(300),
  );
  // 14 loads from site A (every other one weighed), 6 from site B.
  for (let i = 0; i < 20; i++) {
    const site = i % 10 < 7 ? SITE_A : SITE_B;
    const m = cli(
      db,
      "cw",
      "manifest",
      "dispatch",
      "--new",
      "--site",
      site,
      "--vehicle",
      "吉A12345",
      "--category",
      i % 3 ? "demolition" : "soil",
      "--unit",
      "t",
      "--declared",
      String(15 + i * 0.125),
      "--facility",
      "长春某建筑垃圾资源化利用有限公司",
      "--departure",
      localTime(40 - i),
    );
    if (i % 2 === 0)
      cli(
        db,
        "cw",
        "manifest",
        "receive",
        m.number,
        "--gross",
        String(30 + i * 0.25),
        "--tare",
        "15",
        "--received-at",
        localTime(39 - i),
      );
  }
  for (let i = 0; i < 12; i++) {
    run(
      "cell",
      "add",
      "--name",
      `南关区自强街道某某社区第${i + 1}网格`,
      "--kind",
      "community",
      "--district",
      "220102",
      "--address",
      `长春市南关区自强街${100 + i}号`,
      "--headcount",
      "1200",
    );
  }
  run(
    "cell",
    "add",
    "--name",
    "长春市南关区人民政府办公室",
    "--kind",
    "office",
    "--uscc",
    "91220101131860916E",
    "--district",
    "220102",
    "--address",
    "长春市南关区人民大街1号",
    "--headcount",
    "300",
  );
  await startDriver();
  s = await Session.open(db);
});
after(async () => {
  await s?.close();
  await stopDriver();
});

/** A CSV text as rows of fields (quotes handled). */
function parseCsv(text) {
  const rows = [];
  let row = [],
    field = "",
    quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** An XLSX file's first sheet as CSV rows, through LibreOffice. */
function readXlsx(file) {
  const out = join(dir, "converted");
  execFileSync(
    "soffice",
    [
      `-env:UserInstallation=file://${join(dir, "lo-profile")}`,
      "--headless",
      "--convert-to",
      "csv:Text - txt - csv (StarCalc):44,34,76,1",
      "--outdir",
      out,
      file,
    ],
    { stdio: "ignore", timeout: 120000 },
  );
  const csv = join(
    out,
    file
      .split("/")
      .pop()
      .replace(/\.xlsx$/, ".csv"),
  );
  return parseCsv(readFileSync(csv, "utf8"));
}

async function showSiteA() {
  await s.click("#nav-construction");
  await s.waitFor("#cw-table tbody tr[data-number]");
  const siteId = cli(db, "cw", "site", "list").find((x) => x.name === SITE_A).id;
  await s.click(`#cw-site option[value="${siteId}"]`);
  await s.waitFor("#cw-page-info", 8000, (t) => t.includes("14"));
}

async function exportFrom(table, format, file) {
  await s.click(`#${table}-export-${format}`);
  await s.waitFor("#export-path");
  const proposed = await s.value("#export-path");
  assert.ok(proposed.endsWith(`.${format}`), `the proposed file is a .${format}: ${proposed}`);
  await s.clear("#export-path");
  await s.type("#export-path", file);
  await s.click("#export-save");
  const done = await s.waitFor("#export-done", 15000);
  assert.ok((await s.text(done)).includes(file), "the toast says where the file went");
  return done;
}

test("the manifests list exports to XLSX what it shows, the filter and the time above the header, numbers as numbers", async () => {
  await showSiteA();
  const file = join(dir, "manifests-site-a.xlsx");
  await exportFrom("cw-table", "xlsx", file);
  await s.screenshot("tables-01-export-xlsx");
  assert.ok(existsSync(file));
  const rows = readXlsx(file);
  const listed = cli(db, "cw", "manifest", "list", "--site", SITE_A, "--page-size", "500");
  assert.equal(listed.total, 14);
  assert.ok(rows[1].join(" ").includes(SITE_A), `the filter is on a header row: ${rows[1]}`);
  assert.match(rows[2][0], /As of/, "the as-of time is on a header row");
  const head = rows[4];
  const col = (name) => head.indexOf(name);
  assert.ok(col("Number") >= 0 && col("Received (t or m³)") >= 0, `units in the headers: ${head}`);
  const data = rows.slice(5).filter((r) => r[0]);
  assert.deepEqual(
    data.map((r) => r[col("Number")]).sort(),
    listed.rows.map((m) => m.number).sort(),
    "the same manifests as `zwl cw manifest list --site`",
  );
  for (const m of listed.rows) {
    const r = data.find((x) => x[col("Number")] === m.number);
    assert.equal(Number(r[col("Declared (t or m³)")]), m.declared_qty / 1e6, `declared quantity of ${m.number}`);
    if (m.received_qty !== null)
      assert.equal(Number(r[col("Received (t or m³)")]), m.received_qty / 1e6, `received quantity of ${m.number}`);
  }
});

test("the manifests list exports to CSV with the same rows", async () => {
  await showSiteA();
  const file = join(dir, "manifests-site-a.csv");
  await exportFrom("cw-table", "csv", file);
  const rows = parseCsv(readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  const listed = cli(db, "cw", "manifest", "list", "--site", SITE_A, "--page-size", "500");
  assert.ok(rows[1].join(" ").includes(SITE_A));
  const data = rows.slice(5).filter((r) => r[0]);
  assert.deepEqual(data.map((r) => r[0]).sort(), listed.rows.map((m) => m.number).sort());
});

test("a path that cannot be written is refused in the dialog, naming the path", async () => {
  await showSiteA();
  await s.click("#cw-table-export-xlsx");
  await s.waitFor("#export-path");
  await s.clear("#export-path");
  const bad = join(dir, "no-such-folder", "x.xlsx");
  await s.type("#export-path", bad);
  await s.click("#export-save");
  await s.waitFor("#export-error", 8000, (t) => t.length > 0);
  assert.equal(await s.count("#export-modal"), 1, "the dialog stays open");
  await s.click("#export-cancel");
  assert.equal(await s.count("#export-modal"), 0);
  assert.ok(!existsSync(bad));
});

/** What does not fit at the window's size: headers outside it, and cells wrapped one character a line. */
const LAYOUT = `
  const [table, keys] = arguments;
  const t = document.getElementById(table);
  const out = { width: window.innerWidth, height: window.innerHeight, outside: [], hidden: [], narrow: [] };
  for (const k of keys) {
    const th = t.querySelector('thead th[data-col="' + k + '"]');
    const r = th.getBoundingClientRect();
    if (r.width === 0 || getComputedStyle(th).display === "none") out.hidden.push(k);
    else if (r.left < 0 || r.right > window.innerWidth + 0.5) out.outside.push(k + ":" + Math.round(r.right));
  }
  for (const cell of t.querySelectorAll("th, td")) {
    const text = cell.textContent.trim();
    if (text.length < 2 || getComputedStyle(cell).display === "none") continue;
    const tops = new Set();
    const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const x of range.getClientRects()) if (x.width > 0) tops.add(Math.round(x.top));
    }
    if (tops.size > 1 && tops.size >= text.length / 2) out.narrow.push(text + " (" + tops.size + " lines)");
  }
  return out;`;

async function checkLayout(table, keys, shot) {
  const r = await s.exec(LAYOUT, [table, keys]);
  await s.screenshot(shot);
  assert.deepEqual(r.hidden, [], `columns that matter are shown (${r.width}×${r.height})`);
  assert.deepEqual(r.outside, [], `headers inside the window (${r.width}×${r.height})`);
  assert.deepEqual(r.narrow, [], "no cell wraps one character per line");
}

for (const [w, h] of [
  [1024, 700],
  [1280, 800],
]) {
  test(`at ${w} × ${h} every column that matters of the manifests and cells lists is in the window`, async () => {
    await s.setSize(w, h);
    await sleep(500);
    const size = await s.exec("return [window.innerWidth, window.innerHeight]");
    assert.ok(Math.abs(size[0] - w) <= 20, `the window is ${w} wide: ${size}`);
    await s.click("#nav-construction");
    await s.waitFor("#cw-table tbody tr[data-number]");
    await sleep(300);
    await checkLayout("cw-table", ["number", "status", "site", "departure", "net"], `tables-02-manifests-${w}x${h}`);
    await s.click("#nav-cells");
    await s.waitFor("#cells-table tbody tr[data-id]");
    await sleep(300);
    await checkLayout("cells-table", ["name", "district", "status"], `tables-03-cells-${w}x${h}`);
    const boxes =
      await s.exec(`const b = document.querySelector("#cells-table").closest(".table-box").getBoundingClientRect();
      return [b.bottom, window.innerHeight, getComputedStyle(document.querySelector("#cells-table thead th")).position]`);
    assert.equal(boxes[2], "sticky", "the header stays while the rows scroll");
  });
}

test("arrow keys move the current row of the manifests list and Enter opens it", async () => {
  await s.setSize(1280, 800);
  await s.click("#nav-construction");
  await s.waitFor("#cw-table tbody tr[data-number]");
  await s.exec(`document.querySelector("#cw-table tbody tr[data-index='0']").focus()`);
  await s.press(Key.ArrowDown, Key.ArrowDown, Key.ArrowDown, Key.ArrowUp);
  const focused = await s.exec(`return document.activeElement.dataset.number || ""`);
  const third = await s.exec(`return document.querySelector("#cw-table tbody tr[data-index='2']").dataset.number`);
  assert.equal(focused, third, "three rows down and one up is the third row");
  await s.screenshot("tables-04-keyboard");
  await s.press(Key.Enter);
  await s.waitFor("#cw-history", 8000);
  assert.equal(decodeURIComponent(await s.hash()), `#/construction/m/${third}`);
});

// A small WebDriver client for the end-to-end tests: starts tauri-driver (which starts
// WebKitWebDriver), opens the real desktop app on a given database, and drives it as a clerk
// would — clicking, typing, reading — with screenshots saved as test artefacts.
//
// Native file dialogs (the 选择…/Browse… buttons of ui/src/pathPicker.ts) are the system's own
// windows, outside the web view, and WebDriver cannot drive them: the tests type paths into
// the boxes beside those buttons, which stay editable for exactly this reason, and check only
// that each box has its button.
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, "../..");
const target = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, "target");
export const APP = process.env.ZWL_DESKTOP ?? join(target, "debug", "zwl-desktop");
export const CLI = process.env.ZWL_CLI ?? join(target, "debug", "zwl");
export const ARTIFACTS = process.env.ZWL_ARTIFACTS ?? join(here, "artifacts");
const PORT = Number(process.env.TAURI_DRIVER_PORT ?? 4444);
// The port of WebKitWebDriver behind tauri-driver: two test runs on one machine need two.
const NATIVE_PORT = Number(process.env.TAURI_NATIVE_PORT ?? PORT + 1);
const BASE = `http://127.0.0.1:${PORT}`;

export const Key = {
  Tab: "\uE004",
  Enter: "\uE007",
  Ctrl: "\uE009",
  Null: "\uE000",
  Backspace: "\uE003",
  ArrowUp: "\uE013",
  ArrowDown: "\uE015",
  Escape: "\uE00C",
};

let driver = null;

/** Starts tauri-driver once for the whole test file. */
export async function startDriver() {
  if (!process.env.DISPLAY) throw new Error("DISPLAY is not set: run the window tests under Xvfb (see .ci/run)");
  if (!existsSync(APP)) throw new Error(`the desktop app is not built: ${APP}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  driver = spawn("tauri-driver", ["--port", String(PORT), "--native-port", String(NATIVE_PORT)], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`${BASE}/status`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(100);
  }
  throw new Error("tauri-driver did not start");
}

/** Stops tauri-driver with SIGTERM, so that it stops WebKitWebDriver too. */
export async function stopDriver() {
  if (!driver) return;
  const d = driver;
  driver = null;
  const gone = new Promise((res) => d.once("exit", res));
  d.kill("SIGTERM");
  await Promise.race([gone, sleep(5000)]);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function call(method, path, body) {
  const r = await fetch(`${BASE}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const j = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(j.value ?? j)}`);
  return j.value;
}

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

/** One running app window. */
export class Session {
  /**
   * Opens the app on `db`. Creating a ledger is explicit, so a missing `db` is first made
   * with `zwl init` (unless `create: false`); `args` are more app arguments, `ready` what to
   * wait for (the navigation, or e.g. the start screen).
   */
  static async open(db, { create = true, args = [], ready = "#nav a" } = {}) {
    if (create && !existsSync(db)) execFileSync(CLI, ["--db", db, "init"], { stdio: "ignore" });
    const v = await call("POST", "/session", {
      capabilities: { alwaysMatch: { "tauri:options": { application: APP, args: ["--db", db, ...args] } } },
    });
    const s = new Session(v.sessionId, db);
    await s.waitFor(ready, 20000);
    return s;
  }
  constructor(id, db = "") {
    this.id = id;
    this.db = db;
  }
  /** Ends the session. The app ends with it; an app still running a few seconds later (busy
   * when the session ended) is stopped here, since it would keep the test file's output open
   * and the test run would never end. */
  async close() {
    await call("DELETE", `/session/${this.id}`).catch(() => {});
    if (!this.db) return;
    const pattern = `zwl-desktop --db ${this.db}`;
    const running = () => {
      try {
        execFileSync("pgrep", ["-f", "--", pattern], { stdio: "ignore" });
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 50 && running(); i++) await sleep(100);
    for (const signal of ["-TERM", "-KILL"]) {
      if (!running()) return;
      try {
        execFileSync("pkill", [signal, "-f", "--", pattern], { stdio: "ignore" });
      } catch {
        /* gone meanwhile */
      }
      await sleep(1000);
    }
  }
  async find(css) {
    const v = await call("POST", `/session/${this.id}/element`, { using: "css selector", value: css });
    return v[ELEMENT];
  }
  async findAll(css) {
    const v = await call("POST", `/session/${this.id}/elements`, { using: "css selector", value: css });
    return v.map((e) => e[ELEMENT]);
  }
  /** Waits until `css` matches an element (and `pred(text)` holds, if given). */
  async waitFor(css, timeout = 8000, pred = null) {
    const end = Date.now() + timeout;
    let last = "";
    for (;;) {
      try {
        const e = await this.find(css);
        if (!pred) return e;
        last = await this.text(e);
        if (pred(last)) return e;
      } catch {
        /* not there yet */
      }
      if (Date.now() > end) {
        const shot = await this.screenshot(`timeout-${Date.now()}`).catch(() => "");
        throw new Error(
          `timed out waiting for ${css}${pred ? ` (last text: ${JSON.stringify(last)})` : ""}; screenshot ${shot}`,
        );
      }
      await sleep(100);
    }
  }
  async click(cssOrEl) {
    const isCss = cssOrEl.startsWith("#") || cssOrEl.includes(" ") || cssOrEl.includes("[") || cssOrEl.includes(".");
    if (!isCss) return call("POST", `/session/${this.id}/element/${cssOrEl}/click`, {});
    await this.#fresh(cssOrEl, (e) => call("POST", `/session/${this.id}/element/${e}/click`, {}));
  }
  async type(css, text) {
    await this.#fresh(css, (e) => call("POST", `/session/${this.id}/element/${e}/value`, { text }));
  }
  /** Finds `css` and acts on it; when the page re-rendered it in between (a stale element),
   * finds it again, and when something lies over it (a message in the corner), scrolls it to
   * the middle of the window first, as a person's second look would. */
  async #fresh(css, act) {
    for (let attempt = 0; ; attempt++) {
      const e = await this.waitFor(css);
      try {
        return await act(e);
      } catch (err) {
        const text = String(err);
        const covered = text.includes("not interactable");
        if (attempt >= 4 || !(covered || text.includes("stale element reference"))) throw err;
        if (covered) await this.exec("document.querySelector(arguments[0])?.scrollIntoView({block: 'center'})", [css]);
        await sleep(100);
      }
    }
  }
  /** Types into whatever has the focus, as a keyboard would. */
  async keys(text) {
    const e = await call("GET", `/session/${this.id}/element/active`);
    await call("POST", `/session/${this.id}/element/${e[ELEMENT]}/value`, { text });
  }
  async clear(css) {
    const e = await this.waitFor(css);
    await call("POST", `/session/${this.id}/element/${e}/clear`, {});
  }
  async text(e) {
    return call("GET", `/session/${this.id}/element/${e}/text`);
  }
  async textOf(css) {
    return this.text(await this.waitFor(css));
  }
  async value(css) {
    return call("GET", `/session/${this.id}/element/${await this.find(css)}/property/value`);
  }
  async activeId() {
    const e = await call("GET", `/session/${this.id}/element/active`);
    return call("GET", `/session/${this.id}/element/${e[ELEMENT]}/attribute/id`);
  }
  async count(css) {
    return (await this.findAll(css)).length;
  }
  /** Whether the element is shown (present and not hidden by style). */
  async displayed(css) {
    const all = await this.findAll(css);
    if (all.length === 0) return false;
    return call("GET", `/session/${this.id}/element/${all[0]}/displayed`);
  }
  /** Leaves a page with unsaved edits when the window asks (a refused form left behind). */
  async leaveIfAsked() {
    await sleep(200);
    if ((await this.findAll("#confirm-dialog")).length) await this.click("#confirm-yes");
  }
  /** Presses keys together on the keyboard (e.g. Key.Ctrl, "s"), wherever the focus is. */
  async chord(...keys) {
    const actions = [
      ...keys.map((value) => ({ type: "keyDown", value })),
      ...keys
        .slice()
        .reverse()
        .map((value) => ({ type: "keyUp", value })),
    ];
    await call("POST", `/session/${this.id}/actions`, { actions: [{ type: "key", id: "keyboard", actions }] });
    await call("DELETE", `/session/${this.id}/actions`).catch(() => {});
  }
  /** Runs `script` in the page with `args`; returns its value. */
  async exec(script, args = []) {
    return call("POST", `/session/${this.id}/execute/sync`, { script, args });
  }
  async hash() {
    return call("POST", `/session/${this.id}/execute/sync`, { script: "return location.hash", args: [] });
  }
  async scrollTo(css) {
    await call("POST", `/session/${this.id}/execute/sync`, {
      script: "document.querySelector(arguments[0])?.scrollIntoView({block: 'start'})",
      args: [css],
    });
  }
  /** Runs `script` in the page (a function body; `arguments[i]` are `args`) and returns its value. */
  async exec(script, args = []) {
    return call("POST", `/session/${this.id}/execute/sync`, { script, args });
  }
  /** Sets the window's outer size, in CSS pixels. */
  async setSize(width, height) {
    return call("POST", `/session/${this.id}/window/rect`, { width, height });
  }
  /** Presses keys (Key.* or characters) one after another on whatever has the focus. */
  async press(...keys) {
    const actions = keys.flatMap((k) => [
      { type: "keyDown", value: k },
      { type: "keyUp", value: k },
    ]);
    await call("POST", `/session/${this.id}/actions`, { actions: [{ type: "key", id: "keyboard", actions }] });
    await call("DELETE", `/session/${this.id}/actions`).catch(() => {});
  }
  async screenshot(name) {
    const b64 = await call("GET", `/session/${this.id}/screenshot`);
    const file = join(ARTIFACTS, `${name}.png`);
    writeFileSync(file, Buffer.from(b64, "base64"));
    return file;
  }
}

/** Runs the CLI on a database and returns its parsed JSON output. */
export function cli(db, ...args) {
  return JSON.parse(execFileSync(CLI, ["--db", db, "--json", ...args], { encoding: "utf8" }));
}

// The window: navigation for every area and a hash router over the pages.
import { api } from "./api";
import { clearErrors, h, mount } from "./dom";
import { showError } from "./errors";
import { getLang, setLang, t } from "./i18n";
import { installKeys, resetKeys } from "./keys";
import { installGuard, isDirty, markClean, mayLeave } from "./guard";
import { primeUndo } from "./undo";
import { state } from "./state";
import { cellsPage } from "./pages/cells";
import { cellFormPage } from "./pages/cellForm";
import { cellPage } from "./pages/cell";
import { settingsPage } from "./pages/settings";
import { syncPage } from "./pages/sync";
import { checkIdentity } from "./identityDialog";
import { reportAutoBackup } from "./pages/backups";
import { agriPage } from "./pages/agri/index";
import { constructionPage } from "./pages/construction";
import { alertsPage } from "./pages/alerts";
import { startScreen } from "./pages/start";
import { homePage } from "./pages/home";
import { setupPage } from "./pages/setup";
import { operatorSwitch } from "./pages/operator";
import { sheetPage } from "./pages/sheet";
import "./exporting";
import { importPage } from "./pages/import";
import { reportsPage } from "./pages/reports";

const AREAS = [
  { hash: "#/home", key: "nav_home" },
  { hash: "#/cells", key: "nav_cells" },
  { hash: "#/sheet", key: "nav_sheet" },
  { hash: "#/construction", key: "nav_construction" },
  { hash: "#/alerts", key: "nav_alerts" },
  { hash: "#/import", key: "nav_import" },
  { hash: "#/agri", key: "nav_agri" },
  { hash: "#/reports", key: "nav_reports" },
  { hash: "#/sync", key: "nav_sync" },
  { hash: "#/settings", key: "nav_settings" },
] as const;

function renderNav(): void {
  const nav = document.getElementById("nav")!;
  const here = location.hash || "#/home";
  mount(
    nav,
    h("div", { class: "brand" }, t("app_title"), h("small", {}, t("app_sub"))),
    AREAS.map((a) =>
      h("a", { href: a.hash, id: `nav-${a.hash.slice(2)}`, class: here.startsWith(a.hash) ? "active" : "" }, t(a.key)),
    ),
    h("div", { class: "spacer" }),
    operatorSwitch(state.info?.operator ?? "", !!state.info?.read_only, async () => {
      await state.load();
      await route();
    }),
    h(
      "button",
      { class: "lang", id: "lang-toggle", title: getLang() === "zh" ? "English" : "中文", onclick: switchLang },
      t("lang_switch"),
    ),
  );
  document.title = t("app_title");
  const banner = document.getElementById("read-only-banner");
  if (banner) banner.textContent = t("read_only_banner");
}

async function switchLang(): Promise<void> {
  const next = getLang() === "zh" ? "en" : "zh";
  if (state.info?.read_only) {
    // A read-only ledger cannot remember the choice: switch for this session only.
    setLang(next);
    await route();
    return;
  }
  try {
    await api.setSetting("language", next);
    setLang(next);
    await route();
  } catch (e) {
    showError(e);
  }
}

/** The page shown (its hash), to go back to when leaving is cancelled. */
let shown = "";
let restoring = false;

async function route(): Promise<void> {
  const here = location.hash || "#/cells";
  if (restoring) {
    restoring = false;
    return;
  }
  if (here === shown)
    markClean(); // the page shown again after a save
  else if (isDirty() && !(await mayLeave())) {
    restoring = true;
    location.hash = shown;
    return;
  }
  if (here !== shown) clearErrors(); // an error belongs to the page it was shown on
  shown = here;
  resetKeys();
  document.getElementById("help-overlay")?.remove();
  renderNav();
  const main = document.getElementById("main")!;
  const [path, query] = (location.hash || "#/home").slice(2).split("?");
  const parts = path.split("/");
  const params = new URLSearchParams(query ?? "");
  try {
    switch (parts[0]) {
      case "home":
        await homePage(main);
        break;
      case "setup":
        await setupPage(main);
        break;
      case "cells":
        if (parts[1] === "new") await cellFormPage(main, null);
        else if (parts[1] && parts[2] === "edit") await cellFormPage(main, parts[1]);
        else if (parts[1]) await cellPage(main, parts[1]);
        else await cellsPage(main);
        break;
      case "sheet":
        await sheetPage(main, location.hash);
        break;
      case "settings":
        await settingsPage(main);
        break;
      case "construction":
        await constructionPage(main, parts);
        break;
      case "import":
        await importPage(main, parts[1]);
        break;
      case "alerts":
        await alertsPage(main, parts[1] ?? "", params);
        break;
      case "agri":
        await agriPage(main, parts);
        break;
      case "reports":
        await reportsPage(main);
        break;
      case "sync":
        await syncPage(main);
        break;
      default:
        location.hash = "#/home";
    }
  } catch (e) {
    showError(e);
  }
}

/** A read-only ledger: a banner, and no save buttons (style.css hides them). */
function markReadOnly(): void {
  document.body.classList.add("read-only");
  document.getElementById("app")?.before(h("div", { id: "read-only-banner", role: "status" }, t("read_only_banner")));
}

async function start(): Promise<void> {
  try {
    const view = await api.startState();
    if (!view.ready) {
      startScreen(document.getElementById("main")!, view);
      return;
    }
  } catch (e) {
    showError(e);
  }
  try {
    await state.load();
    setLang(state.info?.language === "en" ? "en" : "zh");
    if (state.info?.read_only) markReadOnly();
  } catch (e) {
    showError(e);
  }
  if (!state.info?.read_only) {
    await checkIdentity();
    reportAutoBackup();
  }
  installKeys();
  installGuard();
  await primeUndo();
  window.addEventListener("hashchange", () => void route());
  // A ledger whose first-start questions are unanswered (no operator, no installation name)
  // opens on them; the rest of the window stays a click away.
  if (!location.hash && !state.info?.read_only) {
    try {
      if ((await api.setupState()).needed) location.hash = "#/setup";
    } catch (e) {
      showError(e);
    }
  }
  await route();
}

void start();

// The window: navigation for every area and a hash router over the pages.
import { api } from "./api";
import { h, mount } from "./dom";
import { showError } from "./errors";
import { getLang, setLang, t } from "./i18n";
import { state } from "./state";
import { cellsPage } from "./pages/cells";
import { cellFormPage } from "./pages/cellForm";
import { cellPage } from "./pages/cell";
import { settingsPage } from "./pages/settings";
import { comingPage } from "./pages/coming";
import { constructionPage } from "./pages/construction";
import { alertsPage } from "./pages/alerts";
import { startScreen } from "./pages/start";
import { importPage } from "./pages/import";

const AREAS = [
  { hash: "#/cells", key: "nav_cells", soon: false },
  { hash: "#/construction", key: "nav_construction", soon: false },
  { hash: "#/alerts", key: "nav_alerts", soon: false },
  { hash: "#/import", key: "nav_import", soon: false },
  { hash: "#/agri", key: "nav_agri", soon: true },
  { hash: "#/reports", key: "nav_reports", soon: true },
  { hash: "#/sync", key: "nav_sync", soon: true },
  { hash: "#/settings", key: "nav_settings", soon: false },
] as const;

function renderNav(): void {
  const nav = document.getElementById("nav")!;
  const here = location.hash || "#/cells";
  mount(
    nav,
    h("div", { class: "brand" }, t("app_title"), h("small", {}, t("app_sub"))),
    AREAS.map((a) =>
      h("a", { href: a.hash, id: `nav-${a.hash.slice(2)}`, class: here.startsWith(a.hash) ? "active" : "" }, t(a.key), a.soon ? h("span", { class: "soon" }, `(${t("soon")})`) : null),
    ),
    h("div", { class: "spacer" }),
    h("div", { class: "who" }, `${t("operator")}：${state.info?.operator || "—"}`),
    h("button", { class: "lang", id: "lang-toggle", onclick: switchLang }, t("lang_switch")),
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

async function route(): Promise<void> {
  renderNav();
  const main = document.getElementById("main")!;
  const parts = (location.hash || "#/cells").slice(2).split("/");
  try {
    switch (parts[0]) {
      case "cells":
        if (parts[1] === "new") await cellFormPage(main, null);
        else if (parts[1] && parts[2] === "edit") await cellFormPage(main, parts[1]);
        else if (parts[1]) await cellPage(main, parts[1]);
        else await cellsPage(main);
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
        await alertsPage(main, parts[1] ?? "");
        break;
      case "agri":
      case "reports":
      case "sync":
        comingPage(main, parts[0]);
        break;
      default:
        location.hash = "#/cells";
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
  window.addEventListener("hashchange", () => void route());
  await route();
}

void start();

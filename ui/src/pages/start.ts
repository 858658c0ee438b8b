// The start screen: shown when the window has no ledger open — on a first start (no file
// yet) or when the file cannot be opened, is not a ledger, is read-only or is locked. It
// names the file and the reason, and offers the choices: retry, open another file, open
// read-only, create a new ledger.
import { api, isApiError } from "../api";
import { h, mount } from "../dom";
import { errorText, getLang, setLang, tr } from "../i18n";
import { pathField } from "../pathPicker";
import type { ApiError, StartView } from "../types";

/** The choices that fit the reason, first the one most likely wanted. */
function choicesFor(code: string): ("create" | "retry" | "open" | "read_only")[] {
  switch (code) {
    case "no_ledger":
      return ["create", "open"];
    case "read_only_file":
      return ["read_only", "open", "retry"];
    case "busy":
      return ["retry", "read_only", "open"];
    case "no_folder":
      return ["retry", "open", "create"];
    default:
      return ["open", "read_only", "create", "retry"];
  }
}

export function startScreen(main: HTMLElement, view: StartView): void {
  const problem = view.problem;
  const code = problem?.code ?? "";
  const first = code === "no_ledger";
  document.getElementById("app")?.classList.add("starting");
  const pathIn: HTMLInputElement = h("input", {
    id: "start-path",
    value: view.path,
    size: 60,
    "aria-label": tr("台账文件", "Ledger file"),
  });
  const status = h("p", { id: "start-status", class: "muted" });
  const go = async (what: "create" | "retry" | "open" | "read_only"): Promise<void> => {
    const path = what === "retry" ? view.path : pathIn.value.trim();
    status.textContent = tr("正在打开…", "Opening…");
    try {
      if (what === "create") await api.startCreate(path);
      else await api.startOpen(path, what === "read_only");
      location.reload();
    } catch (e) {
      status.textContent = "";
      shownProblem.replaceWith((shownProblem = reasonBox(isApiError(e) ? e : null, String(e))));
    }
  };
  const labels = {
    create: tr("在此新建台账", "Create a new ledger here"),
    retry: tr("重试", "Retry"),
    open: tr("打开此文件", "Open this file"),
    read_only: tr("以只读方式打开", "Open read-only"),
  };
  const buttons = choicesFor(code).map((c, i) =>
    h(
      "button",
      { id: `start-${c.replace("_", "-")}`, class: i === 0 ? "primary" : "", onclick: () => void go(c) },
      labels[c],
    ),
  );
  let shownProblem = reasonBox(problem ?? null, "");
  mount(
    main,
    h(
      "section",
      { id: "start-screen", class: "start" },
      h(
        "h1",
        {},
        first
          ? tr("欢迎使用无废城市建设台账", "Welcome to the Zero-Waste City Ledger")
          : tr("无法打开台账", "The ledger cannot be opened"),
      ),
      first
        ? h(
            "p",
            { id: "start-first" },
            tr(
              "这台电脑上还没有台账。可以在下面的位置新建一个空台账，或打开已有的台账文件（例如网络共享上的台账）。",
              "There is no ledger on this computer yet. Create a new, empty ledger at the place below, or open an existing ledger file (on a network share, for example).",
            ),
          )
        : null,
      h("p", {}, h("strong", {}, tr("文件：", "File: ")), h("code", { id: "start-file" }, view.path)),
      shownProblem,
      h(
        "p",
        {},
        h(
          "label",
          {},
          tr("台账文件位置", "Ledger file"),
          h("br", {}),
          pathField(pathIn, { mode: first ? "save" : "open", extensions: ["db"] }),
        ),
      ),
      h("div", { class: "actions toolbar" }, buttons),
      status,
      h(
        "p",
        { class: "muted" },
        h(
          "button",
          {
            id: "start-lang",
            onclick: () => {
              setLang(getLang() === "zh" ? "en" : "zh");
              startScreen(main, view);
            },
          },
          tr("English", "中文"),
        ),
      ),
    ),
  );
  (buttons[0] as HTMLButtonElement | undefined)?.focus();
}

function reasonBox(e: ApiError | null, fallback: string): HTMLElement {
  return h(
    "p",
    { id: "start-reason", class: "reason" },
    h("strong", {}, tr("原因：", "Reason: ")),
    e ? errorText(e) : fallback,
  );
}

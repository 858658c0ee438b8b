// The window's keyboard shortcuts, in one place for every page: Ctrl+N new, Ctrl+F find,
// Ctrl+S save, Esc back, ? the help overlay that lists them. A page may name its own action
// for a key (`setKeys`); otherwise the key finds it on the page: the "new" button or link, the
// search box, the form being typed in, the "← back" link. Enter in a box with suggestions
// (a datalist: site, plate, facility) submits its form the first time, instead of only
// closing the suggestions.
import { h } from "./dom";
import { getLang, tr } from "./i18n";

export type KeyAction = "new" | "find" | "save" | "back" | "help";

/** A key press as the shortcuts read it. */
export interface KeyPress {
  key: string;
  ctrl: boolean;
  alt: boolean;
  /** Focus is in a text box (a plain "?" is then typed, not a shortcut). */
  typing: boolean;
  /** An input method is composing (Chinese input): no key is a shortcut. */
  composing?: boolean;
}

/** The shortcut a key press means, if any. */
export function keyAction(k: KeyPress): KeyAction | null {
  if (k.composing) return null;
  if (k.ctrl && !k.alt) {
    switch (k.key.toLowerCase()) {
      case "n":
        return "new";
      case "f":
        return "find";
      case "s":
        return "save";
      default:
        return null;
    }
  }
  if (k.alt || k.ctrl) return null;
  if (k.key === "Escape") return "back";
  if (k.key === "?" && !k.typing) return "help";
  return null;
}

/** The shortcuts as the help overlay lists them: keys, Chinese, English. */
export const SHORTCUTS: [string, string, string][] = [
  ["Ctrl+N", "新建（细胞、出车登记）", "New (cell, dispatch)"],
  ["Ctrl+F", "查找：跳到搜索框", "Find: go to the search box"],
  ["Ctrl+S", "保存当前表单或本月台账", "Save the form or the month's records"],
  ["Enter", "提交快速表单（任一输入框）", "Submit a quick form (from any box)"],
  ["Esc", "返回上一页；关闭对话框", "Back; close a dialog"],
  ["?", "显示或关闭本帮助", "Show or close this help"],
];

type PageKeys = Partial<Record<Exclude<KeyAction, "help">, () => void>>;
let page: PageKeys = {};

/** The current page's own actions for some keys (reset on every page change). */
export function setKeys(k: PageKeys): void {
  page = k;
}
export function resetKeys(): void {
  page = {};
}

function isTyping(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  return (
    tag === "TEXTAREA" ||
    tag === "SELECT" ||
    (tag === "INPUT" && !["button", "submit", "checkbox", "radio"].includes((el as HTMLInputElement).type)) ||
    (el as HTMLElement).isContentEditable
  );
}

function main(): HTMLElement | null {
  return document.getElementById("main");
}

function submit(form: HTMLFormElement): void {
  if (typeof form.requestSubmit === "function") form.requestSubmit();
  else form.dispatchEvent(new Event("submit", { cancelable: true, bubbles: true }));
}

const defaults: Required<PageKeys> = {
  new: () => {
    const m = main();
    const el = m?.querySelector<HTMLElement>(
      '[data-key="new"], #new-cell, a[href$="/new"], a[href="#/construction/dispatch"]',
    );
    el?.click();
  },
  find: () => {
    const m = main();
    const el = m?.querySelector<HTMLInputElement>(
      '[data-key="find"], input[type="search"], input[id$="-q"], input[id*="search"]',
    );
    if (el) {
      el.focus();
      el.select();
    }
  },
  save: () => {
    const active = document.activeElement as HTMLInputElement | null;
    const form = active?.form ?? main()?.querySelector<HTMLFormElement>("form");
    if (form) {
      submit(form);
      return;
    }
    main()?.querySelector<HTMLElement>('[data-key="save"], #grid-save')?.click();
  },
  back: () => {
    const m = main();
    const link =
      m?.querySelector<HTMLAnchorElement>('[data-key="back"]') ??
      Array.from(m?.querySelectorAll<HTMLAnchorElement>('a[href^="#/"]') ?? []).find((a) =>
        (a.textContent ?? "").trim().startsWith("←"),
      );
    if (link) link.click();
    else if (history.length > 1) history.back();
  },
};

/** Shows the help overlay, or closes it when it is open. */
export function toggleHelp(): void {
  const open = document.getElementById("help-overlay");
  if (open) {
    open.remove();
    return;
  }
  const overlay = h(
    "div",
    {
      class: "overlay",
      id: "help-overlay",
      role: "dialog",
      "aria-modal": "true",
      onclick: (e: Event) => {
        if (e.target === overlay) overlay.remove();
      },
    },
    h(
      "div",
      { class: "dialog" },
      h("h2", {}, tr("键盘快捷键", "Keyboard shortcuts")),
      h(
        "table",
        { class: "list", id: "help-keys" },
        h(
          "tbody",
          {},
          SHORTCUTS.map(([k, zh, en]) =>
            h("tr", {}, h("td", {}, h("kbd", {}, k)), h("td", {}, getLang() === "zh" ? zh : en)),
          ),
        ),
      ),
      h(
        "p",
        { class: "muted" },
        tr(
          "月度台账表格中：Tab 向右，Enter 向下，最后一行 Enter 保存。",
          "In the monthly records grid: Tab moves right, Enter moves down, Enter on the last row saves.",
        ),
      ),
      h(
        "div",
        { class: "actions" },
        h("button", { id: "help-close", onclick: () => overlay.remove() }, tr("关闭", "Close")),
      ),
    ),
  );
  document.body.appendChild(overlay);
}

function onKey(e: KeyboardEvent): void {
  if (e.defaultPrevented) return;
  // A dialog open (a confirmation, the export dialog of a table) handles its own keys.
  if (document.getElementById("confirm-dialog") || document.querySelector(".modal-back")) return;
  const a = keyAction({
    key: e.key,
    ctrl: e.ctrlKey || e.metaKey,
    alt: e.altKey,
    typing: isTyping(document.activeElement),
    composing: e.isComposing,
  });
  if (!a) return;
  const help = document.getElementById("help-overlay");
  if (help && (a === "back" || a === "help")) {
    e.preventDefault();
    help.remove();
    return;
  }
  e.preventDefault();
  if (a === "help") toggleHelp();
  else (page[a] ?? defaults[a])();
}

/** Enter in a box with suggestions submits its form at once. */
function onEnterInSuggestions(e: KeyboardEvent): void {
  if (e.key !== "Enter" || e.isComposing || e.ctrlKey || e.altKey || e.shiftKey) return;
  const el = e.target as HTMLInputElement | null;
  if (!el || el.tagName !== "INPUT" || !el.hasAttribute("list") || !el.form) return;
  e.preventDefault();
  submit(el.form);
}

/** Listens for the shortcuts (once, at start). */
export function installKeys(): void {
  document.addEventListener("keydown", onEnterInSuggestions, true);
  document.addEventListener("keydown", onKey);
}

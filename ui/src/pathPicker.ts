// The "选择…/Browse…" button beside a path box: it opens the system's own dialog (open a
// file, save a file, choose a folder) and puts the chosen path in the box. The box stays,
// always editable: a clerk may type or paste a path, and the window tests type theirs, since
// WebDriver cannot drive a native dialog. Every page with a path box uses this one component
// (imports, exports of every list, the certification report, the data file in settings,
// sync bundles, reports, backups).
//
// Usage:
//   const box = h("input", { id: "import-path", type: "text" });
//   mount(form, pathField(box, { mode: "open", extensions: ["csv", "xlsx"] }));
//   // or, when the box is already placed: box.after(browseButton(box, { mode: "save" }))
//
// Choosing a path fires `input` and `change` on the box, as typing does, so the page's own
// listeners (clearing a stale preview, remembering the path) run as usual. A cancelled
// dialog changes nothing. The button is `#<box id>-browse`.
import { api } from "./api";
import { h } from "./dom";
import { showError } from "./errors";
import { tr } from "./i18n";

/** What the dialog asks for. */
export interface PickOptions {
  /** `open`: an existing file; `save`: a file to write (the box's name is proposed); `folder`. */
  mode: "open" | "save" | "folder";
  /** The files offered, by extension without the dot (`["csv", "xlsx"]`); all files when absent. */
  extensions?: string[];
  /** The dialog's title (default: by mode, in the current language). */
  title?: string;
  /** Where the dialog starts when the box is empty (a folder or a proposed file path). */
  start?: () => string | null | Promise<string | null>;
}

function defaultTitle(mode: PickOptions["mode"]): string {
  if (mode === "save") return tr("保存到", "Save as");
  if (mode === "folder") return tr("选择文件夹", "Choose a folder");
  return tr("选择文件", "Choose a file");
}

/** Opens the dialog for `box` and fills it; resolves with the chosen path, or null when cancelled. */
export async function pickInto(box: HTMLInputElement, opts: PickOptions): Promise<string | null> {
  const typed = box.value.trim();
  const start = typed || ((await opts.start?.()) ?? null);
  const chosen = await api.pickPath(opts.mode, opts.title ?? defaultTitle(opts.mode), start, opts.extensions ?? []);
  if (chosen === null) return null;
  box.value = chosen;
  box.dispatchEvent(new Event("input", { bubbles: true }));
  box.dispatchEvent(new Event("change", { bubbles: true }));
  box.focus();
  return chosen;
}

/** The "选择…/Browse…" button for `box` (not yet placed). Disabled while its dialog is open. */
export function browseButton(box: HTMLInputElement, opts: PickOptions): HTMLButtonElement {
  const b = h(
    "button",
    {
      type: "button",
      class: "browse",
      id: box.id ? `${box.id}-browse` : null,
      title: defaultTitle(opts.mode),
    },
    tr("选择…", "Browse…"),
  );
  b.addEventListener("click", async (e) => {
    e.preventDefault();
    b.disabled = true;
    try {
      await pickInto(box, opts);
    } catch (err) {
      showError(err);
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

/** The box and its button side by side, as one inline element to place where the box was. */
export function pathField(box: HTMLInputElement, opts: PickOptions): HTMLElement {
  return h("span", { class: "path-field" }, box, browseButton(box, opts));
}

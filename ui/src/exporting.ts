// Export of a list from the window: the table's "Export XLSX / CSV" buttons ask where to save
// (a path box, proposed in the Documents or home folder, remembered for the session), the
// core writes every row of the list with the filters shown, and a toast says where it went.
import { api, isApiError } from "./api";
import { h } from "./dom";
import { showError } from "./errors";
import { fieldText, tr } from "./i18n";
import { pathField } from "./pathPicker";
import { setExporter, type TableExport } from "./table";

let lastDir: string | null = null;

/** The folder part of a path (either separator). */
export function dirOf(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return i > 0 ? path.slice(0, i) : path;
}

/** `dir` joined with `name`, with the separator `dir` already uses. */
export function joinPath(dir: string, name: string): string {
  const sep = dir.includes("\\") && !dir.includes("/") ? "\\" : "/";
  return dir.endsWith(sep) ? dir + name : `${dir}${sep}${name}`;
}

/** The file name proposed: `manifests-2026-03-01.xlsx` (local date). */
export function proposedName(file: string, format: "xlsx" | "csv", now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${file}-${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}.${format}`;
}

/** Asks for the path in a small dialog; resolves with it, or null when cancelled. */
function askPath(format: "xlsx" | "csv", proposed: string, save: (path: string) => Promise<string | null>): void {
  const input = h("input", {
    id: "export-path",
    value: proposed,
    autocomplete: "off",
    spellcheck: "false",
  }) as HTMLInputElement;
  const err = h("div", { class: "field-error", id: "export-error" });
  const close = () => {
    back.remove();
    document.removeEventListener("keydown", onKey, true);
  };
  const go = async () => {
    err.textContent = "";
    const problem = await save(input.value.trim());
    if (problem === null) close();
    else {
      err.textContent = problem;
      input.focus();
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  };
  const form = h(
    "form",
    { class: "card export-dialog", role: "dialog", "aria-modal": "true", "aria-labelledby": "export-title" },
    h("h2", { id: "export-title" }, tr(`导出为 ${format.toUpperCase()}`, `Export to ${format.toUpperCase()}`)),
    h(
      "div",
      { class: "field" },
      h("label", { for: "export-path" }, tr("保存到（文件路径）", "Save to (file path)")),
      pathField(input, { mode: "save", extensions: [format] }),
      err,
      h(
        "div",
        { class: "hint" },
        tr(
          "导出当前筛选条件下的全部行（不止本页）；表头上方注明筛选条件和导出时间。",
          "Every row with the filters applied (not only this page); the filters and the time are written above the header.",
        ),
      ),
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary", id: "export-save" }, tr("导出", "Export")),
      h("button", { type: "button", id: "export-cancel", onclick: close }, tr("取消", "Cancel")),
    ),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void go();
  });
  const back = h("div", { class: "modal-back", id: "export-modal" }, form);
  document.body.appendChild(back);
  document.addEventListener("keydown", onKey, true);
  input.focus();
  const dot = input.value.lastIndexOf(".");
  const slash = Math.max(input.value.lastIndexOf("/"), input.value.lastIndexOf("\\"));
  input.setSelectionRange(slash + 1, dot > slash ? dot : input.value.length);
}

/** Runs one export: asks the path, calls the core, reports. */
export async function exportTable(exp: TableExport, format: "xlsx" | "csv"): Promise<void> {
  let dir = lastDir;
  if (dir === null) {
    try {
      dir = await api.exportDir();
    } catch {
      dir = ".";
    }
  }
  askPath(format, joinPath(dir, proposedName(exp.file, format)), async (path) => {
    try {
      const done = await api.exportList(exp.spec(), format, path);
      lastDir = dirOf(done.path);
      const toastBox = document.getElementById("toast");
      document.getElementById("export-done")?.remove();
      const msg = h(
        "div",
        { class: "msg info", id: "export-done", "data-path": done.path },
        tr(`已导出 ${done.rows} 行到 ${done.path}`, `Exported ${done.rows} rows to ${done.path}`),
      );
      toastBox?.appendChild(msg);
      setTimeout(() => msg.remove(), 8000);
      return null;
    } catch (e) {
      if (isApiError(e) && e.fields.length) return e.fields.map(fieldText).join(tr("；", "; "));
      showError(e);
      return null;
    }
  });
}

setExporter(exportTable);

// Importing a file of cells, monthly records or manifests (CSV or XLSX, as district offices
// send them): the clerk gives the file and what it holds, sees the preview — the row count,
// every refused row with its row number and its bad fields marked, the first good rows —
// then imports all or nothing. Large files show how far the reading has got.
import { api, onImportProgress } from "../api";
import { h, mount, toast } from "../dom";
import { fieldText, getLang, tr } from "../i18n";
import { type Column, table } from "../table";
import { showError } from "../errors";
import { pathField } from "../pathPicker";
import type { ImportKind, ImportPreview, PreviewRow, Progress } from "../types";

const KINDS: [ImportKind, string, string][] = [
  ["cells", "无废细胞", "Zero-waste cells"],
  ["records", "细胞月度记录", "Monthly records of cells"],
  ["manifests", "建筑垃圾联单", "Construction-waste manifests"],
];

/** Where each kind's list is, to go back to after an import. */
const BACK: Record<ImportKind, string> = { cells: "#/cells", records: "#/cells", manifests: "#/construction" };

/** The remembered path, so coming back to the page keeps what was typed. */
let lastPath = "";

export async function importPage(main: HTMLElement, kindArg: string | undefined): Promise<void> {
  let kind: ImportKind = KINDS.find(([k]) => k === kindArg)?.[0] ?? "cells";
  const kindSel = h(
    "select",
    {
      id: "import-kind",
      onchange: (e: Event) => {
        kind = (e.target as HTMLSelectElement).value as ImportKind;
        clear();
      },
    },
    KINDS.map(([k, zh, en]) => h("option", { value: k, selected: k === kind }, tr(zh, en))),
  );
  const path = h("input", {
    id: "import-path",
    type: "text",
    value: lastPath,
    placeholder: tr("文件的完整路径，如 /home/user/细胞.xlsx", "Full path of the file, e.g. /home/user/cells.xlsx"),
    style: "width:420px",
    oninput: () => {
      lastPath = path.value;
      clear();
    },
  });
  const previewBtn = h(
    "button",
    { id: "import-preview", class: "primary", onclick: () => void preview() },
    tr("预览", "Preview"),
  );
  const bar = h("progress", { id: "import-progress", max: 1, value: 0 });
  const barText = h("span", { id: "import-progress-text", class: "muted" });
  const progressBox = h("div", { id: "import-progress-box", class: "toolbar", style: "display:none" }, bar, barText);
  const out = h("div", { id: "import-out" });

  function clear(): void {
    mount(out);
  }
  function busy(on: boolean, what: string): void {
    // Not `hidden`: the toolbar's flex display would override it.
    progressBox.style.display = on ? "" : "none";
    previewBtn.toggleAttribute("disabled", on);
    bar.value = 0;
    barText.textContent = what;
  }
  function shown(p: Progress, what: string): void {
    bar.value = p.fraction;
    progressBox.dataset.rows = String(p.rows);
    barText.textContent = `${what} ${tr(`已读 ${p.rows} 行`, `${p.rows} rows read`)} (${Math.round(p.fraction * 100)}%)`;
  }

  async function preview(): Promise<void> {
    const file = path.value.trim();
    if (!file) {
      toast(tr("请先填写文件路径", "Give the file's path first"), "error");
      path.focus();
      return;
    }
    const what = tr("正在检查…", "Checking…");
    busy(true, what);
    const stop = await onImportProgress((p) => shown(p, what));
    try {
      const p = await api.importPreview(kind, file);
      render(p, file);
    } catch (e) {
      clear();
      showError(e);
    } finally {
      stop();
      busy(false, "");
    }
  }

  async function runImport(file: string, total: number): Promise<void> {
    const what = tr("正在导入…", "Importing…");
    busy(true, what);
    document.getElementById("import-run")?.setAttribute("disabled", "");
    const stop = await onImportProgress((p) => shown(p, what));
    try {
      const r = await api.importFile(kind, file);
      mount(
        out,
        h(
          "div",
          { id: "import-result", class: "notice ok", role: "status" },
          r.imported_before
            ? tr(
                `此文件已于 ${r.imported_before} 导入过，未重复写入。`,
                `This file was imported on ${r.imported_before}; nothing was written again.`,
              )
            : tr(
                `已导入 ${r.added} 行（文件共 ${total} 行，${r.already} 行台账中已有，未重复写入）。`,
                `Imported ${r.added} rows (${total} in the file; ${r.already} already in the ledger, not written again).`,
              ),
          " ",
          h("a", { href: BACK[kind], id: "import-back" }, tr("查看列表", "Open the list")),
        ),
      );
      toast(tr("导入完成", "Import done"));
    } catch (e) {
      // All or nothing: a refusal leaves the ledger as it was; show why, row by row.
      showError(e);
      document.getElementById("import-run")?.removeAttribute("disabled");
    } finally {
      stop();
      busy(false, "");
    }
  }

  function render(p: ImportPreview, file: string): void {
    const summary = tr(
      `共 ${p.total} 行：可导入 ${p.new} 行，台账中已有 ${p.already} 行，有误 ${p.bad} 行。`,
      `${p.total} rows: ${p.new} to import, ${p.already} already in the ledger, ${p.bad} with errors.`,
    );
    const listed =
      p.rows.length < p.total
        ? tr(
            `下表列出前 ${Math.min(p.total, 1000)} 行及其后每一行有误的行。`,
            `The table lists the first ${Math.min(p.total, 1000)} rows and every row with errors after them.`,
          )
        : "";
    const ok = p.file_errors.length === 0 && p.bad === 0 && !p.imported_before;
    mount(
      out,
      h(
        "p",
        { id: "import-summary", "data-total": p.total, "data-bad": p.bad, "data-new": p.new },
        summary,
        " ",
        listed,
      ),
      p.imported_before
        ? h(
            "p",
            { id: "import-before", class: "notice" },
            tr(
              `此文件已于 ${p.imported_before} 导入过：再次导入不会写入任何内容。`,
              `This file was imported on ${p.imported_before}: importing it again writes nothing.`,
            ),
          )
        : null,
      p.file_errors.length > 0
        ? h(
            "ul",
            { id: "import-file-errors", class: "errors" },
            p.file_errors.map((f) => h("li", {}, f.row ? tr(`第 ${f.row} 行：`, `Row ${f.row}: `) : "", fieldText(f))),
          )
        : null,
      h(
        "div",
        { class: "toolbar" },
        h(
          "button",
          {
            id: "import-run",
            class: "primary",
            disabled: !ok || p.new === 0,
            onclick: () => void runImport(file, p.total),
          },
          tr(`全部导入（${p.new} 行）`, `Import all (${p.new} rows)`),
        ),
        h(
          "span",
          { class: "muted", id: "import-rule" },
          ok
            ? tr(
                "全部导入或全部不导入：任何一行出错，台账都保持原样。",
                "All or nothing: if any row fails, the ledger stays as it was.",
              )
            : tr(
                "文件中有错误：请改正标红的行和字段后重新预览。全部导入或全部不导入。",
                "The file has errors: correct the rows and fields marked in red, then preview again. All or nothing.",
              ),
        ),
      ),
      p.rows.length > 0 ? previewTable(p) : null,
    );
  }

  mount(
    main,
    h("h1", {}, tr("导入文件", "Import a file")),
    h(
      "p",
      { class: "muted" },
      tr(
        "支持 CSV（UTF-8、GB18030 或 Excel 的“Unicode 文本”）和 Excel 工作簿（XLSX、XLS、ODS，读第一个工作表）。表头用中文列名或英文键。先预览，确认无误后全部导入。",
        'CSV (UTF-8, GB18030 or Excel\'s "Unicode text") and Excel workbooks (XLSX, XLS, ODS; the first sheet) are read. Headings are the Chinese column names or the English keys. Preview first, then import all.',
      ),
    ),
    h(
      "div",
      { class: "toolbar" },
      h("label", {}, tr("文件内容", "The file holds"), " ", kindSel),
      pathField(path, { mode: "open", extensions: ["csv", "xlsx"] }),
      previewBtn,
    ),
    progressBox,
    out,
  );
}

/** The order of the result column when sorted: refused rows first. */
const RESULT_ORDER: Record<PreviewRow["status"], number> = { bad: 0, new: 1, already: 2 };

/**
 * The preview's rows in the window's table. The row numbers are the file's own (the row a
 * spreadsheet shows), so the rows keep them whatever the order: they sort by row number or by
 * result (refused rows together) and by nothing else, since a list sorted by a value column
 * would scatter the rows a clerk looks up by number in the file. A refused field is marked in
 * its cell (its message on hover) and every message is in the last column.
 */
export function previewTable(p: ImportPreview): HTMLElement {
  const en = getLang() === "en";
  const errorsOf = (r: PreviewRow, key: string) => r.errors.filter((e) => e.field === key);
  const result = { new: tr("可导入", "new"), already: tr("已有", "already in"), bad: tr("有误", "error") };
  const columns: Column<PreviewRow>[] = [
    { key: "#row", header: tr("行号", "Row"), num: true, value: (r) => r.row, format: (v) => String(v) },
    {
      key: "#result",
      header: tr("结果", "Result"),
      value: (r) => RESULT_ORDER[r.status],
      cell: (r) => h("span", { class: `badge import-${r.status}` }, result[r.status]),
    },
    ...p.columns.map(
      (c, i): Column<PreviewRow> => ({
        key: c.key,
        header: en ? c.key : c.zh,
        value: (r) => r.values[i],
        format: (v) => (v === "" || v === null || v === undefined ? "" : String(v)),
        sort: false,
        cellClass: (r) => (errorsOf(r, c.key).length > 0 ? "bad" : undefined),
        cellTitle: (r) => errorsOf(r, c.key).map(fieldText).join("; ") || undefined,
      }),
    ),
    {
      key: "#errors",
      header: tr("错误", "Errors"),
      sort: false,
      wrap: true,
      className: "row-errors",
      cell: (r) => r.errors.map((e) => h("div", {}, fieldText(e))),
    },
  ];
  const badOnly = h("input", { type: "checkbox", id: "import-bad-only", disabled: p.bad === 0 });
  const t = table<PreviewRow>({
    id: "import-table",
    columns,
    rows: p.rows,
    rowKey: (r) => String(r.row),
    rowData: (r) => ({ row: String(r.row), status: r.status }),
    rowClass: (r) => (r.status === "bad" ? "bad" : undefined),
    empty: tr("没有有误的行", "No rows with errors"),
    tools: h("label", {}, badOnly, " ", tr("只看有误的行", "Only rows with errors")),
  });
  badOnly.addEventListener("change", () =>
    t.setRows(badOnly.checked ? p.rows.filter((r) => r.status === "bad") : p.rows),
  );
  return t.el;
}

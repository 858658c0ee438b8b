// The one table of the window: every list (cells, a cell's records, manifests, registers,
// alerts, rates, construction-use lists) is drawn by `table()`.
//
// What it gives every list, without the page doing anything:
// - Keyboard: the rows are one tab stop. ArrowDown/ArrowUp move the current row (Home/End,
//   PageDown/PageUp jump), Enter opens it (`onOpen`). A click opens a row too.
// - Sorting: a click (or Enter/Space) on a sortable header sorts the rows shown, ascending
//   then descending; sorting compares `value(row)` (numbers as numbers, text in the
//   current language's collation). Paged lists sort the page shown.
// - Alignment: `num: true` columns are right-aligned with tabular figures; no cell wraps
//   (`white-space: nowrap`) unless its column says `wrap: true`, and then only between words.
// - Sticky header inside a scrolling box: the table sits in `div.table-box`, which scrolls
//   (both ways) under a header that stays in place. `maxHeight` bounds the box; without it
//   the box takes the window's height left under it (at least 240 px).
// - Narrow windows: columns with a `hide` priority hide, highest number first, while the
//   table is wider than its box; they come back when the window grows. Columns without
//   `hide` never hide (put the ones that matter there).
// - Export: with `export`, two buttons ("XLSX", "CSV") above the table save what the list
//   shows (the core applies the same filters: `spec()` must describe them) to a file the
//   clerk chooses, then a toast says where it went.
//
// Usage:
//   const t = table<ManifestRow>({
//     id: "cw-table",
//     columns: [
//       { key: "number", header: tr("联单号", "Number"), value: (m) => m.number },
//       { key: "net", header: tr("净重（吨）", "Net weight (t)"), num: true,
//         value: (m) => m.received_qty, format: (v) => tonnes(v as number), hide: 2 },
//       { key: "alerts", header: tr("预警", "Alerts"), cell: (m) => badges(m), sort: false, hide: 1 },
//     ],
//     rows, rowKey: (m) => m.number, onOpen: (m) => (location.hash = `#/construction/m/${m.number}`),
//     empty: tr("没有符合条件的联单", "No manifests match"),
//     export: { file: "manifests", spec: () => ({ list: "manifests", filter }) },
//   });
//   mount(box, toolbar, t.el, pager);   // later: t.setRows(newRows)
//
// Each row is `<tr data-key="…">` (rowKey) and each cell `<td data-col="…">` (column key), so
// tests and pages find them without counting columns.
import { h, type Child } from "./dom";
import { getLang, tr } from "./i18n";
import type { ListSpec } from "./bindings/ListSpec";

/** The value a column sorts and formats by: a number (quantities in their stored unit), text, or nothing. */
export type CellValue = string | number | null | undefined;

/** One column of a table. */
export interface Column<R> {
  /** Stable name of the column: `data-col` on its cells and header. */
  key: string;
  /** The header text, units in it ("净重（吨）"). */
  header: string;
  /** The raw value, for sorting and the default cell text. Default: `row[key]`. */
  value?: (row: R) => CellValue;
  /** Text of a value (default: numbers grouped, null as "—"). */
  format?: (v: CellValue, row: R) => string;
  /** The whole cell's content, when it is more than text (badges, links). Sorting still uses `value`. */
  cell?: (row: R) => Child;
  /** A number: right-aligned, tabular figures. */
  num?: boolean;
  /** Alignment when it is not the default (left; right for `num`). */
  align?: "left" | "right" | "center";
  /** Hide priority at narrow widths: higher hides first; absent means never hide. */
  hide?: number;
  /** Sortable (default true), or a compare function of its own. */
  sort?: boolean | ((a: R, b: R) => number);
  /** Long text (a message) that may wrap between words; other cells never wrap. */
  wrap?: boolean;
  /** Extra class on the column's cells. */
  className?: string;
  /** Extra class of one row's cell (a refused field: "bad"). */
  cellClass?: (row: R) => string | undefined;
  /** Hover text of one row's cell (the refusal's message). */
  cellTitle?: (row: R) => string | undefined;
}

/** What an export button needs: the list with the filters shown, and a file name without extension. */
export interface TableExport {
  /** The list and its filters, as the core's `ListSpec` (the core exports every page). */
  spec: () => ListSpec;
  /** The file name proposed, without extension ("manifests" → "manifests-2026-03-01.xlsx"). */
  file: string;
}

/** How a table is made. */
export interface TableOptions<R> {
  /** The table element's id (tests and CSS find it by this). */
  id: string;
  columns: Column<R>[];
  rows: R[];
  /** Rows drawn after the others and never sorted (totals), in a `<tfoot>`. */
  foot?: R[];
  /** A stable key of a row (`data-key`), kept as the current row across `setRows`. */
  rowKey?: (row: R) => string;
  /** Called when a row is opened (Enter or a click). Without it rows are not links. */
  onOpen?: (row: R) => void;
  /** Text shown when there are no rows. */
  empty?: string;
  /** More `data-*` attributes of a row (`{ id: c.id }` → `data-id`), for pages and tests. */
  rowData?: (row: R) => Record<string, string>;
  /** Extra class of a row (e.g. "retired"). */
  rowClass?: (row: R) => string | undefined;
  /** Maximum height of the scrolling box (CSS length); default fills what is left of the window. */
  maxHeight?: string;
  /** Export buttons above the table. */
  export?: TableExport;
  /** Content put beside the export buttons (filters, pager), left of them. */
  tools?: Child;
}

/** A table on the page. */
export interface Table<R> {
  /** The element to mount (the box with the export buttons and the scrolling table). */
  el: HTMLElement;
  /** The `<table>` itself. */
  table: HTMLTableElement;
  /** Replaces the rows (same columns, same sort), and the footer rows when given. */
  setRows(rows: R[], foot?: R[]): void;
  /** The rows in the order shown. */
  rows(): R[];
  /** Makes row `i` (of the order shown) the current row and focuses it. */
  focusRow(i: number): void;
}

/** The hook that saves an export; set once by the export module so this file has no API calls. */
let exporter: ((exp: TableExport, format: "xlsx" | "csv") => Promise<void>) | null = null;
/** Sets what the export buttons call. */
export function setExporter(f: (exp: TableExport, format: "xlsx" | "csv") => Promise<void>): void {
  exporter = f;
}

/** A number grouped in thousands in the current language (up to 3 decimals). */
export function grouped(v: number, decimals = 3): string {
  return v.toLocaleString(getLang() === "zh" ? "zh-CN" : "en-GB", { maximumFractionDigits: decimals });
}

const defaultText = (v: CellValue): string =>
  v === null || v === undefined || v === "" ? "—" : typeof v === "number" ? grouped(v) : v;

/** Compares two values: nothing last, numbers as numbers, text by the language's collation. */
export function compareValues(a: CellValue, b: CellValue): number {
  const none = (v: CellValue) => v === null || v === undefined || v === "";
  if (none(a) || none(b)) return none(a) === none(b) ? 0 : none(a) ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), getLang() === "zh" ? "zh-CN" : "en");
}

/** Makes a table. See the comment at the top of this file. */
export function table<R>(opts: TableOptions<R>): Table<R> {
  const cols = opts.columns;
  const valueOf = (c: Column<R>, r: R): CellValue =>
    c.value ? c.value(r) : ((r as Record<string, unknown>)[c.key] as CellValue);
  let data = opts.rows.slice();
  let shown: R[] = [];
  let sortKey: string | null = null;
  let sortDir: 1 | -1 = 1;
  let current = 0;

  const cls = (c: Column<R>) =>
    [c.num ? "num" : "", c.align && !c.num ? `align-${c.align}` : "", c.wrap ? "wrap" : "", c.className ?? ""]
      .filter(Boolean)
      .join(" ") || null;
  const sortable = (c: Column<R>) => c.sort !== false;

  const headRow = h("tr", {});
  for (const c of cols) {
    const th = h("th", { "data-col": c.key, class: cls(c), scope: "col" }, c.header);
    if (sortable(c)) {
      th.classList.add("sortable");
      th.tabIndex = -1;
      th.setAttribute("aria-sort", "none");
      const go = () => {
        if (sortKey === c.key) sortDir = sortDir === 1 ? -1 : 1;
        else {
          sortKey = c.key;
          sortDir = 1;
        }
        draw();
      };
      th.addEventListener("click", go);
      th.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          go();
        }
      });
    }
    headRow.appendChild(th);
  }
  const tbody = h("tbody");
  const tfoot = h("tfoot");
  let foot = opts.foot ?? [];
  const tableEl = h("table", { class: "list", id: opts.id }, h("thead", {}, headRow), tbody, tfoot);
  const box = h("div", { class: "table-box", style: opts.maxHeight ? `max-height:${opts.maxHeight}` : null }, tableEl);

  const exportBar = opts.export
    ? h(
        "span",
        { class: "export-buttons" },
        (["xlsx", "csv"] as const).map((f) =>
          h(
            "button",
            {
              type: "button",
              class: "export",
              "data-format": f,
              id: `${opts.id}-export-${f}`,
              title: tr(
                `导出为 ${f.toUpperCase()}（按当前筛选条件）`,
                `Export to ${f.toUpperCase()} (with the filters applied)`,
              ),
              onclick: () => {
                if (exporter && opts.export) void exporter(opts.export, f);
              },
            },
            tr(`导出 ${f.toUpperCase()}`, `Export ${f.toUpperCase()}`),
          ),
        ),
      )
    : null;
  const bar =
    exportBar || opts.tools
      ? h("div", { class: "toolbar table-tools" }, opts.tools ?? null, h("span", { class: "grow" }), exportBar)
      : null;
  const el = h("div", { class: "table-wrap", id: `${opts.id}-wrap` }, bar, box);

  function order(): R[] {
    const c = cols.find((x) => x.key === sortKey);
    if (!c) return data.slice();
    const cmp = typeof c.sort === "function" ? c.sort : (a: R, b: R) => compareValues(valueOf(c, a), valueOf(c, b));
    return data
      .map((r, i) => [r, i] as const)
      .sort((x, y) => sortDir * cmp(x[0], y[0]) || x[1] - y[1])
      .map((x) => x[0]);
  }

  function plainRow(r: R, link: boolean): HTMLTableRowElement {
    const tr_ = h(
      "tr",
      {
        "data-key": opts.rowKey ? opts.rowKey(r) : null,
        class: [link ? "link" : "", opts.rowClass?.(r) ?? ""].filter(Boolean).join(" ") || null,
      },
      cols.map((c) =>
        h(
          "td",
          {
            "data-col": c.key,
            class: [cls(c), c.cellClass?.(r)].filter(Boolean).join(" ") || null,
            title: c.cellTitle?.(r) || null,
          },
          c.cell ? c.cell(r) : (c.format ?? defaultText)(valueOf(c, r), r),
        ),
      ),
    );
    for (const [k, v] of Object.entries(opts.rowData?.(r) ?? {})) tr_.dataset[k] = v;
    return tr_;
  }

  function rowEl(r: R, i: number): HTMLTableRowElement {
    const tr_ = plainRow(r, !!opts.onOpen);
    tr_.dataset.index = String(i);
    tr_.tabIndex = i === current ? 0 : -1;
    if (opts.onOpen)
      tr_.addEventListener("click", () => {
        current = i;
        opts.onOpen!(r);
      });
    return tr_;
  }

  function draw(): void {
    const key = opts.rowKey && shown[current] !== undefined ? opts.rowKey(shown[current]) : null;
    shown = order();
    const again = key !== null && opts.rowKey ? shown.findIndex((r) => opts.rowKey!(r) === key) : -1;
    current = again >= 0 ? again : Math.min(current, Math.max(0, shown.length - 1));
    tbody.replaceChildren(
      ...(shown.length === 0
        ? [
            h(
              "tr",
              { class: "empty" },
              h("td", { colspan: cols.length, class: "muted" }, opts.empty ?? tr("没有记录", "Nothing to show")),
            ),
          ]
        : shown.map(rowEl)),
    );
    tfoot.replaceChildren(...foot.map((r) => plainRow(r, false)));
    for (const th of Array.from(headRow.children) as HTMLElement[]) {
      const on = th.dataset.col === sortKey;
      th.classList.toggle("sorted-asc", on && sortDir === 1);
      th.classList.toggle("sorted-desc", on && sortDir === -1);
      if (th.classList.contains("sortable"))
        th.setAttribute("aria-sort", on ? (sortDir === 1 ? "ascending" : "descending") : "none");
    }
    fit();
  }

  function focusRow(i: number): void {
    const trs = Array.from(tbody.querySelectorAll<HTMLTableRowElement>("tr[data-index]"));
    if (trs.length === 0) return;
    current = Math.max(0, Math.min(trs.length - 1, i));
    trs.forEach((t, j) => (t.tabIndex = j === current ? 0 : -1));
    trs[current].focus();
    trs[current].scrollIntoView({ block: "nearest" });
  }

  tbody.addEventListener("keydown", (e) => {
    const page = Math.max(1, Math.floor(box.clientHeight / 32) - 1);
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      Home: 0,
      End: shown.length - 1,
      PageDown: current + page,
      PageUp: current - page,
    };
    if (e.key in moves) {
      e.preventDefault();
      focusRow(moves[e.key]);
    } else if (
      e.key === "Enter" &&
      opts.onOpen &&
      shown[current] !== undefined &&
      e.target instanceof HTMLTableRowElement
    ) {
      e.preventDefault();
      opts.onOpen(shown[current]);
    }
  });
  tbody.addEventListener("focusin", (e) => {
    const t = (e.target as HTMLElement).closest("tr[data-index]") as HTMLElement | null;
    if (t) current = Number(t.dataset.index);
  });

  // Narrow windows: hide columns by priority while the table is wider than its box.
  const hideable = cols.filter((c) => c.hide !== undefined).sort((a, b) => (b.hide ?? 0) - (a.hide ?? 0));
  let lastWidth = -1;
  function fit(): void {
    fill();
    if (hideable.length === 0 || !box.isConnected) return;
    lastWidth = box.clientWidth;
    tableEl.querySelectorAll(".col-hidden").forEach((x) => x.classList.remove("col-hidden"));
    for (const c of hideable) {
      if (tableEl.scrollWidth <= box.clientWidth + 1) break;
      tableEl.querySelectorAll(`[data-col="${c.key}"]`).forEach((x) => x.classList.add("col-hidden"));
    }
  }
  // Without `maxHeight`, the box takes the height left in the page under it (at least 240 px),
  // so the header stays in view while the rows scroll.
  function fill(): void {
    const main = box.closest("main");
    if (opts.maxHeight || !main || !box.isConnected) return;
    const top = box.getBoundingClientRect().top - main.getBoundingClientRect().top + main.scrollTop;
    box.style.maxHeight = `${Math.max(240, main.clientHeight - top - 64)}px`;
  }
  if (typeof ResizeObserver !== "undefined") {
    new ResizeObserver(() => {
      if (box.clientWidth !== lastWidth) fit();
      fill();
    }).observe(box);
    const onResize = () => {
      if (!box.isConnected) window.removeEventListener("resize", onResize);
      else fill();
    };
    window.addEventListener("resize", onResize);
  }

  draw();
  return {
    el,
    table: tableEl,
    setRows(rows: R[], footRows?: R[]) {
      data = rows.slice();
      if (footRows) foot = footRows.slice();
      draw();
    },
    rows: () => shown.slice(),
    focusRow,
  };
}

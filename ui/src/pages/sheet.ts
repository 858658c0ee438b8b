// The month sheet (本月填报): one month of many cells on one grid — rows are cells, columns
// categories — typed by keyboard alone and saved in one transaction, or refused row by row.
// Its address holds the month and filters (#/sheet?month=2026-10&missing=1&area=…&kind=…).
import { api, isApiError } from "../api";
import { h, mount, toast } from "../dom";
import { showError } from "../errors";
import { clearGridErrors, showGridErrors } from "../fieldErrors";
import { addMonths, kgPlain, monthOf, sheetHash, sheetKey, sheetQuery } from "../format";
import { fieldText, getLang, name, tr } from "../i18n";
import { state } from "../state";
import type { ReportingArea, Sheet, SheetEntryInput, SheetRowInput } from "../types";
import { areaName, districtName } from "../places";
import { changed } from "../undo";

type Query = ReturnType<typeof sheetQuery>;

export async function sheetPage(main: HTMLElement, hash: string): Promise<void> {
  const q = sheetQuery(hash, addMonths(monthOf(new Date()), -1));
  const areas = await api.reportingAreas().catch(() => [] as ReportingArea[]);
  const errBox = h("div", { class: "grid-errors", id: "sheet-errors", role: "alert" });
  const gridBox = h("div", { id: "sheet" });
  mount(main, h("h1", { id: "sheet-title" }, tr("本月填报", "Month sheet")), filters(q, areas), gridBox, errBox);
  let sheet: Sheet;
  try {
    sheet = await api.monthSheet({
      month: q.month,
      area: q.area,
      kind: q.kind,
      missing: q.missing,
      page: q.page,
      page_size: 0,
    });
  } catch (e) {
    // A month that cannot be read or lies ahead shows why, and no grid to save.
    if (isApiError(e) && e.fields.length)
      mount(
        errBox,
        e.fields.map((f) => h("div", { "data-code": f.code }, fieldText(f))),
      );
    else showError(e);
    return;
  }
  grid(gridBox, errBox, sheet, q);
}

function filters(q: Query, areas: ReportingArea[]): HTMLElement {
  const month = h("input", { id: "sheet-month", value: q.month, placeholder: "YYYY-MM", style: "width:110px" });
  const area = h(
    "select",
    { id: "sheet-area" },
    h("option", { value: "" }, tr("全部区域", "All areas")),
    areas.map((a) => h("option", { value: a.code }, areaName(a.code, a.name))),
    (state.ref?.districts ?? []).map((d) => h("option", { value: d.code }, districtName(d.code))),
  );
  area.value = q.area;
  const kind = h(
    "select",
    { id: "sheet-kind" },
    h("option", { value: "" }, tr("全部类型", "All kinds")),
    (state.ref?.kinds ?? []).map((k) => h("option", { value: k.key }, name(k))),
  );
  kind.value = q.kind;
  const missing = h("input", { id: "sheet-missing", type: "checkbox" });
  missing.checked = q.missing;
  const go = () => {
    location.hash = sheetHash({
      month: month.value.trim(),
      area: area.value,
      kind: kind.value,
      missing: missing.checked,
    });
  };
  month.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      go();
    }
  });
  return h(
    "div",
    { class: "toolbar" },
    h("label", { for: "sheet-month" }, tr("月份", "Month")),
    month,
    h("label", { for: "sheet-area" }, tr("区域", "Area")),
    area,
    h("label", { for: "sheet-kind" }, tr("类型", "Kind")),
    kind,
    h("label", {}, missing, tr("只看未填报", "Not yet entered only")),
    h("button", { id: "sheet-load", onclick: go }, tr("载入", "Load")),
  );
}

function grid(box: HTMLElement, errBox: HTMLElement, sheet: Sheet, q: Query): void {
  const cols = sheet.columns;
  // Entry by bins or bags, per column, where a cell of the sheet has a size for it.
  const byBins = cols.map(() => false);
  const canBin = cols.map((_, c) => sheet.rows.some((r) => r.entries[c].container_g != null));
  const inputs: HTMLInputElement[][] = [];
  const shown: string[][] = [];
  const shownValue = (r: number, c: number): string => {
    const e = sheet.rows[r].entries[c];
    if (byBins[c]) return e.count != null ? String(e.count) : "";
    return e.generated_g != null ? kgPlain(e.generated_g) : "";
  };
  const fill = (c: number) => {
    sheet.rows.forEach((row, r) => {
      const e = row.entries[c];
      const el = inputs[r][c];
      el.value = shown[r][c] = shownValue(r, c);
      el.disabled = byBins[c] && e.container_g == null;
      el.classList.remove("bad", "copied");
      const last =
        e.last_g == null
          ? tr("上月无记录", "no record last month")
          : tr(`上月 ${kgPlain(e.last_g)} 千克`, `last month ${kgPlain(e.last_g)} kg`) +
            (e.last_count != null
              ? tr(
                  `（${e.last_count} ${cols[c].container === "bag" ? "袋" : "桶"}）`,
                  ` (${e.last_count} ${cols[c].container}s)`,
                )
              : "");
      const size =
        e.container_g != null
          ? tr(
              `；每${cols[c].container === "bag" ? "袋" : "桶"} ${kgPlain(e.container_g)} 千克`,
              `; ${kgPlain(e.container_g)} kg per ${cols[c].container}`,
            )
          : "";
      el.title = last + size;
      el.placeholder = byBins[c] ? (e.container_g == null ? "—" : tr("桶/袋数", "count")) : "";
    });
  };
  const save = async () => {
    clearGridErrors(box, errBox);
    box.querySelectorAll("tr.refused").forEach((el) => el.classList.remove("refused"));
    const rows: SheetRowInput[] = [];
    sheet.rows.forEach((row, r) => {
      const entries: SheetEntryInput[] = [];
      cols.forEach((col, c) => {
        const v = inputs[r][c].value;
        if (v.trim() === shown[r][c].trim()) return;
        entries.push({ category: col.key, generated: byBins[c] ? "" : v, bins: byBins[c] ? v : "" });
      });
      // An untouched row is not sent: it saves nothing.
      if (entries.length) rows.push({ row: row.row, cell: row.cell_id, entries });
    });
    try {
      const saved = await api.saveMonthSheet({ month: sheet.month, rows });
      // The whole sheet is one change: its toast offers 撤销/Undo, as a cell's save does.
      await changed(
        tr(
          `已保存 ${saved.month}：${saved.rows} 行，${saved.changed} 条记录`,
          `Saved ${saved.month}: ${saved.rows} rows, ${saved.changed} records`,
        ),
      );
      // Reload: with "not yet entered", the rows just saved leave the sheet.
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (e) {
      if (!isApiError(e) || !e.fields.length) {
        showError(e);
        return;
      }
      const refused = e.fields.map((f) => {
        const r = sheet.rows.findIndex((x) => x.row === f.row);
        const [cat] = f.field.includes(":") ? f.field.split(":") : [""];
        const c = cols.findIndex((x) => x.key === cat);
        if (r >= 0) box.querySelector(`tr[data-row="${f.row}"]`)?.classList.add("refused");
        const where = f.row != null ? tr(`第 ${f.row} 行：`, `Row ${f.row}: `) : "";
        return {
          input: r >= 0 && c >= 0 ? inputs[r][c] : null,
          line: h(
            "div",
            { class: "refusal", "data-row": f.row ?? "", "data-field": f.field, "data-code": f.code },
            where + fieldText(f),
          ),
        };
      });
      showGridErrors(
        box,
        errBox,
        refused,
        h("div", { id: "sheet-refused" }, tr("未保存，请改正以下各处：", "Nothing was saved. Correct these:")),
      );
    }
  };
  const copyLast = (r: number) => {
    cols.forEach((_, c) => {
      const e = sheet.rows[r].entries[c];
      const el = inputs[r][c];
      if (el.value.trim() !== "" || el.disabled) return;
      const v = byBins[c]
        ? e.last_count != null
          ? String(e.last_count)
          : ""
        : e.last_g != null
          ? kgPlain(e.last_g)
          : "";
      if (v) {
        el.value = v;
        el.classList.add("copied");
      }
    });
  };
  sheet.rows.forEach((row, r) => {
    inputs.push(
      cols.map((col, c) => {
        const el = h("input", {
          id: `s-${row.row}-${col.key}`,
          inputmode: "decimal",
          autocomplete: "off",
          "data-row": row.row,
          "data-cat": col.key,
          "aria-label": `${row.name} ${name(col)}`,
        });
        el.addEventListener("keydown", (e) => {
          const start = el.selectionStart ?? 0,
            end = el.selectionEnd ?? 0;
          if ((e.ctrlKey || e.metaKey) && (e.key === "d" || e.key === "D")) {
            e.preventDefault();
            copyLast(r);
            return;
          }
          const m = sheetKey(
            e.key,
            { shift: e.shiftKey, ctrl: e.ctrlKey || e.metaKey },
            { atStart: start === 0 && end === 0, atEnd: start === el.value.length },
            r,
            c,
            sheet.rows.length,
            cols.length,
          );
          if (m.kind === "none") return;
          e.preventDefault();
          if (m.kind === "move") inputs[m.row][m.col].focus();
          else void save();
        });
        return el;
      }),
    );
    shown.push(cols.map(() => ""));
  });
  cols.forEach((_, c) => fill(c));
  const head = cols.map((col, c) =>
    h(
      "th",
      { class: "num" },
      name(col),
      tr("（千克）", " (kg)"),
      canBin[c]
        ? h(
            "label",
            { class: "bins-toggle" },
            h("input", {
              type: "checkbox",
              id: `bins-${col.key}`,
              onchange: (e: Event) => {
                byBins[c] = (e.target as HTMLInputElement).checked;
                fill(c);
              },
            }),
            cols[c].container === "bag" ? tr("按袋", "bags") : tr("按桶", "bins"),
          )
        : null,
    ),
  );
  const pages = Math.max(1, Math.ceil(sheet.total / sheet.page_size));
  const pageLink = (p: number, label: string) =>
    h(
      "button",
      {
        disabled: p < 1 || p > pages,
        onclick: () => {
          location.hash = sheetHash({ ...q, page: p });
        },
      },
      label,
    );
  mount(
    box,
    h(
      "div",
      { class: "toolbar" },
      // Nothing to save or copy on a sheet with no rows ("all entered"): no buttons to press.
      sheet.rows.length > 0
        ? h(
            "button",
            { class: "primary", id: "sheet-save", onclick: () => void save() },
            tr("保存（Ctrl+S）", "Save (Ctrl+S)"),
          )
        : null,
      sheet.rows.length > 0
        ? h(
            "button",
            { id: "sheet-copy-all", onclick: () => sheet.rows.forEach((_, r) => copyLast(r)) },
            tr("空格全部抄上月", "Copy last month into every empty cell"),
          )
        : null,
      h(
        "span",
        { class: "muted", id: "sheet-info" },
        tr(
          `${sheet.month}：共 ${sheet.total} 个细胞${q.missing ? "（未填报）" : ""}；Tab、方向键、Enter 在格间移动，Ctrl+D 本行抄上月，Ctrl+S 保存；留空不保存。`,
          `${sheet.month}: ${sheet.total} cells${q.missing ? " (not yet entered)" : ""}. Tab, arrow keys and Enter move between cells, Ctrl+D copies last month into the row, Ctrl+S saves; empty cells save nothing.`,
        ),
      ),
    ),
    sheet.rows.length === 0
      ? h(
          "p",
          { class: "muted", id: "sheet-empty" },
          q.missing
            ? tr("本月所有细胞都已填报。", "Every cell has entered this month.")
            : tr("没有符合条件的细胞。", "No cells match."),
        )
      : h(
          "div",
          { class: "sheet-scroll" },
          h(
            "table",
            { class: "grid sheet", id: "sheet-grid" },
            h(
              "thead",
              {},
              h("tr", {}, h("th", {}, tr("行", "Row")), h("th", {}, tr("细胞", "Cell")), h("th", {}, ""), head),
            ),
            h(
              "tbody",
              {},
              sheet.rows.map((row, r) =>
                h(
                  "tr",
                  { "data-row": row.row, "data-cell": row.cell_id },
                  h("td", { class: "num rowno" }, String(row.row)),
                  h(
                    "td",
                    { class: "cat" },
                    row.name,
                    h(
                      "small",
                      { class: "muted" },
                      ` ${getLang() === "zh" ? row.kind_zh : row.kind_en} · ${districtName(row.district, row.district_name)}`,
                    ),
                  ),
                  h(
                    "td",
                    {},
                    h(
                      "button",
                      {
                        class: "copy",
                        id: `copy-${row.row}`,
                        tabindex: -1,
                        title: tr(
                          `抄 ${sheet.last_month} 的数值到本行空格`,
                          `Copy ${sheet.last_month} into this row's empty cells`,
                        ),
                        onclick: () => copyLast(r),
                      },
                      tr("抄上月", "Copy last month"),
                    ),
                  ),
                  inputs[r].map((el) => h("td", {}, el)),
                ),
              ),
            ),
          ),
        ),
    pages > 1
      ? h(
          "div",
          { class: "pager" },
          pageLink(sheet.page - 1, tr("上一页", "Previous")),
          ` ${sheet.page}/${pages} `,
          pageLink(sheet.page + 1, tr("下一页", "Next")),
        )
      : null,
  );
  inputs[0]?.find((el) => !el.disabled)?.focus();
}

// The home page (工作台): what needs doing today, most urgent first, each item opening what it
// is about; the cells by kind and status per area; and this year's key figures against their
// targets, each with a small chart. Everything comes from one core call (api.home).
import { api } from "../api";
import { h, mount } from "../dom";
import { getLang, label, statusLabel, t, tr } from "../i18n";
import { state } from "../state";
import { table } from "../table";
import { STATUSES, type AreaCells, type KeyFigure, type TodoItem } from "../types";
import { subjectHash } from "./alerts";
import { areaName } from "../places";

/** Where a to-do item leads: the month sheet of the cells missing figures, the one alert's
 * subject, or the alerts of its kind. */
export function todoHash(item: TodoItem): string {
  if (item.kind === "missing_records") return `#/sheet?month=${item.month ?? ""}&missing=1`;
  if (item.only) return subjectHash(item.only);
  return `#/alerts?kind=${encodeURIComponent(item.kind)}`;
}

function todoText(item: TodoItem): string {
  if (item.kind === "missing_records") {
    return tr(
      `本月未填报：${item.count} 个细胞没有 ${item.month} 的数据`,
      `Not reported this month: ${item.count} ${item.count === 1 ? "cell has" : "cells have"} no figures for ${item.month}`,
    );
  }
  const what = label("alert_kind", item.kind);
  if (item.only) return `${what}${tr("：", ": ")}${item.only.subject}`;
  return tr(`${what}：${item.count} 条`, `${what}: ${item.count}`);
}

const pct = (v: number | null) => (v === null ? "—" : `${v.toFixed(1)}%`);

/** A small bar chart of a figure's months, with the target as a dashed line when there is one. */
function miniChart(f: KeyFigure): SVGElement {
  const NS = "http://www.w3.org/2000/svg";
  const el = (tag: string, a: Record<string, string | number>) => {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(a)) e.setAttribute(k, String(v));
    return e;
  };
  const w = 240,
    hgt = 64,
    bw = Math.max(4, Math.floor(w / Math.max(1, f.series.length)) - 4);
  const max = Math.max(100, f.target ?? 0, ...f.series.map((m) => m.value ?? 0));
  const y = (v: number) => hgt - 12 - (hgt - 16) * (v / max);
  const svg = el("svg", { width: w, height: hgt, viewBox: `0 0 ${w} ${hgt}`, role: "img", class: "mini-chart" });
  f.series.forEach((m, i) => {
    const x = i * (bw + 4);
    if (m.value !== null) {
      const ok = f.target === null || m.value >= f.target;
      svg.appendChild(
        el("rect", {
          x,
          y: y(m.value),
          width: bw,
          height: Math.max(1, y(0) - y(m.value)),
          fill: ok ? "#2e7d4f" : "#9cc7ad",
        }),
      );
    }
    const tx = el("text", { x: x + bw / 2, y: hgt - 1, "font-size": 8, "text-anchor": "middle", fill: "#5f6b66" });
    tx.textContent = String(Number(m.month.slice(5)));
    svg.appendChild(tx);
  });
  if (f.target !== null)
    svg.appendChild(
      el("line", { x1: 0, x2: w, y1: y(f.target), y2: y(f.target), stroke: "#b3261e", "stroke-dasharray": "4 3" }),
    );
  return svg;
}

function figureCard(f: KeyFigure): HTMLElement {
  const lang = getLang();
  const cls = f.value === null || f.target === null ? "" : f.value >= f.target ? " ahead" : " behind";
  return h(
    "div",
    { class: `card figure${cls}`, "data-key": f.key, title: lang === "zh" ? f.formula_zh : f.formula_en },
    h("div", {}, h("strong", {}, lang === "zh" ? f.name_zh : f.name_en)),
    h("div", { class: "value" }, pct(f.value)),
    h(
      "div",
      { class: "muted target" },
      f.target === null ? tr("未设目标", "no target set") : tr(`目标 ${f.target}%`, `target ${f.target}%`),
    ),
    miniChart(f),
    h("div", { class: "muted" }, `${f.from} ~ ${f.to}`),
  );
}

export async function homePage(main: HTMLElement): Promise<void> {
  const home = await api.home();
  const lang = getLang();
  const kindName = (k: string) => state.kindName(k, lang);
  // One row per area and kind: its cells by status, the area's total and how many lack last
  // month's figures.
  type Row = { area: AreaCells; kind: string };
  const rows: Row[] = home.areas.flatMap((a) =>
    [...new Set(a.counts.map((c) => c.kind))].map((kind) => ({ area: a, kind })),
  );
  const count = (r: Row, s: string) => r.area.counts.find((c) => c.kind === r.kind && c.status === s)?.count ?? null;
  const kindTotal = (r: Row) => r.area.counts.filter((c) => c.kind === r.kind).reduce((n, c) => n + c.count, 0);
  mount(
    main,
    h("h1", {}, t("nav_home"), h("small", { class: "muted" }, ` ${home.today}`)),
    h(
      "section",
      { id: "home-todo" },
      h("h2", {}, tr("今日待办", "To do today")),
      home.todo.length === 0
        ? h("p", { class: "muted", id: "todo-empty" }, tr("今天没有待办事项", "Nothing needs doing today"))
        : h(
            "ul",
            { class: "todo" },
            home.todo.map((item) =>
              h(
                "li",
                { "data-kind": item.kind },
                h("span", { class: `badge urgency-${item.urgency}` }, label("urgency", item.urgency)),
                " ",
                h("a", { href: todoHash(item), class: "todo-link", "data-kind": item.kind }, todoText(item)),
              ),
            ),
          ),
      h(
        "p",
        {},
        h(
          "a",
          { href: "#/alerts", id: "home-all-alerts" },
          tr(`查看全部预警（${home.open_alerts} 条未处理）`, `All alerts (${home.open_alerts} open)`),
        ),
      ),
    ),
    h(
      "section",
      { id: "home-figures" },
      h("h2", {}, tr("年度关键指标", "Key figures this year")),
      h("div", { class: "home-grid" }, home.figures.map(figureCard)),
    ),
    h(
      "section",
      { id: "home-areas" },
      h("h2", {}, tr("各区域无废细胞", "Cells by area")),
      rows.length === 0
        ? h(
            "p",
            { class: "muted" },
            tr("还没有无废细胞。", "No cells yet."),
            " ",
            h("a", { href: "#/cells/new" }, t("new_cell")),
          )
        : table<Row>({
            id: "home-areas-table",
            columns: [
              { key: "area", header: t("f_area"), value: (r) => areaName(r.area.code, r.area.name) },
              { key: "kind", header: t("col_kind"), value: (r) => kindName(r.kind) },
              ...STATUSES.map((s) => ({
                key: s,
                header: statusLabel(s),
                num: true,
                value: (r: Row) => count(r, s),
                format: (v: unknown) => (v === null ? "" : String(v)),
              })),
              { key: "total", header: tr("合计", "Total"), num: true, value: (r) => kindTotal(r) },
              {
                key: "missing",
                header: tr(`${home.last_month} 未填报（区域）`, `No figures ${home.last_month} (area)`),
                num: true,
                value: (r) => r.area.missing_last_month,
              },
            ],
            rows,
            rowKey: (r) => `${r.area.code}/${r.kind}`,
            rowData: (r) => ({ area: r.area.code, kind: r.kind }),
            maxHeight: "420px",
          }).el,
    ),
  );
}

// The Reports page: a reduction and resource-use report for the city, a reporting area, a cell
// kind or one cell, over a month, quarter or year. The core builds the report (off the
// window's thread, with a progress bar meanwhile); the page draws it — figures with their
// formula, baseline, target and completeness, tables (table.ts), charts (SVG) and notes — and
// saves it as PDF, XLSX, CSV or JSON to a path the clerk chooses. Print prints the preview
// (window.print; the navigation and the tools are left off the paper).
import { api } from "../api";
import type { SummaryFigure as Figure } from "../bindings/SummaryFigure";
import type { OutputFormat } from "../bindings/OutputFormat";
import type { PeriodKind } from "../bindings/PeriodKind";
import type { Scope } from "../bindings/Scope";
import type { Section } from "../bindings/Section";
import type { Spec } from "../bindings/Spec";
import type { SummaryReport } from "../bindings/SummaryReport";
import type { Table as ReportTable } from "../bindings/Table";
import type { Value } from "../bindings/Value";
import { debounce, h, mount, toast } from "../dom";
import { showError } from "../errors";
import { joinPath } from "../exporting";
import { getLang, tr } from "../i18n";
import { state } from "../state";
import { table } from "../table";
import { reportChart } from "./reportChart";

/** A number as every output of a report shows it: fixed decimals, thousands grouped (`1,234.50`). */
export function fmtNumber(v: number, decimals: number): string {
  const s = Math.abs(v).toLocaleString("en-US", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: true,
  });
  return (v < 0 && !/^[0.,]+$/.test(s) ? "-" : "") + s;
}

/** A value with its unit: `38.64%`, `1,234.5 t` (as the PDF prints it). */
export function withUnit(v: number, decimals: number, unit: string): string {
  const n = fmtNumber(v, decimals);
  if (!unit) return n;
  return unit === "%" || unit === "‰" ? `${n}${unit}` : `${n} ${unit}`;
}

const pick = (zh: string, en: string) => (getLang() === "en" ? en : zh);

/** The page's choices, kept while the window is open. */
const chosen = {
  scope: "city" as Scope["kind"],
  id: "",
  period: "year" as PeriodKind,
  year: new Date().getFullYear() - 1,
  sub: 1,
  path: "",
};
let shownReport: SummaryReport | null = null;

function specOf(): Spec {
  const scope: Scope = chosen.scope === "city" ? { kind: "city" } : { kind: chosen.scope, id: chosen.id };
  const month = chosen.period === "year" ? 1 : chosen.period === "quarter" ? (chosen.sub - 1) * 3 + 1 : chosen.sub;
  return { scope, period: chosen.period, start: `${chosen.year}-${String(month).padStart(2, "0")}` };
}

function select(id: string, options: [string, string][], value: string, onchange: (v: string) => void) {
  const s = h(
    "select",
    { id, onchange: () => onchange(s.value) },
    options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)),
  ) as HTMLSelectElement;
  s.value = value;
  return s;
}

function labelled(text: string, forId: string, control: HTMLElement): HTMLElement {
  return h("label", { class: "inline-field", for: forId }, h("span", { class: "muted" }, text), " ", control);
}

export async function reportsPage(main: HTMLElement): Promise<void> {
  const areas = await api.reportingAreas();
  const kinds = state.ref?.kinds ?? [];
  const scopeItem = h("span", { id: "rep-scope-item" });
  const subBox = h("span", { id: "rep-sub-box" });
  const progress = h(
    "div",
    { id: "rep-progress", class: "toolbar", style: "display:none", role: "status" },
    h("progress", { id: "rep-progress-bar" }),
    h("span", { id: "rep-progress-text", class: "muted" }),
  );
  const preview = h("div", { id: "rep-preview", class: "report-preview" });
  const pathInput = h("input", {
    id: "rep-path",
    size: 48,
    autocomplete: "off",
    spellcheck: "false",
    value: chosen.path,
  }) as HTMLInputElement;
  pathInput.addEventListener("change", () => {
    chosen.path = pathInput.value.trim();
  });
  const saveBar = h(
    "div",
    { id: "rep-save", class: "toolbar no-print", style: "display:none" },
    labelled(tr("保存到（文件路径）", "Save to (file path)"), "rep-path", pathInput),
    (["pdf", "xlsx", "csv", "json"] as OutputFormat[]).map((f) =>
      h(
        "button",
        { type: "button", id: `rep-save-${f}`, onclick: () => void save(f) },
        tr(`保存 ${f.toUpperCase()}`, `Save ${f.toUpperCase()}`),
      ),
    ),
    h("button", { type: "button", id: "rep-print", onclick: () => window.print() }, tr("打印", "Print")),
  );

  function drawScopeItem(): void {
    if (chosen.scope === "city") return mount(scopeItem);
    if (chosen.scope === "area") {
      if (!areas.some((a) => a.code === chosen.id)) chosen.id = areas[0]?.code ?? "";
      return mount(
        scopeItem,
        select(
          "rep-scope-id",
          areas.map((a) => [a.code, a.name]),
          chosen.id,
          (v) => (chosen.id = v),
        ),
      );
    }
    if (chosen.scope === "kind") {
      if (!kinds.some((k) => k.key === chosen.id)) chosen.id = kinds[0]?.key ?? "";
      return mount(
        scopeItem,
        select(
          "rep-scope-id",
          kinds.map((k) => [k.key, pick(k.name_zh, k.name_en)]),
          chosen.id,
          (v) => (chosen.id = v),
        ),
      );
    }
    // One cell: its name typed, with the matching cells offered as it is typed.
    const list = h("datalist", { id: "rep-cell-list" });
    const input = h("input", {
      id: "rep-scope-id",
      list: "rep-cell-list",
      value: chosen.id,
      placeholder: tr("细胞名称或信用代码", "Cell name or credit code"),
      autocomplete: "off",
    }) as HTMLInputElement;
    const offer = debounce(async (q: string) => {
      try {
        const page = await api.listCells({ q, kind: "", district: "", status: "", page: 1, page_size: 30 });
        mount(
          list,
          page.rows.map((c) => h("option", { value: c.name })),
        );
      } catch (e) {
        showError(e);
      }
    }, 200);
    input.addEventListener("input", () => {
      chosen.id = input.value.trim();
      offer(chosen.id);
    });
    offer(chosen.id);
    mount(scopeItem, input, list);
  }

  function drawSub(): void {
    if (chosen.period === "year") return mount(subBox);
    const n = chosen.period === "quarter" ? 4 : 12;
    chosen.sub = Math.min(chosen.sub, n);
    mount(
      subBox,
      select(
        "rep-sub",
        Array.from({ length: n }, (_, i) => [
          String(i + 1),
          chosen.period === "quarter"
            ? tr(`第${i + 1}季度`, `Q${i + 1}`)
            : tr(`${i + 1}月`, new Date(2000, i, 1).toLocaleString("en-GB", { month: "long" })),
        ]),
        String(chosen.sub),
        (v) => (chosen.sub = Number(v)),
      ),
    );
  }

  const yearInput = h("input", {
    id: "rep-year",
    type: "number",
    min: 2000,
    max: 2100,
    value: chosen.year,
    style: "width:80px",
  }) as HTMLInputElement;
  yearInput.addEventListener("change", () => (chosen.year = Number(yearInput.value)));

  async function build(): Promise<void> {
    const spec = specOf();
    const started = performance.now();
    const text = progress.querySelector("#rep-progress-text")!;
    progress.style.display = "";
    const tick = () => {
      const s = ((performance.now() - started) / 1000).toFixed(1);
      text.textContent = tr(`正在生成报表…（已用 ${s} 秒）`, `Building the report… (${s} s)`);
    };
    tick();
    const timer = setInterval(tick, 250);
    buildButton.disabled = true;
    try {
      const r = await api.reportSummary(spec);
      shownReport = r;
      drawReport(preview, r);
      saveBar.style.display = "";
      if (!chosen.path) chosen.path = joinPath(await api.exportDir().catch(() => "."), fileName(r, "pdf"));
      pathInput.value = chosen.path;
    } catch (e) {
      showError(e);
    } finally {
      clearInterval(timer);
      progress.style.display = "none";
      buildButton.disabled = false;
    }
  }

  async function save(format: OutputFormat): Promise<void> {
    const r = shownReport;
    if (!r) return;
    let path = pathInput.value.trim() || fileName(r, format);
    path = path.replace(/\.(pdf|xlsx|csv|json)$/i, "") + `.${format}`;
    pathInput.value = path;
    chosen.path = path;
    const button = document.getElementById(`rep-save-${format}`) as HTMLButtonElement | null;
    if (button) button.disabled = true;
    try {
      const bytes = await api.reportSummarySave(r.spec, format, getLang(), path);
      document.getElementById("rep-saved")?.remove();
      saveBar.after(
        h(
          "p",
          { id: "rep-saved", class: "muted no-print", "data-path": path, "data-format": format },
          tr(`已保存到 ${path}（${bytes} 字节）`, `Saved to ${path} (${bytes} bytes)`),
        ),
      );
      toast(tr("报表已保存", "Report saved"));
    } catch (e) {
      showError(e);
    } finally {
      if (button) button.disabled = false;
    }
  }

  const buildButton = h(
    "button",
    { type: "submit", class: "primary", id: "rep-build" },
    tr("生成报表", "Build report"),
  ) as HTMLButtonElement;
  const form = h(
    "form",
    { class: "toolbar no-print", id: "rep-form" },
    labelled(
      tr("范围", "Scope"),
      "rep-scope",
      select(
        "rep-scope",
        [
          ["city", tr("全市", "City")],
          ["area", tr("汇总口径", "Reporting area")],
          ["kind", tr("细胞类型", "Cell kind")],
          ["cell", tr("单个细胞", "One cell")],
        ],
        chosen.scope,
        (v) => {
          chosen.scope = v as Scope["kind"];
          chosen.id = "";
          drawScopeItem();
        },
      ),
    ),
    scopeItem,
    labelled(
      tr("统计期", "Period"),
      "rep-period",
      select(
        "rep-period",
        [
          ["month", tr("月", "Month")],
          ["quarter", tr("季度", "Quarter")],
          ["year", tr("年", "Year")],
        ],
        chosen.period,
        (v) => {
          chosen.period = v as PeriodKind;
          drawSub();
        },
      ),
    ),
    labelled(tr("年份", "Year"), "rep-year", yearInput),
    subBox,
    buildButton,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void build();
  });
  drawScopeItem();
  drawSub();
  mount(main, h("h1", { class: "no-print" }, tr("报表", "Reports")), form, progress, saveBar, preview);
  if (shownReport) {
    drawReport(preview, shownReport);
    saveBar.style.display = "";
  }
}

/** The file name proposed: `减量化与资源化利用报表-长春市-2025年.pdf`. */
function fileName(r: SummaryReport, format: string): string {
  const base = pick(
    `减量化与资源化利用报表-${r.scope_zh}-${r.period.label_zh}`,
    `reduction-report-${r.scope_en}-${r.period.label_en}`,
  );
  return `${base.replace(/[\\/:*?"<>|\s]+/g, "-")}.${format}`;
}

function figureCard(f: Figure, r: SummaryReport): HTMLElement {
  const unit = pick(f.unit_zh, f.unit_en);
  const missing = pick(f.missing_zh, f.missing_en);
  const formula = pick(f.formula_zh, f.formula_en);
  const value =
    f.value === null
      ? tr("未计算", "Not computed") + (missing ? tr(`：${missing}`, `: ${missing}`) : "")
      : withUnit(f.value, f.decimals, unit);
  const lines: string[] = [];
  if (f.baseline !== null) lines.push(tr("基准年同期 ", "Baseline ") + withUnit(f.baseline, f.decimals, unit));
  if (f.target) {
    const met =
      f.target.met === true ? tr("，已达到", ", met") : f.target.met === false ? tr("，未达到", ", not met") : "";
    const source = getLang() === "en" && f.target.source_en ? f.target.source_en : f.target.source;
    const src = source ? tr(`（${source}）`, ` (${source})`) : "";
    lines.push(tr("目标 ", "Target ") + withUnit(f.target.value, f.decimals, unit) + met + src);
  }
  const settings = f.settings.map((s) => `${pick(s.label_zh, s.label_en)}${tr("：", ": ")}${s.value}`);
  return h(
    "div",
    {
      class: `card report-figure${f.value === null ? " missing" : ""}`,
      "data-key": f.key,
      title: formula,
    },
    h("div", { class: "muted" }, pick(f.label_zh, f.label_en)),
    h("div", { class: "report-value", "data-value": f.value === null ? "" : String(f.value) }, value),
    lines.length ? h("div", { class: "report-compare" }, lines.join(tr("；", "; "))) : null,
    h(
      "div",
      { class: "report-detail muted" },
      [
        `${tr("公式", "Formula")}${tr("：", ": ")}${formula}`,
        `${tr("统计期", "Period")}${tr("：", ": ")}${pick(r.period.label_zh, r.period.label_en)}`,
        settings.length ? `${tr("参数", "Settings")}${tr("：", ": ")}${settings.join(tr("；", "; "))}` : "",
        missing && f.value !== null ? `${tr("不完整", "Incomplete")}${tr("：", ": ")}${missing}` : "",
      ]
        .filter(Boolean)
        .join(" · "),
    ),
  );
}

function valueOf(v: Value | undefined): string | number | null {
  if (!v) return null;
  switch (v.t) {
    case "text":
      return v.v;
    case "label":
      return pick(v.v.zh, v.v.en);
    case "number":
      return v.v;
    default:
      return null;
  }
}

function reportTable(t: ReportTable, si: number, ti: number): HTMLElement {
  const rows = t.rows.map((r, i) => ({ i, r }));
  const numeric = t.columns.map(
    (_, c) => t.rows.length > 0 && t.rows.every((r) => r[c]?.t === "number" || r[c]?.t === "missing"),
  );
  const tbl = table<{ i: number; r: Value[] }>({
    id: `rep-table-${t.key}`,
    columns: t.columns.map((c, ci) => ({
      key: c.key,
      header: c.unit
        ? `${pick(c.title_zh, c.title_en)}${tr(`（${c.unit}）`, ` (${c.unit})`)}`
        : pick(c.title_zh, c.title_en),
      num: numeric[ci],
      value: (row) => valueOf(row.r[ci]),
      format: (v) =>
        v === null || v === undefined || v === "" ? "—" : typeof v === "number" ? fmtNumber(v, c.decimals) : v,
      hide: ci > 1 && !numeric[ci] ? ci : undefined,
    })),
    rows,
    rowKey: (row) => `${si}-${ti}-${row.i}`,
    maxHeight: "420px",
    empty: tr("（无数据）", "(no data)"),
  });
  return h("div", { class: "report-table" }, h("h3", {}, pick(t.title_zh, t.title_en)), tbl.el);
}

function drawSection(s: Section, i: number, r: SummaryReport): HTMLElement {
  const notes = getLang() === "en" ? s.notes_en : s.notes_zh;
  return h(
    "section",
    { class: "report-section", "data-key": s.key },
    h("h2", {}, getLang() === "en" ? `${i + 1}. ${s.title_en}` : s.title_zh),
    s.figures.length
      ? h(
          "div",
          { class: "report-figures" },
          s.figures.map((f) => figureCard(f, r)),
        )
      : null,
    s.tables.map((t, ti) => reportTable(t, i, ti)),
    s.charts.map((c) =>
      h(
        "figure",
        { class: "report-chart-box" },
        h("figcaption", {}, pick(c.title_zh, c.title_en) + (c.unit ? tr(`（${c.unit}）`, ` (${c.unit})`) : "")),
        reportChart(c, fmtNumber),
      ),
    ),
    notes.map((n) => h("p", { class: "muted report-note" }, tr("注：", "Note: ") + n)),
  );
}

/** Draws a built report into `box`. */
export function drawReport(box: HTMLElement, r: SummaryReport): void {
  const complete = getLang() === "en" ? r.completeness_en : r.completeness_zh;
  const period = (p: SummaryReport["period"]) =>
    `${pick(p.label_zh, p.label_en)}${tr(`（${p.from} 至 ${p.to}）`, ` (${p.from} to ${p.to})`)}`;
  const facts: [string, string][] = [
    [tr("统计范围", "Scope"), pick(r.scope_zh, r.scope_en)],
    [tr("统计期", "Period"), period(r.period)],
    [tr("基准期", "Baseline period"), r.baseline ? period(r.baseline) : tr("未设基准年", "No baseline year set")],
    [tr("数据截至", "Data as of"), r.as_of],
    [tr("生成时间", "Built at"), r.built_at],
    [tr("完整性", "Completeness"), complete.length ? complete.join("\n") : tr("数据完整", "Complete")],
  ];
  mount(
    box,
    h("h1", { id: "rep-title" }, pick(r.title_zh, r.title_en)),
    h(
      "dl",
      { class: "report-facts" },
      facts.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
    ),
    r.sections.length
      ? r.sections.map((s, i) => drawSection(s, i, r))
      : h("p", { class: "muted" }, tr("本报表没有内容。", "This report has no sections.")),
  );
}

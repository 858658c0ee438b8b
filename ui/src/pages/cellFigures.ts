// A cell's figures: the household recycling and resource-use rates with their formulas, the
// reduction of each waste stream against the baseline year (the months compared, the months
// missing on either side, and an "incomplete" mark while any are), and the activity figures
// per year that the per-capita figures divide by, with the cell's kg per bin or bag.
import { api } from "../api";
import { h, mount, toast } from "../dom";
import { showError } from "../errors";
import { inUnit, kgPlain, mass, massUnit, pct } from "../format";
import { table } from "../table";
import { getLang, name, t, tr } from "../i18n";
import { state } from "../state";
import type { Cell, CellRates } from "../types";
import type { StreamReduction } from "../bindings/StreamReduction";
import type { Denominator } from "../bindings/Denominator";
import { barChart } from "./chart";

/** The name of the figure the cell form's 人数/户数 stands for: the first one the kind divides
 * household waste by (师生人数 for a school), else people or households. */
export function formFigureName(kind: string, denominator: string): string {
  const ref = state.ref;
  const first = ref?.denominators.find(
    (d) => d.kind === kind && ref.streams.some((x) => x.key === d.stream && x.household),
  );
  const fig = first ? ref?.activity_kinds.find((a) => a.key === first.figure) : undefined;
  return fig ? name(fig) : denominator === "households" ? t("f_headcount_households") : t("f_headcount_headcount");
}

const num = (v: number | null | undefined, digits = 3): string => (v == null ? "—" : v.toFixed(digits));

function incompleteMark(): HTMLElement {
  return h("span", { class: "badge incomplete" }, tr("不完整", "incomplete"));
}

function denominatorRows(d: Denominator): HTMLElement {
  const unit = getLang() === "zh" ? d.unit_zh : d.unit_en;
  const fig = (y: number | null, v: number | null) =>
    y == null ? tr("未录入", "not entered") : `${y}: ${num(v, 0)} ${unit}`;
  const perDay = d.per_day
    ? h("td", { class: "num" }, `${num(d.period_kg_per_unit_day)} / ${num(d.baseline_kg_per_unit_day)}`)
    : h("td", { class: "num" }, "—");
  return h(
    "tr",
    {},
    h("td", {}, name(d)),
    h("td", {}, fig(d.period_year, d.period_value)),
    h("td", {}, fig(d.baseline_year, d.baseline_value)),
    h("td", { class: "num" }, `${num(d.period_kg_per_unit)} / ${num(d.baseline_kg_per_unit)}`),
    perDay,
    h("td", { class: "num" }, pct(d.change_pct)),
  );
}

function streamCard(s: StreamReduction): HTMLElement {
  const lang = getLang();
  const sep = lang === "zh" ? "、" : ", ";
  const change = `${mass(s.change_g)} (${pct(s.change_pct)})`;
  return h(
    "div",
    { class: "card stream", id: `reduction-${s.stream}`, "data-complete": String(s.complete) },
    h("h3", {}, name(s), " ", s.complete ? null : incompleteMark()),
    h(
      "p",
      {},
      tr(
        `本期 ${mass(s.period_g)}，${s.baseline_year} 年同月 ${mass(s.baseline_g)}，变化 `,
        `Period ${mass(s.period_g)}, same months of ${s.baseline_year} ${mass(s.baseline_g)}, change `,
      ),
      h("strong", { class: s.change_g <= 0 ? "down" : "up", id: `reduction-${s.stream}-pct` }, change),
      s.complete
        ? null
        : h(
            "span",
            { class: "muted" },
            tr(
              `（不完整：只比较了 ${s.months_compared.length} 个月）`,
              ` (incomplete: ${s.months_compared.length} months compared)`,
            ),
          ),
    ),
    h(
      "p",
      { class: "muted" },
      tr("比较的月份：", "Months compared: "),
      s.months_compared.length ? s.months_compared.join(sep) : "—",
    ),
    s.period_missing.length
      ? h(
          "p",
          { class: "missing", id: `reduction-${s.stream}-period-missing` },
          tr("本期缺少记录的月份：", "Period months with no records: "),
          s.period_missing.join(sep),
        )
      : null,
    s.baseline_missing.length
      ? h(
          "p",
          { class: "missing", id: `reduction-${s.stream}-baseline-missing` },
          tr("基准年缺少记录的月份：", "Baseline months with no records: "),
          s.baseline_missing.join(sep),
        )
      : null,
    s.denominators.length
      ? h(
          "table",
          { class: "list" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", {}, tr("分母", "Denominator")),
              h("th", {}, tr("本期所用", "Period figure")),
              h("th", {}, tr("基准所用", "Baseline figure")),
              h("th", { class: "num" }, tr("单位产生量 kg 本期/基准", "kg per unit, period/baseline")),
              h("th", { class: "num" }, tr("日均 kg 本期/基准", "kg per unit per day, period/baseline")),
              h("th", { class: "num" }, tr("变化", "Change")),
            ),
          ),
          h("tbody", {}, s.denominators.map(denominatorRows)),
        )
      : h(
          "p",
          { class: "muted" },
          tr("此类型未设此废物流的分母（设置 → 细胞类型）", "No denominator set for this stream and kind"),
        ),
    h("p", { class: "formula" }, lang === "zh" ? s.formula_zh : s.formula_en),
  );
}

type MonthRow = CellRates["months"][number];

/** The household figures month by month, in tonnes when any month reaches a tonne. */
function monthTable(r: CellRates, cell: string, period: { from: string; to: string }): HTMLElement {
  const unit = massUnit(r.months.flatMap((m) => [m.household_generated_g, m.household_recovered_g]));
  const u = unit === "t" ? tr("（吨）", " (t)") : tr("（千克）", " (kg)");
  const mass = (k: string, header: string, v: (m: MonthRow) => number) => ({
    key: k,
    header: header + u,
    num: true,
    value: v,
    format: (g: unknown) => inUnit(g as number, unit),
  });
  return table<MonthRow>({
    id: "rates-table",
    columns: [
      { key: "month", header: t("month") },
      mass("generated", tr("生活垃圾产生量", "Household waste generated"), (m) => m.household_generated_g),
      mass("recycled", tr("回收利用量", "Recycled"), (m) => m.household_recovered_g),
      {
        key: "recycling_rate",
        header: t("recycling_rate"),
        num: true,
        value: (m) => m.recycling_rate,
        format: (v) => pct(v as number | null),
      },
    ],
    rows: r.months,
    rowKey: (m) => m.month,
    maxHeight: "50vh",
    export: {
      file: tr("细胞指标", "cell-rates"),
      spec: () => ({ list: "rates", cell, from: period.from, to: period.to }),
    },
  }).el;
}

/** The rates section of the cell page, over an editable period. */
export async function ratesSection(box: HTMLElement, cell: Cell, period: { from: string; to: string }): Promise<void> {
  const lang = getLang();
  const fromIn = h("input", { id: "rates-from", value: period.from, style: "width:100px" });
  const toIn = h("input", { id: "rates-to", value: period.to, style: "width:100px" });
  const out = h("div", {});
  const compute = async () => {
    period.from = fromIn.value.trim();
    period.to = toIn.value.trim();
    let r: CellRates;
    try {
      r = await api.cellRates(cell.id, period.from, period.to);
    } catch (e) {
      showError(e);
      return;
    }
    const hh = r.household;
    const sep = lang === "zh" ? "、" : ", ";
    mount(
      out,
      h(
        "div",
        { class: "kpis" },
        h(
          "div",
          { class: "kpi" },
          h("div", { class: "v", id: "recycling-rate" }, pct(hh.recycling_rate)),
          h("div", { class: "l" }, t("recycling_rate"), " · ", t("target", { t: hh.recycling_target_pct })),
        ),
        h(
          "div",
          { class: "kpi" },
          h("div", { class: "v", id: "resource-rate" }, pct(hh.resource_rate)),
          h(
            "div",
            { class: "l" },
            tr("生活垃圾资源化利用率", "Household waste resource-use rate"),
            " · ",
            t("target", { t: hh.resource_target_pct }),
          ),
        ),
      ),
      hh.months_missing.length && hh.months_with_records.length
        ? h(
            "p",
            { class: "missing" },
            tr("生活垃圾缺少记录的月份：", "Months with no household-waste records: "),
            hh.months_missing.join(sep),
          )
        : null,
      h(
        "p",
        { class: "formula", id: "recycling-formula" },
        lang === "zh" ? hh.recycling_formula_zh : hh.recycling_formula_en,
      ),
      h(
        "p",
        { class: "formula", id: "resource-formula" },
        lang === "zh" ? hh.resource_formula_zh : hh.resource_formula_en,
      ),
      hh.warnings.length
        ? h(
            "ul",
            { class: "warnings", id: "recovery-warnings" },
            hh.warnings.map((w) =>
              h(
                "li",
                {},
                tr(
                  `${w.month} ${w.name_zh} 的回收利用/堆肥量 ${mass(w.recovered_g)} 不计入回收利用率`,
                  `${w.month} ${w.name_en}: ${mass(w.recovered_g)} recycled/composted does not count toward the recycling rate`,
                ),
              ),
            ),
          )
        : null,
      h("h3", {}, t("reduction")),
      r.reduction.length
        ? h("div", { id: "reduction" }, r.reduction.map(streamCard))
        : h(
            "p",
            { class: "muted" },
            r.reduction_note
              ? t("no_baseline")
              : tr("本期和基准年都没有记录", "No records in the period or the baseline year"),
          ),
      r.months.length
        ? [
            h(
              "div",
              { class: "chart" },
              h("div", { class: "muted" }, t("monthly_rate")),
              barChart(
                r.months.map((m) => ({ label: m.month.slice(2), value: m.recycling_rate ?? 0 })),
                hh.recycling_target_pct,
              ),
            ),
            monthTable(r, cell.id, period),
          ]
        : h("p", { class: "muted" }, t("no_records")),
    );
  };
  const onEnter = (e: KeyboardEvent) => {
    if (e.key === "Enter") void compute();
  };
  fromIn.addEventListener("keydown", onEnter);
  toIn.addEventListener("keydown", onEnter);
  mount(
    box,
    h(
      "div",
      { class: "toolbar" },
      `${t("period")}${tr("：", ": ")}${t("from")}`,
      fromIn,
      t("to"),
      toIn,
      h("button", { id: "rates-compute", onclick: () => void compute() }, t("recompute")),
    ),
    out,
  );
  await compute();
}

/** The activity figures of the cell per year, and its own kg per bin or bag. */
export async function figuresSection(box: HTMLElement, cell: Cell, onChange: () => Promise<void>): Promise<void> {
  const ref = state.ref!;
  const figs = await api.cellFigures(cell.id);
  const sizes = await api.containerSizes(cell.id);
  const yearIn = h("input", { id: "fig-year", placeholder: "2024", style: "width:70px", inputmode: "numeric" });
  const kindIn = h(
    "select",
    { id: "fig-kind" },
    ref.activity_kinds.map((k) =>
      h("option", { value: k.key }, tr(`${k.name_zh}（${k.unit_zh}）`, `${k.name_en} (${k.unit_en})`)),
    ),
  );
  const valueIn = h("input", {
    id: "fig-value",
    placeholder: tr("数值", "value"),
    style: "width:100px",
    inputmode: "decimal",
  });
  const sourceIn = h("input", {
    id: "fig-source",
    placeholder: tr("来源（如 人事报表）", "source"),
    style: "width:180px",
  });
  const save = async () => {
    try {
      await api.saveCellFigures(cell.id, [
        { year: yearIn.value, figure: kindIn.value, value: valueIn.value, source: sourceIn.value },
      ]);
      toast(t("saved"));
      await figuresSection(box, cell, onChange);
      await onChange();
    } catch (e) {
      showError(e);
    }
  };
  const catIn = h(
    "select",
    { id: "bin-category" },
    ref.categories.filter((c) => !c.retired).map((c) => h("option", { value: c.key }, name(c))),
  );
  const binIn = h("input", { id: "bin-kg", placeholder: "kg", style: "width:80px", inputmode: "decimal" });
  const saveBin = async () => {
    try {
      await api.setContainer(cell.id, catIn.value, binIn.value);
      toast(t("saved"));
      await figuresSection(box, cell, onChange);
    } catch (e) {
      showError(e);
    }
  };
  const own = sizes.filter((s) => s.container_g != null);
  mount(
    box,
    figs.length
      ? h(
          "table",
          { class: "list", id: "figures-table" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", {}, tr("年份", "Year")),
              h("th", {}, tr("活动数据", "Figure")),
              h("th", { class: "num" }, tr("数值", "Value")),
              h("th", {}, tr("来源", "Source")),
            ),
          ),
          h(
            "tbody",
            {},
            figs.map((f) =>
              h(
                "tr",
                {},
                h("td", {}, String(f.year)),
                h("td", {}, name(f)),
                h("td", { class: "num" }, `${f.value} ${getLang() === "zh" ? f.unit : f.unit_en}`),
                h("td", {}, f.source || "—"),
              ),
            ),
          ),
        )
      : h(
          "p",
          { class: "muted" },
          tr(
            "尚未录入活动数据（人数、户数、产值等），人均等指标无法计算。",
            "No activity figures yet (people, households, output …): per-unit figures cannot be computed.",
          ),
        ),
    h(
      "div",
      { class: "toolbar" },
      yearIn,
      kindIn,
      valueIn,
      sourceIn,
      h("button", { id: "fig-save", onclick: () => void save() }, t("save")),
      h("span", { class: "muted" }, tr("数值留空则删除该年数据", "An empty value removes that year's figure")),
    ),
    h(
      "div",
      { class: "toolbar" },
      tr("每桶（袋）公斤数：", "kg per bin (bag): "),
      catIn,
      binIn,
      h("button", { id: "bin-save", onclick: () => void saveBin() }, t("save")),
      h(
        "span",
        { class: "muted", id: "bin-sizes" },
        own
          .map((s) => {
            const c = ref.categories.find((k) => k.key === s.category);
            return `${c ? name(c) : s.category} ${kgPlain(s.container_g!)} kg${s.own ? "" : tr("（默认）", " (default)")}`;
          })
          .join(getLang() === "zh" ? "；" : "; "),
      ),
    ),
  );
}

// Construction waste, resource use and supervision: the two rates (资源化利用率, 综合利用率)
// with the denominator they used, facility input per product line and sites' declarations;
// the supervision figures (联单闭环率, 联单覆盖率, counts by transporter and site, monthly
// totals); facility kinds and the categories each accepts.
import { api } from "../api";
import { h, mount, toast } from "../dom";
import { showError } from "../errors";
import { label, tr } from "../i18n";
import { labelsOf } from "../labels";
import { group } from "../format";
import { table, type Column } from "../table";
import type { LoadCounts, RateRow, Supervision } from "../types";
import { needsRegisters } from "./construction/common";
import { districtName } from "../places";

type Monthly = Supervision["monthly"][number];

const NOTES: Record<string, [string, string]> = {
  v2_mass: ["由产品量折算（投入 = 产品量）", "derived from the product mass (input = mass)"],
  v2_mass_85: ["由产品量折算（投入 = 产品量 × 85%）", "derived from the product mass (input = 85% of the mass)"],
};
const CATS = (): [string, string, string][] => labelsOf("cw_category").map((l) => [l.key, l.zh, l.en]);
const PRODUCTS = (): [string, string, string][] => labelsOf("product").map((l) => [l.key, l.zh, l.en]);
const KINDS = (): [string, string, string][] => labelsOf("facility_kind").map((l) => [l.key, l.zh, l.en]);
const catName = (k: string) => label("cw_category", k);
const kindName = (k: string) => label("facility_kind", k);
const t3 = (x: number) => group(x, 3);
const pct = (x: number | null) => (x === null ? "—" : `${x.toFixed(1)}%`);
const ym = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;

/** A period picker (first and last month) with a button. */
function period(id: string, run: () => void): { from: HTMLInputElement; to: HTMLInputElement; bar: HTMLElement } {
  const now = new Date();
  const from = h("input", {
    id: `${id}-from`,
    value: ym(new Date(now.getFullYear(), now.getMonth() - 11, 1)),
    style: "width:100px",
  });
  const to = h("input", { id: `${id}-to`, value: ym(now), style: "width:100px" });
  const bar = h(
    "div",
    { class: "toolbar" },
    from,
    "—",
    to,
    h("button", { id: `${id}-run`, onclick: () => run() }, tr("计算", "Compute")),
  );
  return { from, to, bar };
}

export async function constructionUseView(box: HTMLElement, view: string): Promise<void> {
  if (view === "supervision") return supervisionView(box);
  if (view === "facilities") return facilitiesView(box);
  return rateView(box);
}

async function rateView(box: HTMLElement): Promise<void> {
  const out = h("div", {});
  const by = h(
    "select",
    { id: "cw-rate-by" },
    [
      ["district", tr("按区划", "By district")],
      ["site", tr("按工地", "By site")],
      ["facility", tr("按设施", "By facility")],
    ].map(([v, l]) => h("option", { value: v }, l)),
  );
  const run = async () => {
    try {
      const r = await api.cwRate(by.value, p.from.value, p.to.value);
      const name = (x: RateRow) =>
        x.key === "total"
          ? tr("合计", "Total")
          : x.key === "unallocated"
            ? tr("未能分摊（设施期内无接收）", "Not allocated (no intake in the period)")
            : districtName(x.key, x.name);
      const t = (k: string, header: string, v: (x: RateRow) => number | null, hide?: number): Column<RateRow> => ({
        key: k,
        header,
        num: true,
        value: v,
        format: (n) => (n == null ? "—" : t3(n as number)),
        hide,
      });
      const rates = table<RateRow>({
        id: "cw-rate-table",
        columns: [
          { key: "name", header: tr("名称", "Name"), value: name },
          t("generated", tr("产生量（吨）", "Generated (t)"), (x) => (x.basis === "none" ? null : x.generated_t)),
          {
            key: "fallback",
            header: tr("其中接收量代替（吨）", "Intake stands in (t)"),
            num: true,
            value: (x) => x.intake_fallback_t,
            hide: 2,
            cell: (x) =>
              x.intake_fallback_t > 0
                ? h(
                    "span",
                    { class: "badge revoked", title: tr("未申报，以设施接收量代替", "not declared: intake stands in") },
                    t3(x.intake_fallback_t),
                  )
                : "",
          },
          t("intake", tr("设施接收量（吨）", "Facility intake (t)"), (x) => x.intake_t, 3),
          t("material", tr("资源化利用量（吨）", "Into building materials (t)"), (x) => x.building_material_t),
          t(
            "backfill",
            tr("回填、生态修复（吨）", "Backfill, restoration (t)"),
            (x) => x.backfill_t + x.restoration_t,
            1,
          ),
          t(
            "onsite",
            tr("现场利用、土方平衡（吨）", "On site, earthwork balance (t)"),
            (x) => x.reused_on_site_t + x.balanced_t,
            1,
          ),
          {
            key: "resource_rate",
            header: tr("资源化利用率", "Resource-use rate"),
            num: true,
            className: "rate-resource",
            value: (x) => x.resource_rate,
            format: (v) => pct(v as number | null),
          },
          {
            key: "comprehensive_rate",
            header: tr("综合利用率", "Comprehensive rate"),
            num: true,
            className: "rate-comprehensive",
            value: (x) => x.comprehensive_rate,
            format: (v) => pct(v as number | null),
          },
        ],
        rows: r.rows,
        foot: [r.total],
        rowKey: (x) => x.key,
        rowClass: (x) => (x.basis === "intake" ? "fallback" : undefined),
        export: {
          file: tr("建筑垃圾利用率", "resource-use"),
          spec: () => ({ list: "resource_use", by: by.value, from: p.from.value, to: p.to.value }),
        },
      });
      mount(
        out,
        h(
          "p",
          { id: "cw-rate-basis", class: r.fallback_site_months > 0 ? "alert" : "muted" },
          tr("产生量口径：", "Denominator: "),
          tr(r.basis_zh, r.basis_en),
        ),
        rates.el,
        h("p", { class: "formula", id: "cw-formula-resource" }, tr(r.resource_formula_zh, r.resource_formula_en)),
        h(
          "p",
          { class: "formula", id: "cw-formula-comprehensive" },
          tr(r.comprehensive_formula_zh, r.comprehensive_formula_en),
        ),
        await ledgerTables(p.from.value, p.to.value),
        h(
          "p",
          { class: "formula" },
          r.densities.length === 0
            ? tr(
                "密度：未使用（申报均以吨计，设施接收量为过磅吨数）。",
                "Densities: none used (declarations in tonnes; intake is weighed in tonnes).",
              )
            : [
                tr("申报折算密度（吨/立方米）：", "Densities of declarations in m³ (t/m³): "),
                r.densities.map(([k, d]) => `${catName(k)} ${d}`).join(tr("，", ", ")),
              ],
        ),
      );
    } catch (e) {
      showError(e);
    }
  };
  const p = period("cw-rate", () => void run());
  p.bar.prepend(by);
  const regs = await api.cwRegisters();
  const m = ym(new Date());
  const outForm =
    regs.facilities.length === 0
      ? needsRegisters(["facility"], "cw-output-needs")
      : h(
          "form",
          { class: "card toolbar", id: "cw-output-form" },
          h(
            "strong",
            {},
            tr("设施月度投入（吨建筑垃圾；可写“投入/产品量”）", "Facility input (t of waste; or “input/product mass”)"),
            tr("：", ": "),
          ),
          h(
            "select",
            { name: "facility" },
            regs.facilities.map((f) => h("option", { value: f.id }, f.name)),
          ),
          h("input", { name: "month", value: m, style: "width:90px" }),
          ...PRODUCTS().map(([k, zh, en]) =>
            h("input", { name: k, placeholder: tr(zh, en), inputmode: "decimal", style: "width:100px" }),
          ),
          h("button", { type: "submit" }, tr("保存投入", "Save input")),
        );
  outForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = (k: string) => (outForm.querySelector(`[name="${k}"]`) as HTMLInputElement).value;
    const pairs = PRODUCTS()
      .map(([k]) => k)
      .filter((k) => v(k).trim() !== "")
      .map((k) => [k, v(k)] as [string, string]);
    try {
      await api.cwOutput(v("facility"), v("month"), pairs);
      toast(tr("已保存", "Saved"));
      await run();
    } catch (err) {
      showError(err);
    }
  });
  const decForm =
    regs.sites.length === 0
      ? needsRegisters(["site"], "cw-declare-needs")
      : h(
          "form",
          { class: "card toolbar", id: "cw-declare-form" },
          h("strong", {}, tr("工地月度申报", "Site declaration"), tr("：", ": ")),
          h(
            "select",
            { name: "site" },
            regs.sites.map((s) => h("option", { value: s.id }, s.name)),
          ),
          h("input", { name: "month", value: m, style: "width:90px" }),
          h(
            "select",
            { name: "category" },
            CATS().map((c) => h("option", { value: c[0] }, tr(c[1], c[2]))),
          ),
          h("select", { name: "unit" }, h("option", { value: "t" }, "t"), h("option", { value: "m3" }, "m³")),
          h("input", {
            name: "generated",
            placeholder: tr("产生量", "Generated"),
            inputmode: "decimal",
            style: "width:90px",
          }),
          h("input", {
            name: "reused",
            placeholder: tr("现场利用", "Reused on site"),
            inputmode: "decimal",
            style: "width:90px",
          }),
          h("input", {
            name: "balanced",
            placeholder: tr("土方平衡", "Earthwork balance"),
            inputmode: "decimal",
            style: "width:110px",
          }),
          h("button", { type: "submit" }, tr("保存申报", "Save declaration")),
        );
  decForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = (k: string) => (decForm.querySelector(`[name="${k}"]`) as HTMLInputElement).value;
    try {
      await api.cwDeclare({
        site: v("site"),
        month: v("month"),
        category: v("category"),
        unit: v("unit"),
        generated: v("generated"),
        reused: v("reused"),
        balanced: v("balanced"),
      });
      toast(tr("已保存申报", "Declaration saved"));
      await run();
    } catch (err) {
      showError(err);
    }
  });
  mount(box, p.bar, out, decForm, outForm);
  await run();
}

/** The period's declarations and facility input, as recorded. */
async function ledgerTables(from: string, to: string): Promise<HTMLElement> {
  const [ds, os] = await Promise.all([api.cwDeclarations(from, to), api.cwOutputs(from, to)]);
  const t = <R>(k: string, header: string, v: (x: R) => number | null): Column<R> => ({
    key: k,
    header,
    num: true,
    value: v,
    format: (n) => (n == null ? "" : t3((n as number) / 1e6)),
  });
  type D = (typeof ds)[number];
  type O = (typeof os)[number];
  return h(
    "details",
    { id: "cw-use-records" },
    h(
      "summary",
      {},
      tr(
        `期内申报 ${ds.length} 条，设施投入 ${os.length} 条`,
        `${ds.length} declarations and ${os.length} input lines in the period`,
      ),
    ),
    table<D>({
      id: "cw-declarations",
      rows: ds,
      maxHeight: "50vh",
      columns: [
        { key: "month", header: tr("月份", "Month") },
        { key: "site", header: tr("工地", "Site") },
        { key: "category", header: tr("类别", "Category"), value: (d) => catName(d.category) },
        t<D>("generated", tr("产生（吨）", "Generated (t)"), (d) => d.generated_g),
        t<D>("reused", tr("现场利用（吨）", "On site (t)"), (d) => d.reused_g),
        t<D>("balanced", tr("土方平衡（吨）", "Earthwork balance (t)"), (d) => d.balanced_g),
        {
          key: "density",
          header: tr("密度（吨/立方米）", "Density (t/m³)"),
          num: true,
          hide: 1,
          value: (d) => d.density_kg_m3,
          format: (v) => (v == null ? "" : t3((v as number) / 1000)),
        },
      ],
    }).el,
    table<O>({
      id: "cw-outputs",
      rows: os,
      maxHeight: "50vh",
      columns: [
        { key: "month", header: tr("月份", "Month") },
        { key: "facility", header: tr("设施", "Facility") },
        { key: "product", header: tr("产品线", "Product line"), value: (o) => label("product", o.product) },
        t<O>("input", tr("投入建筑垃圾（吨）", "Waste input (t)"), (o) => o.input_g),
        t<O>("product_mass", tr("产品量（吨）", "Product mass (t)"), (o) => o.product_g),
        {
          key: "note",
          header: tr("说明", "Note"),
          hide: 1,
          value: (o) => (NOTES[o.note] ? tr(NOTES[o.note][0], NOTES[o.note][1]) : o.note),
        },
      ],
    }).el,
  );
}

async function supervisionView(box: HTMLElement): Promise<void> {
  const out = h("div", {});
  const counts = (id: string, title: string, rows: LoadCounts[], total: LoadCounts) => {
    const n = (k: keyof LoadCounts, header: string, hide?: number): Column<LoadCounts> => ({
      key: k,
      header,
      num: true,
      hide,
      value: (c) => c[k] as number,
    });
    return h(
      "div",
      {},
      h("h2", {}, title),
      table<LoadCounts>({
        id,
        rows,
        foot: [total],
        rowKey: (c) => c.key,
        maxHeight: "50vh",
        columns: [
          {
            key: "name",
            header: tr("名称", "Name"),
            value: (c) => (c === total ? tr("合计", "Total") : districtName(c.key, c.name)),
          },
          n("dispatched", tr("出车", "Dispatched")),
          n("closed", tr("关闭", "Closed")),
          {
            key: "closure_rate",
            header: tr("闭环率", "Closure"),
            num: true,
            value: (c) => c.closure_rate,
            format: (v) => pct(v as number | null),
          },
          n("overdue", tr("超时", "Overdue"), 1),
          n("discrepancy", tr("量差", "Discrepancy"), 1),
          n("refused", tr("拒收", "Refused"), 1),
          n("overload", tr("超载", "Overload"), 1),
        ],
      }).el,
    );
  };
  const run = async () => {
    try {
      const s = await api.cwSupervision(p.from.value, p.to.value);
      mount(
        out,
        h(
          "div",
          { class: "card", id: "cw-sup-headline" },
          h(
            "p",
            {},
            h("strong", {}, tr("联单闭环率 ", "Manifest closure rate ")),
            h("span", { id: "cw-closure" }, pct(s.total.closure_rate)),
            tr(
              `（已关闭 ${s.total.closed} ÷ 已出车 ${s.total.dispatched}）`,
              ` (${s.total.closed} closed of ${s.total.dispatched} dispatched)`,
            ),
          ),
          h("p", { class: "formula" }, tr(s.closure_formula_zh, s.closure_formula_en)),
          h(
            "p",
            {},
            h("strong", {}, tr("联单覆盖率 ", "Manifest coverage ")),
            h("span", { id: "cw-coverage" }, pct(s.coverage_rate)),
            s.coverage_rate === null
              ? tr("（期内没有工地申报）", " (no site declared in the period)")
              : tr(
                  `（联单量 ${t3(s.manifested_t)} 吨 ÷ 申报应运出 ${t3(s.declared_outflow_t)} 吨，${s.declared_site_months} 个工地·月）`,
                  ` (${t3(s.manifested_t)} t under manifests of ${t3(s.declared_outflow_t)} t declared to leave, ${s.declared_site_months} site-months)`,
                ),
          ),
          h("p", { class: "formula" }, tr(s.coverage_formula_zh, s.coverage_formula_en)),
          h(
            "p",
            { class: "muted" },
            tr(
              `超时时限 ${s.overdue_hours} 小时；量差允许 ±${s.tolerance_pct}%`,
              `Overdue after ${s.overdue_hours} h; tolerance ±${s.tolerance_pct}%`,
            ),
            s.densities.length
              ? [
                  tr("；立方米联单按设置密度折算：", "; loads in m³ converted with the set densities: "),
                  s.densities.map(([k, d]) => `${catName(k)} ${d}`).join(tr("，", ", ")),
                ]
              : "",
          ),
        ),
        counts("cw-sup-transporters", tr("按运输单位", "By transporter"), s.by_transporter, s.total),
        counts("cw-sup-sites", tr("按工地", "By site"), s.by_site, s.total),
        h("h2", {}, tr("按月份、区划、类别", "By month, district and category")),
        table<Monthly>({
          id: "cw-sup-monthly",
          rows: s.monthly,
          maxHeight: "60vh",
          columns: [
            { key: "month", header: tr("月份", "Month") },
            {
              key: "district",
              header: tr("区划", "District"),
              value: (m) => districtName(m.district, m.district_name || m.district),
            },
            { key: "category", header: tr("类别", "Category"), value: (m) => catName(m.category) },
            { key: "loads", header: tr("车次", "Loads"), num: true },
            {
              key: "declared",
              header: tr("申报（吨）", "Declared (t)"),
              num: true,
              value: (m) => m.declared_t,
              format: (v) => t3(v as number),
            },
            {
              key: "received",
              header: tr("接收（吨）", "Received (t)"),
              num: true,
              value: (m) => m.received_t,
              format: (v) => t3(v as number),
            },
          ],
        }).el,
      );
    } catch (e) {
      showError(e);
    }
  };
  const p = period("cw-sup", () => void run());
  mount(box, p.bar, out);
  await run();
}

async function facilitiesView(box: HTMLElement): Promise<void> {
  const fs = await api.cwFacilities();
  const rows = fs.map((f) => {
    const kind = h(
      "select",
      { name: "kind" },
      KINDS().map(([k, zh, en]) => h("option", { value: k, selected: f.kind === k }, tr(zh, en))),
    );
    const boxes = CATS().map(([k, zh, en]) =>
      h(
        "label",
        { class: "check" },
        h("input", { type: "checkbox", name: k, checked: f.accepts.includes(k) }),
        tr(zh, en),
      ),
    );
    const save = async (accepts: string) => {
      try {
        await api.cwSetFacility(f.id, kind.value, accepts);
        toast(tr("已保存", "Saved"));
        await facilitiesView(box);
      } catch (e) {
        showError(e);
      }
    };
    return h(
      "tr",
      { "data-facility": f.name },
      h("td", {}, f.name),
      h("td", {}, kind),
      h("td", {}, boxes),
      h("td", {}, f.default_accepts ? h("span", { class: "muted" }, tr("类型默认", "kind's default")) : ""),
      h(
        "td",
        {},
        h(
          "button",
          {
            class: "save",
            onclick: () =>
              void save(
                CATS()
                  .map(([k]) => k)
                  .filter(
                    (k) =>
                      (
                        boxes
                          .find((b) => b.querySelector("input")!.name === k)!
                          .querySelector("input") as HTMLInputElement
                      ).checked,
                  )
                  .join(","),
              ),
          },
          tr("保存", "Save"),
        ),
        h("button", { class: "reset", onclick: () => void save("") }, tr("恢复类型默认", "Kind's default")),
      ),
    );
  });
  mount(
    box,
    h(
      "p",
      { class: "muted" },
      tr(
        "设施只接收所列类别；运往不接收该类别设施的联单列入预警。",
        "A facility takes only the categories ticked; a load sent to a facility that does not take its category is an alert.",
      ),
    ),
    h(
      "table",
      { class: "list", id: "cw-facility-kinds" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          [tr("设施", "Facility"), tr("类型", "Kind"), tr("接收类别", "Accepted categories"), "", ""].map((x) =>
            h("th", {}, x),
          ),
        ),
      ),
      h(
        "tbody",
        {},
        rows.length
          ? rows
          : h("tr", {}, h("td", { colspan: 5, class: "muted" }, tr("尚未登记设施", "No facilities yet"))),
      ),
    ),
    h(
      "p",
      { class: "muted" },
      tr("类型：", "Kinds: "),
      KINDS()
        .map(([k]) => kindName(k))
        .join(tr("、", ", ")),
    ),
  );
}

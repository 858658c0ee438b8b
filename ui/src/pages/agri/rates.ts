// Rates per area with their formulas: film and packaging recovery and coverage (a rate over
// 100 % is flagged with the estimate's basis), and the straw utilisation rate charted against
// its target.
import { api } from "../../api";
import { h, mount } from "../../dom";
import { tr } from "../../i18n";
import { table } from "../../table";
import type { AgriRateRow } from "../../types";
import { barChart } from "../chart";
import { pctOf, tOf, districtName } from "./common";

export async function ratesView(
  box: HTMLElement,
  year = String(new Date().getFullYear()),
  by = "township",
): Promise<void> {
  const y = Number(year);
  const [r, straw] = await Promise.all([
    api.agriRates({ by, from: `${year}-01-01`, to: `${year}-12-31`, district: "" }),
    api.agriStrawRates("", y, false),
  ]);
  const yearBox = h("input", { id: "agri-rates-year", value: year, size: 6 }) as HTMLInputElement;
  const bySel = h(
    "select",
    { id: "agri-rates-by" },
    [
      ["township", tr("按乡镇", "By township")],
      ["district", tr("按区县", "By district")],
      ["point", tr("按站点", "By point")],
    ].map(([k, l]) => h("option", { value: k, selected: k === by }, l)),
  ) as HTMLSelectElement;
  const go = () => void ratesView(box, yearBox.value, bySel.value);
  bySel.addEventListener("change", go);
  yearBox.addEventListener("keydown", (e) => {
    if (e.key === "Enter") go();
  });
  const target = straw[0]?.target ?? 90;
  mount(
    box,
    h(
      "div",
      { class: "toolbar" },
      tr("年份 ", "Year "),
      yearBox,
      bySel,
      h("button", { onclick: go }, tr("计算", "Compute")),
    ),
    table<AgriRateRow>({
      id: "agri-rates",
      export: {
        file: tr("农业废弃物回收率", "agri-rates"),
        spec: () => ({
          list: "agri_rates",
          query: { by, from: `${year}-01-01`, to: `${year}-12-31`, district: "" },
        }),
      },
      rows: r.rows,
      rowKey: (x) => `${x.district}-${x.name}`,
      empty: tr("本期没有数据", "No figures in this period"),
      columns: [
        { key: "district", header: tr("区县", "District"), value: (x) => districtName(x.district) },
        {
          key: "name",
          header: by === "point" ? tr("站点", "Point") : tr("乡镇", "Township"),
          // The core names the row of points with no township "（未指定乡镇）".
          value: (x) => (x.name === "（未指定乡镇）" ? tr(x.name, "(no township)") : x.name || "—"),
        },
        {
          key: "film_rate",
          header: tr("农膜回收率", "Film recovery"),
          num: true,
          value: (x) => x.film_rate,
          format: (v) => pctOf(v as number),
        },
        {
          key: "film_recovered",
          header: tr("农膜回收（吨）", "Film recovered (t)"),
          num: true,
          value: (x) => x.film_recovered_g,
          format: (v) => tOf(v as number),
          hide: 3,
        },
        {
          key: "pkg_rate",
          header: tr("农药包装回收率", "Packaging recovery"),
          num: true,
          value: (x) => x.pkg_rate,
          cell: (x) =>
            h(
              "span",
              {
                class: x.warnings.length ? "badge revoked" : "",
                title: x.warnings.map((w) => tr(w.message_zh, w.message_en)).join(" "),
              },
              pctOf(x.pkg_rate),
            ),
        },
        {
          key: "pkg_recovered",
          header: tr("包装回收（吨）", "Packaging recovered (t)"),
          num: true,
          value: (x) => x.pkg_recovered_g,
          format: (v) => tOf(v as number),
          hide: 2,
        },
        {
          key: "coverage",
          header: tr("覆盖率", "Coverage"),
          num: true,
          value: (x) => x.coverage,
          format: (v) => pctOf(v as number),
          hide: 1,
        },
      ],
    }).el,
    h(
      "div",
      { id: "agri-formulas", class: "muted" },
      r.formulas.map(([zh, en]) => h("p", {}, tr(zh, en))),
    ),
    h("h2", {}, tr(`秸秆综合利用率（目标 ${target}%）`, `Straw utilisation rate (target ${target}%)`)),
    straw.length
      ? barChart(
          straw.map((s) => ({ label: districtName(s.district), value: s.rate ?? 0 })),
          target,
        )
      : h("p", { class: "muted" }, tr("本年没有秸秆数据", "No straw figures this year")),
    h("p", { id: "agri-straw-formula", class: "muted" }, straw[0] ? tr(straw[0].formula[0], straw[0].formula[1]) : ""),
  );
}

// The resource-use rate (建筑垃圾综合利用率) by district, site or facility, with its formula
// and densities, and the form of a facility's monthly output.
import { api } from "../../api";
import { h, mount, toast } from "../../dom";
import { showError } from "../../errors";
import { tr } from "../../i18n";
import { catName } from "./common";

export async function rateView(box: HTMLElement): Promise<void> {
  const now = new Date();
  const m = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
  const from = h("input", { id: "cw-rate-from", value: m(new Date(now.getFullYear(), now.getMonth() - 11, 1)), style: "width:100px" });
  const to = h("input", { id: "cw-rate-to", value: m(now), style: "width:100px" });
  const by = h("select", { id: "cw-rate-by" }, [["district", tr("按区划", "By district")], ["site", tr("按工地", "By site")], ["facility", tr("按设施", "By facility")]].map(([v, l]) => h("option", { value: v }, l)));
  const out = h("div", {});
  const run = async () => {
    try {
      const r = await api.cwRate(by.value, from.value, to.value);
      const pct = (x: number | null) => (x === null ? "—" : `${x.toFixed(1)}%`);
      mount(out, h("table", { class: "list", id: "cw-rate-table" },
        h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", { class: "num" }, tr("产生量（吨）", "Generated (t)")), h("th", { class: "num" }, tr("再生利用量（吨）", "Reused (t)")), h("th", { class: "num" }, tr("综合利用率", "Rate")))),
        h("tbody", {}, [...r.rows, r.total].map((x) => h("tr", {}, h("td", {}, x.key === "total" ? tr("合计", "Total") : x.name), h("td", { class: "num" }, x.generated_t.toFixed(1)), h("td", { class: "num" }, x.reused_t.toFixed(1)), h("td", { class: "num" }, pct(x.rate)))))),
        h("p", { class: "formula" }, tr(r.formula_zh, r.formula_en)),
        h("p", { class: "formula" }, tr("密度（吨/立方米）：", "Densities (t/m³): "), r.densities.map(([k, d]) => `${catName(k)} ${d}`).join("，")));
    } catch (e) { showError(e); }
  };
  const regs = await api.cwRegisters();
  const outForm = h("form", { class: "card toolbar", id: "cw-output-form" },
    h("strong", {}, tr("设施月度产出（吨）：", "Facility output (t): ")),
    h("select", { name: "facility" }, regs.facilities.filter((f) => f.detail === "recycling").map((f) => h("option", { value: f.id }, f.name))),
    h("input", { name: "month", value: m(now), style: "width:90px" }),
    ...[["aggregate", "再生骨料", "Aggregate"], ["brick", "再生砖", "Bricks"], ["backfill", "回填料", "Backfill"], ["other", "其他", "Other"], ["landfill", "填埋", "Landfill"]].map(([k, zh, en]) =>
      h("input", { name: k, placeholder: tr(zh, en), inputmode: "decimal", style: "width:90px" })),
    h("button", { type: "submit" }, tr("保存产出", "Save output")));
  outForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = (k: string) => (outForm.querySelector(`[name="${k}"]`) as HTMLInputElement).value;
    const pairs = ["aggregate", "brick", "backfill", "other", "landfill"].filter((k) => v(k).trim() !== "").map((k) => [k, v(k)] as [string, string]);
    try { await api.cwOutput(v("facility"), v("month"), pairs); toast(tr("已保存", "Saved")); await run(); } catch (err) { showError(err); }
  });
  mount(box, h("div", { class: "toolbar" }, by, from, "—", to, h("button", { onclick: () => void run() }, tr("计算", "Compute"))), out, outForm);
  await run();
}

// The registers: sites, transporters, vehicles (with rated payload and box volume) and
// facilities, each with a form of its own fields.
import { api, isApiError } from "../../api";
import { h, mount, toast } from "../../dom";
import { showError } from "../../errors";
import { tr } from "../../i18n";
import type { CwRegisters, EntryDraft, Register, RegisterEntry } from "../../types";
import { options, qty, showFieldErrors, tonnes, valueOf } from "./common";

type Field = [keyof EntryDraft, string, string];
const FIELDS: Record<Register, Field[]> = {
  site: [["name", "名称", "Name"], ["permit_no", "处置核准号", "Disposal approval"], ["valid_until", "有效期至 YYYY-MM-DD", "Valid until YYYY-MM-DD"],
    ["district", "区划", "District"], ["builder", "建设单位", "Builder"], ["uscc", "建设单位信用代码", "Builder's credit code"],
    ["uscc_override", "代码保留理由（校验位不符时）", "Reason to keep a failing code"], ["address", "地址", "Address"]],
  transporter: [["name", "名称", "Name"], ["uscc", "统一社会信用代码", "Credit code"],
    ["uscc_override", "代码保留理由（校验位不符时）", "Reason to keep a failing code"], ["permit_no", "运输许可号", "Transport permit"], ["valid_until", "有效期至 YYYY-MM-DD", "Valid until YYYY-MM-DD"]],
  vehicle: [["name", "车牌号", "Plate"], ["transporter", "所属运输单位", "Transporter"], ["rated_payload_t", "核定载质量（吨）", "Rated payload (t)"],
    ["box_volume_m3", "货厢容积（立方米）", "Box volume (m³)"], ["driver", "驾驶员", "Driver"], ["permit_no", "准运证号", "Transport permit"], ["valid_until", "有效期至 YYYY-MM-DD", "Valid until YYYY-MM-DD"]],
  facility: [["name", "名称", "Name"], ["district", "区划", "District"], ["uscc", "统一社会信用代码", "Credit code"],
    ["uscc_override", "代码保留理由（校验位不符时）", "Reason to keep a failing code"], ["permit_no", "核准号", "Approval"],
    ["valid_until", "有效期至 YYYY-MM-DD", "Valid until YYYY-MM-DD"], ["capacity_t", "年处理能力（吨）", "Annual capacity (t)"]],
};
const NAMES: [Register, string, string][] = [["site", "工地", "Site"], ["transporter", "运输单位", "Transporter"], ["vehicle", "车辆", "Vehicle"], ["facility", "设施", "Facility"]];
const EMPTY: EntryDraft = { name: "", project_no: "", permit_no: "", valid_until: "", builder: "", uscc: "", district: "", address: "", contact: "", phone: "", transporter: "", driver: "", kind: "", capacity_t: "", rated_payload_t: "", box_volume_m3: "", uscc_override: "", accepts: "" };

function entryForm(register: Register): HTMLElement {
  const fields = FIELDS[register].map(([k, zh, en]) => h("div", { class: "field", id: `field-cw-${k}` },
    h("input", { name: k, id: `cw-f-${k}`, placeholder: tr(zh, en), autocomplete: "off" }), h("div", { class: "field-error", "data-field": k === "name" && register === "vehicle" ? "plate" : k })));
  const kind = register === "facility" ? h("select", { name: "kind", id: "cw-f-kind" },
    options("facility_kind").map(([k, l]) => h("option", { value: k, selected: k === "recycling" }, l))) : null;
  const form = h("form", { class: "card toolbar", id: "cw-register-form", "data-register": register }, fields, kind,
    h("button", { type: "submit", class: "primary", id: "cw-register-save" }, tr("登记", "Add")), h("div", { class: "form-errors" }));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const d: EntryDraft = { ...EMPTY };
    for (const [k] of FIELDS[register]) d[k] = valueOf(form, k);
    if (kind) d.kind = valueOf(form, "kind");
    try {
      await api.cwAddEntry(register, d);
      toast(tr("已登记", "Added"));
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (err) {
      if (isApiError(err) && err.fields.length) showFieldErrors(form, err.fields);
      else showError(err);
    }
  });
  return form;
}

export async function registersView(box: HTMLElement): Promise<void> {
  const regs: CwRegisters = await api.cwRegisters();
  const today = new Date().toISOString().slice(0, 10);
  const table = (title: string, rows: RegisterEntry[], detail: string, extra?: (r: RegisterEntry) => string) => h("div", {},
    h("h2", {}, title),
    h("table", { class: "list" }, h("thead", {}, h("tr", {}, h("th", {}, tr("名称", "Name")), h("th", {}, tr("许可/核准号", "Permit")), h("th", {}, tr("有效期至", "Valid until")), h("th", {}, detail), extra ? h("th", {}, tr("核定载质量 / 货厢容积", "Rated payload / box volume")) : null)),
      h("tbody", {}, rows.map((r) => h("tr", {}, h("td", {}, r.name), h("td", {}, r.permit_no), h("td", {}, r.valid_until && r.valid_until < today ? h("span", { class: "badge revoked" }, r.valid_until) : r.valid_until ?? "—"), h("td", {}, r.detail), extra ? h("td", { class: "num" }, extra(r)) : null)))));
  const holder = h("div", {});
  const chooser = h("select", { id: "cw-reg-kind", onchange: () => mount(holder, entryForm(chooser.value as Register)) }, NAMES.map(([k, zh, en]) => h("option", { value: k }, tr(zh, en))));
  mount(holder, entryForm("site"));
  mount(box, h("div", { class: "toolbar" }, h("strong", {}, tr("登记：", "Add: ")), chooser), holder,
    table(tr("工地", "Sites"), regs.sites, tr("建设单位", "Builder")),
    table(tr("运输单位", "Transporters"), regs.transporters, ""),
    table(tr("车辆", "Vehicles"), regs.vehicles, tr("运输单位", "Transporter"), (r) => `${r.rated_payload_g === null ? "—" : tonnes(r.rated_payload_g)} / ${r.box_volume_cm3 === null ? "—" : qty(r.box_volume_cm3, "m3")}`),
    table(tr("消纳/利用设施", "Facilities"), regs.facilities, tr("类型", "Kind")));
}

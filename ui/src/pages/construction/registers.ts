// The registers: sites, transporters, vehicles (with rated payload and box volume) and
// facilities, each with a form of its own fields.
import { api, isApiError } from "../../api";
import { h, mount, toast } from "../../dom";
import { showError } from "../../errors";
import { tr } from "../../i18n";
import type { CwRegisters, EntryDraft, Register, RegisterEntry } from "../../types";
import { group, tonnesOf } from "../../format";
import { table, type Column } from "../../table";
import { options, showFieldErrors, valueOf } from "./common";
import { errorLine } from "../../fieldErrors";

type Field = [keyof EntryDraft, string, string];
const FIELDS: Record<Register, Field[]> = {
  site: [
    ["name", "名称", "Name"],
    ["permit_no", "处置核准号", "Disposal approval"],
    ["valid_until", "有效期至 YYYY-MM-DD", "Valid until YYYY-MM-DD"],
    ["district", "区划", "District"],
    ["builder", "建设单位", "Builder"],
    ["uscc", "建设单位信用代码", "Builder's credit code"],
    ["uscc_override", "代码保留理由（校验位不符时）", "Reason to keep a failing code"],
    ["address", "地址", "Address"],
  ],
  transporter: [
    ["name", "名称", "Name"],
    ["uscc", "统一社会信用代码", "Credit code"],
    ["uscc_override", "代码保留理由（校验位不符时）", "Reason to keep a failing code"],
    ["permit_no", "运输许可号", "Transport permit"],
    ["valid_until", "有效期至 YYYY-MM-DD", "Valid until YYYY-MM-DD"],
  ],
  vehicle: [
    ["name", "车牌号", "Plate"],
    ["transporter", "所属运输单位", "Transporter"],
    ["rated_payload_t", "核定载质量（吨）", "Rated payload (t)"],
    ["box_volume_m3", "货厢容积（立方米）", "Box volume (m³)"],
    ["driver", "驾驶员", "Driver"],
    ["permit_no", "准运证号", "Transport permit"],
    ["valid_until", "有效期至 YYYY-MM-DD", "Valid until YYYY-MM-DD"],
  ],
  facility: [
    ["name", "名称", "Name"],
    ["district", "区划", "District"],
    ["uscc", "统一社会信用代码", "Credit code"],
    ["uscc_override", "代码保留理由（校验位不符时）", "Reason to keep a failing code"],
    ["permit_no", "核准号", "Approval"],
    ["valid_until", "有效期至 YYYY-MM-DD", "Valid until YYYY-MM-DD"],
    ["capacity_t", "年处理能力（吨）", "Annual capacity (t)"],
  ],
};
const NAMES: [Register, string, string][] = [
  ["site", "工地", "Site"],
  ["transporter", "运输单位", "Transporter"],
  ["vehicle", "车辆", "Vehicle"],
  ["facility", "设施", "Facility"],
];
const EMPTY: EntryDraft = {
  name: "",
  project_no: "",
  permit_no: "",
  valid_until: "",
  builder: "",
  uscc: "",
  district: "",
  address: "",
  contact: "",
  phone: "",
  transporter: "",
  driver: "",
  kind: "",
  capacity_t: "",
  rated_payload_t: "",
  box_volume_m3: "",
  uscc_override: "",
  accepts: "",
};

function entryForm(register: Register): HTMLElement {
  const fields = FIELDS[register].map(([k, zh, en]) =>
    h(
      "div",
      { class: "field", id: `field-cw-${k}` },
      h("input", { name: k, id: `cw-f-${k}`, placeholder: tr(zh, en), autocomplete: "off" }),
      errorLine(k === "name" && register === "vehicle" ? "plate" : k),
    ),
  );
  const kind =
    register === "facility"
      ? h(
          "select",
          { name: "kind", id: "cw-f-kind" },
          options("facility_kind").map(([k, l]) => h("option", { value: k, selected: k === "recycling" }, l)),
        )
      : null;
  const form = h(
    "form",
    { class: "card toolbar", id: "cw-register-form", "data-register": register },
    fields,
    kind,
    h("button", { type: "submit", class: "primary", id: "cw-register-save" }, tr("登记", "Add")),
    h("div", { class: "form-errors" }),
  );
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
  const list = (register: Register, title: string, rows: RegisterEntry[], detail: string) => {
    const cols: Column<RegisterEntry>[] = [
      { key: "name", header: register === "vehicle" ? tr("车牌号", "Plate") : tr("名称", "Name") },
      { key: "permit_no", header: tr("许可/核准号", "Permit"), hide: 2 },
      {
        key: "valid_until",
        header: tr("有效期至", "Valid until"),
        cell: (r) =>
          r.valid_until && r.valid_until < today
            ? h("span", { class: "badge revoked" }, r.valid_until)
            : (r.valid_until ?? "—"),
      },
    ];
    if (detail) cols.push({ key: "detail", header: detail, hide: 1 });
    if (register === "vehicle")
      cols.push(
        {
          key: "rated_payload",
          header: tr("核定载质量（吨）", "Rated payload (t)"),
          num: true,
          value: (r) => r.rated_payload_g,
          format: (v) => (v == null ? "—" : tonnesOf(v as number)),
        },
        {
          key: "box_volume",
          header: tr("货厢容积（立方米）", "Box volume (m³)"),
          num: true,
          value: (r) => r.box_volume_cm3,
          format: (v) => (v == null ? "—" : group((v as number) / 1e6)),
        },
      );
    return h(
      "div",
      {},
      h("h2", {}, title),
      table<RegisterEntry>({
        id: `cw-register-${register}`,
        columns: cols,
        rows,
        rowKey: (r) => r.id,
        maxHeight: "40vh",
        export: { file: tr(`登记簿-${title}`, `register-${register}`), spec: () => ({ list: "register", register }) },
      }).el,
    );
  };
  const holder = h("div", {});
  const chooser = h(
    "select",
    { id: "cw-reg-kind", onchange: () => mount(holder, entryForm(chooser.value as Register)) },
    NAMES.map(([k, zh, en]) => h("option", { value: k }, tr(zh, en))),
  );
  mount(holder, entryForm("site"));
  mount(
    box,
    h("div", { class: "toolbar" }, h("strong", {}, tr("登记：", "Add: ")), chooser),
    holder,
    list("site", tr("工地", "Sites"), regs.sites, tr("建设单位", "Builder")),
    list("transporter", tr("运输单位", "Transporters"), regs.transporters, ""),
    list("vehicle", tr("车辆", "Vehicles"), regs.vehicles, tr("运输单位", "Transporter")),
    list("facility", tr("消纳/利用设施", "Facilities"), regs.facilities, tr("类型", "Kind")),
  );
}

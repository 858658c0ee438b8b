// Construction waste: the manifests table with alert badges, the keyboard-first dispatch and
// weighbridge forms, a manifest's page with its history, the registers, alerts and the
// resource-use rate.
import { api, isApiError } from "../api";
import { h, mount, toast } from "../dom";
import { showError } from "../errors";
import { actionLabel, getLang, tr } from "../i18n";
import type { CwRegisters, FieldError, Manifest, ManifestFilter, ManifestView } from "../types";
import { constructionUseView } from "./construction_use";

const CATS: [string, string, string][] = [
  ["soil", "工程渣土", "Excavated soil"], ["slurry", "工程泥浆", "Slurry"], ["engineering", "工程垃圾", "Engineering waste"],
  ["demolition", "拆除垃圾", "Demolition waste"], ["decoration", "装修垃圾", "Decoration waste"],
];
const STATUS: Record<string, [string, string]> = {
  draft: ["草稿", "Draft"], dispatched: ["已出车", "Dispatched"], received: ["已接收", "Received"], closed: ["已关闭", "Closed"], cancelled: ["已作废", "Cancelled"],
};
const ALERT: Record<string, [string, string]> = {
  discrepancy: ["量差", "Discrepancy"], overdue: ["超时未接收", "Overdue"], expiring: ["即将到期", "Expiring"], expired: ["已过期", "Expired"],
  category_mismatch: ["类别不符", "Category not accepted"],
};
const pick = (p: [string, string]) => tr(p[0], p[1]);
const catName = (k: string) => { const c = CATS.find((x) => x[0] === k); return c ? tr(c[1], c[2]) : k; };
const qty = (g: number | null, unit: string) => (g === null ? "—" : `${(g / 1e6).toLocaleString("zh-CN", { maximumFractionDigits: 3 })} ${unit === "m3" ? "m³" : "t"}`);
const localTime = (utc: string | null) => {
  if (!utc) return "—";
  const d = new Date(utc);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
};
const nowLocal = () => localTime(new Date().toISOString());

function tabs(active: string): HTMLElement {
  const items: [string, string, string][] = [
    ["", "联单", "Manifests"], ["dispatch", "出车登记", "Dispatch"], ["receive", "接收过磅", "Weighbridge"],
    ["registers", "登记簿", "Registers"], ["alerts", "预警", "Alerts"], ["rate", "利用率", "Resource use"],
    ["supervision", "监管指标", "Supervision"], ["facilities", "设施类型", "Facility kinds"],
  ];
  return h("div", { class: "toolbar tabs" }, items.map(([k, zh, en]) =>
    h("a", { href: `#/construction${k ? "/" + k : ""}`, id: `cw-tab-${k || "list"}`, class: `tab${active === k ? " active" : ""}` }, tr(zh, en))));
}

export async function constructionPage(main: HTMLElement, parts: string[]): Promise<void> {
  const view = parts[1] ?? "";
  if (view === "m" && parts[2]) return manifestPage(main, decodeURIComponent(parts[2]));
  mount(main, h("h1", {}, tr("建筑垃圾全过程监管", "Construction waste")), tabs(view), h("div", { id: "cw-body" }));
  const body = document.getElementById("cw-body")!;
  if (view === "dispatch") return dispatchForm(body);
  if (view === "receive") return receiveForm(body, parts[2] ? decodeURIComponent(parts[2]) : "");
  if (view === "registers") return registersView(body);
  if (view === "alerts") return alertsView(body);
  if (view === "rate" || view === "supervision" || view === "facilities") return constructionUseView(body, view);
  return manifestsTable(body);
}

const filter: ManifestFilter = { status: "", category: "", site: "", facility: "", from: "", to: "", number: "", page: 1, page_size: 50 };

async function manifestsTable(box: HTMLElement): Promise<void> {
  const regs = await api.cwRegisters();
  const tbody = h("tbody");
  const pager = h("div", { class: "pager" });
  const reload = async () => {
    const p = await api.cwList(filter);
    const pages = Math.max(1, Math.ceil(p.total / p.page_size));
    mount(tbody, p.rows.length === 0 ? h("tr", {}, h("td", { colspan: 9, class: "muted" }, tr("没有符合条件的联单", "No manifests match"))) :
      p.rows.map((m) => h("tr", { class: "link", "data-number": m.number, onclick: () => (location.hash = `#/construction/m/${m.number}`) },
        h("td", {}, m.number), h("td", {}, h("span", { class: `badge ${m.status}` }, pick(STATUS[m.status]))), h("td", {}, catName(m.category)),
        h("td", {}, m.site), h("td", {}, m.plate ?? "—"), h("td", {}, m.facility ?? "—"), h("td", {}, localTime(m.departure_at)),
        h("td", { class: "num" }, qty(m.declared_qty, m.unit)), h("td", { class: "num" }, qty(m.received_qty, m.unit)),
        h("td", {}, m.alerts.map((a) => h("span", { class: "badge revoked", "data-alert": a }, pick(ALERT[a])))))));
    mount(pager,
      h("button", { disabled: p.page <= 1, onclick: () => { filter.page--; void reload(); } }, tr("上一页", "Previous")),
      h("span", { id: "cw-page-info" }, tr(`第 ${p.page}/${pages} 页，共 ${p.total} 张`, `Page ${p.page}/${pages}, ${p.total} manifests`)),
      h("button", { disabled: p.page >= pages, onclick: () => { filter.page++; void reload(); } }, tr("下一页", "Next")));
  };
  const set = (k: keyof ManifestFilter) => (e: Event) => { (filter as unknown as Record<string, string | number>)[k] = (e.target as HTMLInputElement).value; filter.page = 1; void reload(); };
  const sel = (id: string, k: keyof ManifestFilter, all: string, opts: [string, string][]) =>
    h("select", { id, onchange: set(k) }, h("option", { value: "" }, all), opts.map(([v, l]) => h("option", { value: v, selected: filter[k] === v }, l)));
  mount(box,
    h("div", { class: "toolbar" },
      h("input", { id: "cw-number", placeholder: tr("联单号", "Number"), value: filter.number, onchange: set("number"), style: "width:170px" }),
      sel("cw-status", "status", tr("全部状态", "All statuses"), Object.keys(STATUS).map((k) => [k, pick(STATUS[k])])),
      sel("cw-category", "category", tr("全部类别", "All categories"), CATS.map((c) => [c[0], tr(c[1], c[2])])),
      sel("cw-site", "site", tr("全部工地", "All sites"), regs.sites.map((s) => [s.id, s.name])),
      sel("cw-facility", "facility", tr("全部设施", "All facilities"), regs.facilities.map((s) => [s.id, s.name])),
      h("input", { id: "cw-from", placeholder: "YYYY-MM-DD", value: filter.from, onchange: set("from"), style: "width:120px" }), "—",
      h("input", { id: "cw-to", placeholder: "YYYY-MM-DD", value: filter.to, onchange: set("to"), style: "width:120px" })),
    h("table", { class: "list", id: "cw-table" },
      h("thead", {}, h("tr", {}, [tr("联单号", "Number"), tr("状态", "Status"), tr("类别", "Category"), tr("工地", "Site"), tr("车牌", "Plate"), tr("消纳/利用设施", "Facility"), tr("出车时间", "Departure"), tr("申报量", "Declared"), tr("接收量", "Received"), tr("预警", "Alerts")].map((x) => h("th", {}, x)))),
      tbody),
    pager);
  await reload();
}

/** Shows field errors under the form's inputs (by field key) and focuses the first. */
function showFieldErrors(form: HTMLElement, fields: FieldError[]): void {
  form.querySelectorAll(".field-error").forEach((e) => (e.textContent = ""));
  form.querySelectorAll(".field").forEach((e) => e.classList.remove("bad"));
  for (const f of fields) {
    const box = form.querySelector(`.field-error[data-field="${f.field}"]`) ?? form.querySelector(".form-errors");
    if (box) box.textContent = [box.textContent, getLang() === "zh" ? f.message_zh : f.message_en].filter(Boolean).join("；");
    form.querySelector(`#field-cw-${f.field}`)?.classList.add("bad");
  }
  const first = fields.length ? form.querySelector<HTMLElement>(`#cw-f-${fields[0].field}`) : null;
  first?.focus();
}

function field(key: string, label: string, control: HTMLElement): HTMLElement {
  return h("div", { class: "field", id: `field-cw-${key}` }, h("label", { for: `cw-f-${key}` }, label), control, h("div", { class: "field-error", "data-field": key }));
}

function datalist(id: string, values: string[]): HTMLElement {
  return h("datalist", { id }, values.map((v) => h("option", { value: v })));
}

async function dispatchForm(box: HTMLElement): Promise<void> {
  const regs: CwRegisters = await api.cwRegisters();
  const inp = (key: string, attrs: Record<string, string> = {}) => h("input", { id: `cw-f-${key}`, name: key, autocomplete: "off", ...attrs });
  const form = h("form", { class: "card", id: "cw-dispatch-form" },
    h("div", { class: "fields" },
      field("site", tr("工地", "Site"), inp("site", { list: "dl-sites" })),
      field("vehicle", tr("车牌号", "Plate"), inp("vehicle", { list: "dl-plates", style: "text-transform:uppercase" })),
      field("category", tr("类别", "Category"), h("select", { id: "cw-f-category", name: "category" }, CATS.map((c) => h("option", { value: c[0] }, tr(c[1], c[2]))))),
      field("declared", tr("申报量", "Declared quantity"), h("div", { class: "inline-form" }, inp("declared", { inputmode: "decimal", style: "width:120px" }),
        h("select", { id: "cw-f-unit", name: "unit" }, h("option", { value: "t" }, "t"), h("option", { value: "m3" }, "m³")))),
      field("facility", tr("消纳/利用设施", "Facility"), inp("facility", { list: "dl-facilities" })),
      field("departure_at", tr("出车时间", "Departure"), inp("departure_at", { value: nowLocal(), placeholder: "YYYY-MM-DD HH:MM" })),
      field("driver", tr("驾驶员（默认车辆登记的驾驶员）", "Driver (default: the vehicle's)"), inp("driver")),
      field("route", tr("路线", "Route"), inp("route")),
      field("overload_reason", tr("超载理由（超过 40 吨时填写）", "Overload reason (over 40 t)"), inp("overload_reason")),
    ),
    h("div", { class: "form-errors grid-errors", id: "cw-dispatch-errors" }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", id: "cw-dispatch-save" }, tr("出车（Enter）", "Dispatch (Enter)")),
      h("span", { class: "muted" }, tr("按 Enter 提交；提交后表单清空，可继续登记下一车。", "Enter submits; the form clears for the next load."))),
    h("div", { id: "cw-dispatch-result" }));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = (k: string) => (form.querySelector(`[name="${k}"]`) as HTMLInputElement).value;
    try {
      const r = await api.cwDispatch({ category: v("category"), unit: v("unit"), declared: v("declared"), overload_reason: v("overload_reason"), site: v("site"), transporter: "", vehicle: v("vehicle"), driver: v("driver"), route: v("route"), facility: v("facility"), departure_at: v("departure_at") });
      showFieldErrors(form, []);
      mount(document.getElementById("cw-dispatch-result")!, h("p", { class: "card", id: "cw-dispatched" }, tr("已出车：", "Dispatched: "), h("a", { href: `#/construction/m/${r.manifest.number}` }, r.manifest.number), ` ${r.manifest.plate ?? ""} → ${r.manifest.facility ?? ""}`));
      toast(tr(`已出车 ${r.manifest.number}`, `Dispatched ${r.manifest.number}`));
      for (const k of ["vehicle", "declared", "driver", "overload_reason"]) (form.querySelector(`[name="${k}"]`) as HTMLInputElement).value = "";
      (form.querySelector("[name=vehicle]") as HTMLInputElement).focus();
    } catch (err) {
      if (isApiError(err) && err.fields.length) showFieldErrors(form, err.fields);
      else showError(err);
    }
  });
  // The suggestion lists stand outside the form (WebKit's WebDriver cannot read the text of
  // an element holding a datalist).
  mount(box, form, datalist("dl-sites", regs.sites.map((s) => s.name)), datalist("dl-plates", regs.vehicles.map((v) => v.name)),
    datalist("dl-facilities", regs.facilities.map((f) => f.name)));
  (form.querySelector("[name=site]") as HTMLInputElement).focus();
}

async function receiveForm(box: HTMLElement, number: string): Promise<void> {
  const summary = h("div", { id: "cw-receive-summary", class: "muted" });
  const inp = (key: string, attrs: Record<string, string> = {}) => h("input", { id: `cw-f-${key}`, name: key, autocomplete: "off", ...attrs });
  const form = h("form", { class: "card", id: "cw-receive-form" },
    h("div", { class: "fields" },
      field("number", tr("联单号", "Manifest number"), inp("number", { value: number, placeholder: "CW-YYYYMMDD-000001" })),
      field("received", tr("接收量（与申报同单位）", "Received (manifest's unit)"), inp("received", { inputmode: "decimal" })),
      field("outcome", tr("结论", "Outcome"), h("select", { id: "cw-f-outcome", name: "outcome" }, h("option", { value: "accepted" }, tr("接收", "Accepted")), h("option", { value: "partial" }, tr("部分拒收", "Partially refused")), h("option", { value: "refused" }, tr("拒收", "Refused")))),
      field("refused", tr("拒收量", "Refused"), inp("refused", { inputmode: "decimal" })),
      field("received_at", tr("接收时间", "Received at"), inp("received_at", { value: nowLocal() })),
    ),
    summary,
    h("div", { class: "form-errors grid-errors" }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", id: "cw-receive-save" }, tr("确认接收（Enter）", "Record (Enter)"))),
    h("div", { id: "cw-receive-result" }));
  const num = form.querySelector("[name=number]") as HTMLInputElement;
  const look = async () => {
    if (!num.value.trim()) return;
    try {
      const v = await api.cwManifest(num.value.trim());
      summary.textContent = `${v.manifest.site} · ${v.manifest.plate ?? ""} · ${catName(v.manifest.category)} · ${tr("申报", "declared")} ${qty(v.manifest.declared_qty, v.manifest.unit)} · ${pick(STATUS[v.manifest.status])}`;
    } catch (e) { showError(e); }
  };
  num.addEventListener("change", () => void look());
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = (k: string) => (form.querySelector(`[name="${k}"]`) as HTMLInputElement).value;
    try {
      const r = await api.cwReceive(v("number").trim(), { received: v("received"), refused: v("refused"), outcome: v("outcome"), received_at: v("received_at") });
      showFieldErrors(form, []);
      mount(document.getElementById("cw-receive-result")!, h("div", { class: "card", id: "cw-received" },
        h("p", {}, tr("已接收：", "Received: "), h("a", { href: `#/construction/m/${r.manifest.number}` }, r.manifest.number), ` ${qty(r.manifest.received_qty, r.manifest.unit)}`),
        r.alerts.map((a) => h("p", { class: "alert", "data-alert": a.kind }, h("span", { class: "badge revoked" }, pick(ALERT[a.kind])), " ", tr(a.message_zh, a.message_en)))));
      toast(tr("已接收", "Received"));
    } catch (err) {
      if (isApiError(err) && err.fields.length) showFieldErrors(form, err.fields);
      else showError(err);
    }
  });
  mount(box, form);
  if (number) { await look(); (form.querySelector("[name=received]") as HTMLInputElement).focus(); } else num.focus();
}

async function manifestPage(main: HTMLElement, key: string): Promise<void> {
  const v: ManifestView = await api.cwManifest(key);
  const m: Manifest = v.manifest;
  const dl = (l: string, x: string | null | undefined) => [h("dt", {}, l), h("dd", {}, x || "—")];
  const reason = h("input", { id: "cw-cancel-reason", placeholder: tr("作废理由", "Reason to cancel") });
  const step = async (s: "close" | "cancel") => { try { await api.cwStep(m.number, s, reason.value); window.dispatchEvent(new HashChangeEvent("hashchange")); } catch (e) { showError(e); } };
  mount(main,
    h("a", { href: "#/construction" }, tr("← 返回联单列表", "← Back to manifests")),
    h("h1", { id: "cw-title" }, `${tr("联单", "Manifest")} ${m.number} `, h("span", { class: `badge ${m.status}` }, pick(STATUS[m.status]))),
    v.alerts.map((a) => h("p", { class: "alert", "data-alert": a.kind }, h("span", { class: "badge revoked" }, pick(ALERT[a.kind])), " ", tr(a.message_zh, a.message_en))),
    h("div", { class: "card" }, h("dl", { class: "info" },
      dl(tr("类别", "Category"), catName(m.category)), dl(tr("申报量", "Declared"), qty(m.declared_qty, m.unit)),
      dl(tr("工地", "Site"), m.site), dl(tr("消纳/利用设施", "Facility"), m.facility),
      dl(tr("运输单位", "Transporter"), m.transporter), dl(tr("车牌/驾驶员", "Plate / driver"), `${m.plate ?? "—"} ${m.driver}`),
      dl(tr("路线", "Route"), m.route), dl(tr("出车时间", "Departure"), localTime(m.departure_at)),
      dl(tr("接收量", "Received"), qty(m.received_qty, m.unit)), dl(tr("拒收量", "Refused"), m.refused_qty === null ? "—" : qty(m.refused_qty, m.unit)),
      dl(tr("接收时间", "Received at"), localTime(m.received_at)), dl(tr("作废理由", "Cancelled because"), m.cancel_reason)),
      h("div", { class: "actions" },
        m.status === "dispatched" ? h("button", { class: "primary", onclick: () => (location.hash = `#/construction/receive/${m.number}`) }, tr("接收过磅", "Weighbridge")) : null,
        m.status === "received" ? h("button", { class: "primary", id: "cw-close", onclick: () => void step("close") }, tr("关闭联单", "Close")) : null,
        m.status === "draft" || m.status === "dispatched" ? [reason, h("button", { class: "danger", id: "cw-cancel", onclick: () => void step("cancel") }, tr("作废", "Cancel"))] : null)),
    m.status === "draft" || m.status === "cancelled" ? null : reviseForm(m),
    h("h2", {}, tr("变更记录", "History")),
    h("ul", { class: "history", id: "cw-history" }, v.history.map((e) => h("li", {}, `${localTime(e.at)}  ${e.operator}  ${actionLabel(e.action)}`,
      e.after?.status ? ` → ${pick(STATUS[e.after.status as string] ?? [String(e.after.status), String(e.after.status)])}` : "", e.reason ? `（${tr("理由", "reason")}：${e.reason}）` : ""))));
}

/** A correction after a lock: the changed fields and the reason, kept in the history. */
function reviseForm(m: Manifest): HTMLElement {
  const inp = (name: string, ph: string) => h("input", { name, placeholder: ph, style: "width:150px" });
  const form = h("form", { class: "card toolbar", id: "cw-revise-form" },
    h("strong", {}, tr("修订", "Revise"), "："),
    inp("declared", tr("申报量", "Declared")),
    m.received_qty !== null ? [inp("received", tr("接收量", "Received")), inp("refused", tr("拒收量", "Refused"))] : null,
    inp("route", tr("路线", "Route")),
    h("input", { name: "reason", placeholder: tr("修订理由（必填）", "Reason (required)"), style: "width:220px" }),
    h("button", { type: "submit" }, tr("提交修订", "Save revision")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = (k: string) => (form.querySelector(`[name="${k}"]`) as HTMLInputElement | null)?.value ?? "";
    const reception = v("received") || v("refused") ? { received: v("received"), refused: v("refused"), outcome: "", received_at: "" } : null;
    try {
      await api.cwRevise(m.number, { category: "", unit: "", declared: v("declared"), overload_reason: "", site: "", transporter: "", vehicle: "", driver: "", route: v("route"), facility: "", departure_at: "" }, reception, v("reason"));
      toast(tr("已修订", "Revised"));
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (err) { showError(err); }
  });
  return form;
}

async function registersView(box: HTMLElement): Promise<void> {
  const regs = await api.cwRegisters();
  const today = new Date().toISOString().slice(0, 10);
  const table = (title: string, rows: CwRegisters["sites"], detail: string) => h("div", {},
    h("h2", {}, title),
    h("table", { class: "list" }, h("thead", {}, h("tr", {}, h("th", {}, tr("名称", "Name")), h("th", {}, tr("许可/核准号", "Permit")), h("th", {}, tr("有效期至", "Valid until")), h("th", {}, detail))),
      h("tbody", {}, rows.map((r) => h("tr", {}, h("td", {}, r.name), h("td", {}, r.permit_no), h("td", {}, r.valid_until && r.valid_until < today ? h("span", { class: "badge revoked" }, r.valid_until) : r.valid_until ?? "—"), h("td", {}, r.detail))))));
  const form = h("form", { class: "card toolbar", id: "cw-register-form" },
    h("select", { name: "register", id: "cw-reg-kind" }, [["site", tr("工地", "Site")], ["transporter", tr("运输单位", "Transporter")], ["vehicle", tr("车辆", "Vehicle")], ["facility", tr("设施", "Facility")]].map(([v, l]) => h("option", { value: v }, l))),
    h("input", { name: "name", placeholder: tr("名称 / 车牌号", "Name / plate") }),
    h("input", { name: "permit_no", placeholder: tr("许可/核准号", "Permit number") }),
    h("input", { name: "valid_until", placeholder: tr("有效期至 YYYY-MM-DD", "Valid until YYYY-MM-DD") }),
    h("input", { name: "district", placeholder: tr("区划（工地、设施）", "District (site, facility)") }),
    h("input", { name: "uscc", placeholder: tr("统一社会信用代码", "Credit code") }),
    h("input", { name: "uscc_override", placeholder: tr("代码保留理由（校验位不符时）", "Reason to keep a failing code") }),
    h("input", { name: "transporter", placeholder: tr("所属运输单位（车辆）", "Transporter (vehicle)") }),
    h("input", { name: "driver", placeholder: tr("驾驶员（车辆）", "Driver (vehicle)") }),
    h("select", { name: "kind" }, h("option", { value: "recycling" }, tr("资源化利用厂", "Recycling")), h("option", { value: "disposal" }, tr("消纳场", "Disposal")),
      h("option", { value: "transfer" }, tr("中转/分拣场", "Transfer and sorting")), h("option", { value: "backfill" }, tr("回填场地", "Backfill")), h("option", { value: "restoration" }, tr("生态修复场地", "Ecological restoration"))),
    h("button", { type: "submit", class: "primary" }, tr("登记", "Add")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = (k: string) => (form.querySelector(`[name="${k}"]`) as HTMLInputElement).value;
    try {
      await api.cwAddEntry(v("register"), { name: v("name"), project_no: "", permit_no: v("permit_no"), valid_until: v("valid_until"), builder: "", uscc: v("uscc"), uscc_override: v("uscc_override"), district: v("district"), address: "", contact: "", phone: "", transporter: v("transporter"), driver: v("driver"), kind: v("kind"), capacity_t: "", accepts: "" });
      toast(tr("已登记", "Added"));
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (err) { showError(err); }
  });
  mount(box, form,
    table(tr("工地", "Sites"), regs.sites, tr("建设单位", "Builder")),
    table(tr("运输单位", "Transporters"), regs.transporters, ""),
    table(tr("车辆", "Vehicles"), regs.vehicles, tr("运输单位", "Transporter")),
    table(tr("消纳/利用设施", "Facilities"), regs.facilities, tr("类型", "Kind")));
}

async function alertsView(box: HTMLElement): Promise<void> {
  const alerts = await api.cwAlerts();
  mount(box, h("table", { class: "list", id: "cw-alerts" }, h("tbody", {}, alerts.length === 0 ? h("tr", {}, h("td", { class: "muted" }, tr("没有预警", "No alerts"))) :
    alerts.map((a) => h("tr", { "data-alert": a.kind }, h("td", {}, h("span", { class: "badge revoked" }, pick(ALERT[a.kind]))), h("td", {}, a.subject), h("td", {}, tr(a.message_zh, a.message_en)))))));
}

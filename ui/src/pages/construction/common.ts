// What the construction-waste views share: category, status, alert and disposal labels,
// quantities and local times, and the form helpers (fields with their error lines).
import { h } from "../../dom";
import { getLang, tr } from "../../i18n";
import type { AlertKind, DisposalMethod, FieldError } from "../../types";

export const CATS: [string, string, string][] = [
  ["soil", "工程渣土", "Excavated soil"], ["slurry", "工程泥浆", "Slurry"], ["engineering", "工程垃圾", "Engineering waste"],
  ["demolition", "拆除垃圾", "Demolition waste"], ["decoration", "装修垃圾", "Decoration waste"],
];
export const STATUS: Record<string, [string, string]> = {
  draft: ["草稿", "Draft"], dispatched: ["已出车", "Dispatched"], received: ["已接收", "Received"], closed: ["已关闭", "Closed"], cancelled: ["已作废", "Cancelled"],
};
export const ALERT: Record<AlertKind, [string, string]> = {
  discrepancy: ["量差", "Discrepancy"], overdue: ["超时未接收", "Overdue"], late: ["超时接收", "Late"], overload: ["超载", "Overload"],
  no_followup: ["拒收无去向", "No follow-up"], expiring: ["即将到期", "Expiring"], expired: ["已过期", "Expired"],
  category_mismatch: ["类别不符", "Category not accepted"],
};
export const DISPOSAL: [DisposalMethod, string, string][] = [
  ["recycling", "资源化利用", "Recycling"], ["backfill", "回填", "Backfill"], ["landfill", "填埋", "Landfill"], ["transfer", "中转", "Transfer"],
];
export const OUTCOME: Record<string, [string, string]> = {
  accepted: ["接收", "Accepted"], partial: ["部分拒收", "Partially refused"], refused: ["拒收", "Refused"],
};

export const pick = (p: [string, string]) => tr(p[0], p[1]);
export const catName = (k: string) => { const c = CATS.find((x) => x[0] === k); return c ? tr(c[1], c[2]) : k; };
export const disposalName = (k: DisposalMethod | null) => { const d = DISPOSAL.find((x) => x[0] === k); return d ? tr(d[1], d[2]) : "—"; };
const num = (v: number) => v.toLocaleString(getLang() === "zh" ? "zh-CN" : "en-GB", { maximumFractionDigits: 3 });
/** Grams (or cm³ when `unit` is m3) as tonnes (or m³). */
export const qty = (g: number | null, unit: string) => (g === null ? "—" : `${num(g / 1e6)} ${unit === "m3" ? "m³" : "t"}`);
/** Grams as tonnes. */
export const tonnes = (g: number | null) => qty(g, "t");
/** A density in kg/m³ as t/m³. */
export const density = (kg: number | null) => (kg === null ? "—" : `${num(kg / 1000)} t/m³`);
export const localTime = (utc: string | null) => {
  if (!utc) return "—";
  const d = new Date(utc);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
};
export const nowLocal = () => localTime(new Date().toISOString());

export function alertLine(a: { kind: AlertKind; message_zh: string; message_en: string }): HTMLElement {
  return h("p", { class: "alert", "data-alert": a.kind }, h("span", { class: "badge revoked" }, pick(ALERT[a.kind])), " ", tr(a.message_zh, a.message_en));
}

/** Shows field errors under the form's inputs (by field key) and focuses the first. */
export function showFieldErrors(form: HTMLElement, fields: FieldError[]): void {
  form.querySelectorAll(".field-error").forEach((e) => (e.textContent = ""));
  form.querySelectorAll(".field").forEach((e) => e.classList.remove("bad"));
  for (const f of fields) {
    const box = form.querySelector(`.field-error[data-field="${f.field}"]`) ?? form.querySelector(".form-errors");
    if (box) box.textContent = [box.textContent, getLang() === "zh" ? f.message_zh : f.message_en].filter(Boolean).join(getLang() === "zh" ? "；" : "; ");
    form.querySelector(`#field-cw-${f.field}`)?.classList.add("bad");
  }
  const first = fields.length ? form.querySelector<HTMLElement>(`#cw-f-${fields[0].field}`) : null;
  first?.focus();
}

export function field(key: string, label: string, control: HTMLElement): HTMLElement {
  return h("div", { class: "field", id: `field-cw-${key}` }, h("label", { for: `cw-f-${key}` }, label), control, h("div", { class: "field-error", "data-field": key }));
}

export function input(key: string, attrs: Record<string, string> = {}): HTMLInputElement {
  return h("input", { id: `cw-f-${key}`, name: key, autocomplete: "off", ...attrs }) as HTMLInputElement;
}

export function datalist(id: string, values: string[]): HTMLElement {
  return h("datalist", { id }, values.map((v) => h("option", { value: v })));
}

/** The value of the named control of a form. */
export const valueOf = (form: HTMLElement, k: string) => (form.querySelector(`[name="${k}"]`) as HTMLInputElement | null)?.value ?? "";

// What the construction-waste views share: category, status, alert and disposal labels,
// quantities and local times, and the form helpers (fields with their error lines).
import { h } from "../../dom";
import { errorLine } from "../../fieldErrors";
import { getLang, label, tr } from "../../i18n";
import { labelsOf, type LabelSet } from "../../labels";
import type { AlertKind, DisposalMethod } from "../../types";

/** The construction-waste categories as [key, Chinese, English], from the core. */
export const CATS = (): [string, string, string][] => labelsOf("cw_category").map((l) => [l.key, l.zh, l.en]);
/** The disposal methods as [key, Chinese, English], from the core. */
export const DISPOSAL = (): [DisposalMethod, string, string][] =>
  labelsOf("disposal").map((l) => [l.key as DisposalMethod, l.zh, l.en]);
/** The keys of a label set with their label in the current language. */
export const options = (set: LabelSet): [string, string][] => labelsOf(set).map((l) => [l.key, label(set, l.key)]);
export const statusName = (k: string) => label("manifest_status", k);
export const alertName = (k: AlertKind) => label("cw_alert", k);
export const outcomeName = (k: string) => label("outcome", k);

export const catName = (k: string) => label("cw_category", k);
export const disposalName = (k: DisposalMethod | null) => (k === null ? "—" : label("disposal", k));
const num = (v: number) => v.toLocaleString(getLang() === "zh" ? "zh-CN" : "en-GB", { maximumFractionDigits: 3 });
/** Grams (or cm³ when `unit` is m3) as tonnes (or m³). */
export const qty = (g: number | null, unit: string) =>
  g === null ? "—" : `${num(g / 1e6)} ${unit === "m3" ? "m³" : "t"}`;
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
  return h(
    "p",
    { class: "alert", "data-alert": a.kind },
    h("span", { class: "badge revoked" }, alertName(a.kind)),
    " ",
    tr(a.message_zh, a.message_en),
  );
}

/** Field errors are shown the window's one way (`fieldErrors.ts`). */
export { showFieldErrors } from "../../fieldErrors";

export function field(key: string, label: string, control: HTMLElement): HTMLElement {
  return h(
    "div",
    { class: "field", id: `field-cw-${key}` },
    h("label", { for: `cw-f-${key}` }, label),
    control,
    errorLine(key),
  );
}

export function input(key: string, attrs: Record<string, string> = {}): HTMLInputElement {
  return h("input", { id: `cw-f-${key}`, name: key, autocomplete: "off", ...attrs }) as HTMLInputElement;
}

export function datalist(id: string, values: string[]): HTMLElement {
  return h(
    "datalist",
    { id },
    values.map((v) => h("option", { value: v })),
  );
}

/** The value of the named control of a form. */
export const valueOf = (form: HTMLElement, k: string) =>
  (form.querySelector(`[name="${k}"]`) as HTMLInputElement | null)?.value ?? "";

/** In place of a form that needs register entries the ledger does not hold yet: says which
 * registers are empty and links to the registers page (an empty form would only be refused). */
export function needsRegisters(missing: ("site" | "transporter" | "vehicle" | "facility")[], id: string): HTMLElement {
  const names: Record<string, [string, string]> = {
    site: ["工地", "sites"],
    transporter: ["运输单位", "transporters"],
    vehicle: ["车辆", "vehicles"],
    facility: ["消纳/利用设施", "facilities"],
  };
  const zh = missing.map((m) => names[m][0]).join("、");
  const en = missing.map((m) => names[m][1]).join(", ");
  return h(
    "div",
    { class: "card needs-registers", id },
    h(
      "p",
      {},
      tr(
        `登记簿中还没有${zh}，这张表暂时无法填写。`,
        `The registers hold no ${en} yet, so this form cannot be filled in.`,
      ),
    ),
    h(
      "p",
      {},
      h(
        "a",
        { href: "#/construction/registers", class: "to-registers" },
        tr("先到登记簿添加 →", "Add them in the registers first →"),
      ),
    ),
  );
}

// What the agricultural views share: a labelled input with its error line, reading a form,
// showing the core's field errors, and quantities.
import { h } from "../../dom";
import { getLang, name, tr } from "../../i18n";
import type { AgriKind, FieldError } from "../../types";
import { districtName as placeName } from "../../places";

/** A labelled control with its error line (`data-field` is the core's field key). */
export function field(key: string, label: string, control: HTMLElement): HTMLElement {
  return h(
    "div",
    { class: "field", id: `field-agri-${key}` },
    h("label", { for: `agri-f-${key}` }, label),
    control,
    h("div", { class: "field-error", "data-field": key }),
  );
}

export function input(key: string, attrs: Record<string, string> = {}): HTMLInputElement {
  return h("input", { id: `agri-f-${key}`, name: key, autocomplete: "off", ...attrs }) as HTMLInputElement;
}

export function select(key: string, opts: [string, string][], value = ""): HTMLSelectElement {
  return h(
    "select",
    { id: `agri-f-${key}`, name: key },
    opts.map(([k, l]) => h("option", { value: k, selected: k === value }, l)),
  ) as HTMLSelectElement;
}

/** The form's values by input name. */
export function values(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  form
    .querySelectorAll<HTMLInputElement | HTMLSelectElement>("input[name], select[name]")
    .forEach((e) => (out[e.name] = e.value));
  return out;
}

/** Shows the core's field errors under their fields (the rest above the button). */
export function showErrors(form: HTMLElement, fields: FieldError[]): void {
  form.querySelectorAll(".field-error, .form-errors").forEach((e) => (e.textContent = ""));
  form.querySelectorAll(".field").forEach((e) => e.classList.remove("bad"));
  for (const f of fields) {
    const box = form.querySelector(`.field-error[data-field="${f.field}"]`) ?? form.querySelector(".form-errors");
    if (box)
      box.textContent = [box.textContent, getLang() === "zh" ? f.message_zh : f.message_en]
        .filter(Boolean)
        .join(getLang() === "zh" ? "；" : "; ");
    form.querySelector(`#field-agri-${f.field}`)?.classList.add("bad");
  }
}

/** Warnings of a save that went ahead (figures to check). */
export function warningsText(w: FieldError[]): string {
  return w.map((f) => tr(f.message_zh, f.message_en)).join(getLang() === "zh" ? "；" : "; ");
}

const fmt = (v: number, d: number) =>
  v.toLocaleString(getLang() === "zh" ? "zh-CN" : "en-GB", { maximumFractionDigits: d });
/** Grams as kilograms. */
export const kgOf = (g: number | null | undefined) => (g == null ? "—" : fmt(g / 1000, 3));
/** Grams as tonnes. */
export const tOf = (g: number | null | undefined) => (g == null ? "—" : fmt(g / 1e6, 3));
/** A percentage. */
export const pctOf = (v: number | null | undefined) => (v == null ? "—" : `${v.toFixed(1)}%`);
/** A kind's options: [key, name]. */
export const kindOptions = (k: AgriKind[]): [string, string][] => k.map((x) => [x.key, name(x)]);
/** Today, local, YYYY-MM-DD. */
export function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** A district's name from its code, in the window's language (the code when unknown). */
export const districtName = (code: string) => placeName(code);

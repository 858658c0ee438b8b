// One way to show field errors, for every form and grid of the window. A form's field is an
// element of class `field` holding its control and an error line `.field-error[data-field=KEY]`
// (made by `errorLine`); a grid marks its inputs themselves. Either way a refused field is
// marked (`bad`, `aria-invalid`), its message is shown beside it, the first one is focused, and
// editing a marked field clears its mark and its message (the next check or save says again
// whether it is right).
import { isApiError } from "./api";
import { h, toast } from "./dom";
import { showError } from "./errors";
import { fieldText, getLang } from "./i18n";
import type { FieldError } from "./types";

/** The error line of field `key`, placed in the field after its control. */
export function errorLine(key: string): HTMLElement {
  return h("div", { class: "field-error", "data-field": key, role: "alert" });
}

const lineOf = (form: HTMLElement, key: string) =>
  form.querySelector<HTMLElement>(`.field-error[data-field="${CSS.escape(key)}"]`);
const wrapOf = (line: HTMLElement) => line.closest<HTMLElement>(".field") ?? line.parentElement;
const controlOf = (wrap: HTMLElement | null) =>
  wrap?.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea") ?? null;

function mark(el: HTMLElement | null, bad: boolean): void {
  if (!el) return;
  el.classList.toggle("bad", bad);
  const c = el.matches("input, select, textarea") ? el : controlOf(el);
  if (c) {
    if (bad) c.setAttribute("aria-invalid", "true");
    else c.removeAttribute("aria-invalid");
  }
}

/** Clears every mark and message of a form (or grid). */
export function clearFieldErrors(form: HTMLElement): void {
  form.querySelectorAll<HTMLElement>(".field-error").forEach((e) => (e.textContent = ""));
  form.querySelectorAll<HTMLElement>(".bad").forEach((e) => mark(e, false));
  form.querySelectorAll<HTMLElement>(".form-errors").forEach((e) => (e.textContent = ""));
}

/** Editing a marked field (or grid input) clears its mark and message. Installed once a form. */
function clearOnEdit(form: HTMLElement): void {
  if (form.dataset.fieldErrors) return;
  form.dataset.fieldErrors = "1";
  const clear = (e: Event) => {
    const target = e.target as HTMLElement | null;
    if (!target) return;
    if (target.classList.contains("bad")) mark(target, false);
    const wrap = target.closest<HTMLElement>(".field.bad");
    if (wrap && form.contains(wrap)) {
      mark(wrap, false);
      wrap.querySelectorAll<HTMLElement>(".field-error").forEach((l) => (l.textContent = ""));
    }
  };
  form.addEventListener("input", clear);
  form.addEventListener("change", clear);
}

export type ShowOptions = {
  /** Focus the first refused field (default true; false while checking as the clerk types). */
  focus?: boolean;
};

/**
 * Shows the core's field errors on a form: each beside its field (several on one field are
 * joined), an error for a field the form has no line for in its `.form-errors` box; clears
 * what was shown before. Returns the errors that found no place (the caller says them some
 * other way, a toast for instance).
 */
export function showFieldErrors(form: HTMLElement, errors: FieldError[], opts: ShowOptions = {}): FieldError[] {
  clearFieldErrors(form);
  clearOnEdit(form);
  const sep = getLang() === "zh" ? "；" : "; ";
  const unplaced: FieldError[] = [];
  let first: HTMLElement | null = null;
  for (const f of errors) {
    const line = lineOf(form, f.field);
    const box = line ?? form.querySelector<HTMLElement>(".form-errors");
    if (!box) {
      unplaced.push(f);
      continue;
    }
    box.textContent = [box.textContent, fieldText(f)].filter(Boolean).join(sep);
    if (!line) continue;
    const wrap = wrapOf(line);
    mark(wrap, true);
    first ??= controlOf(wrap);
  }
  if (opts.focus !== false) first?.focus();
  return unplaced;
}

/** A refused input of a grid, and the line that says why (shown in the grid's list box). */
export type GridError = { input: HTMLElement | null; line: HTMLElement };

/**
 * Shows a grid's refusals: marks each input, lists the lines in `list` (after `title`, when
 * given) and focuses the first marked input. Editing a marked input clears its mark.
 */
export function showGridErrors(grid: HTMLElement, list: HTMLElement, errors: GridError[], title?: HTMLElement): void {
  clearGridErrors(grid, list);
  clearOnEdit(grid);
  for (const e of errors) mark(e.input, true);
  list.replaceChildren(...(title ? [title] : []), ...errors.map((e) => e.line));
  errors.find((e) => e.input)?.input?.focus();
}

/** Clears a grid's marks and its list of refusals. */
export function clearGridErrors(grid: HTMLElement, list: HTMLElement): void {
  grid.querySelectorAll<HTMLElement>(".bad").forEach((e) => mark(e, false));
  list.replaceChildren();
}

/**
 * Says why saving `form` failed: the core's field errors beside their fields, as `showFieldErrors`
 * does; any error the form has no place for (or one that is not about a field) in a toast.
 * Every settings form calls this from its save's `catch`.
 */
export function showSaveError(form: HTMLElement, e: unknown): void {
  if (isApiError(e) && e.fields.length > 0) {
    const rest = showFieldErrors(form, e.fields);
    if (rest.length === 0) return;
    for (const f of rest) toast(fieldText(f), "error");
    return;
  }
  showError(e);
}

/** A form's field: its control and the error line of `key` (see the top of this file). */
export function field(key: string, ...controls: HTMLElement[]): HTMLElement {
  return h("div", { class: "field", "data-key": key }, ...controls, errorLine(key));
}

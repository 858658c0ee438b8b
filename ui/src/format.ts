// Pure helpers for numbers, months and the records grid's keyboard. No DOM here, so the
// unit tests in ui/tests run them under node.

/** Grams as kilograms with thousands separators, without trailing zeros (1234500 → "1,234.5"). */
export function kg(grams: number): string {
  const [whole, frac] = kgPlain(grams).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ",");
  return frac ? `${grouped}.${frac}` : grouped;
}

/** Grams as kilograms for an input box (no thousands separators). */
export function kgPlain(grams: number): string {
  const neg = grams < 0;
  const g = Math.abs(Math.round(grams));
  const whole = Math.floor(g / 1000);
  const frac = g % 1000;
  const body = frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(3, "0").replace(/0+$/, "")}`;
  return (neg ? "-" : "") + body;
}

/** A percentage with one decimal, or a dash. */
export function pct(v: number | null | undefined): string {
  return v === null || v === undefined || !isFinite(v) ? "—" : `${v.toFixed(1)}%`;
}

/** `YYYY-MM` of a date. */
export function monthOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

/** The month `n` months after `m` (n may be negative). */
export function addMonths(m: string, n: number): string {
  const [y, mo] = m.split("-").map(Number);
  const idx = y * 12 + (mo - 1) + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, "0")}`;
}

/** Whether text is a month `YYYY-MM`. */
export function isMonth(s: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(s.trim());
}

export type GridMove = { kind: "move"; row: number; col: number } | { kind: "save" } | { kind: "none" };

/**
 * What a key does in the records grid: Enter moves down the column and saves from the last
 * row; Shift+Enter moves up; arrow keys move between cells; Ctrl+S saves. Tab is the
 * browser's own (left to right, then the next row).
 */
export function gridKey(
  key: string,
  mods: { shift: boolean; ctrl: boolean },
  row: number,
  col: number,
  rows: number,
  cols: number,
): GridMove {
  if ((key === "s" || key === "S") && mods.ctrl) return { kind: "save" };
  if (key === "Enter" && mods.ctrl) return { kind: "save" };
  if (key === "Enter" && mods.shift) return row > 0 ? { kind: "move", row: row - 1, col } : { kind: "none" };
  if (key === "Enter") return row + 1 < rows ? { kind: "move", row: row + 1, col } : { kind: "save" };
  if (key === "ArrowDown") return row + 1 < rows ? { kind: "move", row: row + 1, col } : { kind: "none" };
  if (key === "ArrowUp") return row > 0 ? { kind: "move", row: row - 1, col } : { kind: "none" };
  return { kind: "none" };
}

/**
 * What a key does in the month sheet (rows are cells, columns categories): Enter and the
 * up and down arrows move along the column (Enter stops at the last row: the sheet is saved
 * with Ctrl+S only, so a clerk going column by column never saves half a sheet by walking
 * off its end); left and right arrows move to the next column once the caret is at the
 * edge of the text; Ctrl+S (or Ctrl+Enter) saves. Tab is the browser's own.
 */
export function sheetKey(
  key: string,
  mods: { shift: boolean; ctrl: boolean },
  caret: { atStart: boolean; atEnd: boolean },
  row: number,
  col: number,
  rows: number,
  cols: number,
): GridMove {
  if (key === "Enter" && !mods.ctrl && !mods.shift && row + 1 >= rows) return { kind: "none" };
  if (key === "ArrowLeft" && !mods.ctrl && caret.atStart)
    return col > 0 ? { kind: "move", row, col: col - 1 } : { kind: "none" };
  if (key === "ArrowRight" && !mods.ctrl && caret.atEnd)
    return col + 1 < cols ? { kind: "move", row, col: col + 1 } : { kind: "none" };
  return gridKey(key, mods, row, col, rows, cols);
}

/** The hash of the month sheet for a month and filters (`#/sheet?month=…&missing=1`). */
export function sheetHash(q: {
  month: string;
  area?: string;
  kind?: string;
  missing?: boolean;
  page?: number;
}): string {
  const p = new URLSearchParams();
  p.set("month", q.month);
  if (q.area) p.set("area", q.area);
  if (q.kind) p.set("kind", q.kind);
  if (q.missing) p.set("missing", "1");
  if (q.page && q.page > 1) p.set("page", String(q.page));
  return `#/sheet?${p.toString()}`;
}

/** The month sheet's filters read from a hash's query; the month defaults to `fallback`. */
export function sheetQuery(
  hash: string,
  fallback: string,
): { month: string; area: string; kind: string; missing: boolean; page: number } {
  const i = hash.indexOf("?");
  const p = new URLSearchParams(i >= 0 ? hash.slice(i + 1) : "");
  const page = Number(p.get("page") ?? "1");
  return {
    month: (p.get("month") ?? fallback).trim(),
    area: p.get("area") ?? "",
    kind: p.get("kind") ?? "",
    missing: p.get("missing") === "1" || p.get("missing") === "true",
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/**
 * A number grouped in thousands with "," and at most `decimals` decimals, trailing zeros
 * dropped (1234567.5 → "1,234,567.5"). The same in both languages, as statistical tables print it.
 */
export function group(v: number, decimals = 3): string {
  if (!isFinite(v)) return "—";
  const neg = v < 0;
  const fixed = Math.abs(v).toFixed(decimals);
  let [whole, frac = ""] = fixed.split(".");
  frac = frac.replace(/0+$/, "");
  whole = whole.replace(/\B(?=(\d{3})+$)/g, ",");
  const body = frac ? `${whole}.${frac}` : whole;
  return neg && body !== "0" ? `-${body}` : body;
}

/** Grams as tonnes, grouped, up to 3 decimals (that is, to the kilogram): 100000000 → "100". */
export function tonnesOf(grams: number): string {
  return group(grams / 1e6, 3);
}

/**
 * A mass with its unit: tonnes for a tonne or more, else kilograms (to the gram): 100 t is
 * "100 t", not "100,000.000 kg"; 850.5 kg stays "850.5 kg".
 */
export function mass(grams: number | null | undefined): string {
  if (grams === null || grams === undefined) return "—";
  return Math.abs(grams) >= 1e6 ? `${tonnesOf(grams)} t` : `${group(grams / 1000, 3)} kg`;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/**
 * A moment as local time, `YYYY-MM-DD HH:MM`. The core stores moments in UTC with a `Z` or
 * an offset (`2026-03-01T14:29:00Z`); a plain date (`2026-03-01`) or month is shown as it is;
 * nothing is "—". Text that is not a time is returned unchanged.
 */
export function localTime(utc: string | null | undefined): string {
  if (!utc) return "—";
  const s = utc.trim();
  if (/^\d{4}-\d{2}(-\d{2})?$/.test(s)) return s;
  const d = new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? s : `${s.replace(" ", "T")}Z`);
  if (isNaN(d.getTime())) return utc;
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** The local date (`YYYY-MM-DD`) of a moment stored in UTC; a plain date is returned as it is. */
export function localDate(utc: string | null | undefined): string {
  const t = localTime(utc);
  return t === "—" ? t : t.slice(0, 10);
}

/**
 * Replaces every UTC moment inside a message (`…逾期，计划 2026-03-01T14:29:00Z 到达`) by its
 * local time, so a message from the core never shows a raw `T…Z`.
 */
export function localizeTimes(text: string): string {
  return text.replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})/g, (m) => localTime(m));
}

/** The unit a column of masses is shown in: tonnes when any value is a tonne or more, else kilograms. */
export function massUnit(grams: (number | null | undefined)[]): "t" | "kg" {
  return grams.some((g) => g !== null && g !== undefined && Math.abs(g) >= 1e6) ? "t" : "kg";
}

/** Grams in `unit` without the unit (for a column whose header names it). */
export function inUnit(grams: number | null | undefined, unit: "t" | "kg"): string {
  if (grams === null || grams === undefined) return "—";
  return unit === "t" ? tonnesOf(grams) : group(grams / 1000, 3);
}

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
export function gridKey(key: string, mods: { shift: boolean; ctrl: boolean }, row: number, col: number, rows: number, cols: number): GridMove {
  if ((key === "s" || key === "S") && mods.ctrl) return { kind: "save" };
  if (key === "Enter" && mods.ctrl) return { kind: "save" };
  if (key === "Enter" && mods.shift) return row > 0 ? { kind: "move", row: row - 1, col } : { kind: "none" };
  if (key === "Enter") return row + 1 < rows ? { kind: "move", row: row + 1, col } : { kind: "save" };
  if (key === "ArrowDown") return row + 1 < rows ? { kind: "move", row: row + 1, col } : { kind: "none" };
  if (key === "ArrowUp") return row > 0 ? { kind: "move", row: row - 1, col } : { kind: "none" };
  return { kind: "none" };
}

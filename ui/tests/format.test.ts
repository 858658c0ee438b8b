// The window's pure helpers: number and month formatting, and the records grid's keys.
import { test } from "node:test";
import assert from "node:assert/strict";
import { addMonths, gridKey, isMonth, kg, kgPlain, pct } from "../src/format";

test("grams show as kilograms without trailing zeros, grouped by thousands", () => {
  assert.equal(kg(12_500), "12.5");
  assert.equal(kg(1_234_500_000), "1,234,500");
  assert.equal(kg(-1_234_000), "-1,234");
  assert.equal(kg(1), "0.001");
  assert.equal(kgPlain(1_234_500), "1234.5");
});

test("percentages have one decimal and a dash for no value", () => {
  assert.equal(pct(46.666), "46.7%");
  assert.equal(pct(null), "—");
  assert.equal(pct(Infinity), "—");
});

test("months step across years", () => {
  assert.equal(addMonths("2025-12", 1), "2026-01");
  assert.equal(addMonths("2026-01", -1), "2025-12");
  assert.equal(addMonths("2026-03", -15), "2024-12");
  assert.ok(isMonth("2026-11"));
  assert.ok(!isMonth("2026-13"));
  assert.ok(!isMonth("26-11"));
});

test("Enter walks down a column and saves from the last row", () => {
  const m = { shift: false, ctrl: false };
  assert.deepEqual(gridKey("Enter", m, 0, 2, 6, 5), { kind: "move", row: 1, col: 2 });
  assert.deepEqual(gridKey("Enter", m, 5, 2, 6, 5), { kind: "save" });
  assert.deepEqual(gridKey("Enter", { shift: true, ctrl: false }, 0, 2, 6, 5), { kind: "none" });
  assert.deepEqual(gridKey("s", { shift: false, ctrl: true }, 3, 1, 6, 5), { kind: "save" });
  assert.deepEqual(gridKey("Tab", m, 3, 1, 6, 5), { kind: "none" }, "Tab is left to the browser");
});

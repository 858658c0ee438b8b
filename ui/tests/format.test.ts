// The window's pure helpers: number and month formatting, and the records grid's keys.
import { test } from "node:test";
import assert from "node:assert/strict";
import { addMonths, gridKey, isMonth, kg, kgPlain, pct, sheetHash, sheetKey, sheetQuery } from "../src/format";

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

test("in the month sheet Enter stops at the last row and only Ctrl+S saves", () => {
  const m = { shift: false, ctrl: false };
  const mid = { atStart: false, atEnd: false };
  assert.deepEqual(sheetKey("Enter", m, mid, 0, 2, 5, 10), { kind: "move", row: 1, col: 2 });
  assert.deepEqual(sheetKey("Enter", m, mid, 4, 2, 5, 10), { kind: "none" });
  assert.deepEqual(sheetKey("s", { shift: false, ctrl: true }, mid, 4, 2, 5, 10), { kind: "save" });
  assert.deepEqual(sheetKey("ArrowUp", m, mid, 3, 2, 5, 10), { kind: "move", row: 2, col: 2 });
});

test("in the month sheet left and right arrows leave a cell only at the edge of its text", () => {
  const m = { shift: false, ctrl: false };
  assert.deepEqual(sheetKey("ArrowRight", m, { atStart: false, atEnd: false }, 1, 2, 5, 10), { kind: "none" });
  assert.deepEqual(sheetKey("ArrowRight", m, { atStart: false, atEnd: true }, 1, 2, 5, 10), {
    kind: "move",
    row: 1,
    col: 3,
  });
  assert.deepEqual(sheetKey("ArrowLeft", m, { atStart: true, atEnd: false }, 1, 2, 5, 10), {
    kind: "move",
    row: 1,
    col: 1,
  });
  assert.deepEqual(sheetKey("ArrowLeft", m, { atStart: true, atEnd: true }, 1, 0, 5, 10), { kind: "none" });
  assert.deepEqual(sheetKey("ArrowRight", m, { atStart: true, atEnd: true }, 1, 9, 5, 10), { kind: "none" });
});

test("the month sheet's address carries its month and filters both ways", () => {
  const hash = sheetHash({ month: "2026-10", area: "长春新区", missing: true });
  assert.equal(hash, "#/sheet?month=2026-10&area=%E9%95%BF%E6%98%A5%E6%96%B0%E5%8C%BA&missing=1");
  assert.deepEqual(sheetQuery(hash, "2000-01"), {
    month: "2026-10",
    area: "长春新区",
    kind: "",
    missing: true,
    page: 1,
  });
  assert.deepEqual(sheetQuery("#/sheet", "2026-10"), { month: "2026-10", area: "", kind: "", missing: false, page: 1 });
});

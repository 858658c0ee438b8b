// How the Reports page shows a report's numbers (as the PDF prints them) and scales its charts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fmtNumber, withUnit } from "../src/pages/reports";
import { axis, niceStep } from "../src/pages/reportChart";
import type { Chart } from "../src/bindings/Chart";

test("report numbers keep their decimals and group thousands, as the PDF prints them", () => {
  assert.equal(fmtNumber(1234567.891, 2), "1,234,567.89");
  assert.equal(fmtNumber(-1234567, 0), "-1,234,567");
  assert.equal(fmtNumber(95, 1), "95.0");
  assert.equal(fmtNumber(-0.001, 1), "0.0");
});

test("a percentage sits against its number, other units after a space", () => {
  assert.equal(withUnit(38.64, 2, "%"), "38.64%");
  assert.equal(withUnit(1234.5, 1, "t"), "1,234.5 t");
  assert.equal(withUnit(12, 0, ""), "12");
});

test("chart ticks step by one, two or five times a power of ten", () => {
  assert.equal(niceStep(100, 5), 20);
  assert.equal(niceStep(7, 5), 2);
  assert.equal(niceStep(4500, 5), 1000);
});

test("the axis of stacked bars reaches the highest sum and includes zero", () => {
  const c: Chart = {
    key: "k",
    title_zh: "图",
    title_en: "Chart",
    kind: "stacked_bar",
    unit: "t",
    labels_zh: ["1月", "2月"],
    labels_en: ["Jan", "Feb"],
    series: [
      { name_zh: "甲", name_en: "A", values: [30, 50] },
      { name_zh: "乙", name_en: "B", values: [40, null] },
    ],
  };
  const a = axis(c);
  assert.equal(a.lo, 0);
  assert.ok(a.hi >= 70 && a.hi < 70 + a.step);
});

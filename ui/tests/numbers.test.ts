// How the window's lists show numbers, masses and times, and how an export is named.
import { test } from "node:test";
import assert from "node:assert/strict";
import { group, inUnit, localDate, localizeTimes, localTime, mass, massUnit, tonnesOf } from "../src/format";
import { compareValues } from "../src/table";
import { dirOf, joinPath, proposedName } from "../src/exporting";

// The window shows local time; these checks are written for China Standard Time.
process.env.TZ = "Asia/Shanghai";

test("numbers are grouped by thousands with at most three decimals, trailing zeros dropped", () => {
  assert.equal(group(1234567.5), "1,234,567.5");
  assert.equal(group(1000), "1,000");
  assert.equal(group(999.1234), "999.123");
  assert.equal(group(-1234.5), "-1,234.5");
  assert.equal(group(-0.0001), "0");
  assert.equal(group(12.3456, 1), "12.3");
});

test("a mass of a tonne or more shows in tonnes, below that in kilograms", () => {
  assert.equal(mass(100_000_000), "100 t");
  assert.equal(mass(1_000_000), "1 t");
  assert.equal(mass(1_234_567_890), "1,234.568 t");
  assert.equal(mass(999_999), "999.999 kg");
  assert.equal(mass(850_500), "850.5 kg");
  assert.equal(mass(null), "—");
  assert.equal(tonnesOf(12_345_678_000), "12,345.678");
});

test("moments stored in UTC show as local time without seconds", () => {
  assert.equal(localTime("2026-03-01T14:29:00Z"), "2026-03-01 22:29");
  assert.equal(localTime("2026-03-01T20:00:00+00:00"), "2026-03-02 04:00");
  assert.equal(localTime("2026-03-01 14:29:00"), "2026-03-01 22:29");
  assert.equal(localDate("2026-03-01T20:00:00Z"), "2026-03-02");
});

test("plain dates, months and nothing are shown as they are", () => {
  assert.equal(localTime("2026-03-01"), "2026-03-01");
  assert.equal(localTime("2026-03"), "2026-03");
  assert.equal(localTime(null), "—");
  assert.equal(localTime("soon"), "soon");
});

test("a message from the core never shows a raw UTC time", () => {
  assert.equal(localizeTimes("计划 2026-03-01T14:29:00Z 到达，已逾期"), "计划 2026-03-01 22:29 到达，已逾期");
  assert.equal(
    localizeTimes("due 2026-03-01T14:29:00.123Z and 2026-03-01T00:00:00+08:00"),
    "due 2026-03-01 22:29 and 2026-03-01 00:00",
  );
});

test("sorting puts empty values last and compares numbers as numbers", () => {
  const v = [10, null, 9, 100].sort(compareValues);
  assert.deepEqual(v, [9, 10, 100, null]);
  assert.ok(compareValues("a", "b") < 0);
  assert.ok(compareValues("", "b") > 0);
});

test("an export is proposed in the chosen folder, named after the list and the local date", () => {
  assert.equal(proposedName("manifests", "xlsx", new Date(2026, 2, 1, 10)), "manifests-2026-03-01.xlsx");
  assert.equal(joinPath("/home/clerk/Documents", "a.csv"), "/home/clerk/Documents/a.csv");
  assert.equal(joinPath("C:\\Users\\clerk\\Documents", "a.csv"), "C:\\Users\\clerk\\Documents\\a.csv");
  assert.equal(dirOf("/home/clerk/out/a.xlsx"), "/home/clerk/out");
  assert.equal(dirOf("C:\\out\\a.xlsx"), "C:\\out");
});

test("a column of masses is in tonnes when any value reaches a tonne, else in kilograms", () => {
  assert.equal(massUnit([500_000, 100_000_000]), "t");
  assert.equal(massUnit([500_000, null]), "kg");
  assert.equal(inUnit(100_000_000, "t"), "100");
  assert.equal(inUnit(500_000, "t"), "0.5");
  assert.equal(inUnit(500_500, "kg"), "500.5");
  assert.equal(inUnit(null, "kg"), "—");
});

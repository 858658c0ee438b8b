// The window's labels come from the core's label sets; a key with no label shows as itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { labelIn, labelsOf, setLabels } from "../src/labels";
import type { Labels } from "../src/types";

const one = (key: string, zh: string, en: string) => [{ key, zh, en }];
const sets: Labels = {
  cell_status: one("certified", "已命名", "Named"),
  manifest_status: one("draft", "草稿", "Draft"),
  cw_category: one("soil", "工程渣土", "Excavated soil"),
  cw_alert: [],
  alert_kind: [],
  urgency: one("high", "紧急", "Urgent"),
  register: [],
  disposal: [],
  outcome: [],
  facility_kind: [],
  product: [],
  agri_stream: [],
  agri_takes: [],
  agri_destination: [],
  agri_giver: [],
};

test("a label is the core's, in the language asked for", () => {
  setLabels(sets);
  assert.equal(labelIn("cell_status", "certified", "zh"), "已命名");
  assert.equal(labelIn("cell_status", "certified", "en"), "Named");
  assert.equal(labelIn("urgency", "high", "en"), "Urgent");
});

test("an unknown key shows as itself", () => {
  setLabels(sets);
  assert.equal(labelIn("manifest_status", "archived", "zh"), "archived");
});

test("a set lists the core's labels in the core's order", () => {
  setLabels(sets);
  assert.deepEqual(
    labelsOf("cw_category").map((l) => l.key),
    ["soil"],
  );
});

// The core's label sets (statuses, categories, alert kinds …), loaded once at start: the
// window keeps no copy of its own. A key with no label shows as itself.
import type { Label, Labels } from "./types";

export type LabelSet = keyof Labels;

let sets: Partial<Labels> = {};

/** Keeps the label sets the core sent. */
export function setLabels(l: Labels): void {
  sets = l;
}

/** Every label of a set, in the core's order (empty before loading). */
export function labelsOf(set: LabelSet): Label[] {
  return sets[set] ?? [];
}

/** The label of `key` in `set`, in the given language; the key itself when unknown. */
export function labelIn(set: LabelSet, key: string, lang: "zh" | "en"): string {
  const l = labelsOf(set).find((x) => x.key === key);
  return l ? (lang === "zh" ? l.zh : l.en) : key;
}

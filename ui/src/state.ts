// What every page needs and rarely changes: where the ledger is, and the reference data.
import { api } from "./api";
import { setLabels } from "./labels";
import type { AppInfo, Reference } from "./types";

export const state = {
  info: null as AppInfo | null,
  ref: null as Reference | null,
  async load(): Promise<void> {
    const [info, ref, labels] = await Promise.all([api.appInfo(), api.reference(), api.labels()]);
    [this.info, this.ref] = [info, ref];
    setLabels(labels);
  },
  kindName(key: string, lang: "zh" | "en"): string {
    const k = this.ref?.kinds.find((x) => x.key === key);
    return k ? (lang === "zh" ? k.name_zh : k.name_en) : key;
  },
};

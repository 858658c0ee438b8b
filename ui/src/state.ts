// What every page needs and rarely changes: where the ledger is, and the reference data.
import { api } from "./api";
import type { AppInfo, Reference } from "./types";

export const state = {
  info: null as AppInfo | null,
  ref: null as Reference | null,
  async load(): Promise<void> {
    [this.info, this.ref] = await Promise.all([api.appInfo(), api.reference()]);
  },
  kindName(key: string, lang: "zh" | "en"): string {
    const k = this.ref?.kinds.find((x) => x.key === key);
    return k ? (lang === "zh" ? k.name_zh : k.name_en) : key;
  },
};

// The toast after a change carries 撤销/Undo: it undoes that change by a new change with the
// reason "undo" (the core refuses when the rows changed since), and says what it undid.
import { api } from "./api";
import { clearErrors, toast } from "./dom";
import { showError } from "./errors";
import { tr } from "./i18n";
import { markClean } from "./guard";
import type { Undone } from "./types";

/** What an undo did, in the current language. */
export function undoneText(u: Undone): string {
  // A sheet's save undoes many rows of one kind: each kind and subject once, with its count.
  const counts = new Map<string, number>();
  for (const r of u.rows) {
    const k = `${tr(r.what_zh, r.what_en)} ${r.subject}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const rows = [...counts]
    .map(([k, n]) => (n > 1 ? tr(`${k}（${n} 条）`, `${k} (${n} rows)`) : k))
    .join(tr("、", ", "));
  return tr(`已撤销：${rows}`, `Undone: ${rows}`);
}

/** The last change set this window has seen: a save that changed nothing offers no undo of an
 * older change. */
let seen: number | null = null;

/** Notes the last change set at start. */
export async function primeUndo(): Promise<void> {
  try {
    seen = (await api.lastChange())?.id ?? null;
  } catch {
    seen = null;
  }
}

/**
 * The toast after a saved change: `text`, with 撤销/Undo for the operator's change just made.
 * Also clears the error toasts and the page's unsaved mark: the save went through.
 */
export async function changed(text: string): Promise<void> {
  clearErrors();
  markClean();
  let id: number | null = null;
  try {
    id = (await api.lastChange())?.id ?? null;
  } catch {
    id = null;
  }
  if (id === null || id === seen) {
    toast(text);
    return;
  }
  seen = id;
  const set = id;
  toast(text, "info", {
    label: tr("撤销", "Undo"),
    id: "toast-undo",
    run: async () => {
      try {
        const u = await api.undo(set);
        seen = u.change_set;
        toast(undoneText(u));
        window.dispatchEvent(new HashChangeEvent("hashchange"));
      } catch (e) {
        showError(e);
      }
    },
  });
}

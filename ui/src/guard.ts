// Unsaved edits: typing in a form (or the records grid) marks the page as edited; leaving it
// before saving asks first. A write to the ledger that succeeds marks it clean.
import { clearErrors, confirmStep } from "./dom";
import { tr } from "./i18n";

let dirty = false;

/** The page has edits not saved. */
export function isDirty(): boolean {
  return dirty;
}
export function markClean(): void {
  dirty = false;
}

function onInput(e: Event): void {
  const el = e.target as Element | null;
  if (!el || !document.getElementById("main")?.contains(el)) return;
  if (el.closest("form, #records-grid, [data-guard]") && !el.closest("[data-no-guard]")) dirty = true;
}

/** Asks whether to leave a page with unsaved edits; true when there are none. */
export async function mayLeave(): Promise<boolean> {
  if (!dirty) return true;
  const ok = await confirmStep(
    tr(
      "本页有尚未保存的修改，离开将丢弃这些修改。确定离开？",
      "This page has edits that are not saved; leaving discards them. Leave?",
    ),
    tr("离开，不保存", "Leave without saving"),
    tr("留在本页", "Stay"),
  );
  if (ok) dirty = false;
  return ok;
}

/** Watches typing (once, at start). */
export function installGuard(): void {
  document.addEventListener("input", onInput, true);
  // A write that went through also fixed what the error toasts said.
  document.addEventListener("zwl:saved", () => {
    dirty = false;
    clearErrors();
  });
  window.addEventListener("beforeunload", (e) => {
    if (dirty) e.preventDefault();
  });
}

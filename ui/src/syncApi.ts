// The Sync page's calls into the core (one Tauri command each), and the bundle's progress.
import { api } from "./api";
import type { Conflict } from "./bindings/Conflict";
import type { ExportReport } from "./bindings/ExportReport";
import type { HistoryEntry } from "./bindings/HistoryEntry";
import type { ImportReport } from "./bindings/ImportReport";
import type { Keep } from "./bindings/Keep";
import type { OfficeView } from "./bindings/OfficeView";
import type { SyncProgress } from "./bindings/SyncProgress";

type Invoke = <R>(cmd: string, args?: Record<string, unknown>) => Promise<R>;

function invoke<R>(cmd: string, args?: Record<string, unknown>): Promise<R> {
  const t = window.__TAURI__ as unknown as { core?: { invoke: Invoke } } | undefined;
  if (!t?.core)
    return Promise.reject({
      code: "no_shell",
      message_zh: "未在桌面程序中运行",
      message_en: "not running inside the desktop app",
      fields: [],
    });
  return t.core.invoke<R>(cmd, args).then((r) => {
    if (cmd === "sync_import" || cmd === "sync_resolve") document.dispatchEvent(new Event("zwl:saved"));
    return r;
  });
}

export const syncApi = {
  exportDir: () => api.exportDir(),
  exportBundle: (dest: string, full: boolean) => invoke<ExportReport>("sync_export", { dest, full }),
  importBundle: (path: string) => invoke<ImportReport>("sync_import", { path }),
  history: () => invoke<HistoryEntry[]>("sync_history"),
  conflicts: (all: boolean) => invoke<Conflict[]>("sync_conflicts", { all }),
  resolve: (id: number, keep: Keep, reason: string | null) => invoke<Conflict>("sync_resolve", { id, keep, reason }),
  office: (period: string) => invoke<OfficeView>("office_view", { period }),
};

/** Hears a bundle's progress (`sync-progress` events) until the returned function is called. */
export async function onSyncProgress(f: (p: SyncProgress) => void): Promise<() => void> {
  const ev = (
    window.__TAURI__ as unknown as
      | { event?: { listen: (name: string, cb: (e: { payload: SyncProgress }) => void) => Promise<() => void> } }
      | undefined
  )?.event;
  if (!ev) return () => {};
  return ev.listen("sync-progress", (e) => f(e.payload));
}

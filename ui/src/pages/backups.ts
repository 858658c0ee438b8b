// The settings page's backups: every backup of the ledger (time in local time, kind, size),
// one taken now, and a restore from one — after a confirmation that names the ledger replaced
// and where the replaced file is kept; the window then reloads onto the restored ledger.
import { api } from "../api";
import { h, toast, confirmStep } from "../dom";
import { showError } from "../errors";
import { localTime } from "../format";
import { getLang, tr } from "../i18n";
import { table } from "../table";
import type * as T from "../types";

/** A backup's kind as the clerk reads it. */
export function backupKindLabel(k: T.BackupKind): string {
  switch (k) {
    case "automatic":
      return tr("自动", "Automatic");
    case "manual":
      return tr("手动", "Manual");
    case "before_import":
      return tr("导入前", "Before import");
    case "before_upgrade":
      return tr("升级前", "Before upgrade");
    case "before_restore":
      return tr("恢复前", "Before restore");
  }
}

/** A file size: bytes, KB or MB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function restore(b: T.BackupFile, ledger: string): Promise<void> {
  const kept = `${ledger}.before-restore-…bak`;
  const question = tr(
    `用备份“${b.name}”（${localTime(b.taken_at)}）替换当前台账“${ledger}”？当前台账不会删除，将保留为“${kept}”（同一文件夹）。`,
    `Replace the current ledger "${ledger}" with the backup "${b.name}" (${localTime(b.taken_at)})? The current ledger is not deleted: it is kept as "${kept}" in the same folder.`,
  );
  if (!(await confirmStep(question, tr("恢复", "Restore"), tr("取消", "Cancel")))) return;
  try {
    const r = await api.restoreBackup(b.path);
    toast(
      r.kept
        ? tr(`已恢复；原台账保留在 ${r.kept}`, `Restored; the replaced ledger is kept at ${r.kept}`)
        : tr("已恢复", "Restored"),
    );
    sessionStorage.setItem("zwl:restored", r.kept ?? "");
    location.hash = "#/settings";
    location.reload();
  } catch (e) {
    showError(e);
  }
}

/** The backups section of the settings page. */
export async function backupsSection(ledger: string, rerender: () => Promise<void>): Promise<HTMLElement> {
  let view: T.BackupsView | null = null;
  try {
    view = await api.backupsView();
  } catch (e) {
    showError(e);
  }
  const rows = view?.backups ?? [];
  const failed = view?.last_auto?.error_zh
    ? h(
        "p",
        { class: "error", id: "backup-auto-failed", role: "alert" },
        tr("上次自动备份失败：", "The last automatic backup failed: "),
        getLang() === "zh" ? view.last_auto.error_zh : (view.last_auto.error_en ?? ""),
      )
    : null;
  const restored = sessionStorage.getItem("zwl:restored");
  if (restored !== null) sessionStorage.removeItem("zwl:restored");
  return h(
    "div",
    { id: "backups" },
    h("h2", { id: "backups-title" }, tr("备份与恢复", "Backups and restore")),
    h(
      "div",
      { class: "card" },
      restored !== null
        ? h(
            "p",
            { id: "backup-restored", role: "status" },
            tr("已打开恢复后的台账。", "The restored ledger is open. "),
            restored ? tr(`原台账保留在 ${restored}`, `The replaced ledger is kept at ${restored}`) : "",
          )
        : null,
      h("p", {}, tr("备份文件夹：", "Backup folder: "), h("code", { id: "backup-folder" }, view?.folder ?? "")),
      h(
        "p",
        { class: "muted" },
        tr(
          "自动备份按“自动备份周期”在打开台账时进行，只保留最新的若干份自动备份；手动备份和升级前、导入前、恢复前的备份从不自动删除。",
          "Automatic backups are taken when the ledger opens, on the automatic backup period; only the newest automatic ones are kept. Manual backups and those taken before an upgrade, an import or a restore are never removed.",
        ),
      ),
      failed,
      h(
        "div",
        { class: "toolbar" },
        h(
          "button",
          {
            id: "backup-now",
            onclick: async () => {
              try {
                const b = await api.backupNow();
                toast(tr(`已备份到 ${b.path}`, `Backed up to ${b.path}`));
                await rerender();
              } catch (e) {
                showError(e);
              }
            },
          },
          tr("立即备份", "Back up now"),
        ),
      ),
      table<T.BackupFile>({
        id: "backups-table",
        rows,
        rowKey: (b) => b.name,
        maxHeight: "40vh",
        empty: tr("还没有备份", "No backups yet"),
        columns: [
          {
            key: "taken_at",
            header: tr("时间", "Time"),
            value: (b) => b.taken_at,
            format: (v) => localTime(String(v)),
          },
          { key: "kind", header: tr("类型", "Kind"), value: (b) => backupKindLabel(b.kind) },
          {
            key: "size",
            header: tr("大小", "Size"),
            num: true,
            value: (b) => b.size,
            format: (v) => sizeText(Number(v)),
          },
          { key: "name", header: tr("文件", "File"), hide: 1 },
          {
            key: "restore",
            header: "",
            sort: false,
            cell: (b) =>
              h(
                "button",
                {
                  class: "restore-backup",
                  "data-name": b.name,
                  onclick: (e: Event) => {
                    e.stopPropagation();
                    void restore(b, ledger);
                  },
                },
                tr("恢复…", "Restore…"),
              ),
          },
        ],
      }).el,
    ),
  );
}

/** Says in the window when the automatic backup taken at opening failed (it runs beside the
 * window's work, so it is asked after a moment, and again until it has finished). */
export function reportAutoBackup(tries = 10): void {
  setTimeout(async () => {
    try {
      const v = await api.backupsView();
      if (!v.last_auto) {
        if (tries > 1) reportAutoBackup(tries - 1);
        return;
      }
      const err = getLang() === "zh" ? v.last_auto.error_zh : v.last_auto.error_en;
      if (err) toast(tr(`自动备份失败：${err}`, `The automatic backup failed: ${err}`), "error");
    } catch {
      // The settings page shows the backups and their errors.
    }
  }, 3000);
}

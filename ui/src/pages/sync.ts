// The Sync page (数据同步): export a bundle to a folder, import one, the progress of large
// bundles, the history of exports and imports, the conflicts with both versions side by side
// and their resolution, and the office's view (who has sent what, which areas sent nothing).
import { h, mount, toast } from "../dom";
import { showError } from "../errors";
import { localTime } from "../format";
import { getLang, tr } from "../i18n";
import { table } from "../table";
import { onSyncProgress, syncApi } from "../syncApi";
import type { Conflict } from "../bindings/Conflict";
import type { HistoryEntry } from "../bindings/HistoryEntry";
import type { Sender } from "../bindings/Sender";
import type { AreaSent } from "../bindings/AreaSent";

const sep = () => tr("：", ": ");

function progressBox(): { el: HTMLElement; start: () => Promise<() => void> } {
  const bar = h("progress", { id: "sync-progress", max: 1, value: 0, style: "width:320px" });
  const text = h("span", { id: "sync-progress-text", class: "muted" });
  const el = h("div", { id: "sync-progress-box", hidden: true }, bar, " ", text);
  return {
    el,
    start: async () => {
      el.hidden = false;
      bar.value = 0;
      text.textContent = "";
      const stop = await onSyncProgress((p) => {
        if (p.total > 0) {
          bar.max = p.total;
          bar.value = Math.min(p.rows, p.total);
        }
        text.textContent = `${p.stage} ${p.table} ${p.rows}${p.total > 0 ? ` / ${p.total}` : ""}`;
      });
      return () => {
        stop();
        el.hidden = true;
      };
    },
  };
}

/** Both versions of a conflict side by side, with the two resolutions. */
function conflictDetail(c: Conflict, done: () => Promise<void>): HTMLElement {
  const zh = getLang() === "zh";
  const reason = h("input", { id: "sync-resolve-reason", placeholder: tr("理由（可不填）", "Reason (optional)") });
  const resolve = async (keep: "current" | "other") => {
    try {
      await syncApi.resolve(c.id, keep, reason.value.trim() || null);
      toast(tr("冲突已处理", "Conflict resolved"));
      await done();
    } catch (e) {
      showError(e);
    }
  };
  return h(
    "div",
    { class: "card", id: "sync-conflict-detail", "data-conflict": String(c.id) },
    h(
      "h3",
      {},
      tr(`冲突 #${c.id}：${c.table} ${c.row}`, `Conflict #${c.id}: ${c.table} ${c.row}`),
      c.reason === "unique" ? h("span", { class: "muted" }, tr("（唯一值冲突）", " (unique value collision)")) : null,
    ),
    h(
      "table",
      { class: "list", id: "sync-side-by-side" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, tr("字段", "Field")),
          h("th", {}, tr("当前版本（保留中）", "Current version (kept)")),
          h("th", {}, tr("另一版本", "Other version")),
        ),
      ),
      h(
        "tbody",
        {},
        c.fields.map((f) =>
          h(
            "tr",
            { "data-field": f.field, class: f.differs ? "differs" : "" },
            h("td", {}, zh ? f.label_zh : f.label_en),
            h("td", { class: "current", style: f.differs ? "font-weight:bold" : "" }, f.current),
            h("td", { class: "other", style: f.differs ? "font-weight:bold" : "" }, f.other),
          ),
        ),
      ),
    ),
    c.resolved_at
      ? h(
          "p",
          { class: "muted" },
          tr(`已于 ${localTime(c.resolved_at)} 处理`, `Resolved at ${localTime(c.resolved_at)}`),
        )
      : h(
          "div",
          { class: "toolbar", style: "margin-top:8px" },
          reason,
          h(
            "button",
            { id: "sync-keep-current", onclick: () => void resolve("current") },
            tr("保留当前版本", "Keep current"),
          ),
          h(
            "button",
            { id: "sync-keep-other", onclick: () => void resolve("other") },
            tr("采用另一版本", "Take the other"),
          ),
        ),
  );
}

function historyTable(rows: HistoryEntry[]): HTMLElement {
  return table<HistoryEntry>({
    id: "sync-history-table",
    rows,
    rowKey: (r) => String(r.id),
    maxHeight: "30vh",
    empty: tr("还没有导出或导入", "No exports or imports yet"),
    columns: [
      { key: "at", header: tr("时间", "Time") },
      {
        key: "direction",
        header: tr("方向", "Direction"),
        value: (r) => (r.direction === "export" ? tr("导出", "Export") : tr("导入", "Import")),
      },
      { key: "code", header: tr("来源简码", "Source code") },
      { key: "name", header: tr("来源名称", "Source name"), hide: 2 },
      { key: "rows", header: tr("行数", "Rows"), num: true },
      { key: "applied", header: tr("采用", "Applied"), num: true, hide: 3 },
      { key: "conflicts", header: tr("冲突", "Conflicts"), num: true },
      {
        key: "head_ok",
        header: tr("变更链", "Change chain"),
        cellClass: (r) => (r.head_ok ? undefined : "bad"),
        value: (r) =>
          r.head_ok
            ? `#${r.head_seq}`
            : tr(
                `#${r.head_seq} 与此前收到的链头不衔接：来源台账的历史已被改写`,
                `#${r.head_seq} does not extend the head received before: the source's history was rewritten`,
              ),
      },
      { key: "path", header: tr("文件", "File"), hide: 1 },
    ],
  }).el;
}

async function officeBox(): Promise<HTMLElement> {
  const period = h("input", { id: "office-period", placeholder: "2026-01", style: "width:160px" });
  const out = h("div", { id: "office-result" });
  const show = async () => {
    try {
      const v = await syncApi.office(period.value.trim());
      const silent = v.areas.filter((a) => a.silent).length;
      mount(
        out,
        h(
          "p",
          { id: "office-summary" },
          tr(
            `${v.from} 至 ${v.to}：${silent} 个报送区域未报送任何数据`,
            `${v.from} to ${v.to}: ${silent} reporting areas have sent nothing`,
          ),
        ),
        h("h3", {}, tr("已发送同步包的安装", "Installations that have sent bundles")),
        table<Sender>({
          id: "office-senders-table",
          rows: v.senders,
          rowKey: (s) => s.installation,
          maxHeight: "30vh",
          empty: tr("尚未导入任何同步包", "No bundles imported yet"),
          columns: [
            { key: "code", header: tr("简码", "Code") },
            { key: "name", header: tr("名称", "Name") },
            { key: "bundles", header: tr("包数", "Bundles"), num: true },
            { key: "last_at", header: tr("最近导入", "Last bundle"), format: (x) => localTime(String(x)) },
            { key: "newest", header: tr("最新数据", "Newest data"), format: (x) => localTime(String(x)), hide: 2 },
            { key: "last_file", header: tr("文件", "File"), hide: 1 },
          ],
        }).el,
        h("h3", {}, tr("报送区域", "Reporting areas")),
        table<AreaSent>({
          id: "office-areas-table",
          rows: v.areas,
          rowKey: (a) => a.code,
          maxHeight: "40vh",
          columns: [
            { key: "code", header: tr("代码", "Code") },
            { key: "name", header: tr("名称", "Name") },
            { key: "records", header: tr("月度记录", "Records"), num: true },
            { key: "manifests", header: tr("联单", "Manifests"), num: true },
            { key: "entries", header: tr("回收记录", "Hand-ins"), num: true },
            {
              key: "silent",
              header: tr("状态", "State"),
              value: (a) => (a.silent ? tr("未报送", "Nothing sent") : tr("已报送", "Sent")),
            },
          ],
        }).el,
      );
    } catch (e) {
      showError(e);
    }
  };
  await show();
  return h(
    "div",
    { id: "office" },
    h("h2", {}, tr("汇总视图（市级）", "The office's view")),
    h(
      "div",
      { class: "toolbar" },
      h(
        "label",
        {},
        `${tr("期间（YYYY-MM、YYYY 或 YYYY-MM..YYYY-MM；空为上月）", "Period (YYYY-MM, YYYY or YYYY-MM..YYYY-MM; empty: last month)")}${sep()}`,
        period,
      ),
      h("button", { id: "office-show", onclick: () => void show() }, tr("查看", "Show")),
    ),
    out,
  );
}

export async function syncPage(main: HTMLElement): Promise<void> {
  const rerender = async () => {
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  };
  let history: HistoryEntry[] = [];
  let conflicts: Conflict[] = [];
  try {
    [history, conflicts] = await Promise.all([syncApi.history(), syncApi.conflicts(false)]);
  } catch (e) {
    showError(e);
  }
  let dir = "";
  try {
    dir = await syncApi.exportDir();
  } catch {
    // The box stays empty: the clerk types the folder.
  }
  const dest = h("input", { id: "sync-export-dest", value: dir, style: "width:420px" });
  const full = h("input", { id: "sync-full", type: "checkbox" });
  const file = h("input", {
    id: "sync-import-file",
    placeholder: tr("同步包文件的完整路径", "Full path of the bundle file"),
    style: "width:420px",
  });
  const result = h("div", { id: "sync-result", role: "status" });
  const progress = progressBox();
  const detail = h("div", { id: "sync-conflict-box" });
  const openConflict = (c: Conflict) => mount(detail, conflictDetail(c, rerender));

  const doExport = async () => {
    const stop = await progress.start();
    try {
      const r = await syncApi.exportBundle(dest.value.trim(), full.checked);
      mount(
        result,
        h("p", { id: "sync-exported" }, tr(`已导出 ${r.rows} 行到 ${r.file}`, `Exported ${r.rows} rows to ${r.file}`)),
      );
      toast(tr("已导出同步包", "Bundle exported"));
    } catch (e) {
      showError(e);
    } finally {
      stop();
    }
  };
  const doImport = async () => {
    const stop = await progress.start();
    try {
      const r = await syncApi.importBundle(file.value.trim());
      stop();
      toast(
        r.already
          ? tr("此同步包已导入过，未做更改", "This bundle was imported before; nothing changed")
          : tr(
              `已导入 ${r.applied} 行，冲突 ${r.conflicts} 个`,
              `Imported ${r.applied} rows, ${r.conflicts} conflicts`,
            ),
      );
      await rerender();
    } catch (e) {
      stop();
      showError(e);
    }
  };

  mount(
    main,
    h("h1", {}, tr("数据同步", "Sync")),
    h(
      "div",
      { class: "two" },
      h(
        "div",
        { class: "card" },
        h("h2", {}, tr("导出同步包", "Export a bundle")),
        h(
          "p",
          { class: "muted" },
          tr("写出自上次导出到该位置以来变更的行。", "Writes the rows changed since the last export there."),
        ),
        h("label", {}, `${tr("导出到文件夹", "To the folder")}${sep()}`, dest),
        h("p", {}, h("label", {}, full, tr("全部数据（不只是变更）", "Every row (not only the changes)"))),
        h("button", { id: "sync-export", onclick: () => void doExport() }, tr("导出", "Export")),
      ),
      h(
        "div",
        { class: "card" },
        h("h2", {}, tr("导入同步包", "Import a bundle")),
        h(
          "p",
          { class: "muted" },
          tr(
            "导入前先整体校验并备份台账；同一个包导入两次不会改变任何数据。",
            "The bundle is checked whole and the ledger backed up first; importing a bundle twice changes nothing.",
          ),
        ),
        h("label", {}, `${tr("同步包文件", "Bundle file")}${sep()}`, file),
        h("p", {}, h("button", { id: "sync-import", onclick: () => void doImport() }, tr("导入", "Import"))),
      ),
    ),
    progress.el,
    result,
    h(
      "h2",
      { id: "sync-conflicts-title" },
      tr(`待处理的冲突（${conflicts.length}）`, `Open conflicts (${conflicts.length})`),
    ),
    table<Conflict>({
      id: "sync-conflicts-table",
      rows: conflicts,
      rowKey: (c) => String(c.id),
      maxHeight: "30vh",
      empty: tr("没有待处理的冲突", "No open conflicts"),
      onOpen: openConflict,
      columns: [
        { key: "id", header: "#", num: true },
        { key: "at", header: tr("时间", "Time"), format: (x) => localTime(String(x)) },
        { key: "table", header: tr("表", "Table") },
        { key: "row", header: tr("行", "Row"), hide: 2 },
        {
          key: "reason",
          header: tr("原因", "Reason"),
          value: (c) =>
            c.reason === "unique" ? tr("唯一值冲突", "Unique value") : tr("双方都修改了", "Changed on both sides"),
        },
        { key: "bundle", header: tr("同步包", "Bundle"), hide: 1 },
      ],
    }).el,
    detail,
    h("h2", {}, tr("导出与导入记录", "Exports and imports")),
    historyTable(history),
    await officeBox(),
  );
  if (conflicts.length > 0) openConflict(conflicts[0]);
}

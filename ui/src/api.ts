// Calls into the core through the desktop shell. Every function here is one Tauri command,
// which is one call of `zwl::api`.
import type * as T from "./types";
import { toast } from "./dom";
import type { Exported } from "./bindings/Exported";
import type { Format } from "./bindings/Format";
import type { ListSpec } from "./bindings/ListSpec";
import type { OutputFormat } from "./bindings/OutputFormat";
import type { Spec } from "./bindings/Spec";
import type { SummaryReport } from "./bindings/SummaryReport";

declare global {
  interface Window {
    __TAURI__?: { core: { invoke: <R>(cmd: string, args?: Record<string, unknown>) => Promise<R> } };
  }
}

/** The commands that write to the ledger: one that succeeds means what the page had typed is
 * saved (the unsaved-edits guard listens for `zwl:saved`). */
const WRITES =
  /^(start_create|import_file|first_start|record_assessment|acknowledge_alert|set_|put_|add_|edit_|save_|delete_|move_|retire_|change_|group_|undo$|agri_(add|put|revise|delete|import)_|cw_(add_entry|dispatch|receive|step|revise|link_followup|output|set_facility|declare)$)/;

/** How often a call that meets another program's write (code `busy`) is tried again. */
const BUSY_RETRIES = 3;

async function invoke<R>(cmd: string, args?: Record<string, unknown>): Promise<R> {
  const t = window.__TAURI__;
  if (!t)
    return Promise.reject({
      code: "no_shell",
      message_zh: "未在桌面程序中运行",
      message_en: "not running inside the desktop app",
      fields: [],
    });
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await t.core.invoke<R>(cmd, args);
      if (WRITES.test(cmd)) document.dispatchEvent(new Event("zwl:saved"));
      return r;
    } catch (e) {
      // Another program (a script, another window) holds the write lock beyond the core's
      // wait: say so, and try again; nothing was written.
      if (!isApiError(e) || e.code !== "busy" || attempt >= BUSY_RETRIES) throw e;
      busyNotice(attempt + 1);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

function busyNotice(attempt: number): void {
  const zh = document.documentElement.lang !== "en";
  toast(
    zh
      ? `台账正被另一个程序写入，正在等待后重试（第 ${attempt}/${BUSY_RETRIES} 次）…`
      : `Another program is writing to the ledger; trying again (${attempt}/${BUSY_RETRIES})…`,
  );
}

/** Whether a rejection is the core's error value (and not, say, a JS exception). */
export function isApiError(e: unknown): e is T.ApiError {
  return typeof e === "object" && e !== null && "code" in e && "message_zh" in e;
}

export const api = {
  agriPlaces: (district: string) => invoke<T.AgriPlace[]>("agri_places", { district }),
  agriKinds: (domain: string) => invoke<T.AgriKind[]>("agri_kinds", { domain }),
  agriPoints: (district: string) => invoke<T.AgriPoint[]>("agri_points", { district }),
  agriAddPoint: (draft: T.AgriPointDraft) => invoke<T.AgriPoint>("agri_add_point", { draft }),
  agriEntries: (filter: T.AgriEntryFilter) => invoke<T.AgriEntry[]>("agri_entries", { filter }),
  agriAddEntry: (draft: T.AgriEntryDraft) => invoke<T.AgriEntry>("agri_add_entry", { draft }),
  agriOutbound: (point: string) => invoke<T.AgriOutbound[]>("agri_outbound", { point }),
  agriAddOutbound: (draft: T.AgriOutboundDraft) => invoke<T.AgriOutbound>("agri_add_outbound", { draft }),
  agriStock: (district: string) => invoke<T.AgriStock[]>("agri_stock", { district }),
  agriRates: (query: T.AgriRatesQuery) => invoke<T.AgriRates>("agri_rates", { query }),
  agriPutStraw: (draft: T.AgriStrawDraft) => invoke<T.AgriSaved<T.AgriStraw>>("agri_put_straw", { draft }),
  agriStraw: (district: string, year: number) => invoke<T.AgriStraw[]>("agri_straw", { district, year }),
  agriStrawRates: (district: string, year: number, byTownship: boolean) =>
    invoke<T.AgriStrawRate[]>("agri_straw_rates", { district, year, byTownship }),
  agriPutManure: (draft: T.AgriManureDraft) => invoke<T.AgriSaved<T.AgriManure>>("agri_put_manure", { draft }),
  agriManure: (district: string, year: number) => invoke<T.AgriManure[]>("agri_manure", { district, year }),
  agriManureRates: (district: string, year: number, byTownship: boolean) =>
    invoke<T.AgriManureRate[]>("agri_manure_rates", { district, year, byTownship }),
  startState: () => invoke<T.StartView>("start_state"),
  startOpen: (path: string, readOnly: boolean) => invoke<void>("start_open", { path, readOnly }),
  startCreate: (path: string) => invoke<void>("start_create", { path }),
  appInfo: () => invoke<T.AppInfo>("app_info"),
  reference: () => invoke<T.Reference>("reference"),
  labels: () => invoke<T.Labels>("labels"),
  setSetting: (key: string, value: string) => invoke<void>("set_setting", { key, value }),
  putDistrict: (district: T.District) => invoke<void>("put_district", { district }),
  addKind: (kind: T.CellKind) => invoke<void>("add_kind", { kind }),
  chooseDb: (path: string) => invoke<void>("choose_db", { path }),
  listCells: (filter: T.CellFilter) => invoke<T.CellPage>("list_cells", { filter }),
  getCell: (id: string) => invoke<T.Cell>("get_cell", { id }),
  validateCell: (draft: T.CellDraft, editing: string | null) =>
    invoke<T.FieldError[]>("validate_cell", { draft, editing }),
  addCell: (draft: T.CellDraft) => invoke<T.Cell>("add_cell", { draft }),
  editCell: (id: string, draft: T.CellDraft) => invoke<T.Cell>("edit_cell", { id, draft }),
  setStatus: (id: string, to: string, on: string | null, reason: string | null) =>
    invoke<T.Cell>("set_status", { id, to, on, reason }),
  cellHistory: (id: string) => invoke<T.LoggedChange[]>("cell_history", { id }),
  chainHead: () => invoke<T.ChainHead>("chain_head"),
  listRecords: (id: string, from: string, to: string) => invoke<T.LedgerRecord[]>("list_records", { id, from, to }),
  saveRecords: (id: string, rows: T.RecordInput[]) => invoke<number>("save_records", { id, rows }),
  deleteRecord: (id: string, month: string, category: string) => invoke<void>("delete_record", { id, month, category }),
  cellRates: (id: string, from: string, to: string) => invoke<T.CellRates>("cell_rates", { id, from, to }),
  saveRecordEntries: (id: string, rows: T.RecordInput[]) => invoke<T.Saved>("save_record_entries", { id, rows }),
  cellFigures: (id: string) => invoke<T.ActivityFigure[]>("cell_figures", { id }),
  saveCellFigures: (id: string, rows: T.FigureInput[]) => invoke<number>("save_cell_figures", { id, rows }),
  containerSizes: (id: string) => invoke<T.ContainerSize[]>("container_sizes", { id }),
  setContainer: (id: string, category: string, kg: string) => invoke<void>("set_container", { id, category, kg }),
  addCategory: (draft: T.CategoryDraft) => invoke<T.Category>("add_category", { draft }),
  editCategory: (key: string, draft: T.CategoryDraft) => invoke<T.Category>("edit_category", { key, draft }),
  moveCategory: (key: string, position: number) => invoke<T.Category[]>("move_category", { key, position }),
  retireCategory: (key: string, retired: boolean) => invoke<void>("retire_category", { key, retired }),
  addStream: (key: string, name_zh: string, name_en: string) =>
    invoke<void>("add_stream", { key, nameZh: name_zh, nameEn: name_en }),
  cwRegisters: () => invoke<T.CwRegisters>("cw_registers"),
  cwAddEntry: (register: T.Register, entry: T.EntryDraft) => invoke<void>("cw_add_entry", { register, entry }),
  cwList: (filter: T.ManifestFilter) => invoke<T.ManifestPage>("cw_list", { filter }),
  cwManifest: (key: string) => invoke<T.ManifestView>("cw_manifest", { key }),
  cwDispatch: (draft: T.ManifestDraft) => invoke<T.ManifestView>("cw_dispatch", { draft }),
  cwReceive: (key: string, reception: T.Reception) => invoke<T.ManifestView>("cw_receive", { key, reception }),
  cwStep: (key: string, step: T.ManifestStep, reason: string) =>
    invoke<T.ManifestView>("cw_step", { key, step, reason }),
  cwAlerts: () => invoke<T.Alert[]>("cw_alerts"),
  cwRate: (by: string, from: string, to: string) => invoke<T.ResourceUse>("cw_rate", { by, from, to }),
  cwRevise: (key: string, draft: T.ManifestDraft, reception: T.Reception | null, reason: string) =>
    invoke<T.ManifestView>("cw_revise", { key, draft, reception, reason }),
  cellWarnings: (draft: T.CellDraft) => invoke<T.FieldError[]>("cell_warnings", { draft }),
  changeStatus: (id: string, change: T.StatusChange) => invoke<T.Cell>("change_status", { id, change }),
  cellNamings: (id: string) => invoke<T.Naming[]>("cell_namings", { id }),
  alerts: (filter: string) => invoke<T.LedgerAlert[]>("alerts", { filter }),
  reportingAreas: () => invoke<T.ReportingArea[]>("reporting_areas"),
  /** `nameEn` null leaves the English name as it is; "" removes it. */
  putArea: (code: string, name: string, nameEn: string | null = null) =>
    invoke<void>("put_area", { code, name, nameEn }),
  groupArea: (area: string, districts: string[]) => invoke<void>("group_area", { area, districts }),
  cwLinkFollowup: (refused: string, followup: string) =>
    invoke<T.ManifestView>("cw_link_followup", { refused, followup }),
  cwOutput: (facility: string, month: string, products: [string, string][]) =>
    invoke<number>("cw_output", { facility, month, products }),
  cwFacilities: () => invoke<T.FacilityUse[]>("cw_facilities"),
  cwSetFacility: (facility: string, kind: string, accepts: string) =>
    invoke<T.FacilityUse>("cw_set_facility", { facility, kind, accepts }),
  cwDeclare: (draft: T.DeclarationDraft) => invoke<T.Declaration>("cw_declare", { draft }),
  cwDeclarations: (from: string, to: string) => invoke<T.Declaration[]>("cw_declarations", { from, to }),
  cwOutputs: (from: string, to: string) => invoke<T.OutputLine[]>("cw_outputs", { from, to }),
  cwSupervision: (from: string, to: string) => invoke<T.Supervision>("cw_supervision", { from, to }),
  alertsQuery: (query: T.AlertQuery) => invoke<T.LedgerAlert[]>("alerts_query", { query }),
  acknowledgeAlert: (key: string, note: string) => invoke<T.Ack>("acknowledge_alert", { key, note }),
  alertAckHistory: () => invoke<T.AckEntry[]>("alert_ack_history"),
  home: () => invoke<T.Home>("home"),
  setupState: () => invoke<T.SetupState>("setup_state"),
  firstStart: (answers: T.FirstStart) => invoke<T.SetupState>("first_start", { answers }),
  recentOperators: () => invoke<string[]>("recent_operators"),
  switchOperator: (name: string) => invoke<void>("switch_operator", { name }),
  monthSheet: (filter: T.SheetFilter) => invoke<T.Sheet>("month_sheet", { filter }),
  saveMonthSheet: (sheet: T.SheetSave) => invoke<T.SheetSaved>("save_month_sheet", { sheet }),
  cellAssessments: (id: string) => invoke<T.AssessView>("cell_assessments", { id }),
  saveApplication: (id: string, app: T.Application) => invoke<void>("save_application", { id, app }),
  recordAssessment: (id: string, input: T.AssessmentInput) => invoke<T.Assessment>("record_assessment", { id, input }),
  saveCertReport: (id: string, from: string, to: string, path: string) =>
    invoke<T.IssuedCert>("save_cert_report", { id, from, to, path }),
  verifyCertReport: (path: string) => invoke<T.Verification>("verify_cert_report", { path }),
  exportList: (spec: ListSpec, format: Format, path: string) => invoke<Exported>("export_list", { spec, format, path }),
  exportDir: () => invoke<string>("export_dir"),
  /** A native dialog's chosen path, or null when cancelled (see ui/src/pathPicker.ts). */
  pickPath: (mode: "open" | "save" | "folder", title: string | null, start: string | null, extensions: string[]) =>
    invoke<string | null>("pick_path", { mode, title, start, extensions }),
  undo: (changeSet: number | null) => invoke<T.Undone>("undo", { changeSet }),
  lastChange: () => invoke<T.ChangeSet | null>("last_change"),
  cellChanges: (id: string) => invoke<T.CellChange[]>("cell_changes", { id }),
  importPreview: (kind: T.ImportKind, path: string) => invoke<T.ImportPreview>("import_preview", { kind, path }),
  importFile: (kind: T.ImportKind, path: string) => invoke<T.Imported>("import_file", { kind, path }),
  reportSummary: (spec: Spec) => invoke<SummaryReport>("report_summary", { spec }),
  reportSummarySave: (spec: Spec, format: OutputFormat, lang: "zh" | "en", path: string) =>
    invoke<number>("report_summary_save", { spec, format, lang, path }),
  backupsView: () => invoke<T.BackupsView>("backups_view"),
  backupNow: () => invoke<T.BackupFile>("backup_now"),
  restoreBackup: (file: string) => invoke<T.Restored>("restore_backup", { file }),
  identityState: () => invoke<T.LedgerHome>("identity_state"),
  identityNew: (name: string, code: string) => invoke<T.NewIdentity>("identity_new", { name, code }),
  identityKeep: () => invoke<null>("identity_keep"),
};

/** Hears an import's progress (`import-progress` events of the shell) until the returned
 * function is called. */
export async function onImportProgress(f: (p: T.Progress) => void): Promise<() => void> {
  const ev = (
    window.__TAURI__ as unknown as
      | { event?: { listen: (name: string, cb: (e: { payload: T.Progress }) => void) => Promise<() => void> } }
      | undefined
  )?.event;
  if (!ev) return () => {};
  return ev.listen("import-progress", (e) => f(e.payload));
}

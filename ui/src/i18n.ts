// The window's words, Chinese first, with English. The language is a setting in the ledger,
// so it is remembered across restarts.
import { labelIn, type LabelSet } from "./labels";
import type { ApiError, FieldError, Status } from "./types";

export type Lang = "zh" | "en";
let lang: Lang = "zh";

export function setLang(l: Lang): void { lang = l; document.documentElement.lang = l === "zh" ? "zh-CN" : "en"; }
export function getLang(): Lang { return lang; }

const zh = {
  app_title: "无废城市建设台账", app_sub: "Zero-Waste City Ledger",
  nav_home: "工作台", nav_cells: "无废细胞", nav_construction: "建筑垃圾", nav_agri: "农业废弃物回收", nav_reports: "报表", nav_sync: "数据同步", nav_settings: "设置",
  soon: "即将推出", lang_switch: "English", operator: "操作员",
  cells_title: "无废细胞", search: "搜索名称、代码、地址、联系人", all_kinds: "全部类型", all_districts: "全部区划", all_statuses: "全部状态",
  new_cell: "新建细胞", col_name: "名称", col_kind: "类型", col_district: "行政区划", col_uscc: "统一社会信用代码", col_status: "状态", col_updated: "更新时间",
  page_of: "第 {page}/{pages} 页，共 {total} 个", prev: "上一页", next: "下一页", no_cells: "没有符合条件的细胞",
  f_name: "名称", f_kind: "类型", f_uscc: "统一社会信用代码", f_uscc_override: "代码保留理由", f_district: "行政区划", f_address: "地址",
  f_contact: "联系人", f_phone: "电话", f_manager: "负责人", f_headcount_headcount: "人数", f_headcount_households: "户数",
  f_baseline_headcount: "基准年人数/户数", f_baseline_year: "基准年", choose: "请选择",
  uscc_hint: "18 位，保存前自动去空格并转为大写", override_hint: "仅当代码确为登记在册、但校验位不符时填写；理由将记入变更记录",
  save: "保存", cancel: "取消", edit: "编辑", saved: "已保存", create_title: "新建无废细胞", edit_title: "编辑无废细胞",
  back_to_list: "← 返回列表", details: "基本信息", status_actions: "变更状态", to_status: "改为“{s}”", cert_date: "命名日期", reason: "理由",
  certified_on: "命名日期", expires_on: "有效期至", confirm: "确定",
  records: "月度台账", month: "月份", category: "类别", generated: "产生量（千克）", recycled: "回收利用（千克）", composted: "堆肥/资源化（千克）",
  incinerated: "焚烧（千克）", landfilled: "填埋（千克）", load_month: "载入", grid_help: "Tab 向右、Enter 向下；最后一行按 Enter 或 Ctrl+S 保存本月并转到下月。留空的行不保存。",
  saved_month: "已保存 {month}（{n} 行）", delete: "删除", delete_record_q: "删除 {month}“{cat}”的记录？此操作记入变更记录。", delete_confirm: "确认删除", deleted_record: "已删除 {month}“{cat}”的记录", rates: "指标", period: "统计期", from: "自", to: "至", recompute: "计算",
  recycling_rate: "生活垃圾回收利用率", target: "目标 {t}%", reduction: "减量化（与基准年同期比）", change: "变化", per_capita_headcount: "人均产生量", per_capita_households: "户均产生量",
  baseline_missing: "基准年缺少记录的月份：{m}", no_baseline: "未设基准年，或基准年不早于统计期，无法计算减量化。", period_total: "本期产生量", baseline_total: "基准年同期",
  monthly_rate: "各月回收利用率", history: "变更记录", no_records: "本期没有记录",
  settings_title: "设置", s_general: "常规", s_database: "数据库位置", s_profile: "城市档案", s_districts: "行政区划", s_kinds: "细胞类型",
  db_current: "当前数据库", db_next: "下次启动时打开", db_hint: "更改后重启程序生效；留空则使用默认位置。", db_choose: "保存位置",
  add: "添加", code: "代码", name: "名称", kind_key: "键（英文）", name_zh: "中文名称", name_en: "英文名称", uscc_required: "需要信用代码", denominator: "人均口径",
  headcount: "人数", households: "户数", yes: "是", no: "否",
  s_chain: "变更链头", chain_hint: "台账每次保存都接在变更链上。请把链头抄录或打印在别处（报表、交接单）：日后用“zwl verify-head 序号 链头”核对，若历史被改写即可发现。", chain_at: "最后变更：",
  coming_title: "{name}：即将推出", coming_body: "此模块正在建设中。台账的其余部分已经可以使用。",
  coming_agri: "农药包装废弃物和农膜回收台账、回收站点、回收率。", coming_reports: "减量化、资源化利用报表和细胞认证报告（PDF、Excel）。",
  coming_sync: "各专班电脑之间导出、导入数据文件，合并台账。",
  err_prefix: "错误", invalid_form: "请先改正标红的字段",
  nav_sheet: "本月填报", nav_alerts: "预警", alerts_title: "预警", alerts_empty: "目前没有预警", all_alerts: "全部", al_cells: "无废细胞", al_construction: "建筑垃圾",
  urgency: "紧急程度", alert_kind: "类型", subject: "对象", when: "时间", message: "内容",
  f_street: "街道/乡镇", f_street_code: "街道/乡镇代码（12 位）", f_community: "社区/村", f_community_code: "社区/村代码（12 位）", f_area: "报送区域",
  area_by_district: "按所属区划", f_uscc_shared_reason: "共用代码理由", shared_hint: "同一单位的另一处细胞（如学校分校区）共用代码时填写；理由将记入变更记录",
  code12_hint: "统计用区划代码，前 6 位为所属区县", naming_batch: "命名批次", naming_doc: "命名文号", namings: "命名记录", naming_current: "现行",
  naming_ended: "{d} 止（{s}）", batch_n: "第 {n} 批", no_namings: "尚无命名记录", s_areas: "报送区域", area_code: "代码", area_districts: "所辖区划",
  area_group: "归入区域", area_none: "（移出区域）", builtin: "内置", warning: "提示",
  read_only_banner: "只读：此台账以只读方式打开，不能保存任何更改。",
  nav_import: "导入", import_file: "导入文件",
};
type Key = keyof typeof zh;

const en: Record<Key, string> = {
  app_title: "Zero-Waste City Ledger", app_sub: "",
  nav_home: "Home", nav_cells: "Zero-waste cells", nav_construction: "Construction waste", nav_agri: "Agricultural recovery", nav_reports: "Reports", nav_sync: "Sync", nav_settings: "Settings",
  soon: "coming", lang_switch: "Chinese", operator: "Operator",
  cells_title: "Zero-waste cells", search: "Search name, code, address, contact", all_kinds: "All kinds", all_districts: "All districts", all_statuses: "All statuses",
  new_cell: "New cell", col_name: "Name", col_kind: "Kind", col_district: "District", col_uscc: "Credit code", col_status: "Status", col_updated: "Updated",
  page_of: "Page {page}/{pages}, {total} cells", prev: "Previous", next: "Next", no_cells: "No cells match",
  f_name: "Name", f_kind: "Kind", f_uscc: "Unified social credit code", f_uscc_override: "Reason to keep the code", f_district: "District", f_address: "Address",
  f_contact: "Contact", f_phone: "Phone", f_manager: "Manager", f_headcount_headcount: "People", f_headcount_households: "Households",
  f_baseline_headcount: "Baseline people/households", f_baseline_year: "Baseline year", choose: "Choose…",
  uscc_hint: "18 characters; spaces are trimmed and letters upper-cased", override_hint: "Only for a registered code whose check character fails; kept in the change log",
  save: "Save", cancel: "Cancel", edit: "Edit", saved: "Saved", create_title: "New zero-waste cell", edit_title: "Edit zero-waste cell",
  back_to_list: "← Back to the list", details: "Details", status_actions: "Change status", to_status: "Set to “{s}”", cert_date: "Naming date", reason: "Reason",
  certified_on: "Named on", expires_on: "Expires on", confirm: "OK",
  records: "Monthly records", month: "Month", category: "Category", generated: "Generated (kg)", recycled: "Recycled (kg)", composted: "Composted (kg)",
  incinerated: "Incinerated (kg)", landfilled: "Landfilled (kg)", load_month: "Load", grid_help: "Tab moves right, Enter moves down; Enter on the last row or Ctrl+S saves the month and moves to the next. Empty rows are not saved.",
  saved_month: "Saved {month} ({n} rows)", delete: "Delete", delete_record_q: "Delete the {cat} record of {month}? The change log keeps it.", delete_confirm: "Delete", deleted_record: "Deleted the {cat} record of {month}", rates: "Figures", period: "Period", from: "From", to: "to", recompute: "Compute",
  recycling_rate: "Household waste recycling rate", target: "target {t}%", reduction: "Reduction (vs the same months of the baseline year)", change: "Change", per_capita_headcount: "Per person", per_capita_households: "Per household",
  baseline_missing: "Baseline months with no records: {m}", no_baseline: "No baseline year before the period: reduction cannot be computed.", period_total: "Generated in the period", baseline_total: "Same months of the baseline",
  monthly_rate: "Monthly recycling rate", history: "Change history", no_records: "No records in the period",
  settings_title: "Settings", s_general: "General", s_database: "Database location", s_profile: "City profile", s_districts: "Districts", s_kinds: "Kinds of cell",
  db_current: "Current database", db_next: "Open at next start", db_hint: "Takes effect after a restart; empty means the default location.", db_choose: "Save location",
  add: "Add", code: "Code", name: "Name", kind_key: "Key", name_zh: "Chinese name", name_en: "English name", uscc_required: "Credit code required", denominator: "Per-capita basis",
  headcount: "people", households: "households", yes: "yes", no: "no",
  s_chain: "Chain head", chain_hint: "Every save is linked into the change log's chain. Copy or print this head somewhere else (a report, a handover note): later, \"zwl verify-head SEQ HEAD\" tells whether the history was rewritten since.", chain_at: "last change: ",
  coming_title: "{name}: coming", coming_body: "This module is being built. The rest of the ledger works already.",
  coming_agri: "Pesticide packaging and farm film recovery ledgers, recovery points, recovery rates.", coming_reports: "Reduction and resource-use reports; certification reports of cells (PDF, Excel).",
  coming_sync: "Export and import data files between the clerks' machines and merge the ledgers.",
  err_prefix: "Error", invalid_form: "Correct the fields marked in red first",
  nav_sheet: "Month sheet", nav_alerts: "Alerts", alerts_title: "Alerts", alerts_empty: "No alerts", all_alerts: "All", al_cells: "Zero-waste cells", al_construction: "Construction waste",
  urgency: "Urgency", alert_kind: "Kind", subject: "Subject", when: "Date", message: "Message",
  f_street: "Street or township", f_street_code: "Street code (12 digits)", f_community: "Community or village", f_community_code: "Community code (12 digits)", f_area: "Reporting area",
  area_by_district: "By its district", f_uscc_shared_reason: "Reason for sharing the code", shared_hint: "For another site of the same unit (a school's second campus); kept in the change log",
  code12_hint: "Statistical division code; the first 6 digits are the district's", naming_batch: "Naming batch", naming_doc: "Naming document no.", namings: "Namings", naming_current: "current",
  naming_ended: "ended {d} ({s})", batch_n: "batch {n}", no_namings: "No namings yet", s_areas: "Reporting areas", area_code: "Code", area_districts: "Districts",
  area_group: "Put into area", area_none: "(no area)", builtin: "built in", warning: "Note",
  read_only_banner: "Read-only: this ledger was opened for reading only; nothing can be saved.",
  nav_import: "Import", import_file: "Import a file",
};

/** The word for `key`, with `{name}` placeholders filled. */
export function t(key: Key, params: Record<string, string | number> = {}): string {
  let s = (lang === "zh" ? zh : en)[key];
  for (const [k, v] of Object.entries(params)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

export function statusLabel(s: Status): string { return labelIn("cell_status", s, lang); }
/** The core's label of `key` in `set`, in the current language. */
export function label(set: LabelSet, key: string): string { return labelIn(set, key, lang); }

/** The message of an error from the core, in the current language. */
export function errorText(e: ApiError): string {
  return lang === "zh" ? e.message_zh : e.message_en;
}
export function fieldText(f: FieldError): string {
  return lang === "zh" ? f.message_zh : f.message_en;
}
export function name(o: { name_zh: string; name_en: string }): string { return lang === "zh" ? o.name_zh : o.name_en; }

/** A phrase given in both languages where it is used (pages with many words of their own). */
export function tr(zhText: string, enText: string): string {
  return lang === "zh" ? zhText : enText;
}

/** The change log's action, in the current language. */
export function actionLabel(action: string): string {
  const zhA: Record<string, string> = { insert: "新建", update: "修改", delete: "删除" };
  const enA: Record<string, string> = { insert: "created", update: "changed", delete: "deleted" };
  return (lang === "zh" ? zhA : enA)[action] ?? action;
}

/** The operator's name as shown: the change log's "(未设置)" reads "(not set)" in English. */
export function operatorName(op: string): string {
  return op === "(未设置)" ? tr("（未设置）", "(not set)") : op;
}

// The values the core sends and takes, as TypeScript types. They mirror the Rust types in
// src/api.rs, src/cells/*.rs and src/profile.rs (serde field names).

export interface FieldError { row: number | null; field: string; code: string; message_zh: string; message_en: string; }
export interface ApiError { code: string; message_zh: string; message_en: string; fields: FieldError[]; }

export interface AppInfo { db_path: string; chosen_db: string | null; installation: string; schema_version: number; version: string; operator: string; language: "zh" | "en"; }
export interface CellKind { key: string; name_zh: string; name_en: string; uscc_required: boolean; denominator: "headcount" | "households"; }
export interface District { code: string; name: string; kind: string; }
export interface Category { key: string; name_zh: string; name_en: string; household: boolean; }
export interface Setting { key: string; value: string; label_zh: string; label_en: string; }
export interface Reference { kinds: CellKind[]; districts: District[]; categories: Category[]; settings: Setting[]; }

export type Status = "planned" | "applying" | "creating" | "assessed" | "certified" | "revoked";
export const STATUSES: Status[] = ["planned", "applying", "creating", "assessed", "certified", "revoked"];

export interface CellDraft {
  name: string; kind: string; uscc: string; uscc_override: string; district: string; address: string;
  contact: string; phone: string; manager: string; headcount: string; baseline_headcount: string; baseline_year: string;
}
export interface Cell {
  id: string; name: string; kind: string; kind_zh: string; kind_en: string; denominator: string;
  uscc: string | null; uscc_override: string | null; district: string; district_name: string;
  address: string; contact: string; phone: string; manager: string;
  headcount: number | null; baseline_headcount: number | null; baseline_year: number | null;
  status: Status; next: Status[]; certified_on: string | null; expires_on: string | null; created_at: string; updated_at: string;
}
export interface CellFilter { q: string; kind: string; district: string; status: string; page: number; page_size: number; }
export interface CellPage { rows: Cell[]; total: number; page: number; page_size: number; }
export interface LoggedChange { seq: number; at: string; operator: string; action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null; reason: string | null; }

export interface RecordInput { month: string; category: string; generated: string; recycled: string; composted: string; incinerated: string; landfilled: string; }
export interface LedgerRecord { id: string; cell_id: string; month: string; category: string; generated_g: number; recycled_g: number; composted_g: number; incinerated_g: number; landfilled_g: number; updated_at: string; }
export interface MonthRate { month: string; household_generated_g: number; household_recovered_g: number; total_generated_g: number; recycling_rate: number | null; }
export interface Reduction {
  baseline_year: number; period_g: number; baseline_g: number; change_g: number; change_pct: number | null;
  denominator: string; headcount: number | null; baseline_headcount: number | null;
  per_capita_kg: number | null; baseline_per_capita_kg: number | null; per_capita_change_pct: number | null;
  baseline_months_missing: string[]; formula_zh: string; formula_en: string;
}
export interface CellRates {
  cell_id: string; from: string; to: string; months: MonthRate[]; household_generated_g: number; household_recovered_g: number;
  recycling_rate: number | null; recycling_target_pct: number; recycling_formula_zh: string; recycling_formula_en: string; reduction: Reduction | null;
}

// Construction waste (src/construction/*.rs).
export interface RegisterEntry { id: string; register: string; name: string; permit_no: string; valid_until: string | null; uscc: string | null; district: string | null; detail: string; driver: string; }
export interface CwRegisters { sites: RegisterEntry[]; transporters: RegisterEntry[]; vehicles: RegisterEntry[]; facilities: RegisterEntry[]; }
export interface EntryDraft { name: string; project_no: string; permit_no: string; valid_until: string; builder: string; uscc: string; district: string; address: string; contact: string; phone: string; transporter: string; driver: string; kind: string; capacity_t: string; }
export interface ManifestDraft { category: string; unit: string; declared: string; overload_reason: string; site: string; transporter: string; vehicle: string; driver: string; route: string; facility: string; departure_at: string; }
export interface Reception { received: string; refused: string; outcome: string; received_at: string; }
export interface Manifest {
  id: string; number: string; category: string; unit: string; declared_qty: number; overload_reason: string | null; site_id: string; site: string;
  transporter: string | null; plate: string | null; driver: string; route: string; facility: string | null; departure_at: string | null;
  status: string; outcome: string | null; received_qty: number | null; refused_qty: number | null; received_at: string | null; cancel_reason: string | null; updated_at: string;
}
export interface ManifestRow extends Manifest { alerts: string[]; }
export interface ManifestFilter { status: string; category: string; site: string; facility: string; from: string; to: string; number: string; page: number; page_size: number; }
export interface ManifestPage { rows: ManifestRow[]; total: number; page: number; page_size: number; }
export interface Alert { kind: string; id: string; subject: string; message_zh: string; message_en: string; }
export interface ManifestView { manifest: Manifest; alerts: Alert[]; history: LoggedChange[]; }
export interface RateRow { key: string; name: string; generated_t: number; reused_t: number; rate: number | null; }
export interface ResourceUse { by: string; from: string; to: string; rows: RateRow[]; total: RateRow; densities: [string, number][]; formula_zh: string; formula_en: string; }

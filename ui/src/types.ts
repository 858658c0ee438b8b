// The values the core sends and takes. They are generated from the Rust types into
// ./bindings (cargo test --features ts --test bindings); the test script fails when the
// committed bindings are stale. This file only gathers them under the names the pages use.

export type { FieldError } from "./bindings/FieldError";
export type { ApiError } from "./bindings/ApiError";
export type { AppInfo } from "./bindings/AppInfo";
export type { StartView } from "./bindings/StartView";
export type { CellKind } from "./bindings/CellKind";
export type { District } from "./bindings/District";
export type { Category } from "./bindings/Category";
export type { Setting } from "./bindings/Setting";
export type { Reference } from "./bindings/Reference";
export type { Status } from "./bindings/Status";
export type { Label } from "./bindings/Label";
export type { Labels } from "./bindings/Labels";
export type { CellDraft } from "./bindings/CellDraft";
export type { Cell } from "./bindings/Cell";
export type { CellFilter } from "./bindings/CellFilter";
export type { CellPage } from "./bindings/CellPage";
export type { LoggedChange } from "./bindings/LoggedChange";
export type { Head as ChainHead } from "./bindings/Head";
export type { RecordInput } from "./bindings/RecordInput";
export type { Record as LedgerRecord } from "./bindings/Record";
export type { MonthRate } from "./bindings/MonthRate";
export type { StreamReduction } from "./bindings/StreamReduction";
export type { Denominator } from "./bindings/Denominator";
export type { HouseholdRates } from "./bindings/HouseholdRates";
export type { Saved } from "./bindings/Saved";
export type { ActivityFigure } from "./bindings/ActivityFigure";
export type { FigureInput } from "./bindings/FigureInput";
export type { ContainerSize } from "./bindings/ContainerSize";
export type { CategoryDraft } from "./bindings/CategoryDraft";
export type { Stream } from "./bindings/Stream";
export type { CellRates } from "./bindings/CellRates";
export type { Entry as RegisterEntry } from "./bindings/Entry";
export type { CwRegisters } from "./bindings/CwRegisters";
export type { EntryDraft } from "./bindings/EntryDraft";
export type { ManifestDraft } from "./bindings/ManifestDraft";
export type { Reception } from "./bindings/Reception";
export type { Manifest } from "./bindings/Manifest";
export type { ManifestRow } from "./bindings/ManifestRow";
export type { ManifestFilter } from "./bindings/ManifestFilter";
export type { ManifestPage } from "./bindings/ManifestPage";
export type { Alert } from "./bindings/Alert";
export type { ManifestView } from "./bindings/ManifestView";
export type { RateRow } from "./bindings/RateRow";
export type { ResourceUse } from "./bindings/ResourceUse";
export type { StatusChange } from "./bindings/StatusChange";
export type { Naming } from "./bindings/Naming";
export type { LedgerAlert } from "./bindings/LedgerAlert";
export type { Urgency } from "./bindings/Urgency";
export type { ReportingArea } from "./bindings/ReportingArea";
export type { FacilityUse } from "./bindings/FacilityUse";
export type { DeclarationDraft } from "./bindings/DeclarationDraft";
export type { Declaration } from "./bindings/Declaration";
export type { OutputLine } from "./bindings/OutputLine";
export type { Supervision } from "./bindings/Supervision";
export type { LoadCounts } from "./bindings/LoadCounts";
export type { MonthlyTotal } from "./bindings/MonthlyTotal";
export type { AlertKind } from "./bindings/AlertKind";
export type { DisposalMethod } from "./bindings/DisposalMethod";
export type { Register } from "./bindings/Register";
export type { Step as ManifestStep } from "./bindings/Step";

import type { Status } from "./bindings/Status";

/** Every status, in lifecycle order. */
export const STATUSES: Status[] = ["planned", "applying", "creating", "assessed", "certified", "revoked"];
export type { ImportKind } from "./bindings/ImportKind";
export type { ImportPreview } from "./bindings/ImportPreview";
export type { PreviewRow } from "./bindings/PreviewRow";
export type { Imported } from "./bindings/Imported";
export type { Progress } from "./bindings/Progress";

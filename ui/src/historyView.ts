// A change history as the pages show it: local time, who, what, the reason, and each changed
// column with its value before and after.
import { h } from "./dom";
import { actionLabel, getLang, operatorName, tr } from "./i18n";
import { localTime } from "./pages/construction/common";
import type { ColumnChange, LoggedChange } from "./types";

/** Names of the columns the history shows most: (Chinese, English). */
const COLUMNS: Record<string, [string, string]> = {
  status: ["状态", "status"],
  cancel_reason: ["作废理由", "reason to cancel"],
  deleted: ["已删除", "deleted"],
  generated_g: ["产生量", "generated"],
  recycled_g: ["回收利用", "recycled"],
  composted_g: ["堆肥/资源化", "composted"],
  incinerated_g: ["焚烧", "incinerated"],
  landfilled_g: ["填埋", "landfilled"],
  declared_qty: ["申报量", "declared"],
  received_qty: ["净重", "net"],
  refused_qty: ["拒收量", "refused"],
  gross_g: ["毛重", "gross"],
  tare_g: ["皮重", "tare"],
  ticket_no: ["磅单号", "ticket"],
  outcome: ["结论", "outcome"],
  received_at: ["接收时间", "received at"],
  closed_at: ["关闭时间", "closed at"],
  departure_at: ["出车时间", "departure"],
  route: ["路线", "route"],
  overload_reason: ["超载理由", "overload reason"],
  followup_id: ["后续联单", "follow-up"],
  month: ["月份", "month"],
  category: ["类别", "category"],
  certified_on: ["命名日期", "named on"],
  density_kg_m3: ["密度（kg/m³）", "density (kg/m³)"],
  disposal_method: ["处置方式", "disposal method"],
  paper_no: ["纸质联单号", "paper manifest"],
  window_from: ["计划时段起", "window from"],
  window_to: ["计划时段止", "window to"],
  driver: ["驾驶员", "driver"],
  unit: ["单位", "unit"],
  name: ["名称", "name"],
  address: ["地址", "address"],
  contact: ["联系人", "contact"],
  phone: ["电话", "phone"],
  manager: ["负责人", "manager"],
  uscc: ["统一社会信用代码", "credit code"],
  district: ["行政区划", "district"],
  kind: ["类型", "kind"],
};

export function columnName(c: ColumnChange): string {
  const known = COLUMNS[c.column];
  if (known) return getLang() === "zh" ? known[0] : known[1];
  return getLang() === "zh" ? c.label_zh : c.label_en;
}

/** How a page shows a column's value; `undefined` leaves it to the default. */
export type ValueFormat = (column: string, v: unknown) => string | undefined;

function show(column: string, v: unknown, fmt: ValueFormat): string {
  if (v === null || v === undefined || v === "") return "—";
  const own = fmt(column, v);
  if (own !== undefined) return own;
  if (column === "deleted") return v === 1 ? tr("是", "yes") : tr("否", "no");
  if (column.endsWith("_at") && typeof v === "string") return localTime(v);
  return String(v);
}

/** One change as a list item; `what` names the row when a history mixes rows (a month's record). */
export function changeItem(e: LoggedChange, fmt: ValueFormat, what = ""): HTMLElement {
  const reason = e.reason === "undo" ? tr("撤销", "undo") : e.reason;
  // A new row lists only what a clerk reads (its other values are on the page); a change, every
  // column it changed.
  const cols = e.changes.filter(
    (c) =>
      (!c.column.endsWith("_id") || c.column === "followup_id") &&
      (e.before !== null || (c.column in COLUMNS && !c.column.endsWith("_no"))),
  );
  return h(
    "li",
    { "data-seq": e.seq },
    `${localTime(e.at)}  ${operatorName(e.operator)}  ${what ? `${what} ` : ""}${actionLabel(e.action)}`,
    reason ? tr(`（理由：${reason}）`, ` (reason: ${reason})`) : "",
    cols.length
      ? h(
          "ul",
          { class: "changes" },
          cols.map((c) =>
            h(
              "li",
              { "data-column": c.column },
              e.before
                ? `${columnName(c)}${tr("：", ": ")}${show(c.column, c.before, fmt)} → ${show(c.column, c.after, fmt)}`
                : `${columnName(c)}${tr("：", ": ")}${show(c.column, c.after, fmt)}`,
            ),
          ),
        )
      : null,
  );
}

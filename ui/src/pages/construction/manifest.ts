// A manifest's page: every field as frozen at dispatch (density, approval and permit
// numbers), the weighbridge figures, its alerts, the follow-up of a refused load, the steps
// still open, a revision form and the history.
import { api } from "../../api";
import { confirmStep, h, mount } from "../../dom";
import { showError } from "../../errors";
import { tr } from "../../i18n";
import { changeItem } from "../../historyView";
import { changed } from "../../undo";
import type { Manifest, ManifestStep, ManifestView } from "../../types";
import { alertLine, catName, density, disposalName, localTime, outcomeName, qty, statusName, tonnes } from "./common";
import { declaredText } from "./receive";

export async function manifestPage(main: HTMLElement, key: string): Promise<void> {
  const v: ManifestView = await api.cwManifest(key);
  const m: Manifest = v.manifest;
  const dl = (l: string, x: string | null | undefined, id?: string) => [
    h("dt", {}, l),
    h("dd", id ? { id } : {}, x || "—"),
  ];
  const link = (n: string | null) => (n ? h("a", { href: `#/construction/m/${n}` }, n) : "—");
  const reason = h("input", { id: "cw-cancel-reason", placeholder: tr("作废理由", "Reason to cancel") });
  // Closing and cancelling ask first; the toast after either can undo it.
  const step = async (s: ManifestStep) => {
    const q =
      s === "cancel"
        ? tr(
            `作废联单 ${m.number}？作废后不能再接收过磅。`,
            `Cancel manifest ${m.number}? A cancelled load cannot be weighed in.`,
          )
        : tr(
            `关闭联单 ${m.number}？关闭后只能以修订更正。`,
            `Close manifest ${m.number}? After closing, only a revision can correct it.`,
          );
    const yes = s === "cancel" ? tr("作废", "Cancel it") : tr("关闭", "Close it");
    if (!(await confirmStep(q, yes, tr("不作废", "Keep it")))) return;
    try {
      await api.cwStep(m.number, s, reason.value);
      await changed(
        s === "cancel"
          ? tr(`已作废 ${m.number}`, `Cancelled ${m.number}`)
          : tr(`已关闭 ${m.number}`, `Closed ${m.number}`),
      );
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (e) {
      showError(e);
    }
  };
  const fmt = (col: string, v: unknown): string | undefined => {
    if (col === "status") return statusName(String(v));
    if (col === "outcome") return outcomeName(String(v));
    if (col === "category") return catName(String(v));
    if (typeof v === "number" && (col.endsWith("_qty") || col.endsWith("_g"))) return qty(v, m.unit);
    return undefined;
  };
  const refused = m.outcome === "partial" || m.outcome === "refused";
  const followInput = h("input", {
    id: "cw-followup-number",
    placeholder: tr("后续联单号", "Follow-up manifest number"),
    style: "width:220px",
  });
  const linkFollowup = async () => {
    try {
      await api.cwLinkFollowup(m.number, followInput.value.trim());
      await changed(tr("已关联", "Linked"));
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (e) {
      showError(e);
    }
  };
  mount(
    main,
    h("a", { href: "#/construction" }, tr("← 返回联单列表", "← Back to manifests")),
    h(
      "h1",
      { id: "cw-title" },
      `${tr("联单", "Manifest")} ${m.number} `,
      h("span", { class: `badge ${m.status}` }, statusName(m.status)),
    ),
    v.alerts.map(alertLine),
    h(
      "div",
      { class: "card" },
      h(
        "dl",
        { class: "info", id: "cw-manifest-info" },
        dl(tr("类别", "Category"), catName(m.category)),
        dl(tr("申报量", "Declared"), declaredText(m), "cw-declared"),
        dl(tr("密度（出车时）", "Density (at dispatch)"), density(m.density_kg_m3), "cw-density"),
        dl(tr("处置方式", "Disposal method"), disposalName(m.disposal_method)),
        dl(tr("工地", "Site"), m.site),
        dl(tr("消纳/利用设施", "Facility"), m.facility),
        dl(tr("运输单位", "Transporter"), m.transporter),
        dl(tr("车牌/驾驶员", "Plate / driver"), `${m.plate ?? "—"} ${m.driver}`),
        dl(tr("核定载质量", "Rated payload"), m.rated_payload_g === null ? null : tonnes(m.rated_payload_g)),
        dl(tr("超载理由", "Overload reason"), m.overload_reason),
        dl(tr("计划路线", "Planned route"), m.route),
        dl(
          tr("计划时段", "Planned window"),
          m.window_from || m.window_to ? `${localTime(m.window_from)} — ${localTime(m.window_to)}` : null,
        ),
        dl(tr("出车时间", "Departure"), localTime(m.departure_at)),
        dl(tr("纸质联单号", "Paper manifest"), m.paper_no),
        dl(tr("工地处置核准号", "Site approval"), m.site_approval_no),
        dl(tr("运输单位许可号", "Transporter permit"), m.transporter_permit_no),
        dl(tr("车辆准运证号", "Vehicle permit"), m.vehicle_permit_no),
        dl(tr("设施核准号", "Facility approval"), m.facility_approval_no),
        dl(tr("毛重 / 皮重", "Gross / tare"), m.gross_g === null ? null : `${tonnes(m.gross_g)} / ${tonnes(m.tare_g)}`),
        dl(tr("净重", "Net"), m.received_qty === null ? null : tonnes(m.received_qty), "cw-net"),
        dl(tr("磅单号", "Ticket"), m.ticket_no),
        dl(
          tr("结论 / 拒收量", "Outcome / refused"),
          m.outcome ? `${outcomeName(m.outcome)} ${tonnes(m.refused_qty)}` : null,
        ),
        dl(tr("接收时间", "Received at"), localTime(m.received_at)),
        dl(tr("作废理由", "Cancelled because"), m.cancel_reason),
        h("dt", {}, tr("后续联单", "Follow-up")),
        h("dd", { id: "cw-followup" }, link(m.followup)),
        h("dt", {}, tr("原拒收联单", "Follows")),
        h("dd", {}, link(m.follows)),
      ),
      h(
        "div",
        { class: "actions" },
        m.status === "dispatched"
          ? h(
              "button",
              { class: "primary", onclick: () => (location.hash = `#/construction/receive/${m.number}`) },
              tr("接收过磅", "Weighbridge"),
            )
          : null,
        m.status === "received"
          ? h(
              "button",
              { class: "primary", id: "cw-close", onclick: () => void step("close") },
              tr("关闭联单", "Close"),
            )
          : null,
        m.status === "draft" || m.status === "dispatched"
          ? [
              reason,
              h(
                "button",
                { class: "danger", id: "cw-cancel", onclick: () => void step("cancel") },
                tr("作废", "Cancel"),
              ),
            ]
          : null,
      ),
      refused && !m.followup
        ? h(
            "div",
            { class: "actions", id: "cw-followup-actions" },
            h(
              "button",
              { onclick: () => (location.hash = `#/construction/dispatch/${m.number}`) },
              tr("登记后续联单（转运他处）", "Dispatch the follow-up"),
            ),
            followInput,
            h(
              "button",
              { id: "cw-followup-link", onclick: () => void linkFollowup() },
              tr("关联已有联单", "Link an existing manifest"),
            ),
          )
        : null,
    ),
    m.status === "draft" || m.status === "cancelled" ? null : reviseForm(m),
    h("h2", {}, tr("变更记录", "History")),
    h(
      "ul",
      { class: "history", id: "cw-history" },
      v.history
        .slice()
        .reverse()
        .map((e) => changeItem(e, fmt)),
    ),
  );
}

/** A correction after a lock: the changed fields and the reason, kept in the history. */
function reviseForm(m: Manifest): HTMLElement {
  const inp = (name: string, ph: string) => h("input", { name, placeholder: ph, style: "width:150px" });
  const form = h(
    "form",
    { class: "card toolbar", id: "cw-revise-form" },
    h("strong", {}, tr("修订：", "Revise: ")),
    inp("declared", tr("申报量", "Declared")),
    m.received_qty !== null
      ? [inp("received", tr("净重（吨）", "Net (t)")), inp("refused", tr("拒收量（吨）", "Refused (t)"))]
      : null,
    inp("route", tr("路线", "Route")),
    inp("overload_reason", tr("超载理由", "Overload reason")),
    h("input", { name: "reason", placeholder: tr("修订理由（必填）", "Reason (required)"), style: "width:220px" }),
    h("button", { type: "submit" }, tr("提交修订", "Save revision")),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = (k: string) => (form.querySelector(`[name="${k}"]`) as HTMLInputElement | null)?.value ?? "";
    const reception =
      v("received") || v("refused")
        ? {
            received: v("received"),
            refused: v("refused"),
            gross: "",
            tare: "",
            ticket_no: "",
            outcome: "",
            received_at: "",
            overload_reason: v("overload_reason"),
          }
        : null;
    try {
      await api.cwRevise(
        m.number,
        {
          category: "",
          unit: "",
          declared: v("declared"),
          overload_reason: v("overload_reason"),
          site: "",
          transporter: "",
          vehicle: "",
          driver: "",
          route: v("route"),
          facility: "",
          departure_at: "",
          disposal_method: "",
          paper_no: "",
          window_from: "",
          window_to: "",
          follows: "",
        },
        reception,
        v("reason"),
      );
      await changed(tr("已修订", "Revised"));
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (err) {
      showError(err);
    }
  });
  return form;
}

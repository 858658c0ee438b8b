// Every alert of the ledger in one list, most urgent first (then what has waited longest):
// namings running out beside the construction-waste alerts. Filters by kind and by area; each
// row opens what it is about, and can be acknowledged with a note (kept in the change log).
// Acknowledged alerts are hidden unless the switch shows them; the notes are listed below.
import { api } from "../api";
import { h, mount, toast } from "../dom";
import { showError } from "../errors";
import { label, t, tr } from "../i18n";
import { labelsOf } from "../labels";
import { state } from "../state";
import type { LedgerAlert } from "../types";

/** Where an alert's subject is shown. */
export function subjectHash(a: LedgerAlert): string {
  switch (a.subject_kind) {
    case "cell": return `#/cells/${a.subject_id}`;
    case "manifest": return `#/construction/m/${encodeURIComponent(a.subject)}`;
    default: return "#/construction/registers";
  }
}

/** The hash of the alerts page with these filters. */
function hashOf(domain: string, kind: string, area: string, acked: boolean): string {
  const q = new URLSearchParams();
  if (kind) q.set("kind", kind);
  if (area) q.set("area", area);
  if (acked) q.set("acked", "1");
  const qs = q.toString();
  return `#/alerts${domain ? "/" + domain : ""}${qs ? "?" + qs : ""}`;
}

export async function alertsPage(main: HTMLElement, domain: string, params: URLSearchParams = new URLSearchParams()): Promise<void> {
  const kind = params.get("kind") ?? "";
  const area = params.get("area") ?? "";
  const acked = params.get("acked") === "1";
  const [list, areas, history] = await Promise.all([
    api.alertsQuery({ kind: kind || domain, area, acknowledged: acked }),
    api.reportingAreas(),
    api.alertAckHistory(),
  ]);
  const readOnly = !!state.info?.read_only;
  const tab = (f: string, text: string) =>
    h("a", { href: hashOf(f, kind, area, acked), id: `alerts-tab-${f || "all"}`, class: `tab${domain === f ? " active" : ""}` }, text);
  const kindSel = h("select", { id: "alerts-kind", "aria-label": t("alert_kind"), onchange: () => { location.hash = hashOf(domain, kindSel.value, area, acked); } },
    h("option", { value: "" }, tr("全部类型", "All kinds")),
    labelsOf("alert_kind").map((l) => h("option", { value: l.key, selected: l.key === kind }, label("alert_kind", l.key))));
  const districts = state.ref?.districts ?? [];
  const areaSel = h("select", { id: "alerts-area", "aria-label": t("f_area"), onchange: () => { location.hash = hashOf(domain, kind, areaSel.value, acked); } },
    h("option", { value: "" }, tr("全部区域", "All areas")),
    h("optgroup", { label: tr("报送区域", "Reporting areas") }, areas.map((a) => h("option", { value: a.code, selected: a.code === area }, a.name))),
    h("optgroup", { label: tr("行政区划", "Districts") }, districts.map((d) => h("option", { value: d.code, selected: d.code === area }, d.name))));
  const ackedBox = h("input", { type: "checkbox", id: "alerts-show-acked", checked: acked, onchange: () => { location.hash = hashOf(domain, kind, area, ackedBox.checked); } });
  const reload = () => alertsPage(main, domain, params);
  const ackCell = (a: LedgerAlert): HTMLElement => {
    const td = h("td", { class: "ack" });
    if (a.ack) {
      td.append(h("span", { class: "acked" }, tr(`已知悉：${a.ack.note}（${a.ack.operator}，${a.ack.at}）`, `Acknowledged: ${a.ack.note} (${a.ack.operator}, ${a.ack.at})`)));
      return td;
    }
    if (readOnly) return td;
    const open = h("button", { class: "ack-open", onclick: (e: Event) => {
      e.stopPropagation();
      const note = h("input", { class: "ack-note", placeholder: tr("处理说明（必填）", "What was done (required)"), onclick: (ev: Event) => ev.stopPropagation() });
      const save = async () => {
        try {
          await api.acknowledgeAlert(a.key, note.value);
          toast(tr("已知悉，已记入变更记录", "Acknowledged; kept in the change log"));
          await reload();
        } catch (err) { showError(err); }
      };
      note.addEventListener("keydown", (ev) => { if ((ev as KeyboardEvent).key === "Enter") void save(); });
      td.replaceChildren(h("div", { class: "ack-form" }, note,
        h("button", { class: "ack-save primary", onclick: (ev: Event) => { ev.stopPropagation(); void save(); } }, tr("确认知悉", "Acknowledge"))));
      note.focus();
    } }, tr("知悉…", "Acknowledge…"));
    td.append(open);
    return td;
  };
  const kindOfKey = (key: string) => key.split(":")[0] ?? "";
  mount(
    main,
    h("h1", {}, t("alerts_title")),
    h("div", { class: "toolbar tabs" }, tab("", t("all_alerts")), tab("cells", t("al_cells")), tab("construction", t("al_construction"))),
    h("div", { class: "toolbar" }, kindSel, areaSel,
      h("label", { class: "check" }, ackedBox, tr("显示已知悉的预警", "Show acknowledged alerts")),
      h("span", { class: "muted", id: "alerts-count" }, tr(`共 ${list.length} 条`, `${list.length} alerts`))),
    list.length === 0
      ? h("p", { class: "muted", id: "alerts-empty" }, t("alerts_empty"))
      : h("table", { class: "list", id: "alerts-table" },
        h("thead", {}, h("tr", {}, h("th", {}, t("urgency")), h("th", {}, t("alert_kind")), h("th", {}, t("subject")), h("th", {}, t("when")), h("th", {}, t("message")), h("th", {}, tr("处理", "Action")))),
        h("tbody", {}, list.map((a) =>
          h("tr", { class: `link${a.ack ? " is-acked" : ""}`, "data-kind": a.kind, "data-key": a.key, "data-subject": a.subject, onclick: () => (location.hash = subjectHash(a)) },
            h("td", {}, h("span", { class: `badge urgency-${a.urgency}` }, label("urgency", a.urgency))),
            h("td", {}, label("alert_kind", a.kind)),
            h("td", {}, h("a", { href: subjectHash(a) }, a.subject)),
            h("td", {}, a.when),
            h("td", {}, tr(a.message_zh, a.message_en)),
            ackCell(a))))),
    h("section", { id: "alerts-history" },
      h("h2", {}, tr("处理记录（变更记录）", "Acknowledgements (change log)")),
      history.length === 0
        ? h("p", { class: "muted" }, tr("还没有知悉过的预警", "No alert acknowledged yet"))
        : h("table", { class: "list", id: "alerts-history-table" },
          h("thead", {}, h("tr", {}, h("th", {}, t("when")), h("th", {}, t("operator")), h("th", {}, t("alert_kind")), h("th", {}, t("subject")), h("th", {}, tr("预警时间", "Alert date")), h("th", {}, tr("说明", "Note")))),
          h("tbody", {}, history.map((e) => h("tr", { "data-key": e.alert_key },
            h("td", {}, e.at), h("td", {}, e.operator), h("td", {}, label("alert_kind", kindOfKey(e.alert_key))), h("td", {}, e.subject),
            h("td", {}, e.alert_key.split(":").slice(3).join(":")), h("td", { class: "note" }, e.note)))))),
  );
}

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
import { table } from "../table";
import type { AckEntry, LedgerAlert } from "../types";
import { areaName, districtName } from "../places";

/** Where an alert's subject is shown. */
export function subjectHash(a: LedgerAlert): string {
  switch (a.subject_kind) {
    case "cell":
      return `#/cells/${a.subject_id}`;
    case "manifest":
      return `#/construction/m/${encodeURIComponent(a.subject)}`;
    default:
      return "#/construction/registers";
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

export async function alertsPage(
  main: HTMLElement,
  domain: string,
  params: URLSearchParams = new URLSearchParams(),
): Promise<void> {
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
    h(
      "a",
      {
        href: hashOf(f, kind, area, acked),
        id: `alerts-tab-${f || "all"}`,
        class: `tab${domain === f ? " active" : ""}`,
      },
      text,
    );
  const kindSel = h(
    "select",
    {
      id: "alerts-kind",
      "aria-label": t("alert_kind"),
      onchange: () => {
        location.hash = hashOf(domain, kindSel.value, area, acked);
      },
    },
    h("option", { value: "" }, tr("全部类型", "All kinds")),
    labelsOf("alert_kind").map((l) =>
      h("option", { value: l.key, selected: l.key === kind }, label("alert_kind", l.key)),
    ),
  );
  const districts = state.ref?.districts ?? [];
  const areaSel = h(
    "select",
    {
      id: "alerts-area",
      "aria-label": t("f_area"),
      onchange: () => {
        location.hash = hashOf(domain, kind, areaSel.value, acked);
      },
    },
    h("option", { value: "" }, tr("全部区域", "All areas")),
    h(
      "optgroup",
      { label: tr("报送区域", "Reporting areas") },
      areas.map((a) => h("option", { value: a.code, selected: a.code === area }, areaName(a.code, a.name))),
    ),
    h(
      "optgroup",
      { label: tr("行政区划", "Districts") },
      districts.map((d) => h("option", { value: d.code, selected: d.code === area }, districtName(d.code))),
    ),
  );
  const ackedBox = h("input", {
    type: "checkbox",
    id: "alerts-show-acked",
    checked: acked,
    onchange: () => {
      location.hash = hashOf(domain, kind, area, ackedBox.checked);
    },
  });
  const reload = () => alertsPage(main, domain, params);
  const ackCell = (a: LedgerAlert): HTMLElement => {
    const td = h("td", { class: "ack" });
    if (a.ack) {
      td.append(
        h(
          "span",
          { class: "acked" },
          tr(
            `已知悉：${a.ack.note}（${a.ack.operator}，${a.ack.at}）`,
            `Acknowledged: ${a.ack.note} (${a.ack.operator}, ${a.ack.at})`,
          ),
        ),
      );
      return td;
    }
    if (readOnly) return td;
    const open = h(
      "button",
      {
        class: "ack-open",
        onclick: (e: Event) => {
          e.stopPropagation();
          const note = h("input", {
            class: "ack-note",
            placeholder: tr("处理说明（必填）", "What was done (required)"),
            onclick: (ev: Event) => ev.stopPropagation(),
          });
          const save = async () => {
            try {
              await api.acknowledgeAlert(a.key, note.value);
              toast(tr("已知悉，已记入变更记录", "Acknowledged; kept in the change log"));
              await reload();
            } catch (err) {
              showError(err);
            }
          };
          // Keys typed in the note stay there (the table moves its rows with arrows, Home, End).
          note.addEventListener("keydown", (ev) => {
            ev.stopPropagation();
            if ((ev as KeyboardEvent).key === "Enter") void save();
          });
          td.replaceChildren(
            h(
              "div",
              { class: "ack-form" },
              note,
              h(
                "button",
                {
                  class: "ack-save primary",
                  onclick: (ev: Event) => {
                    ev.stopPropagation();
                    void save();
                  },
                },
                tr("确认知悉", "Acknowledge"),
              ),
            ),
          );
          note.focus();
        },
      },
      tr("知悉…", "Acknowledge…"),
    );
    td.append(open);
    return td;
  };
  const kindOfKey = (key: string) => key.split(":")[0] ?? "";
  mount(
    main,
    h("h1", {}, t("alerts_title")),
    h(
      "div",
      { class: "toolbar tabs" },
      tab("", t("all_alerts")),
      tab("cells", t("al_cells")),
      tab("construction", t("al_construction")),
    ),
    h(
      "div",
      { class: "toolbar" },
      kindSel,
      areaSel,
      h("label", { class: "check" }, ackedBox, tr("显示已知悉的预警", "Show acknowledged alerts")),
      h("span", { class: "muted", id: "alerts-count" }, tr(`共 ${list.length} 条`, `${list.length} alerts`)),
    ),
    list.length === 0
      ? h("p", { class: "muted", id: "alerts-empty" }, t("alerts_empty"))
      : table<LedgerAlert>({
          id: "alerts-table",
          columns: [
            // Sorted by urgency as the core ranks it (high, medium, low), not by its label.
            {
              key: "urgency",
              header: t("urgency"),
              value: (a) => ["high", "medium", "low"].indexOf(a.urgency),
              cell: (a) => h("span", { class: `badge urgency-${a.urgency}` }, label("urgency", a.urgency)),
            },
            { key: "kind", header: t("alert_kind"), value: (a) => label("alert_kind", a.kind) },
            {
              key: "subject",
              header: t("subject"),
              value: (a) => a.subject,
              cell: (a) => h("a", { href: subjectHash(a) }, a.subject),
            },
            { key: "when", header: t("when"), value: (a) => a.when, hide: 2 },
            { key: "message", header: t("message"), value: (a) => tr(a.message_zh, a.message_en), wrap: true, hide: 1 },
            { key: "ack", header: tr("处理", "Action"), sort: false, cell: (a) => ackCell(a) },
          ],
          rows: list,
          rowKey: (a) => a.key,
          rowData: (a) => ({ kind: a.kind, subject: a.subject }),
          rowClass: (a) => (a.ack ? "is-acked" : undefined),
          onOpen: (a) => (location.hash = subjectHash(a)),
          // Exports what is shown: the kind, the area and the acknowledged ones as filtered here.
          export: { file: "alerts", spec: () => ({ list: "alerts", kind: kind || domain, area, acknowledged: acked }) },
        }).el,
    h(
      "section",
      { id: "alerts-history" },
      h("h2", {}, tr("处理记录（变更记录）", "Acknowledgements (change log)")),
      history.length === 0
        ? h("p", { class: "muted" }, tr("还没有知悉过的预警", "No alert acknowledged yet"))
        : table<AckEntry>({
            id: "alerts-history-table",
            columns: [
              { key: "at", header: t("when"), value: (e) => e.at },
              { key: "operator", header: t("operator"), value: (e) => e.operator },
              { key: "kind", header: t("alert_kind"), value: (e) => label("alert_kind", kindOfKey(e.alert_key)) },
              { key: "subject", header: t("subject"), value: (e) => e.subject },
              {
                key: "alert_date",
                header: tr("预警时间", "Alert date"),
                value: (e) => e.alert_key.split(":").slice(3).join(":"),
                hide: 1,
              },
              { key: "note", header: tr("说明", "Note"), value: (e) => e.note, wrap: true, className: "note" },
            ],
            rows: history,
            rowKey: (e) => `${e.seq}`,
            maxHeight: "320px",
          }).el,
    ),
  );
}

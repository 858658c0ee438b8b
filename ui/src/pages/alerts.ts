// Every alert of the ledger in one list, most urgent first: namings running out beside the
// construction-waste alerts. Each row opens what it is about.
import { api } from "../api";
import { h, mount } from "../dom";
import { label, t, tr } from "../i18n";
import type { LedgerAlert } from "../types";

/** Where an alert's subject is shown. */
export function subjectHash(a: LedgerAlert): string {
  switch (a.subject_kind) {
    case "cell": return `#/cells/${a.subject_id}`;
    case "manifest": return `#/construction/m/${encodeURIComponent(a.subject)}`;
    default: return "#/construction/registers";
  }
}

export async function alertsPage(main: HTMLElement, filter: string): Promise<void> {
  const list = await api.alerts(filter);
  const tab = (f: string, label: string) =>
    h("a", { href: `#/alerts${f ? "/" + f : ""}`, id: `alerts-tab-${f || "all"}`, class: `tab${filter === f ? " active" : ""}` }, label);
  mount(
    main,
    h("h1", {}, t("alerts_title")),
    h("div", { class: "toolbar tabs" }, tab("", t("all_alerts")), tab("cells", t("al_cells")), tab("construction", t("al_construction"))),
    list.length === 0
      ? h("p", { class: "muted", id: "alerts-empty" }, t("alerts_empty"))
      : h("table", { class: "list", id: "alerts-table" },
        h("thead", {}, h("tr", {}, h("th", {}, t("urgency")), h("th", {}, t("alert_kind")), h("th", {}, t("subject")), h("th", {}, t("when")), h("th", {}, t("message")))),
        h("tbody", {}, list.map((a) =>
          h("tr", { class: "link", "data-kind": a.kind, "data-subject": a.subject, onclick: () => (location.hash = subjectHash(a)) },
            h("td", {}, h("span", { class: `badge urgency-${a.urgency}` }, label("urgency", a.urgency))),
            h("td", {}, label("alert_kind", a.kind)),
            h("td", {}, h("a", { href: subjectHash(a) }, a.subject)),
            h("td", {}, a.when),
            h("td", {}, tr(a.message_zh, a.message_en)))))),
  );
}

// Every alert of the ledger in one list, most urgent first: namings running out beside the
// construction-waste alerts. Each row opens what it is about.
import { api } from "../api";
import { h, mount } from "../dom";
import { t, tr } from "../i18n";
import type { LedgerAlert, Urgency } from "../types";

const KIND: Record<string, [string, string]> = {
  certification_expiring: ["命名即将到期", "Naming expiring"],
  certification_expired: ["命名已到期", "Naming expired"],
  discrepancy: ["数量偏差", "Discrepancy"],
  overdue: ["超时未接收", "Overdue load"],
  expiring: ["许可即将到期", "Permit expiring"],
  expired: ["许可已过期", "Permit expired"],
};

const URGENCY: Record<Urgency, "urgency_high" | "urgency_medium" | "urgency_low"> = { high: "urgency_high", medium: "urgency_medium", low: "urgency_low" };

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
            h("td", {}, h("span", { class: `badge urgency-${a.urgency}` }, t(URGENCY[a.urgency]))),
            h("td", {}, KIND[a.kind] ? tr(...KIND[a.kind]) : a.kind),
            h("td", {}, h("a", { href: subjectHash(a) }, a.subject)),
            h("td", {}, a.when),
            h("td", {}, tr(a.message_zh, a.message_en)))))),
  );
}

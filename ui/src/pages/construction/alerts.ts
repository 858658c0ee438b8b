// Every construction-waste alert: discrepancies, overdue and late loads, overloads, refused
// loads with no follow-up, and approvals or permits running out.
import { api } from "../../api";
import { h, mount } from "../../dom";
import { tr } from "../../i18n";
import { alertName } from "./common";

export async function alertsView(box: HTMLElement): Promise<void> {
  const alerts = await api.cwAlerts();
  mount(box, h("table", { class: "list", id: "cw-alerts" }, h("tbody", {}, alerts.length === 0 ? h("tr", {}, h("td", { class: "muted" }, tr("没有预警", "No alerts"))) :
    alerts.map((a) => h("tr", { "data-alert": a.kind }, h("td", {}, h("span", { class: "badge revoked" }, alertName(a.kind))), h("td", {}, a.subject), h("td", {}, tr(a.message_zh, a.message_en)))))));
}

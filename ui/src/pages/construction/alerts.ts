// Every construction-waste alert: discrepancies, overdue and late loads, overloads, refused
// loads with no follow-up, and approvals or permits running out. A manifest's alert opens
// the manifest.
import { api } from "../../api";
import { h, mount } from "../../dom";
import { localizeTimes } from "../../format";
import { tr } from "../../i18n";
import { table } from "../../table";
import type { Alert } from "../../types";
import { alertName } from "./common";

/** Alerts about a register entry's approval or permit, not about a manifest. */
const ABOUT_REGISTER = new Set(["expiring", "expired"]);

export async function alertsView(box: HTMLElement): Promise<void> {
  const alerts = await api.cwAlerts();
  mount(
    box,
    table<Alert>({
      id: "cw-alerts",
      columns: [
        {
          key: "kind",
          header: tr("类型", "Kind"),
          value: (a) => alertName(a.kind),
          cell: (a) => h("span", { class: "badge revoked", "data-alert": a.kind }, alertName(a.kind)),
        },
        { key: "subject", header: tr("对象", "Subject") },
        {
          key: "message",
          header: tr("内容", "Message"),
          wrap: true,
          value: (a) => localizeTimes(tr(a.message_zh, a.message_en)),
        },
      ],
      rows: alerts,
      rowKey: (a) => `${a.kind}:${a.id}`,
      rowData: (a) => ({ alert: a.kind }),
      rowClass: (a) => (ABOUT_REGISTER.has(a.kind) ? undefined : "opens"),
      onOpen: (a) => {
        if (!ABOUT_REGISTER.has(a.kind)) location.hash = `#/construction/m/${encodeURIComponent(a.subject)}`;
      },
      empty: tr("没有预警", "No alerts"),
      export: { file: tr("建筑垃圾预警", "construction-alerts"), spec: () => ({ list: "cw_alerts" }) },
    }).el,
  );
}

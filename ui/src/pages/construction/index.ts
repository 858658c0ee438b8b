// Construction waste: the manifests table with alert badges, the keyboard-first dispatch and
// weighbridge forms, a manifest's page with its history, the registers, alerts and the
// resource-use rate; one file per view.
import { h, mount } from "../../dom";
import { tr } from "../../i18n";
import { alertsView } from "./alerts";
import { dispatchForm } from "./dispatch";
import { manifestsTable } from "./list";
import { manifestPage } from "./manifest";
import { receiveForm } from "./receive";
import { registersView } from "./registers";
import { constructionUseView } from "../construction_use";

function tabs(active: string): HTMLElement {
  const items: [string, string, string][] = [
    ["", "联单", "Manifests"],
    ["dispatch", "出车登记", "Dispatch"],
    ["receive", "接收过磅", "Weighbridge"],
    ["registers", "登记簿", "Registers"],
    ["alerts", "预警", "Alerts"],
    ["rate", "利用率", "Resource use"],
    ["supervision", "监管指标", "Supervision"],
    ["facilities", "设施类型", "Facility kinds"],
  ];
  return h(
    "div",
    { class: "toolbar tabs" },
    items.map(([k, zh, en]) =>
      h(
        "a",
        {
          href: `#/construction${k ? "/" + k : ""}`,
          id: `cw-tab-${k || "list"}`,
          class: `tab${active === k ? " active" : ""}`,
        },
        tr(zh, en),
      ),
    ),
  );
}

export async function constructionPage(main: HTMLElement, parts: string[]): Promise<void> {
  const view = parts[1] ?? "";
  if (view === "m" && parts[2]) return manifestPage(main, decodeURIComponent(parts[2]));
  mount(main, h("h1", {}, tr("建筑垃圾全过程监管", "Construction waste")), tabs(view), h("div", { id: "cw-body" }));
  const body = document.getElementById("cw-body")!;
  if (view === "dispatch") return dispatchForm(body, parts[2] ? decodeURIComponent(parts[2]) : "");
  if (view === "receive") return receiveForm(body, parts[2] ? decodeURIComponent(parts[2]) : "");
  if (view === "registers") return registersView(body);
  if (view === "alerts") return alertsView(body);
  if (view === "rate" || view === "supervision" || view === "facilities") return constructionUseView(body, view);
  return manifestsTable(body);
}

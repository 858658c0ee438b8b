// Agricultural waste: the fast hand-in form (the default view), recovery points, stock and
// outbound, straw and manure by township, and the rates with their formulas; one file per view.
import { h, mount } from "../../dom";
import { tr } from "../../i18n";
import { entryView } from "./entry";
import { pointsView } from "./points";
import { stockView } from "./stock";
import { strawView, manureView } from "./uses";
import { ratesView } from "./rates";

function tabs(active: string): HTMLElement {
  const items: [string, string, string][] = [
    ["", "回收录入", "Hand-ins"],
    ["points", "回收站点", "Points"],
    ["stock", "库存与出库", "Stock and outbound"],
    ["straw", "秸秆", "Straw"],
    ["manure", "畜禽粪污", "Manure"],
    ["rates", "回收率与覆盖率", "Rates"],
  ];
  return h(
    "div",
    { class: "toolbar tabs" },
    items.map(([k, zh, en]) =>
      h(
        "a",
        {
          href: `#/agri${k ? "/" + k : ""}`,
          id: `agri-tab-${k || "entry"}`,
          class: `tab${active === k ? " active" : ""}`,
        },
        tr(zh, en),
      ),
    ),
  );
}

export async function agriPage(main: HTMLElement, parts: string[]): Promise<void> {
  const view = parts[1] ?? "";
  mount(main, h("h1", {}, tr("农业废弃物回收利用", "Agricultural waste")), tabs(view), h("div", { id: "agri-body" }));
  const body = document.getElementById("agri-body")!;
  if (view === "points") return pointsView(body);
  if (view === "stock") return stockView(body);
  if (view === "straw") return strawView(body);
  if (view === "manure") return manureView(body);
  if (view === "rates") return ratesView(body);
  return entryView(body);
}

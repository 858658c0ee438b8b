// The manifests table: filtered and paged by the core, newest departure first, with the alert
// badges of each row.
import { api } from "../../api";
import { h, mount } from "../../dom";
import { tr } from "../../i18n";
import type { ManifestFilter } from "../../types";
import { alertName, catName, localTime, options, qty, statusName, tonnes } from "./common";

const filter: ManifestFilter = { status: "", category: "", site: "", facility: "", from: "", to: "", number: "", page: 1, page_size: 50 };

export async function manifestsTable(box: HTMLElement): Promise<void> {
  const regs = await api.cwRegisters();
  const tbody = h("tbody");
  const pager = h("div", { class: "pager" });
  const reload = async () => {
    const p = await api.cwList(filter);
    const pages = Math.max(1, Math.ceil(p.total / p.page_size));
    mount(tbody, p.rows.length === 0 ? h("tr", {}, h("td", { colspan: 10, class: "muted" }, tr("没有符合条件的联单", "No manifests match"))) :
      p.rows.map((m) => h("tr", { class: "link", "data-number": m.number, onclick: () => (location.hash = `#/construction/m/${m.number}`) },
        h("td", {}, m.number), h("td", {}, h("span", { class: `badge ${m.status}` }, statusName(m.status))), h("td", {}, catName(m.category)),
        h("td", {}, m.site), h("td", {}, m.plate ?? "—"), h("td", {}, m.facility ?? "—"), h("td", {}, localTime(m.departure_at)),
        h("td", { class: "num" }, qty(m.declared_qty, m.unit)), h("td", { class: "num" }, tonnes(m.received_qty)),
        h("td", {}, m.alerts.map((a) => h("span", { class: "badge revoked", "data-alert": a }, alertName(a)))))));
    mount(pager,
      h("button", { disabled: p.page <= 1, onclick: () => { filter.page--; void reload(); } }, tr("上一页", "Previous")),
      h("span", { id: "cw-page-info" }, tr(`第 ${p.page}/${pages} 页，共 ${p.total} 张`, `Page ${p.page}/${pages}, ${p.total} manifests`)),
      h("button", { disabled: p.page >= pages, onclick: () => { filter.page++; void reload(); } }, tr("下一页", "Next")));
  };
  const set = (k: keyof ManifestFilter) => (e: Event) => { (filter as unknown as Record<string, string | number>)[k] = (e.target as HTMLInputElement).value; filter.page = 1; void reload(); };
  const sel = (id: string, k: keyof ManifestFilter, all: string, opts: [string, string][]) =>
    h("select", { id, onchange: set(k) }, h("option", { value: "" }, all), opts.map(([v, l]) => h("option", { value: v, selected: filter[k] === v }, l)));
  mount(box,
    h("div", { class: "toolbar" },
      h("input", { id: "cw-number", placeholder: tr("联单号", "Number"), value: filter.number, onchange: set("number"), style: "width:190px" }),
      sel("cw-status", "status", tr("全部状态", "All statuses"), options("manifest_status")),
      sel("cw-category", "category", tr("全部类别", "All categories"), options("cw_category")),
      sel("cw-site", "site", tr("全部工地", "All sites"), regs.sites.map((s) => [s.id, s.name])),
      sel("cw-facility", "facility", tr("全部设施", "All facilities"), regs.facilities.map((s) => [s.id, s.name])),
      h("input", { id: "cw-from", placeholder: "YYYY-MM-DD", value: filter.from, onchange: set("from"), style: "width:120px" }), "—",
      h("input", { id: "cw-to", placeholder: "YYYY-MM-DD", value: filter.to, onchange: set("to"), style: "width:120px" }),
      h("a", { id: "import-manifests", class: "button", href: "#/import/manifests" }, tr("导入文件", "Import a file"))),
    h("table", { class: "list", id: "cw-table" },
      h("thead", {}, h("tr", {}, [tr("联单号", "Number"), tr("状态", "Status"), tr("类别", "Category"), tr("工地", "Site"), tr("车牌", "Plate"), tr("消纳/利用设施", "Facility"), tr("出车时间", "Departure"), tr("申报量", "Declared"), tr("净重", "Net weight"), tr("预警", "Alerts")].map((x) => h("th", {}, x)))),
      tbody),
    pager);
  await reload();
}

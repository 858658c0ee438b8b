// The manifests table: filtered and paged by the core, newest departure first, with the alert
// badges of each row.
import { api } from "../../api";
import { h, mount } from "../../dom";
import { tr } from "../../i18n";
import { localTime, tonnesOf } from "../../format";
import { table } from "../../table";
import type { ManifestFilter, ManifestRow } from "../../types";
import { alertName, catName, options, qty, statusName } from "./common";

const filter: ManifestFilter = {
  status: "",
  category: "",
  site: "",
  facility: "",
  from: "",
  to: "",
  number: "",
  page: 1,
  page_size: 50,
};

export async function manifestsTable(box: HTMLElement): Promise<void> {
  const regs = await api.cwRegisters();
  const pager = h("div", { class: "pager" });
  const list = table<ManifestRow>({
    id: "cw-table",
    columns: [
      { key: "number", header: tr("联单号", "Number") },
      {
        key: "status",
        header: tr("状态", "Status"),
        value: (m) => statusName(m.status),
        cell: (m) => h("span", { class: `badge ${m.status}` }, statusName(m.status)),
      },
      { key: "category", header: tr("类别", "Category"), value: (m) => catName(m.category), hide: 3 },
      { key: "site", header: tr("工地", "Site") },
      { key: "plate", header: tr("车牌", "Plate"), hide: 5 },
      { key: "facility", header: tr("消纳/利用设施", "Facility"), hide: 2 },
      {
        key: "departure",
        header: tr("出车时间", "Departure"),
        value: (m) => m.departure_at,
        format: (v) => localTime(v as string | null),
      },
      {
        key: "declared",
        header: tr("申报量", "Declared"),
        num: true,
        value: (m) => m.declared_qty,
        format: (_v, m) => qty(m.declared_qty, m.unit),
        hide: 4,
      },
      {
        key: "net",
        header: tr("净重（吨）", "Net weight (t)"),
        num: true,
        value: (m) => m.received_qty,
        format: (v) => (v === null || v === undefined ? "—" : tonnesOf(v as number)),
      },
      {
        key: "alerts",
        header: tr("预警", "Alerts"),
        sort: false,
        value: (m) => m.alerts.join(","),
        cell: (m) => m.alerts.map((a) => h("span", { class: "badge revoked", "data-alert": a }, alertName(a))),
        hide: 1,
      },
    ],
    rows: [],
    rowKey: (m) => m.number,
    rowData: (m) => ({ number: m.number }),
    onOpen: (m) => (location.hash = `#/construction/m/${m.number}`),
    empty: tr("没有符合条件的联单", "No manifests match"),
    export: { file: tr("建筑垃圾联单", "manifests"), spec: () => ({ list: "manifests", filter: { ...filter } }) },
  });
  const reload = async () => {
    const p = await api.cwList(filter);
    const pages = Math.max(1, Math.ceil(p.total / p.page_size));
    list.setRows(p.rows);
    mount(
      pager,
      h(
        "button",
        {
          disabled: p.page <= 1,
          onclick: () => {
            filter.page--;
            void reload();
          },
        },
        tr("上一页", "Previous"),
      ),
      h(
        "span",
        { id: "cw-page-info" },
        tr(`第 ${p.page}/${pages} 页，共 ${p.total} 张`, `Page ${p.page}/${pages}, ${p.total} manifests`),
      ),
      h(
        "button",
        {
          disabled: p.page >= pages,
          onclick: () => {
            filter.page++;
            void reload();
          },
        },
        tr("下一页", "Next"),
      ),
    );
  };
  const set = (k: keyof ManifestFilter) => (e: Event) => {
    (filter as unknown as Record<string, string | number>)[k] = (e.target as HTMLInputElement).value;
    filter.page = 1;
    void reload();
  };
  const sel = (id: string, k: keyof ManifestFilter, all: string, opts: [string, string][]) =>
    h(
      "select",
      { id, onchange: set(k) },
      h("option", { value: "" }, all),
      opts.map(([v, l]) => h("option", { value: v, selected: filter[k] === v }, l)),
    );
  mount(
    box,
    h(
      "div",
      { class: "toolbar" },
      h("input", {
        id: "cw-number",
        placeholder: tr("联单号", "Number"),
        value: filter.number,
        onchange: set("number"),
        style: "width:190px",
      }),
      sel("cw-status", "status", tr("全部状态", "All statuses"), options("manifest_status")),
      sel("cw-category", "category", tr("全部类别", "All categories"), options("cw_category")),
      sel(
        "cw-site",
        "site",
        tr("全部工地", "All sites"),
        regs.sites.map((s) => [s.id, s.name]),
      ),
      sel(
        "cw-facility",
        "facility",
        tr("全部设施", "All facilities"),
        regs.facilities.map((s) => [s.id, s.name]),
      ),
      h("input", {
        id: "cw-from",
        placeholder: "YYYY-MM-DD",
        value: filter.from,
        onchange: set("from"),
        style: "width:120px",
      }),
      "—",
      h("input", {
        id: "cw-to",
        placeholder: "YYYY-MM-DD",
        value: filter.to,
        onchange: set("to"),
        style: "width:120px",
      }),
      h("a", { id: "import-manifests", class: "button", href: "#/import/manifests" }, tr("导入文件", "Import a file")),
    ),
    list.el,
    pager,
  );
  await reload();
}

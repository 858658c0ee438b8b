// The cells list: search and filters, paged in SQL by the core.
import { api } from "../api";
import { debounce, h, mount } from "../dom";
import { localDate } from "../format";
import { getLang, statusLabel, t, tr } from "../i18n";
import { state } from "../state";
import { table } from "../table";
import { STATUSES, type Cell, type CellFilter } from "../types";
import { districtName } from "../places";

const filter: CellFilter = { q: "", kind: "", district: "", status: "", page: 1, page_size: 50 };

export async function cellsPage(main: HTMLElement): Promise<void> {
  const ref = state.ref!;
  const lang = getLang();
  const pager = h("div", { class: "pager" });
  const list = table<Cell>({
    id: "cells-table",
    columns: [
      { key: "name", header: t("col_name") },
      { key: "kind", header: t("col_kind"), value: (c) => (lang === "zh" ? c.kind_zh : c.kind_en), hide: 1 },
      { key: "district", header: t("col_district"), value: (c) => districtName(c.district, c.district_name) },
      { key: "uscc", header: t("col_uscc"), value: (c) => c.uscc, hide: 3 },
      {
        key: "status",
        header: t("col_status"),
        value: (c) => statusLabel(c.status),
        cell: (c) => h("span", { class: `badge ${c.status}` }, statusLabel(c.status)),
      },
      { key: "updated", header: t("col_updated"), value: (c) => localDate(c.updated_at), hide: 2 },
    ],
    rows: [],
    rowKey: (c) => c.id,
    rowData: (c) => ({ id: c.id }),
    onOpen: (c) => (location.hash = `#/cells/${c.id}`),
    empty: t("no_cells"),
    export: { file: tr("无废细胞", "cells"), spec: () => ({ list: "cells", filter: { ...filter } }) },
  });
  const reload = async () => {
    const p = await api.listCells(filter);
    const pages = Math.max(1, Math.ceil(p.total / p.page_size));
    list.setRows(p.rows);
    mount(
      pager,
      h(
        "button",
        {
          id: "page-prev",
          disabled: p.page <= 1,
          onclick: () => {
            filter.page--;
            void reload();
          },
        },
        t("prev"),
      ),
      h("span", { id: "page-info" }, t("page_of", { page: p.page, pages, total: p.total })),
      h(
        "button",
        {
          id: "page-next",
          disabled: p.page >= pages,
          onclick: () => {
            filter.page++;
            void reload();
          },
        },
        t("next"),
      ),
    );
  };
  const set = (k: keyof CellFilter) => (e: Event) => {
    (filter as unknown as Record<string, string | number>)[k] = (e.target as HTMLInputElement).value;
    filter.page = 1;
    void reload();
  };
  const search = debounce(set("q"), 200);
  mount(
    main,
    h("h1", {}, t("cells_title")),
    h(
      "div",
      { class: "toolbar" },
      h("input", {
        id: "cell-q",
        type: "search",
        placeholder: t("search"),
        value: filter.q,
        oninput: search as EventListener,
        style: "min-width:280px",
      }),
      h(
        "select",
        { id: "filter-kind", onchange: set("kind") },
        h("option", { value: "" }, t("all_kinds")),
        ref.kinds.map((k) =>
          h("option", { value: k.key, selected: filter.kind === k.key }, lang === "zh" ? k.name_zh : k.name_en),
        ),
      ),
      h(
        "select",
        { id: "filter-district", onchange: set("district") },
        h("option", { value: "" }, t("all_districts")),
        ref.districts.map((d) =>
          h("option", { value: d.code, selected: filter.district === d.code }, districtName(d.code)),
        ),
      ),
      h(
        "select",
        { id: "filter-status", onchange: set("status") },
        h("option", { value: "" }, t("all_statuses")),
        STATUSES.map((s) => h("option", { value: s, selected: filter.status === s }, statusLabel(s))),
      ),
      h("span", { class: "grow" }),
      h("a", { id: "import-cells", class: "button", href: "#/import/cells" }, t("import_file")),
      h("button", { id: "new-cell", class: "primary", onclick: () => (location.hash = "#/cells/new") }, t("new_cell")),
    ),
    list.el,
    pager,
  );
  await reload();
  (document.getElementById("cell-q") as HTMLInputElement | null)?.focus();
}

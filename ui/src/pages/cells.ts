// The cells list: search and filters, paged in SQL by the core.
import { api } from "../api";
import { debounce, h, mount } from "../dom";
import { getLang, statusLabel, t } from "../i18n";
import { state } from "../state";
import { STATUSES, type CellFilter } from "../types";

const filter: CellFilter = { q: "", kind: "", district: "", status: "", page: 1, page_size: 50 };

export async function cellsPage(main: HTMLElement): Promise<void> {
  const ref = state.ref!;
  const lang = getLang();
  const body = h("tbody");
  const pager = h("div", { class: "pager" });
  const reload = async () => {
    const p = await api.listCells(filter);
    const pages = Math.max(1, Math.ceil(p.total / p.page_size));
    mount(
      body,
      p.rows.length === 0
        ? h("tr", {}, h("td", { colspan: 6, class: "muted" }, t("no_cells")))
        : p.rows.map((c) =>
            h(
              "tr",
              { class: "link", "data-id": c.id, onclick: () => (location.hash = `#/cells/${c.id}`) },
              h("td", {}, c.name),
              h("td", {}, lang === "zh" ? c.kind_zh : c.kind_en),
              h("td", {}, c.district_name),
              h("td", {}, c.uscc ?? "—"),
              h("td", {}, h("span", { class: `badge ${c.status}` }, statusLabel(c.status))),
              h("td", {}, c.updated_at.slice(0, 10)),
            ),
          ),
    );
    mount(
      pager,
      h("button", { id: "page-prev", disabled: p.page <= 1, onclick: () => { filter.page--; void reload(); } }, t("prev")),
      h("span", { id: "page-info" }, t("page_of", { page: p.page, pages, total: p.total })),
      h("button", { id: "page-next", disabled: p.page >= pages, onclick: () => { filter.page++; void reload(); } }, t("next")),
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
      h("input", { id: "cell-q", type: "search", placeholder: t("search"), value: filter.q, oninput: search as EventListener, style: "min-width:280px" }),
      h("select", { id: "filter-kind", onchange: set("kind") }, h("option", { value: "" }, t("all_kinds")), ref.kinds.map((k) => h("option", { value: k.key, selected: filter.kind === k.key }, lang === "zh" ? k.name_zh : k.name_en))),
      h("select", { id: "filter-district", onchange: set("district") }, h("option", { value: "" }, t("all_districts")), ref.districts.map((d) => h("option", { value: d.code, selected: filter.district === d.code }, `${d.name}`))),
      h("select", { id: "filter-status", onchange: set("status") }, h("option", { value: "" }, t("all_statuses")), STATUSES.map((s) => h("option", { value: s, selected: filter.status === s }, statusLabel(s)))),
      h("span", { class: "grow" }),
      h("a", { id: "import-cells", class: "button", href: "#/import/cells" }, t("import_file")),
      h("button", { id: "new-cell", class: "primary", onclick: () => (location.hash = "#/cells/new") }, t("new_cell")),
    ),
    h(
      "table",
      { class: "list", id: "cells-table" },
      h("thead", {}, h("tr", {}, [t("col_name"), t("col_kind"), t("col_district"), t("col_uscc"), t("col_status"), t("col_updated")].map((x) => h("th", {}, x)))),
      body,
    ),
    pager,
  );
  await reload();
  (document.getElementById("cell-q") as HTMLInputElement | null)?.focus();
}

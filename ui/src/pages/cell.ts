// One cell: its details and status, the monthly records grid (keyboard first), its computed
// figures with their formulas, and its change history.
import { table } from "../table";
import { api, isApiError } from "../api";
import { confirmStep, h, mount } from "../dom";
import { showError } from "../errors";
import { clearGridErrors, showGridErrors } from "../fieldErrors";
import { addMonths, gridKey, isMonth, kgPlain, monthOf } from "../format";
import { fieldText, getLang, name, statusLabel, t, tr } from "../i18n";
import { changeItem } from "../historyView";
import { changed } from "../undo";
import { kg } from "../format";
import { state } from "../state";
import type { Cell, Naming, RecordInput, Status } from "../types";
import { assessSection } from "./cellAssess";
import { figuresSection, formFigureName, ratesSection } from "./cellFigures";
import { districtName } from "../places";

const QTY = ["generated", "recycled", "composted", "incinerated", "landfilled"] as const;

export async function cellPage(main: HTMLElement, id: string): Promise<void> {
  const cell = await api.getCell(id);
  const thisMonth = monthOf(new Date());
  const period = { from: addMonths(thisMonth, -11), to: thisMonth };
  const gridBox = h("div", { id: "records" });
  const ratesBox = h("div", { id: "rates" });
  const figuresBox = h("div", { id: "figures" });
  const historyBox = h("div", { id: "history" });
  const namingsBox = h("div", { id: "namings" });
  const assessBox = h("div", { id: "assess" });
  mount(
    main,
    h("a", { href: "#/cells" }, t("back_to_list")),
    h(
      "h1",
      { id: "cell-title" },
      cell.name,
      " ",
      h("span", { class: `badge ${cell.status}`, id: "cell-status" }, statusLabel(cell.status)),
    ),
    details(cell),
    h(
      "h2",
      {},
      t("records"),
      " ",
      h("a", { id: "import-records", class: "small", href: "#/import/records" }, t("import_file")),
    ),
    gridBox,
    h("h2", {}, tr("活动数据（分母）", "Activity figures (denominators)")),
    figuresBox,
    h("h2", {}, t("rates")),
    ratesBox,
    h("h2", {}, t("namings")),
    namingsBox,
    h("h2", {}, tr("评估验收与认证报告", "Assessment and certification report")),
    assessBox,
    h("h2", {}, t("history")),
    historyBox,
  );
  const refreshRates = () => ratesSection(ratesBox, cell, period);
  await grid(gridBox, cell, thisMonth, refreshRates);
  await figuresSection(figuresBox, cell, refreshRates);
  await refreshRates();
  await namings(namingsBox, id);
  await assessSection(assessBox, cell, () => window.dispatchEvent(new HashChangeEvent("hashchange")));
  await history(historyBox, id);
}

/** The cell's namings, past and current: moving back never erases one. */
async function namings(box: HTMLElement, id: string): Promise<void> {
  const list = await api.cellNamings(id);
  if (list.length === 0) {
    mount(box, h("p", { class: "muted" }, t("no_namings")));
    return;
  }
  mount(
    box,
    table<Naming>({
      id: "namings-table",
      columns: [
        {
          key: "batch",
          header: t("naming_batch"),
          num: true,
          value: (n) => n.batch,
          format: (_v, n) => (n.batch ? t("batch_n", { n: n.batch }) : "—"),
        },
        { key: "document_no", header: t("naming_doc"), hide: 1 },
        { key: "named_on", header: t("certified_on") },
        { key: "expires_on", header: t("expires_on") },
        {
          key: "state",
          header: t("col_status"),
          value: (n) =>
            n.ended_on
              ? t("naming_ended", { d: n.ended_on, s: n.ended_as ? statusLabel(n.ended_as) : "" })
              : t("naming_current"),
        },
      ],
      rows: list,
      rowClass: (n) => (n.ended_on ? "ended" : "current"),
      export: { file: tr("命名记录", "namings"), spec: () => ({ list: "namings", cell: id }) },
    }).el,
  );
}

function details(c: Cell): HTMLElement {
  const lang = getLang();
  const dl = (label: string, value: string | null | undefined) => [h("dt", {}, label), h("dd", {}, value || "—")];
  const head = formFigureName(c.kind, c.denominator);
  const actions = h("div", { class: "toolbar", id: "status-actions" });
  const dateIn = h("input", { id: "status-date", type: "text", placeholder: "YYYY-MM-DD", style: "width:130px" });
  const reasonIn = h("input", { id: "status-reason", type: "text", placeholder: t("reason"), style: "width:200px" });
  const batchIn = h("input", {
    id: "status-batch",
    type: "text",
    inputmode: "numeric",
    placeholder: t("naming_batch"),
    style: "width:90px",
  });
  const docIn = h("input", { id: "status-doc", type: "text", placeholder: t("naming_doc"), style: "width:180px" });
  const go = async (to: Status) => {
    // Revoking a naming asks first; every status change can be undone from its toast.
    if (
      to === "revoked" &&
      !(await confirmStep(
        tr(
          `撤销“${c.name}”的命名？撤销后状态为“${statusLabel("revoked")}”。`,
          `Revoke the naming of “${c.name}”? Its status becomes “${statusLabel("revoked")}”.`,
        ),
        tr("撤销命名", "Revoke"),
        tr("不撤销", "Keep it"),
      ))
    )
      return;
    try {
      await api.changeStatus(c.id, {
        to,
        on: dateIn.value,
        batch: batchIn.value,
        document_no: docIn.value,
        reason: reasonIn.value,
      });
      await changed(tr(`已改为“${statusLabel(to)}”`, `Set to “${statusLabel(to)}”`));
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (e) {
      showError(e);
    }
  };
  mount(
    actions,
    h("strong", {}, t("status_actions"), tr("：", ": ")),
    c.next.map((s) =>
      h(
        "button",
        { class: s === "revoked" ? "danger" : "", "data-status": s, onclick: () => void go(s) },
        t("to_status", { s: statusLabel(s) }),
      ),
    ),
    c.next.includes("certified") ? [h("label", { for: "status-date" }, t("cert_date")), dateIn, batchIn, docIn] : null,
    reasonIn,
  );
  return h(
    "div",
    { class: "card" },
    h(
      "dl",
      { class: "info" },
      dl(t("f_kind"), lang === "zh" ? c.kind_zh : c.kind_en),
      dl(t("f_uscc"), c.uscc),
      dl(t("f_district"), `${districtName(c.district, c.district_name)}${tr(`（${c.district}）`, ` (${c.district})`)}`),
      dl(t("f_street"), [c.street, c.street_code].filter(Boolean).join(" ")),
      dl(t("f_community"), [c.community, c.community_code].filter(Boolean).join(" ")),
      dl(
        t("f_area"),
        c.report_area ? `${c.report_area_name ?? ""}${tr(`（${c.report_area}）`, ` (${c.report_area})`)}` : null,
      ),
      dl(t("f_address"), c.address),
      dl(t("f_contact"), `${c.contact} ${c.phone}`),
      dl(t("f_manager"), c.manager),
      dl(head, c.headcount?.toString()),
      dl(
        t("f_baseline_year"),
        c.baseline_year
          ? `${c.baseline_year}${tr("（", " (")}${c.baseline_headcount ?? c.headcount ?? "—"}${tr("）", ")")}`
          : null,
      ),
      dl(
        t("certified_on"),
        c.certified_on
          ? [c.naming_batch ? t("batch_n", { n: c.naming_batch }) : "", c.naming_doc ?? "", c.certified_on]
              .filter(Boolean)
              .join(" · ")
          : null,
      ),
      dl(t("expires_on"), c.expires_on),
      c.uscc_override ? dl(t("f_uscc_override"), c.uscc_override) : null,
      c.uscc_shared_reason ? dl(t("f_uscc_shared_reason"), c.uscc_shared_reason) : null,
    ),
    c.warnings.length
      ? h(
          "div",
          { class: "field-warning", id: "cell-warnings" },
          c.warnings.map((w) => h("div", { "data-code": w.code }, `${t("warning")}${tr("：", ": ")}${fieldText(w)}`)),
        )
      : null,
    h(
      "div",
      { class: "actions" },
      h("button", { id: "edit-cell", onclick: () => (location.hash = `#/cells/${c.id}/edit`) }, t("edit")),
    ),
    actions,
  );
}

async function grid(box: HTMLElement, cell: Cell, start: string, onSaved: () => Promise<void>): Promise<void> {
  const cats = state.ref!.categories;
  const monthIn = h("input", { id: "grid-month", value: start, placeholder: "YYYY-MM", style: "width:110px" });
  const errBox = h("div", { class: "grid-errors", id: "grid-errors" });
  const inputs: HTMLInputElement[][] = cats.map((c, r) =>
    QTY.map((q, col) => {
      const el = h("input", {
        id: `g-${c.key}-${q}`,
        inputmode: "decimal",
        "data-row": r,
        "data-col": col,
        autocomplete: "off",
      });
      el.addEventListener("keydown", (e) => {
        const m = gridKey(e.key, { shift: e.shiftKey, ctrl: e.ctrlKey || e.metaKey }, r, col, cats.length, QTY.length);
        if (m.kind === "none") return;
        e.preventDefault();
        if (m.kind === "move") inputs[m.row][m.col].focus();
        else void save();
      });
      return el;
    }),
  );
  // Deleting a stored record is an action of its own, confirmed: a blank never deletes.
  const dels = cats.map((c) => {
    const b = h("button", { id: `g-${c.key}-delete`, class: "danger", hidden: true }, t("delete"));
    b.addEventListener("click", () => {
      const month = monthIn.value.trim();
      const vars = { month, cat: name(c) };
      mount(
        errBox,
        h(
          "div",
          { class: "confirm", id: "delete-confirm" },
          t("delete_record_q", vars),
          " ",
          h(
            "button",
            {
              id: "delete-yes",
              class: "danger",
              onclick: async () => {
                try {
                  await api.deleteRecord(cell.id, month, c.key);
                  await changed(t("deleted_record", vars));
                  await onSaved();
                  await load();
                } catch (e) {
                  showError(e);
                }
              },
            },
            t("delete_confirm"),
          ),
          " ",
          h(
            "button",
            {
              id: "delete-no",
              onclick: () => {
                errBox.textContent = "";
              },
            },
            t("cancel"),
          ),
        ),
      );
    });
    return b;
  });
  const load = async () => {
    errBox.textContent = "";
    inputs.flat().forEach((i) => {
      i.value = "";
      i.classList.remove("bad");
    });
    dels.forEach((b) => (b.hidden = true));
    if (!isMonth(monthIn.value)) return;
    const m = monthIn.value.trim();
    const recs = await api.listRecords(cell.id, m, m);
    for (const r of recs) {
      const row = cats.findIndex((c) => c.key === r.category);
      if (row < 0) continue;
      dels[row].hidden = false;
      [r.generated_g, r.recycled_g, r.composted_g, r.incinerated_g, r.landfilled_g].forEach(
        (g, col) => (inputs[row][col].value = g ? kgPlain(g) : ""),
      );
      // A record typed as bins or bags says how its kilograms came about.
      inputs[row][0].title = r.count == null ? "" : `${r.count} × ${kgPlain(r.container_g ?? 0)} kg`;
    }
  };
  const save = async () => {
    const month = monthIn.value.trim();
    const rows: RecordInput[] = cats.map((c, r) => ({
      month,
      category: c.key,
      generated: inputs[r][0].value,
      bins: "",
      recycled: inputs[r][1].value,
      composted: inputs[r][2].value,
      incinerated: inputs[r][3].value,
      landfilled: inputs[r][4].value,
    }));
    clearGridErrors(box, errBox);
    try {
      const saved = await api.saveRecordEntries(cell.id, rows);
      await changed(t("saved_month", { month, n: saved.changed }));
      await onSaved();
      if (saved.warnings.length) {
        // Saved all the same; the clerk reads why before moving on.
        mount(
          errBox,
          saved.warnings.map((w) =>
            h("div", { class: "warning" }, `${name(cats[(w.row ?? 1) - 1])}${tr("：", ": ")}${fieldText(w)}`),
          ),
        );
        return;
      }
      monthIn.value = addMonths(month, 1);
      await load();
      inputs[0][0].focus();
    } catch (e) {
      if (isApiError(e) && e.fields.length) {
        const refused = e.fields.map((f) => {
          const r = (f.row ?? 1) - 1;
          const col = QTY.indexOf(f.field as (typeof QTY)[number]);
          const where =
            f.field === "month"
              ? t("month")
              : `${name(cats[r])} · ${t((col >= 0 ? QTY[col] : "generated") as "generated")}`;
          const input = f.field === "month" ? monthIn : col >= 0 && inputs[r] ? inputs[r][col] : null;
          return { input, line: h("div", {}, `${where}${tr("：", ": ")}${fieldText(f)}`) };
        });
        showGridErrors(box, errBox, refused);
      } else showError(e);
    }
  };
  monthIn.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      void load().then(() => inputs[0][0].focus());
    }
  });
  // Entry by bins or bags: the amount generated of one category, converted at entry with the
  // cell's (or the category's) kg per bin; the count and the factor are kept with the record.
  const binCat = h(
    "select",
    { id: "bins-category" },
    cats.filter((c) => !c.retired).map((c) => h("option", { value: c.key }, name(c))),
  );
  const binCount = h("input", {
    id: "bins-count",
    placeholder: tr("桶（袋）数", "bins (bags)"),
    style: "width:90px",
    inputmode: "numeric",
  });
  const saveBins = async () => {
    errBox.textContent = "";
    try {
      // Where it went stays as the grid shows it.
      const row = inputs[cats.findIndex((c) => c.key === binCat.value)];
      const saved = await api.saveRecordEntries(cell.id, [
        {
          month: monthIn.value.trim(),
          category: binCat.value,
          generated: "",
          bins: binCount.value,
          recycled: row[1].value,
          composted: row[2].value,
          incinerated: row[3].value,
          landfilled: row[4].value,
        },
      ]);
      await changed(t("saved_month", { month: monthIn.value.trim(), n: saved.changed }));
      binCount.value = "";
      await load();
      await onSaved();
    } catch (e) {
      if (isApiError(e) && e.fields.length)
        mount(
          errBox,
          e.fields.map((f) => h("div", {}, fieldText(f))),
        );
      else showError(e);
    }
  };
  monthIn.addEventListener("change", () => void load());
  mount(
    box,
    h(
      "div",
      { class: "toolbar" },
      h("label", { for: "grid-month" }, t("month")),
      monthIn,
      h(
        "button",
        {
          id: "grid-prev",
          onclick: () => {
            monthIn.value = addMonths(monthIn.value, -1);
            void load();
          },
        },
        "◀",
      ),
      h(
        "button",
        {
          id: "grid-next",
          onclick: () => {
            monthIn.value = addMonths(monthIn.value, 1);
            void load();
          },
        },
        "▶",
      ),
      h("button", { class: "primary", id: "grid-save", onclick: () => void save() }, t("save")),
      h("span", { class: "muted" }, t("grid_help")),
    ),
    h(
      "div",
      { class: "toolbar" },
      tr("按桶（袋）录入产生量：", "Generated as bins (bags): "),
      binCat,
      binCount,
      h("button", { id: "bins-save", onclick: () => void saveBins() }, tr("录入", "Enter")),
    ),
    h(
      "table",
      { class: "grid", id: "records-grid" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, t("category")),
          QTY.map((q) => h("th", {}, t(q))),
          h("th", {}),
        ),
      ),
      h(
        "tbody",
        {},
        cats.map((c, r) =>
          h(
            "tr",
            { class: c.retired ? "retired" : "" },
            h("td", { class: "cat" }, name(c), c.retired ? tr("（已停用）", " (retired)") : ""),
            inputs[r].map((i) => h("td", {}, i)),
            h("td", {}, dels[r]),
          ),
        ),
      ),
    ),
    errBox,
  );
  await load();
}

async function history(box: HTMLElement, id: string): Promise<void> {
  // The cell's changes and its monthly records' changes, newest first, in local time.
  const list = await api.cellChanges(id);
  const cats = state.ref!.categories;
  const fmt = (col: string, v: unknown): string | undefined => {
    if (col === "status") return statusLabel(v as Status);
    if (typeof v === "number" && col.endsWith("_g")) return `${kg(v)} kg`;
    return undefined;
  };
  const what = (c: (typeof list)[number]) => {
    if (c.table !== "cell_records") return "";
    const cat = cats.find((x) => x.key === c.category);
    return tr(
      `${c.month} ${cat ? name(cat) : c.category} 月度记录`,
      `${c.month} ${cat ? name(cat) : c.category} record`,
    );
  };
  mount(
    box,
    h(
      "ul",
      { class: "history", id: "cell-history" },
      list.map((c) => changeItem(c.change, fmt, what(c))),
    ),
  );
}

// One cell: its details and status, the monthly records grid (keyboard first), its computed
// figures with their formulas, and its change history.
import { api, isApiError } from "../api";
import { h, mount, toast } from "../dom";
import { showError } from "../errors";
import { addMonths, gridKey, isMonth, kg, kgPlain, monthOf, pct } from "../format";
import { actionLabel, fieldText, getLang, name, statusLabel, t } from "../i18n";
import { state } from "../state";
import type { Cell, CellRates, RecordInput, Status } from "../types";
import { barChart } from "./chart";

const QTY = ["generated", "recycled", "composted", "incinerated", "landfilled"] as const;

export async function cellPage(main: HTMLElement, id: string): Promise<void> {
  const cell = await api.getCell(id);
  const thisMonth = monthOf(new Date());
  const period = { from: addMonths(thisMonth, -11), to: thisMonth };
  const gridBox = h("div", { id: "records" });
  const ratesBox = h("div", { id: "rates" });
  const historyBox = h("div", { id: "history" });
  const namingsBox = h("div", { id: "namings" });
  mount(
    main,
    h("a", { href: "#/cells" }, t("back_to_list")),
    h("h1", { id: "cell-title" }, cell.name, " ", h("span", { class: `badge ${cell.status}`, id: "cell-status" }, statusLabel(cell.status))),
    details(cell),
    h("h2", {}, t("records")),
    gridBox,
    h("h2", {}, t("rates")),
    ratesBox,
    h("h2", {}, t("namings")),
    namingsBox,
    h("h2", {}, t("history")),
    historyBox,
  );
  const refreshRates = () => rates(ratesBox, cell, period);
  await grid(gridBox, cell, thisMonth, refreshRates);
  await refreshRates();
  await namings(namingsBox, id);
  await history(historyBox, id);
}

/** The cell's namings, past and current: moving back never erases one. */
async function namings(box: HTMLElement, id: string): Promise<void> {
  const list = await api.cellNamings(id);
  if (list.length === 0) {
    mount(box, h("p", { class: "muted" }, t("no_namings")));
    return;
  }
  mount(box, h("table", { class: "list", id: "namings-table" },
    h("thead", {}, h("tr", {}, h("th", {}, t("naming_batch")), h("th", {}, t("naming_doc")), h("th", {}, t("certified_on")), h("th", {}, t("expires_on")), h("th", {}, t("col_status")))),
    h("tbody", {}, list.map((n) => h("tr", { class: n.ended_on ? "ended" : "current" },
      h("td", {}, n.batch ? t("batch_n", { n: n.batch }) : "—"),
      h("td", {}, n.document_no || "—"),
      h("td", {}, n.named_on),
      h("td", {}, n.expires_on),
      h("td", {}, n.ended_on ? t("naming_ended", { d: n.ended_on, s: n.ended_as ? statusLabel(n.ended_as) : "" }) : t("naming_current")))))));
}

function details(c: Cell): HTMLElement {
  const lang = getLang();
  const dl = (label: string, value: string | null | undefined) => [h("dt", {}, label), h("dd", {}, value || "—")];
  const head = c.denominator === "households" ? t("f_headcount_households") : t("f_headcount_headcount");
  const actions = h("div", { class: "toolbar", id: "status-actions" });
  const dateIn = h("input", { id: "status-date", type: "text", placeholder: "YYYY-MM-DD", style: "width:130px" });
  const reasonIn = h("input", { id: "status-reason", type: "text", placeholder: t("reason"), style: "width:200px" });
  const batchIn = h("input", { id: "status-batch", type: "text", inputmode: "numeric", placeholder: t("naming_batch"), style: "width:90px" });
  const docIn = h("input", { id: "status-doc", type: "text", placeholder: t("naming_doc"), style: "width:180px" });
  const go = async (to: Status) => {
    try {
      await api.changeStatus(c.id, { to, on: dateIn.value, batch: batchIn.value, document_no: docIn.value, reason: reasonIn.value });
      toast(t("saved"));
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (e) {
      showError(e);
    }
  };
  mount(actions, h("strong", {}, t("status_actions"), "："),
    c.next.map((s) => h("button", { class: s === "revoked" ? "danger" : "", "data-status": s, onclick: () => void go(s) }, t("to_status", { s: statusLabel(s) }))),
    c.next.includes("certified") ? [h("label", { for: "status-date" }, t("cert_date")), dateIn, batchIn, docIn] : null,
    reasonIn);
  return h("div", { class: "card" },
    h("dl", { class: "info" },
      dl(t("f_kind"), lang === "zh" ? c.kind_zh : c.kind_en),
      dl(t("f_uscc"), c.uscc),
      dl(t("f_district"), `${c.district_name}（${c.district}）`),
      dl(t("f_street"), [c.street, c.street_code].filter(Boolean).join(" ")),
      dl(t("f_community"), [c.community, c.community_code].filter(Boolean).join(" ")),
      dl(t("f_area"), c.report_area ? `${c.report_area_name ?? ""}（${c.report_area}）` : null),
      dl(t("f_address"), c.address),
      dl(t("f_contact"), `${c.contact} ${c.phone}`),
      dl(t("f_manager"), c.manager),
      dl(head, c.headcount?.toString()),
      dl(t("f_baseline_year"), c.baseline_year ? `${c.baseline_year}（${c.baseline_headcount ?? c.headcount ?? "—"}）` : null),
      dl(t("certified_on"), c.certified_on ? [c.naming_batch ? t("batch_n", { n: c.naming_batch }) : "", c.naming_doc ?? "", c.certified_on].filter(Boolean).join(" · ") : null),
      dl(t("expires_on"), c.expires_on),
      c.uscc_override ? dl(t("f_uscc_override"), c.uscc_override) : null,
      c.uscc_shared_reason ? dl(t("f_uscc_shared_reason"), c.uscc_shared_reason) : null,
    ),
    c.warnings.length ? h("div", { class: "field-warning", id: "cell-warnings" }, c.warnings.map((w) => h("div", { "data-code": w.code }, `${t("warning")}：${fieldText(w)}`))) : null,
    h("div", { class: "actions" }, h("button", { id: "edit-cell", onclick: () => (location.hash = `#/cells/${c.id}/edit`) }, t("edit"))),
    actions,
  );
}

async function grid(box: HTMLElement, cell: Cell, start: string, onSaved: () => Promise<void>): Promise<void> {
  const cats = state.ref!.categories;
  const monthIn = h("input", { id: "grid-month", value: start, placeholder: "YYYY-MM", style: "width:110px" });
  const errBox = h("div", { class: "grid-errors", id: "grid-errors" });
  const inputs: HTMLInputElement[][] = cats.map((c, r) =>
    QTY.map((q, col) => {
      const el = h("input", { id: `g-${c.key}-${q}`, inputmode: "decimal", "data-row": r, "data-col": col, autocomplete: "off" });
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
      mount(errBox, h("div", { class: "confirm", id: "delete-confirm" }, t("delete_record_q", vars), " ",
        h("button", { id: "delete-yes", class: "danger", onclick: async () => {
          try {
            await api.deleteRecord(cell.id, month, c.key);
            toast(t("deleted_record", vars));
            await onSaved();
            await load();
          } catch (e) { showError(e); }
        } }, t("delete_confirm")), " ",
        h("button", { id: "delete-no", onclick: () => { errBox.textContent = ""; } }, t("cancel"))));
    });
    return b;
  });
  const load = async () => {
    errBox.textContent = "";
    inputs.flat().forEach((i) => { i.value = ""; i.classList.remove("bad"); });
    dels.forEach((b) => (b.hidden = true));
    if (!isMonth(monthIn.value)) return;
    const m = monthIn.value.trim();
    const recs = await api.listRecords(cell.id, m, m);
    for (const r of recs) {
      const row = cats.findIndex((c) => c.key === r.category);
      if (row < 0) continue;
      dels[row].hidden = false;
      [r.generated_g, r.recycled_g, r.composted_g, r.incinerated_g, r.landfilled_g].forEach((g, col) => (inputs[row][col].value = g ? kgPlain(g) : ""));
    }
  };
  const save = async () => {
    const month = monthIn.value.trim();
    const rows: RecordInput[] = cats.map((c, r) => ({
      month, category: c.key,
      generated: inputs[r][0].value, recycled: inputs[r][1].value, composted: inputs[r][2].value, incinerated: inputs[r][3].value, landfilled: inputs[r][4].value,
    }));
    inputs.flat().forEach((i) => i.classList.remove("bad"));
    errBox.textContent = "";
    try {
      const n = await api.saveRecords(cell.id, rows);
      toast(t("saved_month", { month, n }));
      await onSaved();
      monthIn.value = addMonths(month, 1);
      await load();
      inputs[0][0].focus();
    } catch (e) {
      if (isApiError(e) && e.fields.length) {
        const lines = e.fields.map((f) => {
          const r = (f.row ?? 1) - 1;
          const col = QTY.indexOf(f.field as (typeof QTY)[number]);
          if (col >= 0 && inputs[r]) inputs[r][col].classList.add("bad");
          const where = f.field === "month" ? t("month") : `${name(cats[r])} · ${t((col >= 0 ? QTY[col] : "generated") as "generated")}`;
          return `${where}：${fieldText(f)}`;
        });
        mount(errBox, lines.map((l) => h("div", {}, l)));
        const firstBad = inputs.flat().find((i) => i.classList.contains("bad"));
        (firstBad ?? monthIn).focus();
      } else showError(e);
    }
  };
  monthIn.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); void load().then(() => inputs[0][0].focus()); }
  });
  monthIn.addEventListener("change", () => void load());
  mount(
    box,
    h("div", { class: "toolbar" },
      h("label", { for: "grid-month" }, t("month")), monthIn,
      h("button", { id: "grid-prev", onclick: () => { monthIn.value = addMonths(monthIn.value, -1); void load(); } }, "◀"),
      h("button", { id: "grid-next", onclick: () => { monthIn.value = addMonths(monthIn.value, 1); void load(); } }, "▶"),
      h("button", { class: "primary", id: "grid-save", onclick: () => void save() }, t("save")),
      h("span", { class: "muted" }, t("grid_help"))),
    h("table", { class: "grid", id: "records-grid" },
      h("thead", {}, h("tr", {}, h("th", {}, t("category")), QTY.map((q) => h("th", {}, t(q))), h("th", {}))),
      h("tbody", {}, cats.map((c, r) => h("tr", {}, h("td", { class: "cat" }, name(c)), inputs[r].map((i) => h("td", {}, i)), h("td", {}, dels[r]))))),
    errBox,
  );
  await load();
}

async function rates(box: HTMLElement, cell: Cell, period: { from: string; to: string }): Promise<void> {
  const lang = getLang();
  const fromIn = h("input", { id: "rates-from", value: period.from, style: "width:100px" });
  const toIn = h("input", { id: "rates-to", value: period.to, style: "width:100px" });
  const out = h("div", {});
  const compute = async () => {
    period.from = fromIn.value.trim();
    period.to = toIn.value.trim();
    let r: CellRates;
    try {
      r = await api.cellRates(cell.id, period.from, period.to);
    } catch (e) {
      showError(e);
      return;
    }
    const red = r.reduction;
    const per = cell.denominator === "households" ? t("per_capita_households") : t("per_capita_headcount");
    mount(out,
      h("div", { class: "kpis" },
        h("div", { class: "kpi" }, h("div", { class: "v", id: "recycling-rate" }, pct(r.recycling_rate)), h("div", { class: "l" }, t("recycling_rate"), " · ", t("target", { t: r.recycling_target_pct }))),
        red ? h("div", { class: "kpi" }, h("div", { class: `v ${red.change_g <= 0 ? "down" : "up"}`, id: "reduction-pct" }, pct(red.change_pct)), h("div", { class: "l" }, `${t("change")}：${kg(red.change_g)} kg`)) : null,
        red?.per_capita_kg != null ? h("div", { class: "kpi" }, h("div", { class: "v" }, `${red.per_capita_kg.toFixed(2)} kg`), h("div", { class: "l" }, `${per} · ${red.baseline_year}：${red.baseline_per_capita_kg?.toFixed(2) ?? "—"} kg（${pct(red.per_capita_change_pct)}）`)) : null,
      ),
      h("p", { class: "formula" }, lang === "zh" ? r.recycling_formula_zh : r.recycling_formula_en),
      red
        ? [h("p", {}, `${t("reduction")}：${t("period_total")} ${kg(red.period_g)} kg，${t("baseline_total")}（${red.baseline_year}）${kg(red.baseline_g)} kg`),
           red.baseline_months_missing.length ? h("p", { class: "muted" }, t("baseline_missing", { m: red.baseline_months_missing.join("、") })) : null,
           h("p", { class: "formula" }, lang === "zh" ? red.formula_zh : red.formula_en)]
        : h("p", { class: "muted" }, t("no_baseline")),
      r.months.length
        ? [h("div", { class: "chart" }, h("div", { class: "muted" }, t("monthly_rate")), barChart(r.months.map((m) => ({ label: m.month.slice(2), value: m.recycling_rate ?? 0 })), r.recycling_target_pct)),
           h("table", { class: "list", id: "rates-table" },
             h("thead", {}, h("tr", {}, h("th", {}, t("month")), h("th", { class: "num" }, t("generated")), h("th", { class: "num" }, t("recycled")), h("th", { class: "num" }, t("recycling_rate")))),
             h("tbody", {}, r.months.map((m) => h("tr", {}, h("td", {}, m.month), h("td", { class: "num" }, kg(m.household_generated_g)), h("td", { class: "num" }, kg(m.household_recovered_g)), h("td", { class: "num" }, pct(m.recycling_rate))))))]
        : h("p", { class: "muted" }, t("no_records")),
    );
  };
  const onEnter = (e: KeyboardEvent) => { if (e.key === "Enter") void compute(); };
  fromIn.addEventListener("keydown", onEnter);
  toIn.addEventListener("keydown", onEnter);
  mount(box, h("div", { class: "toolbar" }, t("period"), t("from"), fromIn, t("to"), toIn, h("button", { id: "rates-compute", onclick: () => void compute() }, t("recompute"))), out);
  await compute();
}

async function history(box: HTMLElement, id: string): Promise<void> {
  const h2 = await api.cellHistory(id);
  mount(box, h("ul", { class: "history" }, h2.slice().reverse().map((e) =>
    h("li", {}, `${e.at.replace("T", " ").slice(0, 19)}  ${e.operator}  ${actionLabel(e.action)}`, e.after?.status && e.before?.status !== e.after?.status ? ` → ${statusLabel(e.after.status as Status)}` : "", e.reason ? `（${t("reason")}：${e.reason}）` : ""))));
}

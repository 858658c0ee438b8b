// The weighbridge form: tonnes whatever unit the load was declared in, gross − tare = net and
// the ticket number; a load declared in m³ shows its declared weight through the density
// frozen at dispatch, so the discrepancy is read in tonnes.
import { api, isApiError } from "../../api";
import { h, mount, toast } from "../../dom";
import { changed } from "../../undo";
import { showError } from "../../errors";
import { tr } from "../../i18n";
import type { Manifest } from "../../types";
import {
  alertLine,
  catName,
  density,
  field,
  input,
  nowLocal,
  options,
  qty,
  showFieldErrors,
  statusName,
  tonnes,
  valueOf,
} from "./common";

/** What was declared, in tonnes: through the frozen density for m³. */
export function declaredText(m: Manifest): string {
  if (m.unit !== "m3") return qty(m.declared_qty, m.unit);
  return `${qty(m.declared_qty, "m3")} × ${density(m.density_kg_m3)} = ${tonnes(m.declared_g)}`;
}

export async function receiveForm(box: HTMLElement, number: string): Promise<void> {
  const summary = h("div", { id: "cw-receive-summary", class: "muted" });
  const form = h(
    "form",
    { class: "card", id: "cw-receive-form" },
    h(
      "div",
      { class: "fields" },
      field(
        "number",
        tr("联单号", "Manifest number"),
        input("number", { value: number, placeholder: "CW-220102A-YYYYMMDD-0001" }),
      ),
      field("gross", tr("毛重（吨）", "Gross (t)"), input("gross", { inputmode: "decimal" })),
      field("tare", tr("皮重（吨）", "Tare (t)"), input("tare", { inputmode: "decimal" })),
      field(
        "received",
        tr("净重（吨，毛重 − 皮重）", "Net (t, gross − tare)"),
        input("received", { inputmode: "decimal" }),
      ),
      field("ticket_no", tr("磅单号", "Weighbridge ticket"), input("ticket_no")),
      field(
        "outcome",
        tr("结论", "Outcome"),
        h(
          "select",
          { id: "cw-f-outcome", name: "outcome" },
          options("outcome").map(([k, l]) => h("option", { value: k }, l)),
        ),
      ),
      field("refused", tr("拒收量（吨）", "Refused (t)"), input("refused", { inputmode: "decimal" })),
      field("received_at", tr("接收时间", "Received at"), input("received_at", { value: nowLocal() })),
      field(
        "overload_reason",
        tr("超载理由（净重超过核定载质量时必填）", "Overload reason (required above the rated payload)"),
        input("overload_reason"),
      ),
    ),
    summary,
    h("div", { class: "form-errors grid-errors" }),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "submit", class: "primary", id: "cw-receive-save" },
        tr("确认接收（Enter）", "Record (Enter)"),
      ),
    ),
    h("div", { id: "cw-receive-result" }),
  );
  const num = form.querySelector("[name=number]") as HTMLInputElement;
  const net = form.querySelector("[name=received]") as HTMLInputElement;
  // Net follows gross − tare as they are typed (to the kilogram), unless typed itself.
  const fillNet = () => {
    const g = parseFloat(valueOf(form, "gross")),
      t = parseFloat(valueOf(form, "tare"));
    if (!Number.isNaN(g) && !Number.isNaN(t) && g >= t) net.placeholder = String(Math.round((g - t) * 1000) / 1000);
  };
  form.querySelector("[name=gross]")!.addEventListener("input", fillNet);
  form.querySelector("[name=tare]")!.addEventListener("input", fillNet);
  const look = async () => {
    if (!num.value.trim()) return;
    try {
      const v = await api.cwManifest(num.value.trim());
      const m = v.manifest;
      summary.textContent = `${m.site} · ${m.plate ?? ""} · ${catName(m.category)} · ${tr("申报", "declared")} ${declaredText(m)} · ${statusName(m.status)}`;
    } catch (e) {
      showError(e);
    }
  };
  num.addEventListener("change", () => void look());
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = (k: string) => valueOf(form, k);
    try {
      const r = await api.cwReceive(v("number").trim(), {
        received: v("received"),
        refused: v("refused"),
        gross: v("gross"),
        tare: v("tare"),
        ticket_no: v("ticket_no"),
        outcome: v("outcome"),
        received_at: v("received_at"),
        overload_reason: v("overload_reason"),
      });
      showFieldErrors(form, []);
      const m = r.manifest;
      mount(
        document.getElementById("cw-receive-result")!,
        h(
          "div",
          { class: "card", id: "cw-received" },
          h(
            "p",
            {},
            tr("已接收：", "Received: "),
            h("a", { href: `#/construction/m/${m.number}` }, m.number),
            ` ${tr("净重", "net")} ${tonnes(m.received_qty)} · ${tr("申报", "declared")} ${declaredText(m)}`,
          ),
          r.alerts.map(alertLine),
        ),
      );
      await changed(tr("已接收", "Received"));
    } catch (err) {
      if (isApiError(err) && err.fields.length) showFieldErrors(form, err.fields);
      else showError(err);
    }
  });
  mount(box, form);
  if (number) {
    await look();
    (form.querySelector("[name=gross]") as HTMLInputElement).focus();
  } else num.focus();
}

// Stock per point and stream (received − sent, never negative) and the outbound form: where
// recovered material went, to whom, and how much.
import { api, isApiError } from "../../api";
import { h, mount, toast } from "../../dom";
import { showError } from "../../errors";
import { label, tr } from "../../i18n";
import { table } from "../../table";
import type { AgriStock } from "../../types";
import { field, input, kgOf, select, showErrors, today, values } from "./common";

export async function stockView(box: HTMLElement): Promise<void> {
  const [stock, points] = await Promise.all([api.agriStock(""), api.agriPoints("")]);
  const form = h(
    "form",
    { class: "card form-grid", id: "agri-outbound-form" },
    field(
      "point",
      tr("回收站点", "Point"),
      select(
        "point",
        points.map((p) => [p.name, p.name]),
      ),
    ),
    field(
      "stream",
      tr("类别", "Stream"),
      select(
        "stream",
        (["pesticide", "film"] as const).map((k) => [k, label("agri_stream", k)]),
      ),
    ),
    field(
      "destination",
      tr("去向", "Destination"),
      select(
        "destination",
        (["recycler", "incineration", "landfill"] as const).map((k) => [k, label("agri_destination", k)]),
      ),
    ),
    field("receiver", tr("接收单位", "Receiving unit"), input("receiver")),
    field("date", tr("日期", "Date"), input("date", { value: today() })),
    field("weight", tr("重量（千克）", "Weight (kg)"), input("weight", { inputmode: "decimal" })),
    h("div", { class: "form-errors" }),
    h("button", { type: "submit", class: "primary", id: "agri-outbound-save" }, tr("出库", "Send out")),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = values(form);
    try {
      await api.agriAddOutbound({
        date: v.date,
        point: v.point,
        stream: v.stream,
        destination: v.destination,
        receiver: v.receiver,
        weight: v.weight,
        note: "",
      });
      toast(tr("已出库", "Sent out"));
      await stockView(box);
    } catch (err) {
      if (isApiError(err) && err.fields.length) showErrors(form, err.fields);
      else showError(err);
    }
  });
  mount(
    box,
    h("h2", {}, tr("出库登记", "Outbound")),
    form,
    h("h2", {}, tr("各站点库存", "Stock per point")),
    table<AgriStock>({
      id: "agri-stock",
      export: { file: tr("回收站点库存", "agri-stock"), spec: () => ({ list: "agri_stock", district: "" }) },
      rows: stock,
      rowKey: (s) => `${s.point_id}-${s.stream}`,
      empty: tr("尚无回收站点", "No recovery points yet"),
      columns: [
        { key: "point", header: tr("站点", "Point") },
        { key: "stream", header: tr("类别", "Stream"), value: (s) => label("agri_stream", s.stream) },
        {
          key: "received",
          header: tr("回收（千克）", "Received (kg)"),
          num: true,
          value: (s) => s.received_g,
          format: (v) => kgOf(v as number),
          hide: 2,
        },
        {
          key: "sent",
          header: tr("出库（千克）", "Sent (kg)"),
          num: true,
          value: (s) => s.sent_g,
          format: (v) => kgOf(v as number),
          hide: 1,
        },
        {
          key: "stock",
          header: tr("库存（千克）", "Stock (kg)"),
          num: true,
          value: (s) => s.stock_g,
          format: (v) => kgOf(v as number),
        },
      ],
    }).el,
  );
}

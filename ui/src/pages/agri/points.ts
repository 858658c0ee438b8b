// The recovery points register: a form, and the points with their township, village, what
// they take and their active dates.
import { api, isApiError } from "../../api";
import { h, mount, toast } from "../../dom";
import { showError } from "../../errors";
import { label, tr } from "../../i18n";
import { table } from "../../table";
import type { AgriPoint } from "../../types";
import { field, input, select, showErrors, today, values, districtName } from "./common";

export async function pointsView(box: HTMLElement): Promise<void> {
  const points = await api.agriPoints("");
  const form = h(
    "form",
    { class: "card form-grid", id: "agri-point-form" },
    field("name", tr("站点名称", "Name"), input("name")),
    field("operator", tr("运营主体", "Operator"), input("operator")),
    field("operator_uscc", tr("信用代码（可选）", "Credit code (optional)"), input("operator_uscc")),
    field("district", tr("区县（代码或名称）", "District (code or name)"), input("district")),
    field("township", tr("乡镇", "Township"), input("township")),
    field("village", tr("村", "Village"), input("village")),
    field(
      "takes",
      tr("回收品类", "Takes"),
      select(
        "takes",
        (["both", "pesticide", "film"] as const).map((k) => [k, label("agri_takes", k)]),
      ),
    ),
    field("active_from", tr("启用日期", "Active from"), input("active_from", { value: today() })),
    field("active_to", tr("停用日期（可选）", "Active until (optional)"), input("active_to")),
    field("contact", tr("联系人", "Contact"), input("contact")),
    field("phone", tr("电话", "Phone"), input("phone")),
    h("div", { class: "form-errors" }),
    h("button", { type: "submit", class: "primary", id: "agri-point-save" }, tr("登记", "Add")),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = values(form);
    try {
      await api.agriAddPoint({
        name: v.name,
        operator: v.operator,
        operator_uscc: v.operator_uscc,
        district: v.district,
        township: v.township,
        village: v.village,
        takes: v.takes,
        active_from: v.active_from,
        active_to: v.active_to,
        contact: v.contact,
        phone: v.phone,
      });
      toast(tr("已登记", "Added"));
      await pointsView(box);
    } catch (err) {
      if (isApiError(err) && err.fields.length) showErrors(form, err.fields);
      else showError(err);
    }
  });
  mount(
    box,
    form,
    table<AgriPoint>({
      id: "agri-points",
      rows: points,
      rowKey: (p) => p.id,
      empty: tr("尚无回收站点", "No recovery points yet"),
      columns: [
        { key: "name", header: tr("站点", "Point") },
        { key: "operator", header: tr("运营主体", "Operator"), hide: 3 },
        { key: "district", header: tr("区县", "District"), value: (x) => districtName(x.district) },
        { key: "township", header: tr("乡镇", "Township"), value: (p) => p.township ?? "—" },
        { key: "village", header: tr("村", "Village"), value: (p) => p.village ?? "—", hide: 2 },
        { key: "takes", header: tr("回收品类", "Takes"), value: (p) => label("agri_takes", p.takes), hide: 1 },
        { key: "active", header: tr("运营期", "Active"), value: (p) => `${p.active_from} – ${p.active_to ?? ""}` },
      ],
    }).el,
  );
}

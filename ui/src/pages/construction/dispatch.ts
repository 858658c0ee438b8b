// The dispatch form, keyboard first: Enter dispatches and the form clears for the next truck.
// A load above the vehicle's rated payload (or box volume) needs a reason; the vehicle's limits
// are shown as soon as the plate is typed. Opened from a refused load, it carries that load
// elsewhere and links itself as its follow-up.
import { api, isApiError } from "../../api";
import { h, mount, toast } from "../../dom";
import { changed } from "../../undo";
import { showError } from "../../errors";
import { tr } from "../../i18n";
import type { CwRegisters, RegisterEntry } from "../../types";
import {
  CATS,
  DISPOSAL,
  datalist,
  field,
  input,
  needsRegisters,
  nowLocal,
  showFieldErrors,
  tonnes,
  qty,
  valueOf,
} from "./common";

function limits(v: RegisterEntry | undefined): string {
  if (!v) return "";
  const p = v.rated_payload_g === null ? "—" : tonnes(v.rated_payload_g);
  const b = v.box_volume_cm3 === null ? "—" : qty(v.box_volume_cm3, "m3");
  return tr(`核定载质量 ${p}，货厢容积 ${b}`, `rated payload ${p}, box volume ${b}`);
}

export async function dispatchForm(box: HTMLElement, follows: string): Promise<void> {
  const regs: CwRegisters = await api.cwRegisters();
  const missing = (
    [
      ["site", regs.sites],
      ["transporter", regs.transporters],
      ["vehicle", regs.vehicles],
      ["facility", regs.facilities],
    ] as const
  )
    .filter(([, list]) => list.length === 0)
    .map(([k]) => k);
  if (missing.length > 0) {
    mount(box, needsRegisters([...missing], "cw-dispatch-needs"));
    return;
  }
  const hint = h("div", { class: "muted", id: "cw-vehicle-limits" });
  const vehicle = input("vehicle", { list: "dl-plates", style: "text-transform:uppercase" });
  const showLimits = () => {
    hint.textContent = limits(regs.vehicles.find((v) => v.name === vehicle.value.trim().toUpperCase()));
  };
  vehicle.addEventListener("change", showLimits);
  vehicle.addEventListener("input", showLimits);
  const form = h(
    "form",
    { class: "card", id: "cw-dispatch-form" },
    follows
      ? h(
          "p",
          { class: "alert", id: "cw-follows" },
          tr(`转运拒收联单 ${follows} 的车载`, `Takes the load refused on ${follows} elsewhere`),
        )
      : null,
    h(
      "div",
      { class: "fields" },
      field("site", tr("工地", "Site"), input("site", { list: "dl-sites" })),
      field("vehicle", tr("车牌号", "Plate"), h("div", {}, vehicle, hint)),
      field(
        "category",
        tr("类别", "Category"),
        h(
          "select",
          { id: "cw-f-category", name: "category" },
          CATS().map((c) => h("option", { value: c[0] }, tr(c[1], c[2]))),
        ),
      ),
      field(
        "declared",
        tr("申报量", "Declared quantity"),
        h(
          "div",
          { class: "inline-form" },
          input("declared", { inputmode: "decimal", style: "width:120px" }),
          h(
            "select",
            { id: "cw-f-unit", name: "unit" },
            h("option", { value: "t" }, "t"),
            h("option", { value: "m3" }, "m³"),
          ),
        ),
      ),
      field("facility", tr("消纳/利用设施", "Facility"), input("facility", { list: "dl-facilities" })),
      field(
        "disposal_method",
        tr("处置方式", "Disposal method"),
        h(
          "select",
          { id: "cw-f-disposal_method", name: "disposal_method" },
          h("option", { value: "" }, tr("按设施类型", "From the facility's kind")),
          DISPOSAL().map(([k, zh, en]) => h("option", { value: k }, tr(zh, en))),
        ),
      ),
      field(
        "departure_at",
        tr("出车时间", "Departure"),
        input("departure_at", { value: nowLocal(), placeholder: "YYYY-MM-DD HH:MM" }),
      ),
      field("driver", tr("驾驶员（默认车辆登记的驾驶员）", "Driver (default: the vehicle's)"), input("driver")),
      field("route", tr("计划路线", "Planned route"), input("route")),
      field(
        "window_from",
        tr("计划时段起", "Planned window from"),
        input("window_from", { placeholder: "YYYY-MM-DD HH:MM" }),
      ),
      field(
        "window_to",
        tr("计划时段止", "Planned window to"),
        input("window_to", { placeholder: "YYYY-MM-DD HH:MM" }),
      ),
      field("paper_no", tr("纸质联单号（转录时填写）", "Paper manifest number (when transcribing)"), input("paper_no")),
      field(
        "overload_reason",
        tr(
          "超载理由（超过车辆核定载质量或货厢容积时必填）",
          "Overload reason (required above the vehicle's rated payload or box volume)",
        ),
        input("overload_reason"),
      ),
      field("follows", tr("原拒收联单", "Refused manifest"), input("follows", { value: follows })),
    ),
    h("div", { class: "form-errors grid-errors", id: "cw-dispatch-errors" }),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "submit", class: "primary", id: "cw-dispatch-save" },
        tr("出车（Enter）", "Dispatch (Enter)"),
      ),
      h(
        "span",
        { class: "muted" },
        tr("按 Enter 提交；提交后表单清空，可继续登记下一车。", "Enter submits; the form clears for the next load."),
      ),
    ),
    h("div", { id: "cw-dispatch-result" }),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = (k: string) => valueOf(form, k);
    try {
      const r = await api.cwDispatch({
        category: v("category"),
        unit: v("unit"),
        declared: v("declared"),
        overload_reason: v("overload_reason"),
        site: v("site"),
        transporter: "",
        vehicle: v("vehicle"),
        driver: v("driver"),
        route: v("route"),
        facility: v("facility"),
        departure_at: v("departure_at"),
        disposal_method: v("disposal_method"),
        paper_no: v("paper_no"),
        window_from: v("window_from"),
        window_to: v("window_to"),
        follows: v("follows"),
      });
      showFieldErrors(form, []);
      const m = r.manifest;
      mount(
        document.getElementById("cw-dispatch-result")!,
        h(
          "div",
          { class: "card", id: "cw-dispatched" },
          h(
            "p",
            {},
            tr("已出车：", "Dispatched: "),
            h("a", { href: `#/construction/m/${m.number}` }, m.number),
            ` ${m.plate ?? ""} → ${m.facility ?? ""}`,
          ),
          r.alerts.map((a) => h("p", { class: "alert", "data-alert": a.kind }, tr(a.message_zh, a.message_en))),
        ),
      );
      await changed(tr(`已出车 ${m.number}`, `Dispatched ${m.number}`));
      for (const k of ["vehicle", "declared", "driver", "overload_reason", "paper_no", "follows"])
        (form.querySelector(`[name="${k}"]`) as HTMLInputElement).value = "";
      hint.textContent = "";
      vehicle.focus();
    } catch (err) {
      if (isApiError(err) && err.fields.length) showFieldErrors(form, err.fields);
      else showError(err);
    }
  });
  // The suggestion lists stand outside the form (WebKit's WebDriver cannot read the text of
  // an element holding a datalist).
  mount(
    box,
    form,
    datalist(
      "dl-sites",
      regs.sites.map((s) => s.name),
    ),
    datalist(
      "dl-plates",
      regs.vehicles.map((v) => v.name),
    ),
    datalist(
      "dl-facilities",
      regs.facilities.map((f) => f.name),
    ),
  );
  (form.querySelector("[name=site]") as HTMLInputElement).focus();
}

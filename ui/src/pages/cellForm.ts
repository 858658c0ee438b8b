// Creating and editing a cell. Every keystroke is checked by the core's own rules
// (`validate_cell`), so the form refuses exactly what saving would refuse.
import { api, isApiError } from "../api";
import { debounce, h, mount, toast } from "../dom";
import { fieldText, getLang, t, tr } from "../i18n";
import { formFigureName } from "./cellFigures";
import { state } from "../state";
import { changed } from "../undo";
import { showError } from "../errors";
import { errorLine, showFieldErrors } from "../fieldErrors";
import type { CellDraft, FieldError } from "../types";
import { areaName, districtName } from "../places";

const EMPTY: CellDraft = {
  name: "",
  kind: "",
  uscc: "",
  uscc_override: "",
  district: "",
  address: "",
  contact: "",
  phone: "",
  manager: "",
  headcount: "",
  baseline_headcount: "",
  baseline_year: "",
  uscc_shared_reason: "",
  street: "",
  street_code: "",
  community: "",
  community_code: "",
  area: "",
};

export async function cellFormPage(main: HTMLElement, id: string | null): Promise<void> {
  const ref = state.ref!;
  const lang = getLang();
  const draft: CellDraft = { ...EMPTY };
  if (id) {
    const c = await api.getCell(id);
    Object.assign(draft, {
      name: c.name,
      kind: c.kind,
      uscc: c.uscc ?? "",
      uscc_override: c.uscc_override ?? "",
      district: c.district,
      address: c.address,
      contact: c.contact,
      phone: c.phone,
      manager: c.manager,
      headcount: c.headcount?.toString() ?? "",
      baseline_headcount: c.baseline_headcount?.toString() ?? "",
      baseline_year: c.baseline_year?.toString() ?? "",
      uscc_shared_reason: c.uscc_shared_reason ?? "",
      street: c.street,
      street_code: c.street_code ?? "",
      community: c.community,
      community_code: c.community_code ?? "",
      area: c.area ?? "",
    });
  }
  const areas = await api.reportingAreas();
  let warnings: FieldError[] = [];
  const warnBox = h("div", { class: "field-warning", id: "uscc-warnings" });
  const touched = new Set<string>(id ? Object.keys(EMPTY) : []);
  let errors: FieldError[] = [];
  const errBox: Record<string, HTMLElement> = {};
  const wrap: Record<string, HTMLElement> = {};
  let form: HTMLElement | null = null;

  const kind = () => ref.kinds.find((k) => k.key === draft.kind);
  const show = () => {
    // Checked as the clerk types: only the fields touched so far, and the focus stays put.
    if (form)
      showFieldErrors(
        form,
        errors.filter((e) => touched.has(e.field)),
        { focus: false },
      );
    const needsReason = errors.some((e) => e.code === "uscc_check") || draft.uscc_override !== "";
    wrap.uscc_override.style.display = needsReason ? "" : "none";
    const shares = errors.some((e) => e.code === "uscc_duplicate") || draft.uscc_shared_reason !== "";
    wrap.uscc_shared_reason.style.display = shares ? "" : "none";
    // Structure warnings never block the save: shown as notes under the code.
    mount(
      warnBox,
      warnings.map((w) => h("div", { "data-code": w.code }, `${t("warning")}${tr("：", ": ")}${fieldText(w)}`)),
    );
    const k = kind();
    headLabel.textContent = k ? formFigureName(k.key, k.denominator) : t("f_headcount_headcount");
    usccStar.style.display = k && !k.uscc_required ? "none" : "";
  };
  const check = debounce(async () => {
    try {
      [errors, warnings] = await Promise.all([api.validateCell(draft, id), api.cellWarnings(draft)]);
      show();
    } catch (e) {
      showError(e);
    }
  }, 120);

  const input = (f: keyof CellDraft, attrs: Record<string, string> = {}) =>
    h("input", {
      id: `f-${f}`,
      name: f,
      value: draft[f],
      ...attrs,
      oninput: (e: Event) => {
        draft[f] = (e.target as HTMLInputElement).value;
        touched.add(f);
        check();
      },
    });
  const select = (f: keyof CellDraft, options: { value: string; label: string }[], empty: string = t("choose")) =>
    h(
      "select",
      {
        id: `f-${f}`,
        name: f,
        onchange: (e: Event) => {
          draft[f] = (e.target as HTMLSelectElement).value;
          touched.add(f);
          check();
        },
      },
      h("option", { value: "" }, empty),
      options.map((o) => h("option", { value: o.value, selected: draft[f] === o.value }, o.label)),
    );
  const headLabel = h("span", {}, t("f_headcount_headcount"));
  const usccStar = h("span", { class: "req" }, " *");
  const field = (
    f: keyof CellDraft,
    label: Node | string,
    control: HTMLElement,
    opts: { req?: boolean; star?: Node; hint?: string } = {},
  ) => {
    errBox[f] = errorLine(f);
    wrap[f] = h(
      "div",
      { class: "field", id: `field-${f}` },
      h("label", { for: `f-${f}` }, label, opts.req ? h("span", { class: "req" }, " *") : null, opts.star ?? null),
      control,
      opts.hint ? h("div", { class: "hint" }, opts.hint) : null,
      errBox[f],
    );
    return wrap[f];
  };

  const save = async (e: Event) => {
    e.preventDefault();
    Object.keys(EMPTY).forEach((f) => touched.add(f));
    try {
      const c = id ? await api.editCell(id, draft) : await api.addCell(draft);
      await changed(t("saved"));
      location.hash = `#/cells/${c.id}`;
    } catch (err) {
      if (isApiError(err) && err.fields.length > 0) {
        errors = err.fields;
        show();
        toast(t("invalid_form"), "error");
        if (form) showFieldErrors(form, errors);
      } else showError(err);
    }
  };

  mount(
    main,
    h("a", { href: id ? `#/cells/${id}` : "#/cells" }, t("back_to_list")),
    h("h1", {}, id ? t("edit_title") : t("create_title")),
    h(
      "form",
      { class: "card", id: "cell-form", onsubmit: save },
      h(
        "div",
        { class: "fields" },
        field("name", t("f_name"), input("name", { autocomplete: "off" }), { req: true }),
        field(
          "kind",
          t("f_kind"),
          select(
            "kind",
            ref.kinds.map((k) => ({ value: k.key, label: lang === "zh" ? k.name_zh : k.name_en })),
          ),
          { req: true },
        ),
        field(
          "uscc",
          t("f_uscc"),
          input("uscc", { autocomplete: "off", maxlength: "24", style: "text-transform:uppercase" }),
          { star: usccStar, hint: t("uscc_hint") },
        ),
        field("uscc_override", t("f_uscc_override"), input("uscc_override"), { hint: t("override_hint") }),
        field("uscc_shared_reason", t("f_uscc_shared_reason"), input("uscc_shared_reason"), { hint: t("shared_hint") }),
        field(
          "district",
          t("f_district"),
          select(
            "district",
            ref.districts.map((d) => ({
              value: d.code,
              label: `${districtName(d.code)}${tr(`（${d.code}）`, ` (${d.code})`)}`,
            })),
          ),
          { req: true },
        ),
        field("street", t("f_street"), input("street")),
        field("street_code", t("f_street_code"), input("street_code", { inputmode: "numeric", maxlength: "12" }), {
          hint: t("code12_hint"),
        }),
        field("community", t("f_community"), input("community")),
        field(
          "community_code",
          t("f_community_code"),
          input("community_code", { inputmode: "numeric", maxlength: "12" }),
        ),
        field(
          "area",
          t("f_area"),
          select(
            "area",
            areas.map((a) => ({
              value: a.code,
              label: `${areaName(a.code, a.name)}${tr(`（${a.code}）`, ` (${a.code})`)}`,
            })),
            t("area_by_district"),
          ),
        ),
        field("address", t("f_address"), input("address")),
        field("contact", t("f_contact"), input("contact")),
        field("phone", t("f_phone"), input("phone", { inputmode: "tel" })),
        field("manager", t("f_manager"), input("manager")),
        field("headcount", headLabel, input("headcount", { inputmode: "numeric" })),
        field(
          "baseline_year",
          t("f_baseline_year"),
          input("baseline_year", { inputmode: "numeric", placeholder: "2024" }),
        ),
        field("baseline_headcount", t("f_baseline_headcount"), input("baseline_headcount", { inputmode: "numeric" })),
      ),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit", class: "primary", id: "save-cell" }, t("save")),
        h("button", { type: "button", onclick: () => history.back() }, t("cancel")),
      ),
    ),
  );
  form = document.getElementById("cell-form");
  wrap.uscc.insertBefore(warnBox, errBox.uscc);
  show();
  if (id) check();
  (document.getElementById("f-name") as HTMLInputElement).focus();
}

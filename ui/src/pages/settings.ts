// Settings: the operator's name, the language, targets and validity, where the database
// lives, and the city profile (districts and kinds of cell).
import { api, isApiError } from "../api";
import { errorLine, field, showFieldErrors, showSaveError } from "../fieldErrors";
import { h, mount, toast } from "../dom";
import { showError } from "../errors";
import { getLang, setLang, t, tr } from "../i18n";
import { table } from "../table";
import { pathField } from "../pathPicker";
import { state } from "../state";
import type * as T from "../types";

/** A stored UTC time in local time, to the second. */
function localTime(utc: string): string {
  const d = new Date(utc);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
import { categoriesSection } from "./categories";
import { areaName, districtName } from "../places";
import { backupsSection } from "./backups";

export async function settingsPage(main: HTMLElement): Promise<void> {
  await state.load();
  const ref = state.ref!;
  const info = state.info!;
  let head: T.ChainHead | null = null;
  try {
    head = await api.chainHead();
  } catch (e) {
    showError(e);
  }
  const lang = getLang();
  const rerender = async () => {
    await state.load();
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  };
  const saveSetting = async (key: string, value: string, form: HTMLElement) => {
    try {
      await api.setSetting(key, value);
      if (key === "language") setLang(value === "en" ? "en" : "zh");
      toast(t("saved"));
      await rerender();
    } catch (e) {
      showSaveError(form, e);
    }
  };
  const general = ref.settings.map((s) => {
    const control =
      s.key === "language"
        ? h(
            "select",
            { id: `set-${s.key}` },
            h("option", { value: "zh", selected: s.value === "zh" }, "中文"),
            h("option", { value: "en", selected: s.value === "en" }, "English"),
          )
        : h("input", { id: `set-${s.key}`, value: s.value });
    const cell = h("td", { id: `setting-${s.key}` }, field(s.key, control));
    const save = () => void saveSetting(s.key, (control as HTMLInputElement).value, cell);
    control.addEventListener("keydown", (e) => {
      if ((e as KeyboardEvent).key === "Enter") save();
    });
    if (s.key === "language") control.addEventListener("change", save);
    return h(
      "tr",
      {},
      h("td", {}, lang === "zh" ? s.label_zh : s.label_en),
      cell,
      h("td", {}, s.key === "language" ? null : h("button", { id: `save-${s.key}`, onclick: save }, t("save"))),
    );
  });

  const areas = await api.reportingAreas();
  const aCode = h("input", { id: "area-code", placeholder: "CCXQ", style: "width:90px" });
  const aName = h("input", { id: "area-name", placeholder: "长春新区" });
  // English mode needs the English name of a new area (else English mode would show Chinese
  // or nothing); in Chinese mode it is optional, and English mode marks its absence plainly.
  const aNameEn = h("input", {
    id: "area-name-en",
    placeholder: lang === "en" ? "English name" : tr("英文名（可不填）", "English name (optional)"),
  });
  const aForm = h(
    "div",
    { class: "toolbar", id: "area-form", style: "margin-top:8px" },
    field("code", aCode),
    field("name", aName),
    field("name_en", aNameEn),
  );
  const gForm = h("div", { class: "toolbar", id: "group-form", style: "margin-top:8px" });
  const gArea = h(
    "select",
    { id: "group-area" },
    h("option", { value: "" }, t("area_none")),
    areas
      .filter((a) => !a.builtin)
      .map((a) => h("option", { value: a.code }, `${areaName(a.code, a.name)}${tr(`（${a.code}）`, ` (${a.code})`)}`)),
  );
  const gDistrict = h(
    "select",
    { id: "group-district" },
    ref.districts.map((d) =>
      h("option", { value: d.code }, `${districtName(d.code)}${tr(`（${d.code}）`, ` (${d.code})`)}`),
    ),
  );
  aForm.append(
    h(
      "button",
      {
        id: "area-add",
        onclick: async () => {
          const en = aNameEn.value.trim();
          const isNew = !areas.some((a) => a.code === aCode.value.trim().toUpperCase());
          if (lang === "en" && isNew && !en) {
            showFieldErrors(aForm, [
              {
                row: null,
                field: "name_en",
                code: "required",
                message_zh: "在英文界面新建报送区域时须填写英文名",
                message_en: "An area created in English needs its English name",
              },
            ]);
            return;
          }
          try {
            await api.putArea(aCode.value, aName.value, en || null);
            toast(t("saved"));
            await rerender();
          } catch (e) {
            showSaveError(aForm, e);
          }
        },
      },
      t("add"),
    ),
  );
  gForm.append(
    field("district", gDistrict),
    h("span", {}, "→"),
    field("area", gArea),
    h(
      "button",
      {
        id: "area-group",
        onclick: async () => {
          try {
            await api.groupArea(gArea.value, [gDistrict.value]);
            toast(t("saved"));
            await rerender();
          } catch (e) {
            showSaveError(gForm, e);
          }
        },
      },
      t("area_group"),
    ),
  );
  const areasBox = h(
    "div",
    { id: "areas" },
    h("h3", {}, t("s_areas")),
    table<T.ReportingArea>({
      id: "areas-table",
      rows: areas,
      rowKey: (a) => a.code,
      rowData: (a) => ({ area: a.code }),
      maxHeight: "40vh",
      columns: [
        { key: "code", header: t("area_code") },
        {
          key: "name",
          header: t("name"),
          cell: (a) => [
            areaName(a.code, a.name),
            a.builtin ? h("span", { class: "muted" }, tr(`（${t("builtin")}）`, ` (${t("builtin")})`)) : null,
          ],
        },
        // Chinese mode shows the English name beside the Chinese one; English mode shows it as the name.
        ...(lang === "zh"
          ? [
              {
                key: "name_en",
                header: "英文名",
                hide: 1,
                value: (a: T.ReportingArea) => a.name_en ?? "",
                format: (v: unknown) => (v ? String(v) : "（无）"),
              },
            ]
          : []),
        {
          key: "districts",
          header: t("area_districts"),
          wrap: true,
          value: (a) => a.districts.map((d) => districtName(d)).join(lang === "zh" ? "、" : ", "),
        },
      ],
      export: { file: tr("报送区域", "reporting-areas"), spec: () => ({ list: "areas" }) },
    }).el,
    h("div", {}, aForm),
    gForm,
  );

  const dbIn = h("input", { id: "db-next", value: info.chosen_db ?? "", style: "width:420px" });
  const dCode = h("input", { id: "district-code", placeholder: "220199", style: "width:90px" });
  const dName = h("input", { id: "district-name", placeholder: t("name") });
  const dNameEn = h("input", {
    id: "district-name-en",
    placeholder: tr("英文名（可不填）", "English name (optional)"),
  });
  const kKey = h("input", { id: "kind-key", placeholder: "restaurant", style: "width:120px" });
  const kZh = h("input", { id: "kind-zh", placeholder: "饭店", style: "width:100px" });
  const kEn = h("input", { id: "kind-en", placeholder: "Restaurant", style: "width:120px" });
  const kUscc = h("input", { id: "kind-uscc", type: "checkbox", checked: true });
  const kDen = h(
    "select",
    { id: "kind-den" },
    h("option", { value: "headcount" }, t("headcount")),
    h("option", { value: "households" }, t("households")),
  );

  mount(
    main,
    h("h1", {}, t("settings_title")),
    h("h2", {}, t("s_general")),
    h("table", { class: "list", id: "settings-table" }, h("tbody", {}, general)),
    h("h2", {}, t("s_database")),
    h(
      "div",
      { class: "card" },
      h("p", {}, `${t("db_current")}${tr("：", ": ")}`, h("code", { id: "db-current" }, info.db_path)),
      h(
        "p",
        {},
        `${t("db_next")}${tr("：", ": ")}`,
        h("span", { id: "db-form" }, field("path", pathField(dbIn, { mode: "open", extensions: ["db"] }))),
        " ",
        h(
          "button",
          {
            id: "db-save",
            onclick: async () => {
              try {
                await api.chooseDb(dbIn.value);
                toast(t("saved"));
              } catch (e) {
                showSaveError(document.getElementById("db-form")!, e);
              }
            },
          },
          t("db_choose"),
        ),
      ),
      h("p", { class: "muted" }, t("db_hint")),
    ),
    h("h2", { id: "chain-title" }, t("s_chain")),
    h(
      "div",
      { class: "card", id: "chain-head" },
      head
        ? h(
            "p",
            {},
            h("code", { id: "chain-short" }, head.short),
            head.at ? `${tr("　", " · ")}${t("chain_at")}${localTime(head.at)}` : "",
          )
        : null,
      head ? h("p", {}, h("code", { id: "chain-hash", style: "font-size:11px" }, head.hash)) : null,
      h("p", { class: "muted" }, t("chain_hint")),
    ),
    h("h2", {}, t("s_profile")),
    h(
      "div",
      { class: "two" },
      h(
        "div",
        {},
        h("h3", {}, t("s_districts")),
        table<T.District>({
          id: "districts-table",
          rows: ref.districts,
          rowKey: (d) => d.code,
          maxHeight: "40vh",
          columns: [
            { key: "code", header: t("code") },
            // The Chinese name is the official one, shown in Chinese mode; English mode shows the English name.
            { key: "name", header: t("name"), value: (d) => (lang === "zh" ? d.name : districtName(d.code)) },
          ],
          export: { file: tr("行政区划", "districts"), spec: () => ({ list: "districts" }) },
        }).el,
        h(
          "div",
          { class: "toolbar", id: "district-form", style: "margin-top:8px" },
          h("div", { class: "field" }, dCode, errorLine("code")),
          h("div", { class: "field" }, dName, errorLine("name")),
          h("div", { class: "field" }, dNameEn, errorLine("name_en")),
          h(
            "button",
            {
              id: "district-add",
              onclick: async () => {
                const form = document.getElementById("district-form")!;
                try {
                  await api.putDistrict({
                    code: dCode.value,
                    name: dName.value,
                    kind: "district",
                    name_en: dNameEn.value.trim() || null,
                  });
                  toast(t("saved"));
                  await rerender();
                } catch (e) {
                  if (isApiError(e) && e.fields.length && showFieldErrors(form, e.fields).length === 0) return;
                  showError(e);
                }
              },
            },
            t("add"),
          ),
        ),
      ),
      h(
        "div",
        {},
        h("h3", {}, t("s_kinds")),
        table<T.CellKind>({
          id: "kinds-table",
          rows: ref.kinds,
          rowKey: (k) => k.key,
          maxHeight: "40vh",
          columns: [
            { key: "key", header: t("kind_key"), hide: 1 },
            { key: "name", header: t("name"), value: (k) => (lang === "zh" ? k.name_zh : k.name_en) },
            { key: "uscc_required", header: t("uscc_required"), value: (k) => (k.uscc_required ? t("yes") : t("no")) },
            {
              key: "denominator",
              header: t("denominator"),
              value: (k) => (k.denominator === "households" ? t("households") : t("headcount")),
            },
          ],
          export: { file: tr("细胞类型", "cell-kinds"), spec: () => ({ list: "kinds" }) },
        }).el,
        h(
          "div",
          { class: "toolbar", id: "kind-form", style: "margin-top:8px" },
          field("key", kKey),
          field("name_zh", kZh),
          field("name_en", kEn),
          h("label", {}, kUscc, t("uscc_required")),
          field("denominator", kDen),
          h(
            "button",
            {
              id: "kind-add",
              onclick: async () => {
                try {
                  await api.addKind({
                    key: kKey.value,
                    name_zh: kZh.value,
                    name_en: kEn.value,
                    uscc_required: kUscc.checked,
                    denominator: kDen.value as "headcount" | "households",
                  });
                  toast(t("saved"));
                  await rerender();
                } catch (e) {
                  showSaveError(document.getElementById("kind-form")!, e);
                }
              },
            },
            t("add"),
          ),
        ),
      ),
    ),
    areasBox,
    categoriesSection(rerender),
    await backupsSection(info.db_path, rerender),
  );
}

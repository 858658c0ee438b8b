// Straw (秸秆) and manure (畜禽粪污) by township: a form each, and the rows with the factors
// they were computed with (草谷比 × 可收集系数; head count × daily factor × days).
import { api, isApiError } from "../../api";
import { h, mount, toast } from "../../dom";
import { showError } from "../../errors";
import { name, tr } from "../../i18n";
import { table } from "../../table";
import type { AgriManure, AgriStraw } from "../../types";
import {
  field,
  input,
  kindOptions,
  pctOf,
  select,
  showErrors,
  tOf,
  values,
  warningsText,
  districtName,
} from "./common";

const year = () => String(new Date().getFullYear() - (new Date().getMonth() < 10 ? 1 : 0));

function submit(
  form: HTMLFormElement,
  save: (v: Record<string, string>) => Promise<{ warnings: { message_zh: string; message_en: string }[] }>,
  again: () => Promise<void>,
) {
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const r = await save(values(form));
      toast(r.warnings.length ? warningsText(r.warnings as never) : tr("已保存", "Saved"));
      await again();
    } catch (err) {
      if (isApiError(err) && err.fields.length) showErrors(form, err.fields);
      else showError(err);
    }
  });
}

export async function strawView(box: HTMLElement): Promise<void> {
  const [crops, rows] = await Promise.all([api.agriKinds("crop"), api.agriStraw("", 0)]);
  const t = (k: string, zh: string, en: string) => field(k, tr(zh, en), input(k, { inputmode: "decimal" }));
  const form = h(
    "form",
    { class: "card form-grid", id: "agri-straw-form" },
    field("district", tr("区县", "District"), input("district")),
    field("township", tr("乡镇", "Township"), input("township")),
    field("year", tr("年份", "Year"), input("year", { value: year() })),
    field(
      "season",
      tr("季", "Season"),
      select("season", [
        ["autumn", tr("秋季", "Autumn")],
        ["summer", tr("夏季", "Summer")],
        ["spring", tr("春季", "Spring")],
        ["year", tr("全年", "Whole year")],
      ]),
    ),
    field("crop", tr("作物", "Crop"), select("crop", kindOptions(crops))),
    t("area_mu", "播种面积（亩）", "Sown area (mu)"),
    t("output", "产量（吨）", "Grain output (t)"),
    t("fertiliser", "肥料化（吨）", "Fertiliser (t)"),
    t("feed", "饲料化（吨）", "Feed (t)"),
    t("fuel", "燃料化（吨）", "Fuel (t)"),
    t("substrate", "基料化（吨）", "Substrate (t)"),
    t("raw_material", "原料化（吨）", "Raw material (t)"),
    t("burned", "焚烧（吨）", "Burned (t)"),
    t("left", "废弃/未利用（吨）", "Left (t)"),
    h("div", { class: "form-errors" }),
    h("button", { type: "submit", class: "primary", id: "agri-straw-save" }, tr("保存", "Save")),
  );
  submit(
    form,
    (v) =>
      api.agriPutStraw({
        district: v.district,
        township: v.township,
        year: v.year,
        season: v.season,
        crop: v.crop,
        area_mu: v.area_mu,
        output: v.output,
        fertiliser: v.fertiliser,
        feed: v.feed,
        fuel: v.fuel,
        substrate: v.substrate,
        raw_material: v.raw_material,
        burned: v.burned,
        left: v.left,
      }),
    () => strawView(box),
  );
  const cropName = (k: string) => {
    const c = crops.find((x) => x.key === k);
    return c ? name(c) : k;
  };
  mount(
    box,
    form,
    table<AgriStraw>({
      id: "agri-straw",
      rows,
      rowKey: (s) => s.id,
      empty: tr("尚无秸秆数据", "No straw figures yet"),
      columns: [
        { key: "district", header: tr("区县", "District"), value: (x) => districtName(x.district) },
        { key: "township", header: tr("乡镇", "Township"), value: (s) => s.township ?? "—" },
        { key: "year", header: tr("年份", "Year"), num: true },
        { key: "crop", header: tr("作物", "Crop"), value: (s) => cropName(s.crop) },
        {
          key: "output",
          header: tr("产量（吨）", "Output (t)"),
          num: true,
          value: (s) => s.output_g,
          format: (v) => tOf(v as number),
          hide: 2,
        },
        {
          key: "factors",
          header: tr("草谷比 × 可收集系数", "Ratio × coefficient"),
          value: (s) => `${s.ratio_milli / 1000} × ${s.collect_milli / 1000}`,
          hide: 1,
        },
        {
          key: "collectable",
          header: tr("可收集量（吨）", "Collectable (t)"),
          num: true,
          value: (s) => s.collectable_g,
          format: (v) => tOf(v as number),
        },
        {
          key: "utilised",
          header: tr("利用量（吨）", "Utilised (t)"),
          num: true,
          value: (s) => s.utilised_g,
          format: (v) => tOf(v as number),
        },
        {
          key: "rate",
          header: tr("利用率", "Rate"),
          num: true,
          value: (s) => (s.collectable_g ? (s.utilised_g * 100) / s.collectable_g : null),
          format: (v) => pctOf(v as number),
        },
      ],
    }).el,
  );
}

export async function manureView(box: HTMLElement): Promise<void> {
  const [kinds, rows] = await Promise.all([api.agriKinds("livestock"), api.agriManure("", 0)]);
  const t = (k: string, zh: string, en: string) => field(k, tr(zh, en), input(k, { inputmode: "decimal" }));
  const form = h(
    "form",
    { class: "card form-grid", id: "agri-manure-form" },
    field("district", tr("区县", "District"), input("district")),
    field("township", tr("乡镇", "Township"), input("township")),
    field("farm", tr("养殖场（空：全乡镇散养）", "Farm (empty: the township's scattered farming)"), input("farm")),
    field("year", tr("年份", "Year"), input("year", { value: year() })),
    field("livestock", tr("畜种", "Livestock"), select("livestock", kindOptions(kinds))),
    t("heads", "存栏/出栏数", "Head count"),
    t("fertiliser", "肥料化（吨）", "Fertiliser (t)"),
    t("biogas", "能源化（吨）", "Biogas (t)"),
    t("other", "其他利用（吨）", "Other (t)"),
    h("div", { class: "form-errors" }),
    h("button", { type: "submit", class: "primary", id: "agri-manure-save" }, tr("保存", "Save")),
  );
  submit(
    form,
    (v) =>
      api.agriPutManure({
        district: v.district,
        township: v.township,
        farm: v.farm,
        farm_uscc: "",
        year: v.year,
        livestock: v.livestock,
        heads: v.heads,
        fertiliser: v.fertiliser,
        biogas: v.biogas,
        other: v.other,
      }),
    () => manureView(box),
  );
  const kindName = (k: string) => {
    const c = kinds.find((x) => x.key === k);
    return c ? name(c) : k;
  };
  mount(
    box,
    form,
    table<AgriManure>({
      id: "agri-manure",
      rows,
      rowKey: (m) => m.id,
      empty: tr("尚无畜禽粪污数据", "No manure figures yet"),
      columns: [
        { key: "district", header: tr("区县", "District"), value: (x) => districtName(x.district) },
        { key: "township", header: tr("乡镇", "Township"), value: (m) => m.township ?? "—" },
        { key: "farm", header: tr("养殖场", "Farm"), value: (m) => m.farm || tr("散养", "Scattered"), hide: 2 },
        { key: "livestock", header: tr("畜种", "Livestock"), value: (m) => kindName(m.livestock) },
        { key: "heads", header: tr("头（只）数", "Heads"), num: true },
        {
          key: "factor",
          header: tr("日排泄量（千克）× 天数", "Per day (kg) × days"),
          value: (m) => `${(m.dung_g_day + m.water_g_day) / 1000} × ${m.days}`,
          hide: 1,
        },
        {
          key: "generated",
          header: tr("产生量（吨）", "Generated (t)"),
          num: true,
          value: (m) => m.generated_g,
          format: (v) => tOf(v as number),
        },
        {
          key: "utilised",
          header: tr("利用量（吨）", "Utilised (t)"),
          num: true,
          value: (m) => m.utilised_g,
          format: (v) => tOf(v as number),
        },
        {
          key: "rate",
          header: tr("利用率", "Rate"),
          num: true,
          value: (m) => m.rate,
          format: (v) => pctOf(v as number),
        },
      ],
    }).el,
  );
}

// The hand-in form of a point's clerk, who enters dozens a day: it remembers the last point
// and material, works by keyboard alone (Tab between fields, Enter saves from any field), and
// after a save clears only what changes per hand-in and puts the cursor back on the count.
// Below it: the point's stock and its latest hand-ins.
import { api, isApiError } from "../../api";
import { h, mount, toast } from "../../dom";
import { showError } from "../../errors";
import { label, name, tr } from "../../i18n";
import { table } from "../../table";
import type { AgriEntry, AgriKind } from "../../types";
import { field, input, kgOf, select, showErrors, today, values } from "./common";

const LAST = "zwl.agri.last";
type Last = { point: string; what: string; container: string };

function last(): Last {
  try {
    return { point: "", what: "", container: "", ...JSON.parse(localStorage.getItem(LAST) ?? "{}") };
  } catch {
    return { point: "", what: "", container: "" };
  }
}

/** "stream:key" options: packaging materials, then film kinds. */
function whatOptions(materials: AgriKind[], films: AgriKind[]): [string, string][] {
  const pkg = tr("农药包装", "packaging");
  return [
    ...materials.map((m): [string, string] => {
      const note = `${pkg}${m.recyclable === false ? tr("，不可回收", ", not recyclable") : ""}`;
      return [`pesticide:${m.key}`, tr(`${name(m)}（${note}）`, `${name(m)} (${note})`)];
    }),
    ...films.map((f): [string, string] => [`film:${f.key}`, name(f)]),
  ];
}

export async function entryView(box: HTMLElement): Promise<void> {
  const [points, materials, containers, films] = await Promise.all([
    api.agriPoints(""),
    api.agriKinds("material"),
    api.agriKinds("container"),
    api.agriKinds("film"),
  ]);
  if (!points.length) {
    mount(
      box,
      h(
        "p",
        { class: "placeholder" },
        tr("尚无回收站点：请先在“回收站点”中登记。", "No recovery points yet: add one under Points first."),
      ),
    );
    return;
  }
  const l = last();
  const point = select(
    "point",
    points.map((p) => [p.name, p.name]),
    points.some((p) => p.name === l.point) ? l.point : points[0].name,
  );
  const what = select("what", whatOptions(materials, films), l.what);
  const container = select(
    "container",
    [["", tr("（容器）", "(container)")], ...containers.map((c): [string, string] => [c.key, name(c)])],
    l.container,
  );
  const count = input("count", { inputmode: "numeric" });
  const weight = input("weight", { inputmode: "decimal" });
  const form = h(
    "form",
    { class: "card form-grid", id: "agri-entry-form" },
    field("point", tr("回收站点", "Point"), point),
    field("date", tr("日期", "Date"), input("date", { value: today() })),
    field("material", tr("材质/农膜种类", "Material or film"), what),
    field("container", tr("容器", "Container"), container),
    field("count", tr("件数", "Count"), count),
    field("weight", tr("重量（千克）", "Weight (kg)"), weight),
    field("giver_name", tr("交回人", "Handed in by"), input("giver_name")),
    field("giver_phone", tr("电话", "Phone"), input("giver_phone")),
    field(
      "giver_kind",
      tr("交回人类型", "Kind"),
      select(
        "giver_kind",
        (["farmer", "coop", "dealer"] as const).map((k) => [k, label("agri_giver", k)]),
      ),
    ),
    field("impurity", tr("杂质率（%）", "Impurity (%)"), input("impurity")),
    field("price", tr("收购价（元）", "Price (yuan)"), input("price")),
    h("div", { class: "form-errors" }),
    h("button", { type: "submit", class: "primary", id: "agri-entry-save" }, tr("保存（Enter）", "Save (Enter)")),
  );
  const kindName = (k: string | null) => {
    const kind = [...materials, ...films].find((x) => x.key === k);
    return kind ? name(kind) : (k ?? "—");
  };
  const stock = h("p", { id: "agri-point-stock", class: "muted" });
  const recent = h("div", { id: "agri-recent" });
  const refresh = async () => {
    const p = point.value;
    const [s, rows] = await Promise.all([api.agriStock(""), api.agriEntries({ point: p, from: "", to: "", page: 1 })]);
    const mine = s.filter((x) => x.point === p);
    mount(
      stock,
      tr("库存：", "Stock: "),
      mine.map((x, i) =>
        h(
          "span",
          { "data-stream": x.stream, class: "stock" },
          i ? tr("；", "; ") : "",
          `${label("agri_stream", x.stream)} `,
          h("strong", {}, kgOf(x.stock_g)),
          tr(" 千克", " kg"),
        ),
      ),
    );
    mount(
      recent,
      table<AgriEntry>({
        id: "agri-entries",
        export: {
          file: tr("农业废弃物回收台账", "agri-hand-ins"),
          spec: () => ({ list: "agri_entries", filter: { point: p, from: "", to: "", page: 1 } }),
        },
        rows,
        rowKey: (e) => e.id,
        maxHeight: "45vh",
        empty: tr("本站点尚无回收记录", "No hand-ins at this point yet"),
        columns: [
          { key: "date", header: tr("日期", "Date") },
          { key: "stream", header: tr("类别", "Stream"), value: (e) => label("agri_stream", e.stream), hide: 2 },
          {
            key: "what",
            header: tr("材质/种类", "Material or kind"),
            value: (e) => kindName(e.material ?? e.film_kind),
          },
          { key: "count", header: tr("件数", "Count"), num: true },
          {
            key: "weight",
            header: tr("重量（千克）", "Weight (kg)"),
            num: true,
            value: (e) => e.weight_g,
            format: (v) => kgOf(v as number),
          },
          { key: "giver", header: tr("交回人", "Handed in by"), value: (e) => e.giver_name, hide: 1 },
        ],
      }).el,
    );
  };
  point.addEventListener("change", () => void refresh());
  // Enter saves from any field, selects included (a select does not submit by itself).
  form.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.target as HTMLElement).tagName === "SELECT") {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = values(form);
    const [stream, key] = v.what.split(":");
    try {
      await api.agriAddEntry({
        date: v.date,
        point: v.point,
        stream,
        container: stream === "pesticide" ? v.container : "",
        material: stream === "pesticide" ? key : "",
        film_kind: stream === "film" ? key : "",
        count: v.count,
        weight: v.weight,
        impurity: v.impurity,
        giver_kind: v.giver_kind,
        giver_name: v.giver_name,
        giver_phone: v.giver_phone,
        price: v.price,
      });
      localStorage.setItem(LAST, JSON.stringify({ point: v.point, what: v.what, container: v.container }));
      showErrors(form, []);
      for (const k of ["count", "weight", "giver_name", "giver_phone", "impurity", "price"])
        (form.querySelector(`[name=${k}]`) as HTMLInputElement).value = "";
      toast(tr(`已保存 ${v.weight} 千克`, `Saved ${v.weight} kg`));
      count.focus();
      await refresh();
    } catch (err) {
      if (isApiError(err) && err.fields.length) showErrors(form, err.fields);
      else showError(err);
    }
  });
  mount(box, form, stock, h("h2", {}, tr("本站点最近的回收记录", "Latest hand-ins at this point")), recent);
  await refresh();
  count.focus();
}

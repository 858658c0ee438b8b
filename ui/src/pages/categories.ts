// The waste categories of the monthly records, on the settings page: profile data a clerk
// adds, renames, orders and retires. Each belongs to a stream; the recovery flag says whether
// it counts toward the household recycling rate; a default kg per bin or bag allows entry by
// count.
import { api } from "../api";
import { h, toast } from "../dom";
import { showError } from "../errors";
import { field, showSaveError } from "../fieldErrors";
import { kgPlain } from "../format";
import { name, t, tr } from "../i18n";
import { state } from "../state";
import type { Category, CategoryDraft } from "../types";

export function categoriesSection(rerender: () => Promise<void>): HTMLElement {
  const ref = state.ref!;
  /** Runs a save; its field errors go beside the fields of `form` when it is given. */
  const run = async (f: () => Promise<unknown>, form?: HTMLElement) => {
    try {
      await f();
      toast(t("saved"));
      await rerender();
    } catch (e) {
      if (form) showSaveError(form, e);
      else showError(e);
    }
  };
  const streamName = (k: string) => {
    const s = ref.streams.find((x) => x.key === k);
    return s ? name(s) : k;
  };
  const size = (c: Category) =>
    c.container_g == null
      ? "—"
      : `${kgPlain(c.container_g)} kg/${c.container === "bag" ? tr("袋", "bag") : tr("桶", "bin")}`;
  const draftOf = (c: Category): CategoryDraft => ({
    key: c.key,
    name_zh: c.name_zh,
    name_en: c.name_en,
    stream: c.stream,
    counts_as_recovery: c.counts_as_recovery,
    container: c.container,
    container_kg: c.container_g == null ? "" : kgPlain(c.container_g),
  });
  const rows = ref.categories.map((c, i) => {
    const zhIn = h("input", { id: `cat-${c.key}-zh`, value: c.name_zh, style: "width:110px" });
    const enIn = h("input", { id: `cat-${c.key}-en`, value: c.name_en, style: "width:140px" });
    const recIn = h("input", { id: `cat-${c.key}-recovery`, type: "checkbox", checked: c.counts_as_recovery });
    const kgIn = h("input", {
      id: `cat-${c.key}-kg`,
      value: c.container_g == null ? "" : kgPlain(c.container_g),
      style: "width:60px",
      inputmode: "decimal",
    });
    const save = () =>
      run(
        () =>
          api.editCategory(c.key, {
            ...draftOf(c),
            name_zh: zhIn.value,
            name_en: enIn.value,
            counts_as_recovery: recIn.checked,
            container_kg: kgIn.value,
          }),
        document.getElementById(`cat-${c.key}`) ?? undefined,
      );
    return h(
      "tr",
      { class: c.retired ? "retired" : "", id: `cat-${c.key}` },
      h("td", {}, String(i + 1)),
      h("td", {}, c.key),
      h("td", {}, h("div", { class: "toolbar" }, field("name_zh", zhIn), field("name_en", enIn))),
      h("td", {}, streamName(c.stream)),
      h("td", {}, recIn),
      h("td", {}, field("container_kg", kgIn), size(c)),
      h(
        "td",
        {},
        h("button", { onclick: () => void save() }, t("save")),
        h(
          "button",
          {
            title: tr("上移", "Move up"),
            disabled: i === 0,
            onclick: () => void run(() => api.moveCategory(c.key, i)),
          },
          "↑",
        ),
        h(
          "button",
          {
            title: tr("下移", "Move down"),
            disabled: i === ref.categories.length - 1,
            onclick: () => void run(() => api.moveCategory(c.key, i + 2)),
          },
          "↓",
        ),
        h(
          "button",
          { class: c.retired ? "" : "danger", onclick: () => void run(() => api.retireCategory(c.key, !c.retired)) },
          c.retired ? tr("恢复", "Restore") : tr("停用", "Retire"),
        ),
      ),
    );
  });
  const key = h("input", { id: "cat-new-key", placeholder: "textiles", style: "width:100px" });
  const zh = h("input", { id: "cat-new-zh", placeholder: "废旧衣物", style: "width:100px" });
  const en = h("input", { id: "cat-new-en", placeholder: "Textiles", style: "width:100px" });
  const stream = h(
    "select",
    { id: "cat-new-stream" },
    ref.streams.filter((s) => !s.retired).map((s) => h("option", { value: s.key }, name(s))),
  );
  const rec = h("input", { id: "cat-new-recovery", type: "checkbox" });
  const container = h(
    "select",
    { id: "cat-new-container" },
    h("option", { value: "bin" }, tr("桶", "bin")),
    h("option", { value: "bag" }, tr("袋", "bag")),
  );
  const kg = h("input", { id: "cat-new-kg", placeholder: "kg", style: "width:60px" });
  const sKey = h("input", { id: "stream-new-key", placeholder: "medical", style: "width:100px" });
  const sZh = h("input", { id: "stream-new-zh", placeholder: "医疗废物", style: "width:100px" });
  const sEn = h("input", { id: "stream-new-en", placeholder: "Medical waste", style: "width:120px" });
  return h(
    "div",
    {},
    h("h3", {}, tr("废物流", "Waste streams")),
    h(
      "p",
      { id: "streams-list" },
      ref.streams.map((x) => name(x) + (x.retired ? tr("（已停用）", " (retired)") : "")).join(tr("、", ", ")),
    ),
    h(
      "div",
      { class: "toolbar", id: "stream-form" },
      field("key", sKey),
      field("name_zh", sZh),
      field("name_en", sEn),
      h(
        "button",
        {
          id: "stream-add",
          onclick: () =>
            void run(
              () => api.addStream(sKey.value, sZh.value, sEn.value),
              document.getElementById("stream-form") ?? undefined,
            ),
        },
        t("add"),
      ),
    ),
    h("h3", {}, tr("废物类别", "Waste categories")),
    h(
      "p",
      { class: "muted" },
      tr(
        "只有勾选“计入回收利用率”的类别（可回收物、厨余垃圾），其回收利用量和堆肥/资源化处理量计入生活垃圾回收利用率。停用的类别保留在旧记录中，不能再录入新记录。",
        "Only categories marked as counting (recyclables, kitchen waste) add their recycled and composted amounts to the household recycling rate. A retired category stays in old records and takes no new ones.",
      ),
    ),
    h(
      "table",
      { class: "list", id: "categories-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, "#"),
          h("th", {}, t("kind_key")),
          h("th", {}, t("name")),
          h("th", {}, tr("废物流", "Stream")),
          h("th", {}, tr("计入回收利用率", "Counts as recovery")),
          h("th", {}, tr("每桶（袋）公斤数", "kg per bin (bag)")),
          h("th", {}, ""),
        ),
      ),
      h("tbody", {}, rows),
    ),
    h(
      "div",
      { class: "toolbar", id: "cat-form", style: "margin-top:8px" },
      field("key", key),
      field("name_zh", zh),
      field("name_en", en),
      field("stream", stream),
      h("label", { id: "cat-new-recovery-label" }, rec, tr("计入回收利用率", "counts as recovery")),
      field("container", container),
      field("container_kg", kg),
      h(
        "button",
        {
          id: "cat-add",
          onclick: () =>
            void run(
              () =>
                api.addCategory({
                  key: key.value,
                  name_zh: zh.value,
                  name_en: en.value,
                  stream: stream.value,
                  counts_as_recovery: rec.checked,
                  container: container.value,
                  container_kg: kg.value,
                }),
              document.getElementById("cat-form") ?? undefined,
            ),
        },
        t("add"),
      ),
    ),
  );
}

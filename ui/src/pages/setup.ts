// The first start (首次使用): who the operator is, the installation's name and short code (the
// prefix of manifest numbers), its reporting area; then where the data file and its backups
// are. Shown when a ledger has no operator or installation name yet; saved in one write.
import { api, isApiError } from "../api";
import { h, mount } from "../dom";
import { errorText, fieldText, t, tr } from "../i18n";
import { state } from "../state";
import { errorLine, showFieldErrors } from "../fieldErrors";
import { areaName, districtName } from "../places";

export async function setupPage(main: HTMLElement): Promise<void> {
  const [st, areas] = await Promise.all([api.setupState(), api.reportingAreas()]);
  const v = st.values;
  const input = (id: string, value: string, size = 24) => h("input", { id, value, size });
  const operator = input("setup-operator", v.operator);
  const name = input("setup-name", v.installation_name, 32);
  const code = input("setup-code", v.installation_code, 12);
  const area = h(
    "select",
    { id: "setup-area" },
    h("option", { value: "" }, tr("（不指定）", "(none)")),
    h(
      "optgroup",
      { label: tr("报送区域", "Reporting areas") },
      areas.map((a) =>
        h(
          "option",
          { value: a.code, selected: a.code === v.area },
          `${areaName(a.code, a.name)}${tr(`（${a.code}）`, ` (${a.code})`)}`,
        ),
      ),
    ),
    h(
      "optgroup",
      { label: tr("行政区划", "Districts") },
      (state.ref?.districts ?? []).map((d) =>
        h(
          "option",
          { value: d.code, selected: d.code === v.area },
          `${districtName(d.code)}${tr(`（${d.code}）`, ` (${d.code})`)}`,
        ),
      ),
    ),
  );
  const problems = h("div", { id: "setup-problems", class: "reason" });
  const done = h("div", { id: "setup-done" });
  // Each field has its error line (keyed by the core's field name) under it.
  const field = (key: string, label: string, el: HTMLElement, hint = "") =>
    h(
      "div",
      { class: "field" },
      h("label", {}, label, h("br", {}), el),
      hint ? h("small", { class: "muted" }, " ", hint) : null,
      errorLine(key),
    );
  const paths = (s: typeof st, id = "setup-paths") =>
    h(
      "div",
      { class: "card paths", id },
      h("p", {}, h("strong", {}, tr("数据文件：", "Data file: ")), h("code", { id: "setup-db" }, s.db_path)),
      h("p", {}, h("strong", {}, tr("备份位置：", "Backups: ")), h("code", { id: "setup-backups" }, s.backup_dir)),
      h(
        "p",
        { class: "muted" },
        tr(
          `每次升级台账版本前，程序先把整个文件复制一份放在数据文件旁边（例如 ${s.backup_example}），检查无误后才升级。请把这个文件夹纳入单位的定期备份。`,
          `Before every upgrade of the ledger's version the whole file is copied beside the data file (for example ${s.backup_example}) and checked before the upgrade runs. Include this folder in the office's regular backups.`,
        ),
      ),
    );
  const save = async (): Promise<void> => {
    problems.replaceChildren();
    try {
      const after = await api.firstStart({
        operator: operator.value,
        installation_name: name.value,
        installation_code: code.value,
        area: area.value,
      });
      await state.load();
      // The navigation names the new operator at once (it is drawn again on the next page).
      const who = document.getElementById("operator-switch");
      if (who) who.textContent = `${t("operator")}${tr("：", ": ")}${after.values.operator} ▾`;
      document.getElementById("setup-form")?.remove();
      document.getElementById("setup-paths")?.remove();
      mount(
        done,
        h(
          "p",
          { id: "setup-saved" },
          tr(
            "已保存。以后的每一次保存都记在此操作员名下。",
            "Saved. Every change from now on is logged under this operator.",
          ),
        ),
        paths(after, "setup-paths-saved"),
        h(
          "p",
          {},
          h(
            "button",
            {
              id: "setup-begin",
              class: "primary",
              onclick: () => {
                location.hash = "#/home";
                location.reload();
              },
            },
            tr("开始使用", "Begin"),
          ),
        ),
      );
    } catch (e) {
      if (isApiError(e) && e.fields.length) {
        const form = document.getElementById("setup-form")!;
        for (const f of showFieldErrors(form, e.fields))
          problems.append(h("p", { "data-field": f.field }, fieldText(f)));
      } else problems.textContent = isApiError(e) ? errorText(e) : String(e);
    }
  };
  mount(
    main,
    h(
      "section",
      { id: "setup", class: "setup" },
      h("h1", {}, tr("首次使用：本机设置", "First start: this computer")),
      h(
        "p",
        { class: "muted" },
        tr(
          "台账的每一次修改都记下操作员姓名；本机简码用在联单编号里，使各台电脑的编号互不重复。",
          "Every change to the ledger is logged with the operator's name; the installation code goes into manifest numbers so that no two computers number alike.",
        ),
      ),
      h(
        "div",
        { class: "card", id: "setup-form" },
        field("operator", tr("操作员姓名", "Operator's name"), operator),
        field("installation.name", tr("本机名称（单位或专班）", "Installation name (office or working group)"), name),
        field(
          "installation.code",
          tr("本机简码", "Installation code"),
          code,
          tr(
            "2–12 位大写字母或数字，如 220102A；留空则自动生成",
            "2–12 capital letters or digits, e.g. 220102A; empty: derived automatically",
          ),
        ),
        field("installation.area", tr("报送区域", "Reporting area"), area),
        problems,
        h("p", {}, h("button", { id: "setup-save", class: "primary", onclick: () => void save() }, tr("保存", "Save"))),
      ),
      paths(st),
      done,
    ),
  );
  operator.focus();
}

// Who is at the keyboard: the operator's name in the navigation, and a switch. Several clerks
// share a PC, so the names the change log already knows are offered (newest first): one click
// on a name switches, or a new name is typed. Every write after the switch is logged under it.
import { api } from "../api";
import { h } from "../dom";
import { showError } from "../errors";
import { t, tr } from "../i18n";

export function operatorSwitch(current: string, readOnly: boolean, switched: () => Promise<void>): HTMLElement {
  const shown = current || tr("（未设置）", "(not set)");
  const box = h("div", { class: "who", id: "operator-box" });
  const button = h(
    "button",
    { id: "operator-switch", class: "operator", title: tr("切换操作员", "Switch operator") },
    `${t("operator")}${tr("：", ": ")}${shown} ▾`,
  );
  if (readOnly) {
    box.append(`${t("operator")}${tr("：", ": ")}${shown}`);
    return box;
  }
  const panel = h("div", { id: "operator-panel", class: "operator-panel", hidden: true });
  const to = async (name: string): Promise<void> => {
    try {
      await api.switchOperator(name);
      await switched();
    } catch (e) {
      showError(e);
    }
  };
  button.addEventListener("click", async () => {
    if (!panel.hidden) {
      panel.hidden = true;
      return;
    }
    let recent: string[] = [];
    try {
      recent = await api.recentOperators();
    } catch (e) {
      showError(e);
    }
    const input = h("input", { id: "operator-new", placeholder: tr("输入新的姓名", "Type a new name"), size: 12 });
    const ok = h(
      "button",
      {
        id: "operator-ok",
        onclick: () => {
          if (input.value.trim()) void to(input.value.trim());
        },
      },
      tr("切换", "Switch"),
    );
    input.addEventListener("keydown", (e) => {
      if ((e as KeyboardEvent).key === "Enter" && input.value.trim()) void to(input.value.trim());
    });
    panel.replaceChildren(
      ...recent
        .filter((n) => n !== current)
        .map((n) => h("button", { class: "operator-pick", "data-name": n, onclick: () => void to(n) }, n)),
      h("div", { class: "operator-new" }, input, ok),
    );
    panel.hidden = false;
    input.focus();
  });
  box.append(button, panel);
  return box;
}

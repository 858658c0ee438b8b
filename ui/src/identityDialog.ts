// A ledger copied from another computer carries that computer's installation id. When the
// core finds the ledger away from its recorded home, the window asks before anything else:
// a copy gets an identity of its own (name and code), a moved file keeps its own.
import { api, isApiError } from "./api";
import { h, toast } from "./dom";
import { showError } from "./errors";
import { errorLine, showFieldErrors } from "./fieldErrors";
import { tr } from "./i18n";

/** Asks about a copied ledger, when it is one; resolves once the clerk has answered. */
export async function checkIdentity(): Promise<void> {
  let home;
  try {
    home = await api.identityState();
  } catch (e) {
    showError(e);
    return;
  }
  if (home.state !== "copy") return;
  const where = home.home_path;
  await new Promise<void>((resolve) => {
    const name = h("input", { id: "identity-name", placeholder: tr("如：二道区分中心", "e.g. Erdao office") });
    const code = h("input", { id: "identity-code", placeholder: "B2", style: "width:90px" });
    const form = h(
      "div",
      { id: "identity-form" },
      h("label", { class: "field" }, tr("本机名称", "Installation name"), name, errorLine("installation.name")),
      h("label", { class: "field" }, tr("本机简码", "Installation code"), code, errorLine("installation.code")),
    );
    const overlay = h(
      "div",
      {
        class: "overlay",
        id: "identity-dialog",
        role: "dialog",
        "aria-modal": "true",
        "aria-labelledby": "identity-title",
      },
      h(
        "div",
        { class: "dialog" },
        h(
          "h2",
          { id: "identity-title" },
          tr("这是从另一台电脑复制来的台账吗？", "Is this ledger copied from another computer?"),
        ),
        h(
          "p",
          {},
          home.other_machine
            ? tr(
                `此台账上次是在另一台电脑上（${where}）使用的。`,
                `This ledger was last used on another computer (${where}).`,
              )
            : tr(`原台账仍在 ${where}。`, `The original ledger is still at ${where}.`),
          tr(
            "两台电脑不能用同一个安装标识记账。如果是复制来的副本，请为本机建立新标识；如果只是把台账搬到了这里，原处不再使用，请选“只是移动”。",
            " Two computers must never write under one installation id. If this is a copy, give this computer an identity of its own; if the ledger was only moved here and is no longer used where it was, choose 'Only moved'.",
          ),
        ),
        form,
        h(
          "div",
          { class: "actions" },
          h(
            "button",
            {
              id: "identity-new",
              onclick: async () => {
                try {
                  const n = await api.identityNew(name.value, code.value);
                  toast(tr(`已建立新标识 ${n.code}`, `New identity ${n.code}`));
                  overlay.remove();
                  resolve();
                } catch (e) {
                  if (isApiError(e) && e.fields.length && showFieldErrors(form, e.fields).length === 0) return;
                  showError(e);
                }
              },
            },
            tr("是，建立新标识", "Yes: a new identity"),
          ),
          h(
            "button",
            {
              id: "identity-keep",
              onclick: async () => {
                try {
                  await api.identityKeep();
                  overlay.remove();
                  resolve();
                } catch (e) {
                  showError(e);
                }
              },
            },
            tr("不是，只是移动了文件", "No: only moved"),
          ),
        ),
      ),
    );
    document.body.appendChild(overlay);
    name.focus();
  });
}

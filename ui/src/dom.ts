// A tiny element builder: h("div", { class: "x", onclick }, child, "text").

type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;
export type Child = Node | string | number | null | undefined | false | Child[];

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v as EventListener);
    else if (k === "value" && "value" in el) (el as unknown as HTMLInputElement).value = String(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of `el`. */
export function mount(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A button a toast carries (the 撤销/Undo of a change). */
export interface ToastAction {
  label: string;
  id?: string;
  run: () => void | Promise<void>;
}

/** The most toasts shown at once. */
export const MAX_TOASTS = 3;

/**
 * Shows a message in the corner: newest on top, at most three, and a message with the same
 * text replaces the one shown. An info toast goes after a few seconds (longer when it carries
 * an action); an error toast stays until the error is fixed (`clearErrors`, called when a form
 * saves), the clerk leaves the page it belongs to, or it is closed.
 */
export function toast(text: string, kind: "info" | "error" = "info", action?: ToastAction): HTMLElement | null {
  const box = document.getElementById("toast");
  if (!box) return null;
  for (const old of Array.from(box.children)) if ((old as HTMLElement).dataset.text === text) old.remove();
  const m = h(
    "div",
    { class: `msg ${kind}`, "data-text": text, role: kind === "error" ? "alert" : "status" },
    h("span", { class: "text" }, text),
  );
  if (action) {
    m.appendChild(
      h(
        "button",
        {
          class: "toast-action",
          id: action.id ?? null,
          onclick: () => {
            m.remove();
            void action.run();
          },
        },
        action.label,
      ),
    );
  }
  if (kind === "error")
    m.appendChild(h("button", { class: "toast-close", "aria-label": "×", onclick: () => m.remove() }, "×"));
  box.prepend(m);
  while (box.children.length > MAX_TOASTS) box.lastElementChild?.remove();
  if (kind === "info") setTimeout(() => m.remove(), action ? 10000 : 3500);
  return m;
}

/** Removes the error toasts: what they said has been fixed. */
export function clearErrors(): void {
  document.querySelectorAll("#toast .msg.error").forEach((m) => m.remove());
}

/**
 * Asks before a step that matters (revoking, closing, cancelling, deleting): a dialog with the
 * question, the step's own button and 取消/Cancel. Enter confirms, Esc cancels.
 */
export function confirmStep(question: string, yes: string, no: string): Promise<boolean> {
  document.getElementById("confirm-dialog")?.remove();
  return new Promise((resolve) => {
    const done = (v: boolean) => {
      overlay.remove();
      document.removeEventListener("keydown", onKey, true);
      resolve(v);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        done(false);
      } else if (e.key === "Enter" && !e.isComposing) {
        e.preventDefault();
        e.stopPropagation();
        done(true);
      }
    };
    const ok = h("button", { class: "danger", id: "confirm-yes", onclick: () => done(true) }, yes);
    const overlay = h(
      "div",
      { class: "overlay", id: "confirm-dialog", role: "dialog", "aria-modal": "true" },
      h(
        "div",
        { class: "dialog" },
        h("p", { id: "confirm-question" }, question),
        h("div", { class: "actions" }, ok, h("button", { id: "confirm-no", onclick: () => done(false) }, no)),
      ),
    );
    document.addEventListener("keydown", onKey, true);
    document.body.appendChild(overlay);
    ok.focus();
  });
}

/** Calls `f` once typing has paused for `ms`. */
export function debounce<A extends unknown[]>(f: (...a: A) => void, ms: number): (...a: A) => void {
  let t: ReturnType<typeof setTimeout> | undefined;
  return (...a: A) => {
    if (t) clearTimeout(t);
    t = setTimeout(() => f(...a), ms);
  };
}

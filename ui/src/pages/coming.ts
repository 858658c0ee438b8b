// Areas that later releases fill: the page says what will be there.
import { h, mount } from "../dom";
import { t } from "../i18n";

const BODY = { agri: "coming_agri", reports: "coming_reports", sync: "coming_sync" } as const;
const NAME = { agri: "nav_agri", reports: "nav_reports", sync: "nav_sync" } as const;

export function comingPage(main: HTMLElement, area: string): void {
  const a = area as keyof typeof BODY;
  mount(
    main,
    h(
      "div",
      { class: "placeholder" },
      h("h1", {}, t("coming_title", { name: t(NAME[a]) })),
      h("p", {}, t(BODY[a])),
      h("p", { class: "muted" }, t("coming_body")),
    ),
  );
}

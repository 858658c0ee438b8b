// Showing a failed call to the clerk, in the current language.
import { isApiError } from "./api";
import { toast } from "./dom";
import { errorText, t, tr } from "./i18n";

export function showError(e: unknown): void {
  if (isApiError(e)) toast(`${t("err_prefix")}${tr("：", ": ")}${errorText(e)}`, "error");
  else toast(`${t("err_prefix")}${tr("：", ": ")}${String(e)}`, "error");
}

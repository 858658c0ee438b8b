// District and reporting-area names in the window's language. District names are profile
// data with an English name beside the Chinese one (built in for the city's own divisions,
// given by a clerk for a district added later); a district with none shows its code in
// English mode. Reporting areas are named by clerks in Chinese, with an English name beside
// it (required when an area is created in English mode, optional in Chinese mode); English
// mode shows the English name, and for an area that has none its code marked "(no English
// name)" — plainly missing rather than Chinese text in an English window, and never a
// transliteration the clerk did not choose.
import { getLang } from "./i18n";
import { state } from "./state";

/** The built-in reporting area of city-level offices. */
export const CITY_LEVEL = "SBJ";

/** A district's name by its code; `fallback` (a name the core sent) when it is not in the profile. */
export function districtName(code: string, fallback = code): string {
  const d = state.ref?.districts.find((x) => x.code === code);
  if (getLang() === "zh") return d?.name ?? fallback;
  return d?.name_en ?? (d ? `District ${d.code}` : /^\d{6}$/.test(code) ? `District ${code}` : fallback);
}

/** A reporting area's (or, for a code of six digits, a district's) name. */
export function areaName(code: string, name: string): string {
  if (/^\d{6}$/.test(code)) return districtName(code, name);
  if (getLang() === "zh") return name;
  if (code === CITY_LEVEL) return "City level";
  const en = state.ref?.areas?.find((a) => a.code === code)?.name_en;
  return en ?? `${code} ${NO_ENGLISH_NAME}`;
}

/** What English mode shows beside the code of an area that has no English name. */
export const NO_ENGLISH_NAME = "(no English name)";

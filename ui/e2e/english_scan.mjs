// What the English-mode page scans share: the names clerks typed into a ledger (read from its
// database, since they stay as typed in either language), opening a page by its address and
// waiting until it has settled, and the Chinese left on it once those names are taken out.
import { execFileSync } from "node:child_process";

/** The columns that hold what clerks typed: names of people, places, firms and vehicles. */
const TYPED = [
  "SELECT name FROM cells",
  "SELECT name FROM reporting_areas",
  "SELECT name FROM cw_sites",
  "SELECT approval_no FROM cw_sites",
  "SELECT builder FROM cw_sites",
  "SELECT permit_no FROM cw_transporters",
  "SELECT permit_no FROM cw_vehicles",
  "SELECT approval_no FROM cw_facilities",
  "SELECT address FROM cw_sites",
  "SELECT contact FROM cw_sites",
  "SELECT name FROM cw_transporters",
  "SELECT plate FROM cw_vehicles",
  "SELECT driver FROM cw_vehicles",
  "SELECT name FROM cw_facilities",
  "SELECT driver FROM cw_manifests",
  "SELECT route FROM cw_manifests",
  "SELECT name FROM agri_places",
  "SELECT name FROM agri_points",
  "SELECT operator FROM agri_points",
  "SELECT giver_name FROM agri_entries",
  "SELECT receiver FROM agri_outbound",
  "SELECT note FROM agri_outbound",
  "SELECT dealer FROM agri_pesticide_sales",
  "SELECT farm FROM agri_manure",
];

/** Every clerk-typed text of the ledger at `db`, longest first (so a name inside another
 * name is taken out after it). `only` limits it to some of the queries above. */
export function typedNames(db, only = TYPED) {
  const out = new Set();
  for (const q of only) {
    const text = execFileSync("sqlite3", [db, q], { encoding: "utf8" });
    for (const line of text.split("\n")) if (line.trim()) out.add(line.trim());
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** The text nodes of the page that still hold Chinese characters or full-width punctuation
 * once the given names are taken out; each with its element to find it by. */
const SCAN = `
  const [names] = arguments;
  // The language switch names Chinese in Chinese, as language pickers do.
  const LANG = '#lang-toggle, #set-language option[value="zh"]';
  const cjk = /[\\u3000-\\u9fff\\uff00-\\uffef]/;
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest("script, style") || el.closest(LANG)) continue;
    let t = n.textContent;
    if (!cjk.test(t)) continue;
    for (const name of names) if (t.includes(name)) t = t.split(name).join("");
    if (cjk.test(t)) out.push((el.id ? "#" + el.id : el.tagName + (el.className ? "." + el.className : "")) + " " + n.textContent.trim().slice(0, 80));
  }
  for (const el of document.querySelectorAll("[placeholder], [title], [aria-label]")) {
    if (el.closest(LANG)) continue;
    for (const a of ["placeholder", "title", "aria-label"]) {
      const v = el.getAttribute(a);
      let w = v ?? "";
      for (const name of names) if (w.includes(name)) w = w.split(name).join("");
      if (cjk.test(w)) out.push((el.id ? "#" + el.id : el.tagName) + " @" + a + " " + v);
    }
  }
  return [...new Set(out)];`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Opens `hash` and waits until the main area has text that no longer changes. */
export async function open(s, hash) {
  await s.exec("location.hash = arguments[0]", [hash]);
  let last = "";
  let same = 0;
  for (let i = 0; i < 40 && same < 3; i++) {
    await sleep(250);
    const now = await s.exec("return document.querySelector('#main')?.innerText ?? ''");
    same = now && now === last ? same + 1 : 0;
    last = now;
  }
}

/** The Chinese left on the page once `names` are taken out. */
export const chineseLeft = (s, names) => s.exec(SCAN, [names]);

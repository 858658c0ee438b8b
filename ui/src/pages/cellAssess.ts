// A cell's assessment and certification (评估验收与认证报告): its application (承诺书, 失信核查,
// 主管部门), an assessment scored item by item against its kind's criteria (the version in
// force), the assessments so far, and its certification report saved as a PDF and checked
// against the ledger. Naming and revocation are the status actions at the top of the page.
import { api } from "../api";
import { h, mount, toast } from "../dom";
import { showError } from "../errors";
import { getLang, tr } from "../i18n";
import { table } from "../table";
import { pathField } from "../pathPicker";
import type { Cell } from "../types";
import type { Assessment } from "../bindings/Assessment";
import type { AssessView } from "../bindings/AssessView";
import type { Verification } from "../bindings/Verification";

const LEVELS: [string, string, string][] = [
  ["county", "县区初评", "County pre-assessment"],
  ["city", "市级验收", "City acceptance"],
  ["review", "复核", "Re-review"],
];

const levelLabel = (k: string): string => {
  const l = LEVELS.find((x) => x[0] === k);
  return l ? (getLang() === "zh" ? l[1] : l[2]) : k;
};

/** Draws the section into `box`; `onChanged` reloads the page (the status may have moved). */
export async function assessSection(box: HTMLElement, cell: Cell, onChanged: () => void): Promise<void> {
  const v = await api.cellAssessments(cell.id);
  mount(
    box,
    applicationForm(cell, v),
    assessmentForm(cell, v, onChanged),
    assessmentList(v.assessments),
    reportForm(cell),
  );
}

function field(id: string, label: string, value = "", width = "130px"): [HTMLElement, HTMLInputElement] {
  const input = h("input", { id, type: "text", value, style: `width:${width}` });
  return [h("label", { for: id }, label), input];
}

function applicationForm(cell: Cell, v: AssessView): HTMLElement {
  const a = v.application;
  const [l1, letter] = field("app-letter", tr("承诺书收到日期", "Commitment letter received"), a?.letter_on ?? "");
  const [l2, checkOn] = field("app-check-on", tr("失信核查日期", "Dishonesty check on"), a?.check_on ?? "");
  const [l3, checkBy] = field("app-check-by", tr("核查人", "Checked by"), a?.check_by ?? "");
  const result = h(
    "select",
    { id: "app-check-result" },
    h("option", { value: "" }, tr("（未核查）", "(not checked)")),
    h("option", { value: "clear" }, tr("无严重失信记录", "No serious record")),
    h("option", { value: "found" }, tr("有严重失信记录", "Serious record found")),
  );
  result.value = a?.check_result ?? "";
  const [l4, dept] = field("app-department", tr("主管部门", "Supervising department"), a?.department ?? "", "200px");
  const save = async () => {
    try {
      await api.saveApplication(cell.id, {
        letter_on: letter.value,
        check_on: checkOn.value,
        check_by: checkBy.value,
        check_result: result.value,
        department: dept.value,
      });
      toast(tr("已保存申报", "Application saved"));
    } catch (e) {
      showError(e);
    }
  };
  return h(
    "div",
    { class: "card", id: "application" },
    h("h3", {}, tr("申报", "Application")),
    h("div", { class: "toolbar" }, l1, letter, l2, checkOn, l3, checkBy, result),
    h(
      "div",
      { class: "toolbar" },
      l4,
      dept,
      h("button", { id: "app-save", onclick: () => void save() }, tr("保存申报", "Save application")),
    ),
  );
}

function assessmentForm(cell: Cell, v: AssessView, onChanged: () => void): HTMLElement {
  const c = v.criteria;
  const zh = getLang() === "zh";
  const level = h(
    "select",
    { id: "assess-level" },
    LEVELS.map(([k]) => h("option", { value: k }, levelLabel(k))),
  );
  const [l1, on] = field("assess-on", tr("评估日期", "Date"), "", "120px");
  on.placeholder = "YYYY-MM-DD";
  const [l2, assessors] = field("assess-assessors", tr("评估人员", "Assessors"), "", "200px");
  const scores = c.items.map((i) => h("input", { id: `score-${i.key}`, inputmode: "numeric", style: "width:60px" }));
  const notes = c.items.map((i) => h("input", { id: `note-${i.key}`, style: "width:180px" }));
  const total = h("span", { id: "assess-total" }, "");
  const sum = () => {
    const n = scores.reduce((s, x) => s + (Number(x.value) || 0), 0);
    total.textContent = tr(
      `合计 ${n} / ${c.items.reduce((s, i) => s + Number(i.max_points), 0)}，合格分 ${c.pass_mark}`,
      `Total ${n} / ${c.items.reduce((s, i) => s + Number(i.max_points), 0)}, pass mark ${c.pass_mark}`,
    );
  };
  scores.forEach((s) => s.addEventListener("input", sum));
  sum();
  const errBox = h("div", { class: "grid-errors", id: "assess-errors" });
  const save = async () => {
    errBox.textContent = "";
    try {
      const a = await api.recordAssessment(cell.id, {
        level: level.value,
        on: on.value,
        assessors: assessors.value,
        note: "",
        scores: c.items.map((i, k) => ({ item: i.key, score: scores[k].value, note: notes[k].value })),
      });
      toast(
        a.passed
          ? tr(`已保存：${a.total} 分，通过`, `Saved: ${a.total} points, passed`)
          : tr(`已保存：${a.total} 分，未通过`, `Saved: ${a.total} points, failed`),
      );
      onChanged();
    } catch (e) {
      showError(e);
    }
  };
  const rows = c.items.map((i, k) =>
    h(
      "tr",
      { "data-key": i.key },
      h("td", {}, zh ? i.group : i.group_en || i.group),
      h("td", {}, zh ? i.name : i.name_en || i.name, h("div", { class: "muted" }, zh ? i.evidence : i.evidence_en)),
      h("td", { class: "num" }, String(i.max_points)),
      h("td", {}, scores[k]),
      h("td", {}, notes[k]),
    ),
  );
  return h(
    "div",
    { class: "card", id: "assessment-form" },
    h(
      "h3",
      {},
      tr(`记录评估（${c.title}，第 ${c.version} 版）`, `Record an assessment (criteria version ${c.version})`),
    ),
    h("div", { class: "toolbar" }, level, l1, on, l2, assessors),
    h(
      "div",
      { class: "table-box" },
      h(
        "table",
        { class: "list", id: "criteria-table" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", {}, tr("类别", "Group")),
            h("th", {}, tr("评分项", "Item")),
            h("th", { class: "num" }, tr("满分", "Max")),
            h("th", {}, tr("得分", "Score")),
            h("th", {}, tr("说明", "Note")),
          ),
        ),
        h("tbody", {}, rows),
      ),
    ),
    h(
      "div",
      { class: "toolbar" },
      total,
      h(
        "button",
        { class: "primary", id: "assess-save", onclick: () => void save() },
        tr("保存评估", "Save assessment"),
      ),
    ),
    errBox,
  );
}

function assessmentList(list: Assessment[]): HTMLElement {
  return table<Assessment>({
    id: "assessments-table",
    columns: [
      { key: "on", header: tr("日期", "Date"), value: (a) => a.on },
      { key: "level", header: tr("层级", "Level"), value: (a) => levelLabel(a.level) },
      { key: "assessors", header: tr("评估人员", "Assessors"), value: (a) => a.assessors, hide: 2 },
      { key: "total", header: tr("总分", "Total"), num: true, value: (a) => Number(a.total) },
      {
        key: "result",
        header: tr("结论", "Result"),
        value: (a) => (a.passed ? tr("通过", "passed") : tr("未通过", "failed")),
      },
      {
        key: "version",
        header: tr("标准版本", "Criteria version"),
        num: true,
        value: (a) => Number(a.criteria.version),
        hide: 1,
      },
    ],
    rows: list,
    rowKey: (a) => a.id,
    maxHeight: "30vh",
    empty: tr("尚无评估记录", "No assessments yet"),
  }).el;
}

function reportForm(cell: Cell): HTMLElement {
  const last = new Date().getFullYear() - 1;
  const [l1, from] = field("cert-from", tr("自", "From"), `${last}-01`, "90px");
  const [l2, to] = field("cert-to", tr("至", "To"), `${last}-12`, "90px");
  const [l3, path] = field("cert-path", tr("保存到（PDF 文件路径）", "Save to (PDF file path)"), "", "320px");
  const out = h("div", { id: "cert-result" });
  const save = async () => {
    try {
      const r = await api.saveCertReport(cell.id, from.value, to.value, path.value);
      mount(
        out,
        h(
          "p",
          { id: "cert-issued" },
          tr(
            `已出具认证报告 ${r.report_no}（内容摘要 ${r.short_hash}，${r.bytes} 字节）→ ${r.path ?? ""}`,
            `Certification report ${r.report_no} issued (content hash ${r.short_hash}, ${r.bytes} bytes) → ${r.path ?? ""}`,
          ),
        ),
      );
      toast(tr("已保存认证报告", "Certification report saved"));
    } catch (e) {
      showError(e);
    }
  };
  const verify = async () => {
    try {
      showVerification(out, await api.verifyCertReport(path.value));
    } catch (e) {
      showError(e);
    }
  };
  return h(
    "div",
    { class: "card", id: "cert-report" },
    h("h3", {}, tr("认证报告", "Certification report")),
    h("div", { class: "toolbar" }, l1, from, l2, to),
    h(
      "div",
      { class: "toolbar" },
      l3,
      pathField(path, { mode: "save", extensions: ["pdf"] }),
      h("button", { class: "primary", id: "cert-save", onclick: () => void save() }, tr("保存认证报告", "Save report")),
      h("button", { id: "cert-verify", onclick: () => void verify() }, tr("核验", "Verify")),
    ),
    out,
  );
}

function showVerification(out: HTMLElement, v: Verification): void {
  const zh = getLang() === "zh";
  const ok = v.file_matches_issue && v.figures_match && v.head_status.status === "extends";
  mount(
    out,
    h(
      "div",
      { id: "cert-verification", class: ok ? "ok" : "warning" },
      h(
        "p",
        {},
        ok
          ? tr(`报告 ${v.report_no} 与台账一致`, `Report ${v.report_no} matches the ledger`)
          : tr(`报告 ${v.report_no} 与台账不一致`, `Report ${v.report_no} no longer matches the ledger`),
      ),
      v.changes.length
        ? h(
            "ul",
            { id: "cert-changes" },
            v.changes.map((c) =>
              h(
                "li",
                { "data-key": c.key },
                `${zh ? c.label_zh : c.label_en}${tr("：", ": ")}${c.before ?? "—"} → ${c.after ?? "—"}`,
              ),
            ),
          )
        : null,
    ),
  );
}

// A unit's submission for a period (R1): where it stands (draft, submitted, returned with the
// board's reasons, approved), its figures with their units and the API's validation warnings
// (figures against each other and the recorded facts), the stream's history, and the form: save as
// draft (the API's draft), submit, and after approval a new revision. Checked before sending as the
// API checks (report_figures.js; the narrative 1..2000 characters, NFC). One Idempotency-Key per
// action per opened form: a double click records once; the form is drawn anew after each success.
//
// Reading chosen: "Nộp báo cáo" submits what the form holds: when it differs from the saved draft
// (or nothing is saved yet) the draft is saved first, then submitted (two commands, two keys).

import { command, get } from "./api.js";
import { day, invalid, LIMITS, scrollBox, text } from "./awards.js";
import { recorder, todayVn, viDate, viDateTime, viNumber } from "./format.js";
import { FIGURES, figureLabel, figureValue, readFigures, STATUSES } from "./report_figures.js";
import { h, refusalBox } from "./ui.js";

const STEPS = { SubmissionDrafted: "Lưu nháp", SubmissionSubmitted: "Nộp", SubmissionReturned: "Trả lại",
                SubmissionApproved: "Phê duyệt" };

const WARNING_FIGURES = { figure: "số liệu", reported: "báo cáo", recorded: "dữ liệu ghi nhận", difference: "chênh lệch",
                          at_most: "tối đa" };

async function current(code, unit, revision) {
  try {
    return await get("reporting", `/periods/${encodeURIComponent(code)}/submissions/${encodeURIComponent(unit)}`,
                     { revision });
  } catch (error) {
    if (error.status === 404 && error.rule === "R1") return null;  // nothing drafted yet
    throw error;
  }
}

/** The API's validation warnings, each with its rule, text and figures. */
export function warningList(warnings, id) {
  if (!warnings || !warnings.length) return h("p", { id, class: "muted" }, "Không có cảnh báo khi đối chiếu số liệu.");
  return h("ul", { class: "verdicts", id }, warnings.map((w) => h("li", { class: "verdict pending", "data-rule": w.rule },
    h("strong", { class: "rule" }, w.rule), " ", w.message_vi,
    Object.keys(w.figures || {}).length
      ? h("span", { class: "figures" }, ` (${Object.entries(w.figures).map(([k, v]) => `${WARNING_FIGURES[k] || k}: ${
        k === "figure" ? figureLabel(v) : v}`).join("; ")})`) : null)));
}

/** The figures of a revision, with their units. */
export function figuresTable(figures, id) {
  return h("table", { id },
    h("caption", {}, "Số liệu báo cáo"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Chỉ tiêu (đơn vị tính)"), h("th", { scope: "col" }, "Số liệu"))),
    h("tbody", {}, FIGURES.map((f) => h("tr", { "data-figure": f.name },
      h("th", { scope: "row" }, figureLabel(f.name)), h("td", { class: "count", "data-value": figures[f.name] ?? "" },
        figureValue(figures[f.name]))))));
}

function historyTable(history) {
  return scrollBox("Lịch sử báo cáo", h("table", { id: "submission-history", class: "events" },
    h("caption", {}, "Lịch sử (mọi bước đã ghi nhận)"),
    h("thead", {}, h("tr", {}, ["Bước", "Lần", "Ngày", "Ghi nhận lúc", "Người thực hiện"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, history.map((e) => h("tr", { "data-event": e.event_type },
      h("td", {}, STEPS[e.event_type] || e.event_type), h("td", {}, e.revision ?? "—"), h("td", {}, viDate(e.day)),
      h("td", {}, viDateTime(e.recorded_at)), h("td", {}, recorder(e.actor)))))));
}

function figureInputs(figures) {
  return h("fieldset", { class: "figures-form" }, h("legend", {}, "Số liệu (để trống nếu không báo cáo)"),
    FIGURES.map((f) => {
      const units = Object.keys(f.units);
      const value = figures[f.name];
      return h("div", { class: "figure-field" },
        h("label", { for: `r-${f.name}` }, f.label),
        h("input", { id: `r-${f.name}`, name: f.name, inputmode: "decimal", size: "16", autocomplete: "off",
                     value: value === null || value === undefined ? "" : viNumber(value) }),
        units.length > 1
          ? h("select", { id: `r-${f.name}-unit`, name: `${f.name}_unit`, "aria-label": `Đơn vị tính: ${f.label}` },
              units.map((u) => h("option", { value: u }, u)))
          : h("span", { class: "unit" }, units[0]));
    }));
}

function body(form) {
  const values = Object.fromEntries(new FormData(form).entries());
  const figures = readFigures(values);
  if (typeof figures === "string") return figures;
  const narrative = text(form.narrative.value, LIMITS.text);
  if (!narrative) return `Phần thuyết minh bắt buộc, tối đa ${LIMITS.text} ký tự.`;
  return { figures, narrative };
}

/** Whether the form holds the saved revision as it is (a value in another unit never is: the API converts it). */
function same(saved, drafted) {
  if (!saved || saved.narrative !== drafted.narrative) return false;
  return FIGURES.every((f) => (drafted.figures[f.name] ?? null) === saved.figures[f.name]);
}

/** Links to every revision of the submission (the earlier ones stay readable after a new one). */
function revisionLinks(code, unit, saved) {
  if (saved.revisions < 2) return "";
  return h("nav", { "aria-label": "Các lần báo cáo", id: "revision-links", class: "filters" }, "Xem lần: ",
    Array.from({ length: saved.revisions }, (_, i) => i + 1).map((n) => h("a", {
      href: `#/bao-cao?period=${encodeURIComponent(code)}&unit=${encodeURIComponent(unit)}&revision=${n}`,
      "aria-current": n === saved.revision ? "page" : null }, `lần ${n}`)));
}

export async function renderSubmission(section, { code, unit, revision, session: s, name, redraw, notice }) {
  section.setAttribute("aria-busy", "true");
  let saved;
  try {
    saved = await current(code, unit, revision);
  } catch (error) {
    section.replaceChildren(h("h2", { id: "submission-h" }, `Báo cáo của ${name(unit)}`), refusalBox(error));
    section.removeAttribute("aria-busy");
    return;
  }
  const status = h("div", { id: "submission-status", "aria-live": "polite" }, notice || "");
  const mayReport = s && ["province_board", "district_officer", "department_officer"].includes(s.role);
  const latest = !saved || saved.revision === saved.revisions;  // an earlier revision is read only
  const editable = latest && (!saved || ["draft", "returned"].includes(saved.status));
  const parts = [h("h2", { id: "submission-h" }, `Báo cáo kỳ ${code} của ${name(unit)}`)];
  if (saved) {
    parts.push(h("p", { id: "submission-state", "data-status": saved.status, "data-revision": saved.revision },
      `Lần ${saved.revision}/${saved.revisions}: ${STATUSES[saved.status] || saved.status}; lập ngày ${viDate(saved.drafted_on)}`,
      saved.submitted_on ? `, nộp ngày ${viDate(saved.submitted_on)}` : "",
      saved.approved_on ? `, phê duyệt ngày ${viDate(saved.approved_on)}` : "", "."), revisionLinks(code, unit, saved));
    if (saved.return_reasons) {
      parts.push(h("div", { class: "refusal", id: "return-reasons", role: "note" },
        h("strong", {}, `Ban Thi đua – Khen thưởng trả lại ngày ${viDate(saved.returned_on)}: `), saved.return_reasons));
    }
    parts.push(figuresTable(saved.figures, "submission-figures"), h("h3", {}, "Cảnh báo khi đối chiếu số liệu"),
               warningList(saved.warnings, "submission-warnings"), h("h3", {}, "Thuyết minh"),
               h("p", { id: "submission-narrative", class: "narrative" }, saved.narrative));
  } else {
    parts.push(h("p", { id: "submission-state", "data-status": "missing" }, "Đơn vị chưa lập báo cáo kỳ này."));
  }
  const board = s && s.role === "province_board";
  if (mayReport && editable) parts.push(reportForm(saved, code, unit, false, status, redraw, board));
  if (mayReport && latest && saved && saved.status === "approved") {
    parts.push(h("button", { type: "button", id: "new-revision", onclick: (event) => {
      event.target.replaceWith(reportForm(saved, code, unit, true, status, redraw, board));
    } }, "Lập lần sửa đổi mới (báo cáo đã phê duyệt bị khóa)"));
  }
  parts.push(status);
  if (saved) parts.push(h("h3", {}, "Lịch sử"), historyTable(saved.history));
  section.replaceChildren(...parts);
  section.removeAttribute("aria-busy");
}

/** The board may date a paper report on the day it was received (the API's reading); others record today. */
function paperDay(form) {
  if (!form.paper_day || !form.paper_day.value.trim()) return "";
  const on = day(form.paper_day.value);
  if (!on) return null;
  return on > todayVn() ? undefined : on;
}

function reportForm(saved, code, unit, newRevision, status, redraw, board) {
  const keys = { draft: `web-draft-${crypto.randomUUID()}`, submit: `web-submit-${crypto.randomUUID()}` };
  const form = h("form", { id: "report-form", novalidate: true, "aria-labelledby": "report-form-h" },
    h("h3", { id: "report-form-h" }, newRevision ? `Lần sửa đổi mới (lần ${saved.revision + 1})` : "Lập, sửa báo cáo"),
    figureInputs(saved ? saved.figures : {}),
    h("label", { for: "r-narrative" }, "Thuyết minh (tối đa 2.000 ký tự)"),
    h("textarea", { id: "r-narrative", name: "narrative", rows: "5", maxlength: String(LIMITS.text), required: true },
      saved ? saved.narrative : ""),
    board ? [h("label", { for: "r-paper-day" }, "Ngày lập và nộp của báo cáo giấy (dd/mm/yyyy; để trống: hôm nay)"),
             h("input", { id: "r-paper-day", name: "paper_day", placeholder: "dd/mm/yyyy", inputmode: "numeric" })] : null,
    h("div", { class: "actions" },
      h("button", { type: "submit", id: "save-draft", value: "draft" }, "Lưu nháp"),
      newRevision ? null : h("button", { type: "submit", id: "submit-report", value: "submit" }, "Nộp báo cáo")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const drafted = body(form);
    const on = paperDay(form);
    if (typeof drafted === "string" || !on && on !== "") {
      status.replaceChildren(invalid(typeof drafted === "string" ? drafted
        : "R1: Ngày của báo cáo giấy theo dạng dd/mm/yyyy, không ở tương lai."));
      return;
    }
    const buttons = [...form.querySelectorAll("button")];
    buttons.forEach((b) => { b.disabled = true; });
    const ids = { period_code: code, unit_code: unit };
    try {
      let answer = null;
      if (event.submitter?.value !== "submit" || !same(saved, drafted) || newRevision) {
        answer = await command("reporting", "save-draft", { ...ids, ...drafted, ...(newRevision ? { new_revision: true } : {}),
                                                            ...(on ? { drafted_on: on } : {}) }, keys.draft);
        keys.draft = `web-draft-${crypto.randomUUID()}`;  // saved: a corrected form after a refused submit is a new draft
      }
      if (event.submitter?.value === "submit") {
        await command("reporting", "submit-report", { ...ids, ...(on ? { submitted_on: on } : {}) }, keys.submit);
        await redraw(h("p", { class: "ok", role: "status", id: "submission-ok" }, "Đã nộp báo cáo."));
      } else {
        await redraw(h("p", { class: "ok", role: "status", id: "submission-ok" },
          answer.unchanged ? "Bản nháp không thay đổi." : `Đã lưu bản nháp (lần ${answer.revision}).`));
      }
    } catch (error) {
      status.replaceChildren(refusalBox(error));
      buttons.forEach((b) => { b.disabled = false; });
    }
  });
  return form;
}

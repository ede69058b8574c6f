// The submission form (awards `submit-nomination`): award kind, nominee, the achievement file
// (justification, figures, one attached document with its number and date), the submission day,
// checked before sending as the API checks them; one Idempotency-Key per opened form, kept with the
// form's draft of (round, nominating unit) until the API accepts it (drafts.js).
//
// Reading chosen: the nominee field offers the unit's own candidates (the round's /candidates of the
// kind, a district's only) but takes any code: whether a unit lies within the nominator is the
// API's rule (AUTH-SCOPE), shown with its text when refused.

import { command, get } from "./api.js";
import { CODE, day, LIMITS, onSubmit, text, verdictList } from "./awards.js";
import { keepDraft } from "./drafts.js";
import { todayVn, viDate } from "./format.js";
import { h, refusalBox } from "./ui.js";

function field(id, label, input) {
  return [h("label", { for: id }, label), input];
}

async function fillNominees(list, round, kind, who) {
  list.replaceChildren();
  if (!kind) return;
  const rows = await get("awards", `/rounds/${encodeURIComponent(round.code)}/candidates`, { award_kind: kind });
  const own = who && who.kind === "district" ? rows.filter((r) => r.nominee.district === who.unit) : rows;
  list.replaceChildren(...own.map((r) => h("option", { value: r.nominee.code }, r.nominee.name || r.nominee.code)));
}

export function openNominationForm(dialog, round, who, s, redraw) {
  const d = round.definition;
  const kinds = d.award_kinds.filter((k) => !who || k.nominated_by.includes(who.kind));
  const status = h("div", { id: "nominate-status", "aria-live": "polite" });
  const options = h("datalist", { id: "nominee-options" });
  const kindSelect = h("select", { id: "n-kind", name: "award_kind", required: true },
    h("option", { value: "" }, "(chọn)"), kinds.map((k) => h("option", { value: k.code }, k.name_vi)));
  kindSelect.addEventListener("change", () => fillNominees(options, round, kindSelect.value, who)
    .catch((error) => status.replaceChildren(refusalBox(error))));
  const today = todayVn();
  const form = h("form", { method: "dialog", id: "nominate-form", novalidate: true },
    h("h2", { id: "nominate-h" }, `Lập hồ sơ đề nghị — đợt ${round.code}`),
    field("n-unit", "Đơn vị đề nghị (mã)", h("input", { id: "n-unit", name: "nominating_unit", required: true,
      value: who ? who.unit : d.province_code, readonly: who ? true : null, maxlength: "32" })),
    field("n-kind", "Hình thức khen thưởng", kindSelect),
    field("n-nominee", "Đối tượng được đề nghị (mã đơn vị hoặc cá nhân)", h("input", { id: "n-nominee",
      name: "nominee_code", list: "nominee-options", required: true, maxlength: "32", autocomplete: "off" })),
    options,
    field("n-justification", "Tóm tắt thành tích", h("textarea", { id: "n-justification", name: "justification",
      rows: "4", required: true, maxlength: String(LIMITS.text) })),
    field("n-figures", "Số liệu thành tích (mỗi dòng: tên = số; có thể để trống)",
      h("textarea", { id: "n-figures", name: "figures", rows: "2" })),
    h("fieldset", {}, h("legend", {}, "Văn bản kèm theo (báo cáo thành tích)"),
      field("n-att-title", "Tên văn bản", h("input", { id: "n-att-title", name: "att_title", maxlength: "300" })),
      field("n-att-number", "Số văn bản", h("input", { id: "n-att-number", name: "att_number", maxlength: "200" })),
      field("n-att-date", "Ngày văn bản (dd/mm/yyyy)", h("input", { id: "n-att-date", name: "att_date",
        placeholder: "dd/mm/yyyy", inputmode: "numeric" }))),
    field("n-submitted", `Ngày nộp (dd/mm/yyyy; trong thời hạn ${viDate(d.nominations_open)}–${viDate(d.nominations_due)})`,
      h("input", { id: "n-submitted", name: "submitted_on", required: true, placeholder: "dd/mm/yyyy",
                   inputmode: "numeric", value: viDate(today) })),
    field("n-document", "Số tờ trình đề nghị (nếu có)", h("input", { id: "n-document", name: "document_number",
      maxlength: "200" })),
    h("div", { class: "actions" },
      h("button", { type: "submit", id: "nominate-submit" }, "Nộp hồ sơ"),
      h("button", { type: "button", id: "nominate-cancel", onclick: () => dialog.close() }, "Đóng")),
    status);
  onSubmit(form, status, form.querySelector("#nominate-submit"), () => nomination(form, round), async (body) => {
    draft.sending();
    const answer = await command("awards", "submit-nomination", body, draft.key());
    draft.accepted();
    status.replaceChildren(h("p", { class: "ok", role: "status", id: "nominate-ok" },
      `Đã nộp hồ sơ ${answer.nomination_id}.`), verdictList(answer.verdicts, "nominate-verdicts"));
    await redraw();
  });
  // One key per opened form (kept with its draft): a double click or a resent draft records once.
  const draft = keepDraft(form, "nominate", `${round.code}/${form.nominating_unit.value}`, "web-nominate");
  dialog.replaceChildren(form);
  dialog.showModal();
}

function figures(raw) {
  const found = {};
  for (const line of String(raw || "").split("\n").map((l) => l.trim()).filter(Boolean)) {
    const m = /^(.+?)\s*=\s*(-?[\d.,]+)$/.exec(line);
    const value = m ? Number(m[2].replace(/\./g, "").replace(",", ".")) : NaN;
    const label = m ? m[1].normalize("NFC") : "";
    if (!m || !Number.isFinite(value) || label.length > LIMITS.label) {
      return `Số liệu "${line}": phải theo dạng "tên = số", tên không quá ${LIMITS.label} ký tự.`;
    }
    found[label] = value;
  }
  return Object.keys(found).length > 50 ? "Không quá 50 số liệu." : found;
}

/** The command's body, checked as the API checks it (codes, lengths, days, the A8 window), or the reason. */
function nomination(form, round) {
  const d = round.definition;
  const unit = form.nominating_unit.value.trim(), nominee = form.nominee_code.value.trim();
  if (!form.award_kind.value) return "Chọn hình thức khen thưởng.";
  if (!CODE.test(unit) || !CODE.test(nominee)) return "Mã đơn vị, đối tượng chỉ gồm chữ, số, . _ - (tối đa 32 ký tự).";
  const justification = text(form.justification.value, LIMITS.text);
  if (!justification) return `Tóm tắt thành tích bắt buộc, tối đa ${LIMITS.text} ký tự.`;
  const numbers = figures(form.figures.value);
  if (typeof numbers === "string") return numbers;
  const title = text(form.att_title.value, LIMITS.name), number = text(form.att_number.value, LIMITS.document);
  const attDate = form.att_date.value.trim() ? day(form.att_date.value) : "";
  if (title === undefined || number === undefined || attDate === null) {
    return "Văn bản kèm theo: tên tối đa 300 ký tự, số tối đa 200 ký tự, ngày theo dạng dd/mm/yyyy.";
  }
  if (!title && (number || attDate)) return "Văn bản kèm theo cần có tên văn bản.";
  const submitted = day(form.submitted_on.value);
  if (!submitted) return "Ngày nộp phải theo dạng dd/mm/yyyy.";
  if (submitted < d.nominations_open || submitted > d.nominations_due) {
    return `A8: Ngày nộp ${viDate(submitted)} ngoài thời hạn nhận hồ sơ ${viDate(d.nominations_open)}–${viDate(d.nominations_due)}.`;
  }
  const documentNumber = text(form.document_number.value, LIMITS.document);
  if (documentNumber === undefined) return "Số tờ trình tối đa 200 ký tự.";
  const attachment = { title, ...(number ? { document_number: number } : {}), ...(attDate ? { document_date: attDate } : {}) };
  return { round_code: round.code, award_kind: form.award_kind.value, nominee_code: nominee, nominating_unit: unit,
           achievement_file: { justification, figures: numbers, attachments: title ? [attachment] : [] },
           submitted_on: submitted, ...(documentNumber ? { document_number: documentNumber } : {}) };
}

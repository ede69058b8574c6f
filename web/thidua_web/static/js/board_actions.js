// The board's steps on a nomination (A11): receive it, record the council's review ("exemplary" or
// not, with reasons), decide it (approved or rejected, under a decision's number and date), confer
// an approved award (the day, and the certificate's number in the register if it has one). Each
// dialog shows the nomination's verdicts, rule by rule with their figures, beside the form; each
// opened form has one Idempotency-Key; dates are checked as the API checks them (dd/mm/yyyy,
// 1945–2100, no earlier than the nomination's last step).

import { command } from "./api.js";
import { day, LIMITS, nomineeName, onSubmit, text, verdictList } from "./awards.js";
import { todayVn, viDate } from "./format.js";
import { h } from "./ui.js";

const TITLES = { receive: "Tiếp nhận hồ sơ", review: "Hội đồng xét hồ sơ", decide: "Quyết định khen thưởng",
                 confer: "Trao tặng khen thưởng" };
const COMMANDS = { receive: "receive-nomination", review: "review-nomination", decide: "decide-nomination",
                   confer: "confer-award" };

function field(id, label, input) {
  return [h("label", { for: id }, label), input];
}

function radios(name, legend, choices) {
  return h("fieldset", {}, h("legend", {}, legend), choices.map(([value, label], i) =>
    h("label", {}, h("input", { type: "radio", name, value, checked: i === 0, id: `${name}-${value}` }), ` ${label}`)));
}

function stepFields(step) {
  const dateField = (name, label) => field(`s-${name}`, `${label} (dd/mm/yyyy)`, h("input", {
    id: `s-${name}`, name, required: true, value: viDate(todayVn()), placeholder: "dd/mm/yyyy", inputmode: "numeric" }));
  const reasons = (label) => field("s-reasons", label, h("textarea", { id: "s-reasons", name: "reasons", rows: "3",
    required: true, maxlength: String(LIMITS.text) }));
  if (step === "receive") return dateField("when", "Ngày tiếp nhận");
  if (step === "confer") {
    return [dateField("when", "Ngày trao tặng"),
            field("s-certificate", "Số sổ vàng (nếu có)", h("input", { id: "s-certificate", name: "certificate",
                                                                        maxlength: String(LIMITS.document) }))].flat();
  }
  if (step === "review") {
    return [radios("exemplary", "Kết luận của Hội đồng Thi đua – Khen thưởng",
                   [["true", "Tiêu biểu"], ["false", "Không tiêu biểu"]]),
            reasons("Lý do (kết luận của Hội đồng)"), dateField("when", "Ngày xét")].flat();
  }
  return [radios("outcome", "Quyết định", [["approved", "Phê duyệt"], ["rejected", "Không phê duyệt"]]),
          reasons("Lý do"),
          field("s-number", "Số quyết định", h("input", { id: "s-number", name: "number", required: true, maxlength: "200" })),
          dateField("when", "Ngày quyết định")].flat();
}

/** The command's body, checked as the API checks it, or the reason it cannot be sent. */
function stepBody(step, form, n) {
  const on = day(form.when.value);
  if (!on) return "Ngày phải theo dạng dd/mm/yyyy, trong khoảng 01/01/1945–31/12/2100.";
  const last = n.history.map((e) => e.on).filter(Boolean).sort().pop();
  if (last && on < last) return `A11: Ngày không được trước bước trước của hồ sơ (${viDate(last)}).`;
  if (step === "receive") return { nomination_id: n.nomination_id, received_on: on };
  if (step === "confer") {
    const number = text(form.certificate.value, LIMITS.document);  // optional: null when empty
    if (number === undefined) return `Số sổ vàng tối đa ${LIMITS.document} ký tự.`;
    return { nomination_id: n.nomination_id, conferred_on: on, ...(number ? { certificate_number: number } : {}) };
  }
  const reasons = text(form.reasons.value, LIMITS.text);
  if (!reasons) return `Nhập lý do (tối đa ${LIMITS.text} ký tự).`;
  if (step === "review") {
    return { nomination_id: n.nomination_id, exemplary: form.exemplary.value === "true", reasons, reviewed_on: on };
  }
  const number = text(form.number.value, LIMITS.document);
  if (!number) return `Nhập số quyết định (tối đa ${LIMITS.document} ký tự).`;
  return { nomination_id: n.nomination_id, outcome: form.outcome.value, reasons, document_number: number,
           decision_date: on };
}

export function openStep(dialog, step, n, redraw) {
  const key = `web-${step}-${crypto.randomUUID()}`;  // one per opened form: a double click records once
  const status = h("div", { id: "step-status", "aria-live": "polite" });
  const form = h("form", { method: "dialog", id: "step-form", "data-step": step, novalidate: true },
    h("h2", { id: "step-h" }, `${TITLES[step]}: ${nomineeName(n.nominee)}`),
    h("p", {}, `Hồ sơ ${n.nomination_id}`, n.exemplary === null ? "" : `; Hội đồng: ${n.exemplary ? "tiêu biểu" : "không tiêu biểu"}`),
    h("h3", {}, "Các tiêu chuẩn và chỉ tiêu (kiểm tra lại hôm nay)"), verdictList(n.current_verdicts, "step-verdicts"),
    stepFields(step),
    h("div", { class: "actions" },
      h("button", { type: "submit", id: "step-submit" }, TITLES[step]),
      h("button", { type: "button", id: "step-cancel", onclick: () => dialog.close() }, "Đóng")),
    status);
  onSubmit(form, status, form.querySelector("#step-submit"), () => stepBody(step, form, n), async (body) => {
    await command("awards", COMMANDS[step], body, key);
    dialog.close();
    await redraw();
  });
  dialog.replaceChildren(form);
  dialog.showModal();
}

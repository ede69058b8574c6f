// The two forms of the pledges page: registry `pledge-support` (who supports which district or xã,
// from which day, under which document) and `submit-plan` (the day a plan came and its document),
// each checked before sending as the registry checks it (codes, days 1945–2100, lengths, NFC; U6's
// kinds where both codes are known here), one Idempotency-Key per opened form.
//
// Reading chosen: the supporter field offers the officer's own organisation and its subordinate
// units but takes any code: whether the officer may pledge for it is the API's rule (AUTH-SCOPE),
// shown with its text when refused.

import { command, get } from "./api.js";
import { CODE, day, LIMITS, onSubmit, text } from "./awards.js";
import { viDate } from "./format.js";
import { h, refusalBox } from "./ui.js";

const SUPPORTS_DISTRICTS = ["department", "mass_organisation", "fatherland_front"];
const SUPPORTED_COMMUNE_TYPES = ["rural_commune", "township"];

function field(id, label, input) {
  return [h("label", { for: id }, label), input];
}

function actions(submitId, submitLabel, dialog) {
  return h("div", { class: "actions" }, h("button", { type: "submit", id: submitId }, submitLabel),
           h("button", { type: "button", id: `${submitId}-cancel`, onclick: () => dialog.close() }, "Đóng"));
}

/** `redraw(shows)`: the page drawn again once its lists (pledges, plans) show what `shows` looks for. */
export function openPledgeForm(dialog, { own, supporters, asOf }, redraw) {
  const key = `web-pledge-${crypto.randomUUID()}`;  // one per opened form: a double click records once
  const status = h("div", { id: "pledge-status", "aria-live": "polite" });
  const supported = h("datalist", { id: "supported-options" });
  const units = new Map();
  Promise.all([get("registry", "/units", { level: "district", as_of: asOf }),
               get("registry", "/units", { level: "commune", as_of: asOf })])
    .then(([districts, communes]) => {
      for (const u of [...districts, ...communes]) units.set(u.code, u);
      offer();
    })
    .catch((error) => status.replaceChildren(refusalBox(error)));
  const kinds = new Map(supporters.map((p) => [p.code, p.kind]));
  const supporter = h("input", { id: "p-supporter", name: "supporter_code", list: "supporter-options", required: true,
    maxlength: "32", autocomplete: "off", value: own ? own.unit : "" });
  const offer = () => {  // the units the chosen supporter's kind may support (U6)
    const kind = kinds.get(supporter.value.trim());
    const fits = [...units.values()].filter((u) => (SUPPORTS_DISTRICTS.includes(kind) ? u.level === "district"
      : kind === "subordinate_unit" ? SUPPORTED_COMMUNE_TYPES.includes(u.unit_type) : true));
    supported.replaceChildren(...fits.map((u) => h("option", { value: u.code }, u.name)));
  };
  supporter.addEventListener("change", offer);
  const form = h("form", { method: "dialog", id: "pledge-form", novalidate: true },
    h("h2", { id: "form-h" }, "Đăng ký hỗ trợ huyện, xã"),
    h("p", {}, "Sở, ban, ngành, đoàn thể hỗ trợ huyện; đơn vị trực thuộc sở hỗ trợ xã hoặc thị trấn (U6)."),
    field("p-supporter", "Đơn vị hỗ trợ (mã)", supporter),
    h("datalist", { id: "supporter-options" }, supporters.map((p) => h("option", { value: p.code }, p.name))),
    field("p-supported", "Đơn vị được hỗ trợ (mã huyện hoặc xã)", h("input", { id: "p-supported",
      name: "supported_code", list: "supported-options", required: true, maxlength: "32", autocomplete: "off" })),
    supported,
    field("p-from", "Hỗ trợ từ ngày (dd/mm/yyyy)", h("input", { id: "p-from", name: "effective_from", required: true,
      placeholder: "dd/mm/yyyy", inputmode: "numeric" })),
    field("p-document", "Số văn bản đăng ký (nếu có)", h("input", { id: "p-document", name: "document_number",
      maxlength: String(LIMITS.document) })),
    actions("pledge-submit", "Đăng ký", dialog),
    status);
  onSubmit(form, status, form.querySelector("#pledge-submit"), () => pledgeBody(form, kinds, units), async (body) => {
    const answer = await command("registry", "pledge-support", body, key);
    status.replaceChildren(h("p", { class: "ok", role: "status", id: "pledge-ok" },
      answer.unchanged ? `Đăng ký ${body.supporter_code} → ${body.supported_code} đã có từ trước.`
                       : `Đã ghi nhận ${body.supporter_code} hỗ trợ ${body.supported_code} từ ${viDate(body.effective_from)}.`));
    await redraw((pledges) => pledges.pledges.some((p) => p.supporter_code === body.supporter_code
                                                        && p.supported_code === body.supported_code));
  });
  dialog.replaceChildren(form);
  dialog.showModal();
}

/** pledge-support's body, checked as the registry checks it, or the reason it cannot be sent. */
function pledgeBody(form, kinds, units) {
  const supporter = form.supporter_code.value.trim(), supported = form.supported_code.value.trim();
  if (!CODE.test(supporter) || !CODE.test(supported)) return "Mã đơn vị chỉ gồm chữ, số, . _ - (tối đa 32 ký tự).";
  const from = day(form.effective_from.value);
  if (!from) return "Ngày phải theo dạng dd/mm/yyyy, trong khoảng 01/01/1945–31/12/2100.";
  const documentNumber = text(form.document_number.value, LIMITS.document);
  if (documentNumber === undefined) return `Số văn bản tối đa ${LIMITS.document} ký tự.`;
  const kind = kinds.get(supporter), unit = units.get(supported);
  if (kind && unit) {
    const fits = SUPPORTS_DISTRICTS.includes(kind) ? unit.level === "district"
      : kind === "subordinate_unit" ? SUPPORTED_COMMUNE_TYPES.includes(unit.unit_type) : false;
    if (!fits) return `U6: ${supporter} hỗ trợ ${kind === "subordinate_unit" ? "xã hoặc thị trấn" : "huyện"}, không phải ${unit.name}.`;
  }
  return { supporter_code: supporter, supported_code: supported, effective_from: from,
           ...(documentNumber ? { document_number: documentNumber } : {}) };
}

export function openPlanForm(dialog, plan, names, redraw) {
  const key = `web-plan-${crypto.randomUUID()}`;  // one per opened form: a double click records once
  const status = h("div", { id: "plan-status", "aria-live": "polite" });
  const form = h("form", { method: "dialog", id: "plan-form", novalidate: true },
    h("h2", { id: "form-h" }, `Nộp kế hoạch: ${plan.title}`),
    h("p", {}, `Mã ${plan.plan_code}, đơn vị ${names.get(plan.owner_code) || plan.owner_code}, hạn nộp ${viDate(plan.due_date)}.`),
    field("k-submitted", "Ngày nộp (dd/mm/yyyy)", h("input", { id: "k-submitted", name: "submitted_on", required: true,
      placeholder: "dd/mm/yyyy", inputmode: "numeric" })),
    field("k-document", "Số văn bản kế hoạch", h("input", { id: "k-document", name: "document_number", required: true,
      maxlength: String(LIMITS.document) })),
    actions("plan-submit", "Nộp kế hoạch", dialog),
    status);
  onSubmit(form, status, form.querySelector("#plan-submit"), () => planBody(form, plan), async (body) => {
    const answer = await command("registry", "submit-plan", body, key);
    status.replaceChildren(h("p", { class: "ok", role: "status", id: "plan-ok" }, answer.unchanged
      ? `Kế hoạch ${plan.plan_code} đã nộp từ trước.`
      : `Đã nộp kế hoạch ${plan.plan_code} ngày ${viDate(body.submitted_on)}: ${answer.on_time ? "đúng hạn" : "trễ hạn"}.`));
    await redraw((_, plans) => plans.plans.some((p) => p.plan_code === plan.plan_code && p.submitted_on));
  });
  dialog.replaceChildren(form);
  dialog.showModal();
}

/** submit-plan's body, checked as the registry checks it, or the reason it cannot be sent. */
function planBody(form, plan) {
  const submitted = day(form.submitted_on.value);
  if (!submitted) return "Ngày nộp phải theo dạng dd/mm/yyyy, trong khoảng 01/01/1945–31/12/2100.";
  const documentNumber = text(form.document_number.value, LIMITS.document);
  if (!documentNumber) return `Nhập số văn bản kế hoạch (tối đa ${LIMITS.document} ký tự).`;
  return { plan_code: plan.plan_code, submitted_on: submitted, document_number: documentNumber };
}

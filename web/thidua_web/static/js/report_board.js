// The Emulation Board's steps on periodic reports (R1): open a period (six-monthly or yearly, its due
// date and grace period; who owes is computed by the API from the registry on the day) and review a
// submitted report (its figures, the API's warnings and narrative beside the form), approving it or
// returning it with reasons. Checked before sending as the API checks; one Idempotency-Key per
// action per opened dialog (a double click records once); the day is today (the API's default).

import { command, get } from "./api.js";
import { day, invalid, LIMITS, text } from "./awards.js";
import { todayVn, viDate } from "./format.js";
import { figuresTable, warningList } from "./report_form.js";
import { h, refusalBox } from "./ui.js";

function field(id, label, input) {
  return [h("label", { for: id }, label), input];
}

function actions(dialog, ...buttons) {
  return h("div", { class: "actions" }, ...buttons,
    h("button", { type: "button", id: "dialog-cancel", onclick: () => dialog.close() }, "Đóng"));
}

/** Send `build()`'s body with the submitting button held down; a string is the reason not to send. */
function onSend(form, status, build, send) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = build(event.submitter?.value);
    if (typeof body === "string") {
      status.replaceChildren(invalid(body));
      return;
    }
    const buttons = [...form.querySelectorAll("button[type=submit]")];
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await send(body, event.submitter?.value);
    } catch (error) {
      status.replaceChildren(refusalBox(error));
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  });
}

function periodBody(form) {
  const year = Number(form.year.value.trim());
  if (!/^\d{4}$/.test(form.year.value.trim()) || year < 1945 || year > 2100) return "Năm phải trong khoảng 1945–2100.";
  const half = form.kind.value === "half_year" ? Number(form.half.value) : null;
  const due = day(form.due_on.value);
  if (!due) return "Hạn nộp phải theo dạng dd/mm/yyyy, trong khoảng 01/01/1945–31/12/2100.";
  const ends = form.kind.value === "year" || half === 2 ? `${year}-12-31` : `${year}-06-30`;
  if (due < ends) return `R1: Hạn nộp ${viDate(due)} trước ngày kết thúc kỳ ${viDate(ends)}.`;
  const grace = form.grace_days.value.trim();
  if (!/^\d{1,3}$/.test(grace) || Number(grace) > 366) return "Số ngày gia hạn là số nguyên từ 0 đến 366.";
  return { kind: form.kind.value, year, ...(half ? { half } : {}), due_on: due, grace_days: Number(grace) };
}

export function openPeriodForm(dialog, redraw) {
  const key = `web-open-period-${crypto.randomUUID()}`;  // one per opened form
  const status = h("div", { id: "dialog-status", "aria-live": "polite" });
  const year = Number(todayVn().slice(0, 4));
  const form = h("form", { method: "dialog", id: "period-form", novalidate: true },
    h("h2", { id: "dialog-h" }, "Mở kỳ báo cáo"),
    field("p-kind", "Loại kỳ", h("select", { id: "p-kind", name: "kind" },
      h("option", { value: "half_year" }, "6 tháng"), h("option", { value: "year" }, "Năm"))),
    field("p-year", "Năm", h("input", { id: "p-year", name: "year", inputmode: "numeric", value: String(year), size: "6" })),
    field("p-half", "Nửa năm (kỳ 6 tháng)", h("select", { id: "p-half", name: "half" },
      h("option", { value: "1" }, "6 tháng đầu năm"), h("option", { value: "2" }, "6 tháng cuối năm"))),
    field("p-due", "Hạn nộp (dd/mm/yyyy)", h("input", { id: "p-due", name: "due_on", placeholder: "dd/mm/yyyy",
                                                         inputmode: "numeric", required: true })),
    field("p-grace", "Gia hạn (số ngày, 0–366)", h("input", { id: "p-grace", name: "grace_days", inputmode: "numeric",
                                                               value: "0", size: "4" })),
    h("p", {}, "Các đơn vị phải báo cáo được tính theo dữ liệu đơn vị hành chính và đơn vị tham gia ngày mở kỳ."),
    actions(dialog, h("button", { type: "submit", id: "period-submit" }, "Mở kỳ báo cáo")), status);
  onSend(form, status, () => periodBody(form), async (body) => {
    const answer = await command("reporting", "open-period", body, key);
    status.replaceChildren(h("p", { class: "ok", role: "status", id: "period-ok" },
      `${answer.unchanged ? "Kỳ đã mở từ trước" : "Đã mở kỳ"} ${answer.period_code}: ${answer.expected_units.length}`,
      ` đơn vị phải báo cáo (${answer.expected_units.join(", ")}), hạn ${viDate(answer.due_on)}.`));
    await redraw();
  });
  dialog.replaceChildren(form);
  dialog.showModal();
}

export async function openReview(dialog, code, unit, name, redraw) {
  const keys = { approve: `web-approve-${crypto.randomUUID()}`, return: `web-return-${crypto.randomUUID()}` };
  const status = h("div", { id: "dialog-status", "aria-live": "polite" });
  dialog.replaceChildren(h("h2", { id: "dialog-h" }, `Xét duyệt báo cáo kỳ ${code} của ${name(unit)}`), status);
  dialog.showModal();
  let saved;
  try {
    saved = await get("reporting", `/periods/${encodeURIComponent(code)}/submissions/${encodeURIComponent(unit)}`);
  } catch (error) {
    status.replaceChildren(refusalBox(error));
    return;
  }
  const form = h("form", { method: "dialog", id: "review-form", novalidate: true },
    h("h2", { id: "dialog-h" }, `Xét duyệt báo cáo kỳ ${code} của ${name(unit)}`),
    h("p", {}, `Lần ${saved.revision}, nộp ngày ${viDate(saved.submitted_on)}.`),
    figuresTable(saved.figures, "review-figures"), h("h3", {}, "Cảnh báo khi đối chiếu số liệu"),
    warningList(saved.warnings, "review-warnings"), h("h3", {}, "Thuyết minh"), h("p", { class: "narrative" }, saved.narrative),
    field("review-day", "Ngày phê duyệt hoặc trả lại (dd/mm/yyyy; để trống: hôm nay; ngày trước đó khi nhận báo cáo giấy)",
      h("input", { id: "review-day", name: "day", placeholder: "dd/mm/yyyy", inputmode: "numeric" })),
    field("review-reasons", "Lý do trả lại (bắt buộc khi trả lại, tối đa 2.000 ký tự)",
      h("textarea", { id: "review-reasons", name: "reasons", rows: "3", maxlength: String(LIMITS.text) })),
    actions(dialog, h("button", { type: "submit", id: "approve-submit", value: "approve" }, "Phê duyệt"),
            h("button", { type: "submit", id: "return-submit", value: "return" }, "Trả lại để sửa")), status);
  const ids = { period_code: code, unit_code: unit };
  onSend(form, status, (step) => {
    const on = form.day.value.trim() ? day(form.day.value) : "";
    if (on === null) return "Ngày phải theo dạng dd/mm/yyyy, trong khoảng 01/01/1945–31/12/2100.";
    if (on && on > todayVn()) return `R1: Ngày ${viDate(on)} ở tương lai.`;
    if (on && on < saved.submitted_on) return `R1: Ngày ${viDate(on)} trước ngày nộp ${viDate(saved.submitted_on)}.`;
    const dated = on ? { [step === "return" ? "returned_on" : "approved_on"]: on } : {};
    if (step !== "return") return { ...ids, ...dated };
    const reasons = text(form.reasons.value, LIMITS.text);
    return reasons ? { ...ids, reasons, ...dated } : `Nhập lý do trả lại (tối đa ${LIMITS.text} ký tự).`;
  }, async (body, step) => {
    await command("reporting", step === "return" ? "return-submission" : "approve-submission", body, keys[step]);
    dialog.close();
    await redraw();
  });
  dialog.replaceChildren(form);
}

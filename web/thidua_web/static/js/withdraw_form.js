// Withdrawing a nomination (awards `withdraw-nomination`): a confirm dialog with the reason and the
// day, checked before sending as the API checks them (A11: only before the decision, no earlier than
// the nomination's last step; a reason of 1..2000 characters), one Idempotency-Key per opened form.
// The nominating unit's officer withdraws its own nominations; the board any (awards' access rule).

import { command } from "./api.js";
import { day, LIMITS, nomineeName, onSubmit, STATUSES, text } from "./awards.js";
import { todayVn, viDate } from "./format.js";
import { h } from "./ui.js";

export const WITHDRAWABLE = ["submitted", "received", "reviewed"];

/** May the signed-in account withdraw this nomination (the API decides; this only offers the button)? */
export function mayWithdraw(s, who, n) {
  return Boolean(s) && WITHDRAWABLE.includes(n.status)
    && (s.role === "province_board" || (who && n.nominating_unit === who.unit));
}

export function openWithdrawForm(dialog, n, redraw) {
  const key = `web-withdraw-${crypto.randomUUID()}`;  // one per opened form: a double click withdraws once
  const status = h("div", { id: "withdraw-status", "aria-live": "polite" });
  const form = h("form", { method: "dialog", id: "withdraw-form", novalidate: true },
    h("h2", { id: "withdraw-h" }, `Rút hồ sơ đề nghị: ${nomineeName(n.nominee)}`),
    h("p", {}, `Hồ sơ ${n.nomination_id}, ${STATUSES[n.status] || n.status}. Hồ sơ đã rút không còn được xét;`,
      " đơn vị có thể nộp lại trong thời hạn của đợt."),
    h("label", { for: "w-reason" }, "Lý do rút hồ sơ"),
    h("textarea", { id: "w-reason", name: "reason", rows: "3", required: true, maxlength: String(LIMITS.text) }),
    h("label", { for: "w-when" }, "Ngày rút (dd/mm/yyyy)"),
    h("input", { id: "w-when", name: "when", required: true, value: viDate(todayVn()), placeholder: "dd/mm/yyyy",
                 inputmode: "numeric" }),
    h("div", { class: "actions" },
      h("button", { type: "submit", id: "withdraw-submit" }, "Xác nhận rút hồ sơ"),
      h("button", { type: "button", id: "withdraw-cancel", onclick: () => dialog.close() }, "Không rút")),
    status);
  onSubmit(form, status, form.querySelector("#withdraw-submit"), () => withdrawal(form, n), async (body) => {
    await command("awards", "withdraw-nomination", body, key);
    dialog.close();
    await redraw();
  });
  dialog.replaceChildren(form);
  dialog.showModal();
}

/** The command's body, checked as the API checks it, or the reason it cannot be sent. */
function withdrawal(form, n) {
  const reason = text(form.reason.value, LIMITS.text);
  if (!reason) return `Nhập lý do rút hồ sơ (tối đa ${LIMITS.text} ký tự).`;
  const on = day(form.when.value);
  if (!on) return "Ngày phải theo dạng dd/mm/yyyy, trong khoảng 01/01/1945–31/12/2100.";
  const last = n.history.map((e) => e.on).filter(Boolean).sort().pop();
  if (last && on < last) return `A11: Ngày rút không được trước bước trước của hồ sơ (${viDate(last)}).`;
  return { nomination_id: n.nomination_id, reason, withdrawn_on: on };
}

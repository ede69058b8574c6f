// A nominating unit's page (#/de-nghi?round=): a district officer (or a department's) sees its round's
// nominations with their verdicts and submits one for its own units (nomination_form.js).
//
// Reading chosen: "its nominations" are those its unit submitted and, for a district, those naming
// a nominee of the district (the province's flag for the district is the district's business too).
// The board sees every nomination of the round here and may nominate as any unit (as the API allows).

import { get, session } from "./api.js";
import { chosenRound, nomineeName, roundPicker, scrollBox, STATUSES, verdictList } from "./awards.js";
import { viDate } from "./format.js";
import { openNominationForm } from "./nomination_form.js";
import { fill, h } from "./ui.js";
import { mayWithdraw, openWithdrawForm } from "./withdraw_form.js";

/** Which nominations, kinds and nominees are the signed-in account's (null: everything, the board). */
export function nominator(s) {
  if (!s) return null;
  if (s.role === "district_officer") return { unit: s.scope, kind: "district" };
  if (s.role === "department_officer") return { unit: s.scope, kind: "department" };
  return null;
}

function mine(n, who) {
  if (!who) return true;
  return n.nominating_unit === who.unit || (who.kind === "district" && n.nominee.district === who.unit);
}

export async function renderNominations(root, params) {
  const s = session();
  const section = h("section", { id: "nominations-section", "aria-labelledby": "nominations-h" });
  const dialog = h("dialog", { id: "nominate-dialog", "aria-labelledby": "nominate-h" });
  const confirm = h("dialog", { id: "withdraw-dialog", "aria-labelledby": "withdraw-h" });
  root.replaceChildren(section, dialog, confirm);
  const who = nominator(s);
  const draw = () => fill(section, async () => {
    const { rounds, code } = await chosenRound(params);
    if (!code) return h("p", {}, "Chưa có đợt khen thưởng nào được ban hành.");
    const [round, all] = await Promise.all([get("awards", `/rounds/${encodeURIComponent(code)}`),
                                            get("awards", `/rounds/${encodeURIComponent(code)}/nominations`)]);
    const shown = all.filter((n) => mine(n, who));
    const canNominate = s && (who || s.role === "province_board");
    return [
      h("h2", { id: "nominations-h" }, `Hồ sơ đề nghị khen thưởng${who ? ` của đơn vị ${who.unit}` : ""}`),
      roundPicker("/de-nghi", rounds, code),
      h("p", {}, round.definition.title_vi, `. Nhận hồ sơ từ ${viDate(round.definition.nominations_open)}`,
        ` đến ${viDate(round.definition.nominations_due)}.`),
      canNominate
        ? h("button", { type: "button", id: "nominate-open",
                        onclick: () => openNominationForm(dialog, round, who, s, draw) }, "Lập hồ sơ đề nghị")
        : h("p", {}, "Đăng nhập bằng tài khoản của đơn vị để lập hồ sơ đề nghị."),
      nominationTable(shown, round, (n) => mayWithdraw(s, who, n) ? () => openWithdrawForm(confirm, n, draw) : null),
    ];
  });
  await draw();
}

function kindName(round, code) {
  return round.definition.award_kinds.find((k) => k.code === code)?.name_vi || code;
}

function nominationTable(rows, round, withdraw) {
  if (!rows.length) return h("p", { id: "nominations-empty" }, "Chưa có hồ sơ đề nghị nào.");
  return scrollBox("Hồ sơ đề nghị", h("table", { id: "nominations-table" },
    h("caption", {}, `${rows.length} hồ sơ đề nghị`),
    h("thead", {}, h("tr", {}, ["Đối tượng", "Hình thức khen thưởng", "Đơn vị đề nghị", "Ngày nộp", "Trạng thái",
                                "Các tiêu chuẩn (kiểm tra lại hôm nay)", "Thao tác"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows.map((n) => h("tr", { "data-nomination": n.nomination_id, "data-status": n.status },
      h("th", { scope: "row" }, nomineeName(n.nominee), h("br"), h("small", {}, n.nominee.code)),
      h("td", {}, kindName(round, n.award_kind)),
      h("td", {}, n.nominating_unit),
      h("td", {}, viDate(n.submitted_on)),
      h("td", { class: "status" }, STATUSES[n.status] || n.status, n.flagged ? h("strong", { class: "flag" }, " ⚑ cần xem lại") : null,
        n.decision ? h("div", {}, `QĐ ${n.decision.decision_number} (${viDate(n.decision.decision_date)})`) : null,
        n.status === "withdrawn" ? h("div", {}, `ngày ${viDate(withdrawnOn(n))}`) : null),
      h("td", {}, verdictList(n.current_verdicts)),
      h("td", {}, withdrawButton(n, withdraw(n))))))));
}

function withdrawnOn(n) {
  return n.history.filter((e) => e.event_type === "NominationWithdrawn").map((e) => e.on).pop();
}

function withdrawButton(n, open) {
  if (!open) return "—";
  return h("button", { type: "button", class: "step", "data-withdraw": n.nomination_id, onclick: open,
                       "aria-label": `Rút hồ sơ ${n.nomination_id}` }, "Rút hồ sơ");
}

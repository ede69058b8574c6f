// The Emulation Board's round page (#/dot-khen?round=): per award kind the nominations by status
// against its quotas, the quota usage and what is still missing (awards /rounds/{round}/dashboard),
// every nomination with each rule's verdict run again today and the board's next step (receive,
// the council's review, decide, confer: board_actions.js), a conferred award's certificate (PDF)
// and the decision's DOCX and XLSX to download.
//
// Reading chosen: the page shows the round as known now, its checks run on today's date (the
// API's defaults); only the board is offered the steps (the API refuses others, AUTH-ROLE).

import { get, session } from "./api.js";
import { chosenRound, nomineeName, roundPicker, scrollBox, STATUSES, verdictList } from "./awards.js";
import { openStep } from "./board_actions.js";
import { download } from "./files.js";
import { viDate, viDateTime } from "./format.js";
import { auditLink } from "./links.js";
import { fill, h, refusalBox } from "./ui.js";

const COUNTS = ["submitted", "received", "under_review", "approved", "rejected", "withdrawn", "conferred", "flagged"];
const GROUPS = { round: "cả đợt", nominee_district: "mỗi huyện", nominee_cluster: "mỗi cụm thi đua",
                 nominating_unit: "mỗi đơn vị đề nghị" };
const NEXT = { submitted: ["receive"], received: ["review"], reviewed: ["review", "decide"], approved: ["confer"] };
const STEP_NAMES = { receive: "Tiếp nhận", review: "Xét (Hội đồng)", decide: "Quyết định", confer: "Trao tặng" };

function quotaText(q) {
  const parts = [q.maximum != null ? `tối đa ${q.maximum}` : null, q.minimum != null ? `tối thiểu ${q.minimum}` : null,
                 q.share_of_communes_pct != null ? `${q.share_of_communes_pct}% số xã` : null].filter(Boolean);
  return `${q.rule}: ${parts.join(", ")} (${GROUPS[q.group] || q.group})`;
}

function kindsTable(board) {
  return scrollBox("Hồ sơ theo hình thức khen thưởng", h("table", { id: "kinds-table" },
    h("caption", {}, `Hồ sơ theo trạng thái, đối chiếu chỉ tiêu (kiểm tra ngày ${viDate(board.check_date)})`),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Hình thức khen thưởng"), h("th", { scope: "col" }, "Chỉ tiêu"),
      COUNTS.map((c) => h("th", { scope: "col" }, STATUSES[c])))),
    h("tbody", {}, board.kinds.map((k) => h("tr", { "data-kind": k.code },
      h("th", { scope: "row" }, k.name_vi, k.paragraph ? ` (${k.paragraph})` : ""),
      h("td", {}, k.quotas.length ? k.quotas.map((q) => h("div", {}, quotaText(q))) : "—"),
      COUNTS.map((c) => h("td", { class: "count", "data-count": c }, String(k.counts[c]))))))));
}

function quotaTable(rows) {
  const used = rows.filter((r) => r.used || r.shortfall);
  return scrollBox("Sử dụng chỉ tiêu", h("table", { id: "quota-table" },
    h("caption", {}, `Sử dụng chỉ tiêu: ${used.length} nhóm có hồ sơ hoặc còn thiếu (trên ${rows.length} nhóm)`),
    h("thead", {}, h("tr", {}, ["Quy định", "Nhóm", "Đã dùng", "Tối đa", "Tối thiểu", "Còn thiếu"]
      .map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, used.map((r) => h("tr", { "data-rule": r.rule, "data-key": r.key },
      h("th", { scope: "row" }, r.rule), h("td", {}, r.name || r.key), h("td", { "data-used": r.used }, String(r.used)),
      h("td", {}, r.maximum ?? "—"), h("td", {}, r.minimum ?? "—"), h("td", {}, String(r.shortfall)))))));
}

function missingList(missing) {
  if (!missing.length) return h("p", { id: "missing-list" }, "Không còn chỉ tiêu tối thiểu nào chưa đạt.");
  return h("ul", { id: "missing-list" }, missing.map((m) => h("li", { "data-rule": m.rule }, m.message_vi)));
}

function nominationRows(rows, round, act) {
  if (!rows.length) return h("p", {}, "Chưa có hồ sơ đề nghị nào.");
  const kinds = Object.fromEntries(round.definition.award_kinds.map((k) => [k.code, k.name_vi]));
  return scrollBox("Hồ sơ đề nghị của đợt", h("table", { id: "board-nominations" },
    h("caption", {}, `${rows.length} hồ sơ đề nghị; các tiêu chuẩn kiểm tra lại hôm nay`),
    h("thead", {}, h("tr", {}, ["Đối tượng", "Hình thức", "Trạng thái", "Tiêu chuẩn và chỉ tiêu", "Bước tiếp theo"]
      .map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows.map((n) => h("tr", { "data-nomination": n.nomination_id, "data-status": n.status },
      h("th", { scope: "row" }, nomineeName(n.nominee), h("br"), h("small", {}, `${n.nominee.code}, do ${n.nominating_unit} đề nghị`),
        h("br"), auditLink("nomination", n.nomination_id, { as_of: "" }, "Nhật ký hồ sơ")),
      h("td", {}, kinds[n.award_kind] || n.award_kind),
      h("td", {}, STATUSES[n.status] || n.status, n.flagged ? h("strong", { class: "flag" }, " ⚑ cần xem lại") : null,
        n.decision ? h("div", {}, `QĐ ${n.decision.decision_number} (${viDate(n.decision.decision_date)})`) : null),
      h("td", {}, verdictList(n.current_verdicts)),
      h("td", {}, act ? (NEXT[n.status] || []).map((step) => h("button", {
        type: "button", class: "step", "data-step": step, onclick: () => act(step, n) },
        `${STEP_NAMES[step]}: ${nomineeName(n.nominee)}`)) : null,
        n.status === "conferred" ? certificateButton(round.code, n) : null))))));
}

/** A conferred award's certificate (awards' PDF), saved under the service's name. Offered to every
 * reader: what it prints of a person is the API's reading of personal data, not the page's. */
function certificateButton(code, n) {
  const status = h("span", { class: "certificate-status", "aria-live": "polite" });
  const path = `/rounds/${encodeURIComponent(code)}/nominations/${encodeURIComponent(n.award_kind)}/`
    + `${encodeURIComponent(n.nominee.code)}/certificate.pdf`;
  return [h("button", { type: "button", class: "certificate", onclick: async () => {
    try {
      const name = await download("awards", path, {}, "bang-khen.pdf");
      status.replaceChildren(h("span", { class: "ok", role: "status" }, ` Đã tải ${name}.`));
    } catch (error) {
      status.replaceChildren(refusalBox(error));
    }
  } }, `Tải bằng khen (PDF): ${nomineeName(n.nominee)}`), status];
}

function documentsForm(code, numbers) {
  const status = h("div", { id: "documents-status", "aria-live": "polite" });
  const form = h("form", { id: "documents-form", class: "filters", novalidate: true },
    h("label", { for: "decision-number" }, "Số quyết định"),
    h("input", { id: "decision-number", name: "number", list: "decision-numbers", maxlength: "200", required: true,
                 value: numbers[0] || "" }),
    h("datalist", { id: "decision-numbers" }, numbers.map((n) => h("option", { value: n }))),
    h("label", { for: "decision-signer" }, "Người ký (nếu có)"),
    h("input", { id: "decision-signer", name: "signer", maxlength: "300" }),
    h("button", { type: "submit", value: "docx", id: "download-docx" }, "Tải Quyết định (DOCX)"),
    h("button", { type: "submit", value: "xlsx", id: "download-xlsx" }, "Tải danh sách (XLSX)"), status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const ext = event.submitter?.value || "docx";
    const number = form.number.value.trim().normalize("NFC"), signer = form.signer.value.trim().normalize("NFC");
    if (!number || number.length > 200 || signer.length > 300) {
      status.replaceChildren(h("p", { class: "invalid", role: "alert" }, "Nhập số quyết định (tối đa 200 ký tự)."));
      return;
    }
    try {
      const name = await download("awards", `/rounds/${encodeURIComponent(code)}/decision.${ext}`,
                                  { number, ...(signer ? { signer } : {}) }, `quyet-dinh.${ext}`);
      status.replaceChildren(h("p", { class: "ok", role: "status" }, `Đã tải ${name}.`));
    } catch (error) {
      status.replaceChildren(refusalBox(error));
    }
  });
  return form;
}

export async function renderRoundBoard(root, params) {
  const s = session();
  const section = h("section", { id: "round-section", "aria-labelledby": "round-h" });
  const dialog = h("dialog", { id: "step-dialog", "aria-labelledby": "step-h" });
  root.replaceChildren(section, dialog);
  const draw = () => fill(section, async () => {
    const { rounds, code } = await chosenRound(params);
    if (!code) return h("p", {}, "Chưa có đợt khen thưởng nào được ban hành.");
    const path = `/rounds/${encodeURIComponent(code)}`;
    const [round, board, rows] = await Promise.all([get("awards", path), get("awards", `${path}/dashboard`),
                                                    get("awards", `${path}/nominations`)]);
    const act = s && s.role === "province_board" ? (step, n) => openStep(dialog, step, n, draw) : null;
    const numbers = [...new Set(rows.filter((n) => n.decision).map((n) => n.decision.decision_number))];
    return [
      h("h2", { id: "round-h" }, `Đợt khen thưởng ${code}`), roundPicker("/dot-khen", rounds, code),
      h("p", {}, round.definition.title_vi, `. Ngày xét tiêu chuẩn ${viDate(board.reference_date)};`,
        ` số liệu biết đến ${viDateTime(board.known_at)}.`),
      h("h3", {}, "Theo hình thức khen thưởng"), kindsTable(board),
      h("h3", {}, "Còn thiếu"), missingList(board.missing),
      h("h3", {}, "Chỉ tiêu"), quotaTable(board.quotas),
      h("h3", {}, "Hồ sơ đề nghị"), nominationRows(rows, round, act),
      h("h3", {}, "Văn bản"), documentsForm(code, numbers),
    ];
  });
  await draw();
}

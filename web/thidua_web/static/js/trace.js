// A figure's trace (#/su-kien?kind=&figure=&as_of=&known_at=): its value in the report at
// (as_of, known_at) and the recorded events behind it, from reporting's
// GET /reports/{kind}/trace, one request.

import { get } from "./api.js";
import { recorder, viDate, viDateTime, viNumber } from "./format.js";
import { auditLink, communeHref } from "./links.js";
import { fill, h } from "./ui.js";

// Vietnamese names of the event types the dashboard's figures stand on; others show their type.
export const EVENT_TYPES = {
  UnitRegistered: "Đăng ký đơn vị hành chính", UnitRenamed: "Đổi tên đơn vị", UnitMoved: "Chuyển đơn vị",
  UnitDissolved: "Giải thể, sáp nhập đơn vị", ClusterFormed: "Thành lập cụm thi đua",
  ClusterMembershipChanged: "Thay đổi thành viên cụm", CriteriaSetPublished: "Ban hành bộ tiêu chí",
  CriterionAssessed: "Đánh giá tiêu chí", CriteriaAssessed: "Đánh giá tiêu chí (theo ma trận)",
  CommuneRecognised: "Công nhận xã đạt chuẩn", RecognitionRevoked: "Thu hồi công nhận",
  TargetSet: "Đặt mục tiêu", PeriodOpened: "Mở kỳ báo cáo", SubmissionSubmitted: "Nộp báo cáo",
  SubmissionDrafted: "Lưu bản nháp báo cáo", SubmissionReturned: "Trả lại báo cáo", SubmissionApproved: "Duyệt báo cáo",
};

const KINDS = { consolidated: "Báo cáo tổng hợp", "yearly-summary": "Báo cáo tổng kết năm", thematic: "Báo cáo chuyên đề" };

/** A figure's value in Vietnamese; a rate (a fraction) also as a percentage. */
export function shownValue(figure, v) {
  if (v === null || v === undefined) return "—";
  if (typeof v === "boolean") return v ? "có" : "không";
  if (typeof v !== "number") return String(v);
  const rate = /(^|\/)(rate|actual_rate|target_rate)$/.test(figure);
  return rate ? `${viNumber(v * 100, 2)}% (${String(v).replace(".", ",")})` : viNumber(v, Number.isInteger(v) ? 0 : 2);
}

const actor = recorder;

// The audit trail a row's stream belongs to (reporting's /audit kinds).
const AUDIT_KINDS = { unit: "unit", participant: "participant", commune_progress: "unit", reporting_period: "report", submission: "report",
                      issued_report: "report" };

function subject(e, tf) {
  const text = `${e.aggregate.type}:${e.aggregate.id} #${e.version}`;
  const kind = AUDIT_KINDS[e.aggregate.type];
  const shown = e.aggregate.type === "commune_progress" ? h("a", { href: communeHref(e.aggregate.id, tf) }, text) : text;
  return kind ? [shown, " · ", auditLink(kind, e.aggregate.id, tf, "nhật ký")] : [shown];
}

export async function renderTrace(root, filters, params) {
  const kind = params.get("kind") || "consolidated";
  const figure = params.get("figure") || "";
  const tf = { as_of: filters.as_of, known_at: filters.known_at || undefined };
  const section = h("section", { id: "trace-section", "aria-labelledby": "trace-h" });
  root.replaceChildren(section);
  await fill(section, async () => {
    const extra = Object.fromEntries(["year", "plan"].filter((k) => params.get(k)).map((k) => [k, params.get(k)]));
    const trace = await get("reporting", `/reports/${encodeURIComponent(kind)}/trace`, { figure, ...tf, ...extra });
    return traceView(trace, kind, tf);
  });
}

function traceView(trace, kind, tf) {
  const events = trace.events || [];
  return [
    h("h2", { id: "trace-h" }, "Các sự kiện tạo nên số liệu"),
    h("dl", { class: "facts" },
      h("dt", {}, "Báo cáo"), h("dd", {}, KINDS[kind] || kind),
      h("dt", {}, "Số liệu"), h("dd", {}, h("code", { id: "trace-figure" }, trace.figure)),
      h("dt", {}, "Giá trị"), h("dd", { id: "trace-value", "data-value": JSON.stringify(trace.value) }, shownValue(trace.figure, trace.value)),
      h("dt", {}, "Tính đến ngày"), h("dd", {}, viDate(trace.as_of)),
      h("dt", {}, "Theo dữ liệu biết đến"), h("dd", {}, viDateTime(trace.known_at)),
      h("dt", {}, "Cách đọc"), h("dd", { lang: "en" }, trace.reading || "—")),
    trace.constant ? h("p", { id: "trace-constant" }, "Đây là một hằng số của kế hoạch, không do sự kiện nào tạo nên.") : null,
    trace.not_indexed?.length
      ? h("p", { class: "invalid", role: "status" },
          `${trace.not_indexed.length} sự kiện chưa vào chỉ mục (đang cập nhật), chưa được liệt kê.`)
      : null,
    h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Các sự kiện" }, h("table", { id: "trace-events", class: "events" },
      h("caption", {}, `${events.length} sự kiện, theo thời điểm ghi nhận`),
      h("thead", {}, h("tr", {}, ["Loại sự kiện", "Ngày", "Ghi nhận lúc", "Người ghi", "Số văn bản", "Lý do",
                                   "Đối tượng", "Mã tương quan"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, events.map((e) => h("tr", { "data-event-id": e.event_id, "data-type": e.type },
        h("th", { scope: "row" }, EVENT_TYPES[e.type] || e.type), h("td", {}, viDate(e.day)),
        h("td", {}, viDateTime(e.recorded_at)), h("td", {}, actor(e.actor)), h("td", {}, e.document_number || "—"),
        h("td", {}, e.reason || "—"), h("td", {}, subject(e, tf)),
        h("td", {}, h("code", {}, e.correlation_id || "—"))))))),
  ].filter(Boolean);
}

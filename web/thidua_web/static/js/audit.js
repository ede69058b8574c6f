// The audit trail of a subject (#/nhat-ky?kind=&id=&as_of=&known_at=): reporting's
// GET /audit/{kind}/{id}, every event about it recorded by known_at and dated by as_of, in
// recording order: who, when, why (document, reason), the event and its stream; each row's
// correlation chain (the events of other services and streams sharing its correlation id, with
// which caused which) opens beneath it. "Xem tiếp" asks the next page at the same known_at.

import { get } from "./api.js";
import { recorder as who, viDate, viDateTime } from "./format.js";
import { EVENT_TYPES } from "./trace.js";
import { fill, h, refusalBox } from "./ui.js";

export const SUBJECT_KINDS = { unit: "Đơn vị", participant: "Đối tượng tham gia", criterion: "Tiêu chí của xã", nomination: "Hồ sơ đề nghị khen thưởng",
                               report: "Báo cáo" };
const SERVICES = { registry: "Đăng ký đơn vị", progress: "Tiến độ tiêu chí", awards: "Khen thưởng",
                   reporting: "Báo cáo" };
const MORE_TYPES = {
  NominationSubmitted: "Nộp hồ sơ đề nghị", NominationReceived: "Tiếp nhận hồ sơ", NominationReviewed: "Hội đồng xét",
  NominationDecided: "Quyết định khen thưởng", NominationWithdrawn: "Rút hồ sơ", AwardConferred: "Trao tặng",
  PilotDesignated: "Chọn làm điểm", ParticipantRegistered: "Đăng ký đối tượng tham gia",
  PersonalDataErased: "Xoá dữ liệu cá nhân", SupportPledged: "Đăng ký hỗ trợ xã", PlanDue: "Giao hạn nộp kế hoạch",
  PlanSubmitted: "Nộp kế hoạch", MovementRegistered: "Đăng ký thi đua", RoundDefined: "Mở đợt khen thưởng",
  PrizeSet: "Đặt mức thưởng", CouncilFindingRecorded: "Ghi nhận kết luận hội đồng",
  EmulationScoreRecorded: "Ghi điểm thi đua", ThresholdSet: "Đặt ngưỡng chỉ tiêu", RegionDeclared: "Khai báo vùng",
  InspectionRecorded: "Ghi nhận kiểm tra", InspectionActionDone: "Hoàn thành việc sau kiểm tra",
  ProposalRecorded: "Ghi nhận kiến nghị", ProposalAnswered: "Trả lời kiến nghị", ReportIssued: "Ban hành báo cáo", CommunePlanRecorded: "Ghi nhận kế hoạch của xã",
};

function typeName(type) {
  return EVENT_TYPES[type] || MORE_TYPES[type] || type;
}


function shortId(id) {
  return id ? h("code", { title: id }, id.slice(0, 8)) : "—";
}

function chainView(chain, self) {
  if (!chain) return "—";
  const label = `${chain.size} sự kiện (${chain.size - 1} khác), ${chain.services.map((s) => SERVICES[s] || s).join(", ")}`;
  return h("details", { class: "chain", "data-correlation": chain.correlation_id },
    h("summary", {}, label),
    h("p", {}, "Mã tương quan ", h("code", {}, chain.correlation_id),
      chain.truncated ? ` — hiển thị ${chain.events.length} sự kiện đầu tiên` : ""),
    h("ol", {}, chain.events.map((e) => h("li", { "data-event-id": e.event_id, class: e.event_id === self.event_id ? "self" : null },
      `${typeName(e.type)} · ${SERVICES[e.service] || e.service || "?"} · ${viDate(e.day)} · ${who(e.actor)}`,
      e.document_number ? ` · số ${e.document_number}` : "",
      e.caused_by ? h("span", { class: "cause" }, " · do sự kiện ", shortId(e.caused_by)) : "",
      e.caused.length ? h("span", { class: "cause" }, " · dẫn đến ", e.caused.map(shortId)) : ""))));
}

function row(e) {
  return h("tr", { "data-event-id": e.event_id, "data-type": e.type },
    h("th", { scope: "row" }, typeName(e.type)), h("td", {}, viDate(e.day)), h("td", {}, viDateTime(e.recorded_at)),
    h("td", { class: "who" }, who(e.actor)), h("td", { class: "document" }, e.document_number || "—"),
    h("td", {}, e.reason || "—"), h("td", {}, SERVICES[e.service] || e.service || "—"),
    h("td", {}, `${e.aggregate.type}:${e.aggregate.id} #${e.version}`, h("br"), shortId(e.event_id)),
    h("td", {}, chainView(e.chain, e)));
}

export async function renderAudit(root, filters, params) {
  const kind = params.get("kind") || "", id = params.get("id") || "";
  const tf = { as_of: filters.as_of, known_at: filters.known_at || undefined };
  const section = h("section", { id: "audit-section", "aria-labelledby": "audit-h" });
  root.replaceChildren(section);
  const path = `/audit/${encodeURIComponent(kind)}/${id.split("/").map(encodeURIComponent).join("/")}`;
  await fill(section, async () => auditView(await get("reporting", path, tf), kind, id, path));
}

function auditView(trail, kind, id, path) {
  const body = h("tbody", {}, trail.events.map(row));
  const caption = h("caption", {}, "");
  const status = h("div", { id: "audit-more-status", "aria-live": "polite" });
  let next = trail.next, shown = trail.events.length;
  const count = () => caption.replaceChildren(`${shown} / ${trail.total} sự kiện, theo thời điểm ghi nhận`);
  const more = h("button", { type: "button", id: "audit-more", hidden: !next, onclick: async () => {
    try {
      const page = await get("reporting", path, { as_of: trail.as_of, known_at: trail.known_at, after: next });
      body.append(...page.events.map(row));
      shown += page.events.length;
      next = page.next;
      more.hidden = !next;
      count();
    } catch (error) {
      status.replaceChildren(refusalBox(error));
    }
  } }, "Xem tiếp");
  count();
  return [
    h("h2", { id: "audit-h" }, `Nhật ký: ${SUBJECT_KINDS[kind] || kind} ${id}`),
    h("dl", { class: "facts" },
      h("dt", {}, "Đối tượng"), h("dd", {}, h("code", { id: "audit-subject" }, `${kind}/${id}`)),
      h("dt", {}, "Sự kiện có hiệu lực đến ngày"), h("dd", {}, viDate(trail.as_of)),
      h("dt", {}, "Theo dữ liệu biết đến"), h("dd", {}, viDateTime(trail.known_at))),
    h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Nhật ký sự kiện" },
      h("table", { id: "audit-events", class: "events" }, caption,
        h("thead", {}, h("tr", {}, ["Sự kiện", "Ngày", "Ghi nhận lúc", "Người ghi", "Số văn bản", "Lý do", "Dịch vụ",
                                     "Luồng, mã sự kiện", "Chuỗi tương quan"].map((t) => h("th", { scope: "col" }, t)))),
        body)),
    more, status,
  ];
}

// A xã's page (#/xa?code=&as_of=&known_at=): its full history. One request per service:
// - registry GET /units/{code}/history: its names, district and the changes of the unit, with decisions;
// - progress GET /communes/{code}/history: every assessment, recognition and revocation effective by
//   as_of and recorded by known_at, with the evidence's document number and the decision's number;
// - reporting's trace of `districts/<its district>/rate` (asked once the district is known): the
//   indexed events behind the xã's standing, which give who recorded them and the correlation id.
// Progress's history names who recorded each of its events and their correlation id (from its own
// event store); the trace gives who recorded the unit's changes.

import { ApiRefusal, get } from "./api.js";
import { recorder, viDate, viDateTime } from "./format.js";
import { auditLink, figureId, traceHref } from "./links.js";
import { EVENT_TYPES } from "./trace.js";
import { fill, h, refusalBox } from "./ui.js";

function describe(e) {
  if (e.kind === "assessment") return `Đánh giá tiêu chí ${e.criterion}: ${e.met ? "đạt" : "chưa đạt"}`;
  return e.kind === "recognition" ? "Công nhận xã đạt chuẩn nông thôn mới" : "Thu hồi công nhận đạt chuẩn";
}

function who(event) {
  return recorder(event?.actor);
}

async function actors(unit, tf) {
  const version = unit.versions.find((v) => v.in_force_on_as_of) || unit.versions[unit.versions.length - 1];
  if (!version?.parent_code) return { byKey: new Map(), note: null, district: null };
  const figure = figureId("districts", version.parent_code, "rate");
  try {
    const trace = await get("reporting", "/reports/consolidated/trace", { figure, ...tf });
    const byKey = new Map(trace.events.map((e) => [`${e.aggregate.type}:${e.aggregate.id}#${e.version}`, e]));
    return { byKey, note: null, district: version.parent_code, figure };
  } catch (error) {
    if (!(error instanceof ApiRefusal)) throw error;
    return { byKey: new Map(), note: refusalBox(error), district: version.parent_code, figure };
  }
}

export async function renderCommune(root, filters, params) {
  const code = params.get("code") || "";
  const tf = { as_of: filters.as_of, known_at: filters.known_at || undefined };
  const section = h("section", { id: "commune-section", "aria-labelledby": "commune-h" });
  root.replaceChildren(section);
  await fill(section, async () => {
    const historyP = get("progress", `/communes/${encodeURIComponent(code)}/history`, tf);
    historyP.catch(() => {});  // awaited below, after the registry's answer
    const unit = await get("registry", `/units/${encodeURIComponent(code)}/history`, tf);
    const [history, known] = await Promise.all([historyP, actors(unit, tf)]);
    return communeView(code, unit, history, known, tf);
  });
}

/** The dashboard filtered on the xã's district, at the same (as_of, known_at). */
function districtLink(district, tf) {
  const params = new URLSearchParams({ as_of: tf.as_of, ...(tf.known_at ? { known_at: tf.known_at } : {}), district });
  return h("a", { href: `#/?${params}` }, district);
}

function communeView(code, unit, history, known, tf) {
  const version = unit.versions.find((v) => v.in_force_on_as_of) || unit.versions[unit.versions.length - 1];
  const progressKey = (e) => `commune_progress:${code}#${e.stream_version}`;
  return [
    h("h2", { id: "commune-h" }, `${version.name} (mã ${code})`),
    h("p", {}, "Thuộc huyện mã ", version.parent_code ? districtLink(version.parent_code, tf) : "—",
      `; có từ ${viDate(version.effective_from)}`,
      version.effective_to ? ` đến ${viDate(version.effective_to)}` : "", `. Lịch sử tính đến ngày ${viDate(tf.as_of)}. `,
      known.figure ? h("a", { href: traceHref(known.figure, tf), class: "trace" }, "Sự kiện tạo nên tỷ lệ của huyện") : "",
      " · ", auditLink("unit", code, tf, "Nhật ký của xã")),
    known.note,
    h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Lịch sử của xã" },
      h("table", { id: "commune-events", class: "events" },
      h("caption", {}, `${history.events.length} lần đánh giá, công nhận, thu hồi (theo ngày hiệu lực)`),
      h("thead", {}, h("tr", {}, ["Sự kiện", "Bộ tiêu chí", "Ngày hiệu lực", "Ghi nhận lúc", "Người ghi",
                                   "Số quyết định / văn bản", "Minh chứng", "Mã tương quan", "Nhật ký"]
        .map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, history.events.map((e) => {
        const indexed = e.actor ? e : known.byKey.get(progressKey(e));
        return h("tr", { "data-kind": e.kind, "data-version": e.stream_version, "data-criterion": e.criterion ?? null },
          h("th", { scope: "row" }, describe(e)), h("td", {}, e.criteria_set_id || "—"),
          h("td", {}, viDate(e.effective_date)), h("td", {}, viDateTime(e.recorded_at)), h("td", {}, who(indexed)),
          h("td", {}, e.decision_number || e.document_number || "—"), h("td", {}, e.evidence || "—"),
          h("td", {}, h("code", {}, indexed?.correlation_id || "—")),
          h("td", {}, e.criterion ? auditLink("criterion", `${code}/${e.criterion}`, tf, `Tiêu chí ${e.criterion}`) : "—"));
      })))),
    h("h3", {}, "Thay đổi của đơn vị hành chính"),
    h("table", { id: "unit-changes", class: "events" },
      h("caption", {}, "Các thay đổi đã ghi nhận, với văn bản quyết định"),
      h("thead", {}, h("tr", {}, ["Sự kiện", "Ngày hiệu lực", "Ghi nhận lúc", "Người ghi", "Số văn bản"]
        .map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, unit.changes.map((c) => {
        const p = c.payload || {};
        return h("tr", { "data-type": c.event_type },
          h("th", { scope: "row" }, EVENT_TYPES[c.event_type] || c.event_type), h("td", {}, viDate(p.effective_from || p.effective_date || p.effective_to)),
          h("td", {}, viDateTime(c.recorded_at)), h("td", {}, who(known.byKey.get(`unit:${code}#${c.stream_version}`))),
          h("td", {}, c.document_number || "—"));
      }))),
  ].filter(Boolean);
}

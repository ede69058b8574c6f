// The periodic-reports page (#/bao-cao?period=&unit=, R1): the reporting periods (a unit's officer:
// those its unit owes), a period's terms, completeness and timeliness with the late and missing
// units (reporting /periods/{code}/completeness, today) and each owing unit's status; a unit's
// submission with its form (report_form.js); the board opens periods and approves or returns
// submissions (report_board.js); the issued reports with their files and changes (issued_reports.js).
//
// Readings chosen: an officer lands on its own unit's submission for the period; any unit of the
// period may be opened (?unit=), and the form is offered to every account that may report: whether
// the unit is the officer's is the API's rule (AUTH-SCOPE), shown with its text when refused.

import { get, session } from "./api.js";
import { day, invalid, scrollBox } from "./awards.js";
import { todayVn, viDate, viNumber } from "./format.js";
import { renderIssued } from "./issued_reports.js";
import { openPeriodForm, openReview } from "./report_board.js";
import { figureLabel, figureValue, STATUSES } from "./report_figures.js";
import { renderSubmission } from "./report_form.js";
import { fill, h } from "./ui.js";

const KINDS = { district: "Huyện, thành phố", department: "Sở, ngành", mass_organisation: "Đoàn thể",
                fatherland_front: "Mặt trận Tổ quốc" };
const PERIOD_KINDS = { half_year: "6 tháng", year: "Năm" };

/** The unit the signed-in account reports for (null: the board, or not a unit's officer). */
export function reporter(s) {
  return s && ["district_officer", "department_officer"].includes(s.role) ? s.scope : null;
}

export function periodTitle(p) {
  return p.kind === "year" ? `năm ${p.year}` : `6 tháng ${p.half === 1 ? "đầu" : "cuối"} năm ${p.year}`;
}

function deadline(p) {
  const t = new Date(`${p.due_on}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + p.grace_days);
  return t.toISOString().slice(0, 10);
}

function pct(value) {
  return value === null || value === undefined ? "—" : `${viNumber(value, 1)}%`;
}

function periodsTable(periods, unit) {
  if (!periods.length) {
    return h("p", { id: "periods-empty" }, unit ? `Đơn vị ${unit} chưa phải báo cáo kỳ nào.` : "Chưa có kỳ báo cáo nào được mở.");
  }
  return scrollBox("Các kỳ báo cáo", h("table", { id: "periods-table" },
    h("caption", {}, `${periods.length} kỳ báo cáo`),
    h("thead", {}, h("tr", {}, ["Kỳ", "Loại", "Từ ngày", "Đến ngày", "Hạn nộp", "Gia hạn (ngày)", "Hạn cuối",
                                "Số đơn vị phải báo cáo"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, periods.map((p) => h("tr", { "data-period": p.code },
      h("th", { scope: "row" }, h("a", { href: `#/bao-cao?period=${encodeURIComponent(p.code)}` }, `${p.code} (${periodTitle(p)})`)),
      h("td", {}, PERIOD_KINDS[p.kind] || p.kind), h("td", {}, viDate(p.starts_on)), h("td", {}, viDate(p.ends_on)),
      h("td", {}, viDate(p.due_on)), h("td", {}, String(p.grace_days)), h("td", {}, viDate(deadline(p))),
      h("td", { "data-owed": p.owed }, String(p.owed)))))));
}

function rateRow(label, key, r) {
  return h("tr", { "data-group": key },
    h("th", { scope: "row" }, label), h("td", { "data-owed": r.owed }, String(r.owed)),
    h("td", { "data-submitted": r.submitted }, String(r.submitted)), h("td", { "data-on-time": r.on_time }, String(r.on_time)),
    h("td", { "data-completeness": r.completeness_pct }, pct(r.completeness_pct)),
    h("td", { "data-timeliness": r.timeliness_pct }, pct(r.timeliness_pct)));
}

function completenessBlock(c, name) {
  const unitList = (id, codes, empty) => codes.length
    ? h("ul", { id }, codes.map((code) => h("li", { "data-unit": code }, name(code))))
    : h("p", { id }, empty);
  return [
    scrollBox("Tính đầy đủ và đúng hạn", h("table", { id: "completeness-table" },
      h("caption", {}, `Tính đủ và đúng hạn đến ngày ${viDate(c.as_of)}; hạn cuối ${viDate(c.deadline)}`,
        c.overdue ? " (đã quá hạn)" : ""),
      h("thead", {}, h("tr", {}, ["", "Phải báo cáo", "Đã nộp", "Đúng hạn", "Tỷ lệ đầy đủ", "Tỷ lệ đúng hạn"]
        .map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, rateRow("Toàn tỉnh", "province", c.province),
        Object.entries(c.by_kind).map(([kind, r]) => rateRow(KINDS[kind] || kind, kind, r))))),
    h("h4", {}, "Đơn vị nộp muộn"), unitList("late-units", c.late_units, "Không có đơn vị nộp muộn."),
    h("h4", {}, "Đơn vị chưa nộp"), unitList("missing-units", c.missing_units, "Mọi đơn vị đã nộp."),
  ];
}

function submissionsTable(detail, c, name, review) {
  const rows = Object.fromEntries(c.units.map((u) => [u.unit_code, u]));
  return scrollBox("Báo cáo của các đơn vị", h("table", { id: "submissions-table" },
    h("caption", {}, `Báo cáo của ${detail.submissions.length} đơn vị phải báo cáo`),
    h("thead", {}, h("tr", {}, ["Đơn vị", "Trạng thái", "Lần", "Ngày nộp (tính)", "Đúng hạn", "Thao tác"]
      .map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, detail.submissions.map((s) => h("tr", { "data-unit": s.unit_code, "data-status": s.status },
      h("th", { scope: "row" }, name(s.unit_code)), h("td", {}, STATUSES[s.status] || s.status),
      h("td", {}, s.revision ?? "—"), h("td", {}, viDate(rows[s.unit_code]?.reported_on)),
      h("td", {}, rows[s.unit_code]?.submitted ? (rows[s.unit_code].on_time ? "Có" : "Không") : "—"),
      h("td", {}, s.status === "missing" ? null : h("a", {
        href: `#/bao-cao?period=${encodeURIComponent(detail.code)}&unit=${encodeURIComponent(s.unit_code)}` },
        `Xem báo cáo của ${name(s.unit_code)}`),
        review && s.status === "submitted" ? h("button", { type: "button", class: "step", "data-review": s.unit_code,
          onclick: () => review(s.unit_code) }, `Xét duyệt: ${name(s.unit_code)}`) : null))))));
}

/** Completeness at another day (?as_of=): dd/mm/yyyy, checked before asking. */
function asOfForm(code, shown) {
  const status = h("span", { id: "as-of-status", "aria-live": "polite" });
  const form = h("form", { id: "as-of-form", class: "filters", novalidate: true },
    h("label", { for: "c-as-of" }, "Tính đến ngày"),
    h("input", { id: "c-as-of", name: "as_of", value: viDate(shown), placeholder: "dd/mm/yyyy", inputmode: "numeric", size: "10" }),
    h("button", { type: "submit" }, "Xem"), status);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const asOf = day(form.as_of.value);
    if (!asOf) {
      status.replaceChildren(invalid("Ngày phải theo dạng dd/mm/yyyy, trong khoảng 01/01/1945–31/12/2100."));
      return;
    }
    location.hash = `#/bao-cao?period=${encodeURIComponent(code)}&as_of=${asOf}`;
  });
  return form;
}

/** The reports standing at as_of (approved, else under review) added up, province-wide. */
function totalsTable(t) {
  const p = t.province;
  return scrollBox("Số liệu cộng lại", h("table", { id: "totals-table" },
    h("caption", {}, `Cộng ${p.units} báo cáo đang có hiệu lực ngày ${viDate(t.as_of)} (${p.approved_units} đã phê duyệt;`,
      " bản nháp và bản bị trả lại không tính)"),
    h("thead", {}, h("tr", {}, ["Chỉ tiêu (đơn vị tính)", "Tổng", "Số báo cáo để trống"].map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, t.figures.map((f) => h("tr", { "data-figure": f },
      h("th", { scope: "row" }, figureLabel(f)), h("td", { class: "count", "data-total": p[f].total }, figureValue(p[f].total)),
      h("td", { class: "count" }, String(p[f].blank)))))));
}

export async function renderReports(root, params) {
  const s = session();
  const board = s && s.role === "province_board";
  const own = reporter(s);
  const sections = ["periods", "period", "submission", "issued"].map((id) =>
    h("section", { id: `${id}-section`, "aria-labelledby": `${id}-h` }));
  const [periodsBox, periodBox, submissionBox, issuedBox] = sections;
  const dialog = h("dialog", { id: "report-dialog", "aria-labelledby": "dialog-h" });
  root.replaceChildren(...sections, dialog);
  const code = params.get("period");
  let names = {};
  const name = (unit) => names[unit] ? `${names[unit]} (${unit})` : unit;

  const drawPeriods = () => fill(periodsBox, async () => {
    const periods = (await get("reporting", "/periods")).filter((p) => !own || p.expected_units.includes(own));
    return [h("h2", { id: "periods-h" }, own ? `Các kỳ báo cáo đơn vị ${name(own)} phải nộp` : "Các kỳ báo cáo định kỳ"),
      board ? h("button", { type: "button", id: "open-period", onclick: () => openPeriodForm(dialog, drawPeriods) },
                "Mở kỳ báo cáo") : null,
      periodsTable(periods, own)].filter(Boolean);
  });
  const drawPeriod = () => fill(periodBox, async () => {
    const path = `/periods/${encodeURIComponent(code)}`;
    const [detail, c, totals] = await Promise.all([get("reporting", path),
      get("reporting", `${path}/completeness`, { as_of: asOf }), get("reporting", `${path}/totals`, { as_of: asOf })]);
    const review = board ? (unit) => openReview(dialog, code, unit, name, redraw) : null;
    return [h("h2", { id: "period-h" }, `Kỳ báo cáo ${code} (${periodTitle(detail)})`),
      h("p", {}, `Từ ${viDate(detail.starts_on)} đến ${viDate(detail.ends_on)}; hạn nộp ${viDate(detail.due_on)},`,
        ` gia hạn ${detail.grace_days} ngày; mở ngày ${viDate(detail.opened_on)}.`),
      h("h3", {}, "Tính đầy đủ và đúng hạn"), asOfForm(code, c.as_of), ...completenessBlock(c, name),
      h("h3", {}, "Số liệu cộng lại"), totalsTable(totals),
      h("h3", {}, "Báo cáo của các đơn vị"), submissionsTable(detail, c, name, review)];
  });
  const unit = params.get("unit") || own;
  const asOf = params.get("as_of") || "";
  const revision = params.get("revision") || "";
  const drawSubmission = (notice) => renderSubmission(submissionBox, { code, unit, revision, session: s, name, redraw, notice });
  async function redraw(notice) {
    await Promise.all([drawPeriod(), unit ? drawSubmission(notice) : null]);
  }

  try {  // who may owe a report: district-level units and the province's departments and organisations
    const asOf = todayVn();
    const lists = await Promise.all([get("registry", "/units", { level: "district", as_of: asOf }),
      ...Object.keys(KINDS).filter((k) => k !== "district").map((kind) => get("registry", "/participants", { kind, as_of: asOf }))]);
    names = Object.fromEntries(lists.flat().filter((u) => u.name).map((u) => [u.code, u.name]));
  } catch {
    names = {};  // names are a courtesy: codes are shown without them
  }
  await Promise.all([
    drawPeriods(),
    code ? drawPeriod() : Promise.resolve(periodBox.remove()),
    code && unit ? drawSubmission() : Promise.resolve(submissionBox.remove()),
    renderIssued(issuedBox, s),
  ]);
}

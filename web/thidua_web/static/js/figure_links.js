// "Every figure links to the events behind it": once the dashboard has drawn, each figure is made a
// link to reporting's trace of the consolidated report's figure with the same meaning.
//
// Readings (the dashboard draws some figures from progress, not from the report):
// - a point of the rate line (progress /rates at 31/12 of a year, or at as_of) is the report's
//   `province/rate` (a district's: `districts/<code>/rate`) asked at that day: both are P5 over the
//   same facts, so the trace is the report's at the point's own as_of;
// - a heat-map cell (progress matrices) has no figure of its own in the report: it opens its
//   criterion's audit trail, and its row's "CN" mark the xã's page (heat_links.js);
// - a period's completeness (reporting /periods/<code>/completeness) is the report's
//   `periodic_reporting/periods/<code>/province/submitted|on_time` (the same computation), linked
//   only for the periods the report lists (those started by as_of).

import { linkHeatMap } from "./heat_links.js";
import { figureId, linkMarks, traceHref } from "./links.js";

function wrap(cell, figure, tf) {
  if (!cell) return;
  const link = document.createElement("a");
  link.href = traceHref(figure, tf);
  link.className = "trace";
  link.dataset.figure = figure;
  link.title = "Xem các sự kiện tạo nên số liệu này";
  link.append(...cell.childNodes);
  cell.append(link);
}

/** `dates`: the days the rate line is drawn at (one per year), so a point's year gives its day. */
export function linkDashboardFigures(root, report, tf, district, dates) {
  const days = new Map(dates.map((day) => [day.slice(0, 4), day]));
  const at = (mark) => ({ ...tf, as_of: days.get(mark.dataset.year) });
  wrap(root.querySelector("#province-rate"), figureId("province", "rate"), tf);
  for (const svg of root.querySelectorAll("#rate-section svg")) {
    linkMarks(svg, "circle.point.province", (m) => traceHref(figureId("province", "rate"), at(m)));
    if (district) linkMarks(svg, "circle.point.district", (m) => traceHref(figureId("districts", district, "rate"), at(m)));
  }
  for (const row of root.querySelectorAll("table.targets tr[data-year]")) {
    wrap(row.cells[2], figureId("targets", `${report.province.code}+${row.dataset.year}`, "actual_rate"), tf);
  }
  for (const svg of root.querySelectorAll("#ranking-section svg")) {
    linkMarks(svg, "rect.bar", (m) => traceHref(figureId("districts", m.dataset.code, "rate"), tf));
  }
  const clusterOf = new Map(report.clusters.flatMap((c) => c.members.map((m) => [m.code, c.code])));
  for (const row of root.querySelectorAll("table.ranking tr[data-code]")) {
    const code = row.dataset.code;
    wrap(row.cells[0], figureId("districts", code, "rank"), tf);
    wrap(row.cells[4], figureId("districts", code, "rate"), tf);
    if (clusterOf.has(code)) wrap(row.cells[5], `clusters/${figureId(clusterOf.get(code))}/members/${figureId(code)}/rank_in_cluster`, tf);
  }
  for (const row of root.querySelectorAll("table.attainment tr[data-criterion]")) {
    wrap(row.cells[2], figureId("criteria_attainment", row.dataset.criterion, "communes_met"), tf);
  }
  const reported = new Set((report.periodic_reporting?.periods || []).map((p) => p.period_code));
  for (const row of root.querySelectorAll("table.completeness tr[data-period]")) {
    if (!reported.has(row.dataset.period)) continue;
    const base = ["periodic_reporting", "periods", row.dataset.period, "province"];
    wrap(row.cells[2], figureId(...base, "submitted"), tf);
    wrap(row.cells[3], figureId(...base, "on_time"), tf);
  }
  linkHeatMap(root, tf);
}

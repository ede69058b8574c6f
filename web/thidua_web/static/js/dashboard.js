// The public dashboard: the province's NTM rate over time against the targets, the district ranking
// with clusters, the communes × criteria heat map, the map of xã and reporting completeness, at
// (as_of, known_at); every figure links to the events behind it (figure_links.js).

import { ApiRefusal, get } from "./api.js";
import { linkDashboardFigures } from "./figure_links.js";
import { viDate, viNumber, viPercent, viRate } from "./format.js";
import { heatMap, rankingChart, rateChart } from "./svg.js";
import { fill, h } from "./ui.js";
import { mapSection } from "./map.js";
import { ruralCommunes, unitsOn } from "./units.js";

const FIRST_YEAR = 2011, LAST_YEAR = 2020;  // the programme (Plan 108/KH-UBND, 2011–2020)

/** The dates the rate line is drawn at: 31/12 of each year of the programme up to as_of, and as_of. */
export function seriesDates(asOf) {
  const dates = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    const end = `${y}-12-31`;
    if (end >= asOf) { dates.push(asOf); return dates; }
    dates.push(end);
  }
  return [...dates, asOf];
}

function timeframe(filters) {
  return { as_of: filters.as_of, known_at: filters.known_at || undefined };
}

export async function renderDashboard(root, filters) {
  const tf = timeframe(filters);
  const sections = {
    rate: h("section", { id: "rate-section", "aria-labelledby": "rate-h" }),
    ranking: h("section", { id: "ranking-section", "aria-labelledby": "ranking-h" }),
    heat: h("section", { id: "heat-section", "aria-labelledby": "heat-h" }),
    map: h("section", { id: "map-section", "aria-labelledby": "map-h" }),
    reports: h("section", { id: "reports-section", "aria-labelledby": "reports-h" }),
  };
  root.replaceChildren(...Object.values(sections));
  // One request per question, each asked once and shared (one round trip per service): the report
  // (reporting), the registry's units (the filters' list, shared), the rate line's dates and the
  // districts' matrices (progress; the matrices drawn twice: heat map and map).
  const report = get("reporting", "/reports/consolidated", tf);
  report.catch(() => {});  // shown by each section that needs it
  const rates = get("progress", "/rates/series", { dates: seriesDates(tf.as_of).join(","), known_at: tf.known_at });
  rates.catch(() => {});  // shown by the rate line
  const matrices = report.then((r) => get("progress", "/districts/matrices", {
    ...tf, codes: (filters.district ? [filters.district] : r.districts.map((d) => d.code)).join(",") }))
    .then((answer) => answer.matrices);
  matrices.catch(() => {});  // shown by the heat map and the map
  const units = unitsOn(tf.as_of, tf.known_at).then((list) => ruralCommunes(list, filters.district));
  units.catch(() => {});  // shown by the map
  await Promise.all([
    fill(sections.rate, () => rateSection(report, rates, tf, filters.district)),
    fill(sections.ranking, () => rankingSection(report, filters.district)),
    fill(sections.heat, () => heatSection(report, matrices)),
    fill(sections.map, () => mapSection(matrices, units, tf)),
    fill(sections.reports, () => reportingSection(report, tf)),
  ]);
  try {
    linkDashboardFigures(root, await report, tf, filters.district, seriesDates(tf.as_of));
  } catch (error) {
    if (!(error instanceof ApiRefusal)) throw error;  // a refused report is shown in its sections
  }
}

async function rateSection(reportP, ratesP, tf, district) {
  const report = await reportP;
  const dates = seriesDates(tf.as_of);
  const rates = (await ratesP).series;  // each as /rates answers at that date
  const province = report.province.code;
  const points = rates.map((r, i) => ({ year: Number(dates[i].slice(0, 4)), as_of: dates[i],
                                        ...r.provinces.find((p) => p.code === province) }));
  const targets = report.targets.filter((t) => t.unit_code === province);
  let extra = null;
  if (district) {
    const name = report.districts.find((d) => d.code === district)?.name || district;
    extra = { name, points: rates.map((r, i) => ({ year: Number(dates[i].slice(0, 4)), as_of: dates[i],
                                                    ...r.districts.find((d) => d.code === district) })) };
  }
  const p = report.province;
  return [
    h("h2", { id: "rate-h" }, "Tỷ lệ xã đạt chuẩn nông thôn mới"),
    h("p", { class: "headline" }, `${p.name} ngày ${viDate(report.as_of)}: `,
      h("strong", { id: "province-rate", "data-recognised": p.recognised, "data-communes": p.communes },
        viRate(p.recognised, p.communes)),
      ` (${p.recognised}/${p.communes} xã được công nhận)`),
    h("figure", {}, rateChart(points, targets, extra),
      h("figcaption", {}, "Mỗi điểm: tỷ lệ ngày 31/12 của năm (điểm cuối: ngày đang xem). Đường nét đứt: mục tiêu.")),
    h("table", { class: "targets" },
      h("caption", {}, "Tiến độ so với mục tiêu"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Năm"), h("th", { scope: "col" }, "Mục tiêu"),
                       h("th", { scope: "col" }, "Đạt được (ngày đánh giá)"), h("th", { scope: "col" }, "Kết quả"))),
      h("tbody", {}, targets.map((t) => h("tr", { "data-year": t.year },
        h("td", {}, t.year), h("td", {}, viPercent(t.target_rate)),
        h("td", {}, t.communes ? `${viRate(t.recognised, t.communes)} (${viDate(t.evaluated_on)})` : "—"),
        h("td", {}, t.met ? "Đạt" : t.deadline_passed ? "Không đạt" : "Chưa đến hạn"))))),
  ];
}

const CLUSTER_CLASSES = ["cluster-a", "cluster-b", "cluster-c"];

async function rankingSection(reportP, district) {
  const report = await reportP;
  const clusters = report.clusters.map((c) => c.code);
  const clusterClass = (d) => d.cluster ? CLUSTER_CLASSES[clusters.indexOf(d.cluster.code) % 3] : "cluster-none";
  const districts = [...report.districts].sort((a, b) => (a.rank ?? 999) - (b.rank ?? 999) || a.code.localeCompare(b.code));
  return [
    h("h2", { id: "ranking-h" }, "Xếp hạng các huyện"),
    h("ul", { class: "legend" }, report.clusters.map((c, i) =>
      h("li", {}, h("span", { class: `swatch ${CLUSTER_CLASSES[i % 3]}`, "aria-hidden": "true" }), c.name))),
    h("figure", {}, rankingChart(districts, clusterClass)),
    h("table", { class: "ranking" },
      h("caption", {}, `Xếp hạng ngày ${viDate(report.as_of)} (cùng tỷ lệ thì cùng hạng)`),
      h("thead", {}, h("tr", {}, ["Hạng", "Huyện", "Cụm thi đua", "Xã đạt chuẩn", "Tỷ lệ", "Hạng trong cụm"]
        .map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, districts.map((d) => {
        const inCluster = report.clusters.flatMap((c) => c.members).find((m) => m.code === d.code);
        return h("tr", { "data-code": d.code, class: d.code === district ? "chosen" : null },
          h("td", {}, d.rank ?? "—"), h("th", { scope: "row" }, d.name), h("td", {}, d.cluster?.name ?? "—"),
          h("td", {}, `${d.recognised}/${d.communes}`), h("td", { class: "rate" }, viRate(d.recognised, d.communes)),
          h("td", {}, inCluster?.rank_in_cluster ?? "—"));
      }))),
  ];
}

async function heatSection(reportP, matricesP) {
  const [report, matrices] = await Promise.all([reportP, matricesP]);
  const set = matrices[0]?.criteria_set;
  const met = matrices.reduce((n, m) => n + m.communes.reduce((k, c) => k + c.met_count, 0), 0);
  const communes = matrices.reduce((n, m) => n + m.communes.length, 0);
  return [
    h("h2", { id: "heat-h" }, "Các xã theo 19 tiêu chí"),
    h("p", {}, set ? `Bộ tiêu chí ${set.set_id} (${set.decision}), áp dụng từ ${viDate(set.effective_from)}. `
                   : "Chưa có bộ tiêu chí áp dụng. ",
      `${communes} xã, ${viNumber(met)} ô tiêu chí đạt trên ${viNumber(communes * 19)}.`),
    h("ul", { class: "legend" },
      h("li", {}, h("span", { class: "swatch met", "aria-hidden": "true" }), "Đạt"),
      h("li", {}, h("span", { class: "swatch unmet", "aria-hidden": "true" }), "Chưa đạt"),
      h("li", {}, h("span", { class: "swatch recognised", "aria-hidden": "true" }), "CN: đã được công nhận đạt chuẩn")),
    h("p", {}, "Mỗi ô mở nhật ký của tiêu chí (các lần đánh giá và quyết định công nhận xã); "
      + "phím mũi tên di chuyển giữa các ô, Enter để mở. Dấu CN mở trang của xã."),
    h("div", { class: "scroll" }, heatMap(matrices)),
    h("table", { class: "attainment" },
      h("caption", {}, "Số xã đạt từng tiêu chí (toàn tỉnh)"),
      h("thead", {}, h("tr", {}, ["Tiêu chí", "Tên", "Số xã đạt"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, report.criteria_attainment.map((c) => h("tr", { "data-criterion": c.criterion },
        h("td", {}, c.criterion), h("td", {}, c.name_vi), h("td", {}, `${c.communes_met}/${c.communes}`))))),
  ];
}

// The periods the consolidated report lists (started by as_of), with the completeness figures
// /periods/{code}/completeness gives: the report computes them with the same function.
async function reportingSection(reportP, tf) {
  const periods = (await reportP).periodic_reporting.periods;
  const heading = h("h2", { id: "reports-h" }, "Tình hình báo cáo định kỳ");
  if (!periods.length) return [heading, h("p", {}, "Chưa có kỳ báo cáo nào được mở.")];
  const rows = periods.slice(-6);
  return [heading, h("div", { class: "scroll" }, h("table", { class: "completeness" },
    h("caption", {}, `Ngày ${viDate(tf.as_of)}: đã nộp và nộp đúng hạn trên số đơn vị phải báo cáo`),
    h("thead", {}, h("tr", {}, ["Kỳ", "Hạn nộp", "Đã nộp", "Đúng hạn", "Chưa nộp"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows.map((c) => h("tr", { "data-period": c.period_code },
      h("th", { scope: "row" }, c.period_code),
      h("td", {}, `${viDate(c.due_on)} (+${c.grace_days} ngày)`),
      h("td", {}, `${c.province.submitted}/${c.province.owed}` +
        (c.province.completeness_pct === null ? "" : ` (${viNumber(c.province.completeness_pct, 1)}%)`)),
      h("td", {}, `${c.province.on_time}/${c.province.owed}` +
        (c.province.timeliness_pct === null ? "" : ` (${viNumber(c.province.timeliness_pct, 1)}%)`)),
      h("td", {}, c.missing_units.map((u) => u.unit_code).join(", ") || "—"))))))];
}

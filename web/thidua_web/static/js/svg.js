// Charts drawn as SVG by hand (no library): the line of rates against targets, the ranking bars,
// the communes × criteria heat map. Every drawn mark carries data-* attributes naming its figure.

import { viDate, viPercent, viRate } from "./format.js";

const NS = "http://www.w3.org/2000/svg";

export function el(name, attrs = {}, ...children) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function svgRoot(width, height, label) {
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label,
                          preserveAspectRatio: "xMinYMin meet", class: "chart" });
  svg.append(el("title", {}, label));
  return svg;
}

/** points: [{year, as_of, recognised, communes}]; targets: [{year, target_rate}]; extra: a second
 * series ({name, points}) such as a chosen district. */
export function rateChart(points, targets, extra) {
  const W = 760, H = 320, L = 56, R = 160, T = 20, B = 40;
  const years = points.map((p) => p.year);
  const x0 = Math.min(...years, ...targets.map((t) => t.year)), x1 = Math.max(...years, ...targets.map((t) => t.year));
  const top = Math.max(0.6, ...points.map((p) => p.communes ? p.recognised / p.communes : 0));
  const sx = (y) => L + ((y - x0) / Math.max(1, x1 - x0)) * (W - L - R);
  const sy = (r) => T + (1 - r / top) * (H - T - B);
  const svg = svgRoot(W, H, "Tỷ lệ xã đạt chuẩn nông thôn mới của tỉnh theo năm, so với mục tiêu");
  for (let r = 0; r <= top + 1e-9; r += 0.1) {
    svg.append(el("line", { x1: L, x2: W - R, y1: sy(r), y2: sy(r), class: "grid" }),
               el("text", { x: L - 6, y: sy(r) + 4, class: "axis", "text-anchor": "end" }, viPercent(r)));
  }
  for (let y = x0; y <= x1; y++) {
    svg.append(el("text", { x: sx(y), y: H - B + 18, class: "axis", "text-anchor": "middle" }, y));
  }
  for (const t of targets) {
    svg.append(el("line", { x1: L, x2: W - R, y1: sy(t.target_rate), y2: sy(t.target_rate), class: "target-line" }),
               el("circle", { cx: sx(t.year), cy: sy(t.target_rate), r: 6, class: "target",
                              "data-year": t.year, "data-target": t.target_rate }),
               el("text", { x: W - R + 6, y: sy(t.target_rate) + 4, class: "target-label" },
                  `Mục tiêu ${t.year}: ${viPercent(t.target_rate)}`));
  }
  const series = [{ name: "Toàn tỉnh", cls: "province", points }, ...(extra ? [{ ...extra, cls: "district" }] : [])];
  for (const s of series) {
    const valid = s.points.filter((p) => p.communes);
    const path = valid.map((p, i) => `${i ? "L" : "M"}${sx(p.year)},${sy(p.recognised / p.communes)}`).join(" ");
    svg.append(el("path", { d: path, class: `series ${s.cls}` }));
    for (const p of valid) {
      const label = `${s.name}, ${viDate(p.as_of)}: ${viRate(p.recognised, p.communes)} (${p.recognised}/${p.communes} xã)`;
      svg.append(el("circle", { cx: sx(p.year), cy: sy(p.recognised / p.communes), r: 4, class: `point ${s.cls}`,
                                "data-year": p.year, "data-recognised": p.recognised, "data-communes": p.communes },
                    el("title", {}, label)));
    }
    const last = valid[valid.length - 1];
    if (last) {
      svg.append(el("text", { x: sx(last.year) + 8, y: sy(last.recognised / last.communes) - 8, class: `value ${s.cls}` },
                    viRate(last.recognised, last.communes)));
    }
  }
  return svg;
}

/** districts: ranking rows of the consolidated report (rank, rate, cluster). */
export function rankingChart(districts, clusterClass) {
  const row = 26, W = 720, L = 210, R = 150;
  const H = districts.length * row + 10;
  const top = Math.max(0.5, ...districts.map((d) => d.communes ? d.recognised / d.communes : 0));
  const svg = svgRoot(W, H, "Xếp hạng các huyện theo tỷ lệ xã đạt chuẩn nông thôn mới");
  districts.forEach((d, i) => {
    const y = 5 + i * row;
    const width = d.communes ? (d.recognised / d.communes / top) * (W - L - R) : 0;
    svg.append(
      el("text", { x: L - 8, y: y + 17, class: "axis", "text-anchor": "end" }, `${d.rank ?? "–"}. ${d.name}`),
      el("rect", { x: L, y: y + 3, width: Math.max(width, 1), height: row - 8, class: `bar ${clusterClass(d)}`,
                   "data-code": d.code, "data-rank": d.rank ?? "", "data-recognised": d.recognised,
                   "data-communes": d.communes },
         el("title", {}, `${d.name}: ${viRate(d.recognised, d.communes)} (${d.recognised}/${d.communes} xã)`)),
      el("text", { x: L + width + 6, y: y + 17, class: "value" },
         `${viRate(d.recognised, d.communes)} (${d.recognised}/${d.communes})`));
  });
  return svg;
}

/** matrices: district matrices of progress (/districts/{code}/matrix), drawn one under the other. */
export function heatMap(matrices, onCell) {
  const cell = 16, L = 190, T = 34;
  const rows = matrices.flatMap((m) => [{ heading: m }, ...m.communes.map((c) => ({ commune: c, district: m }))]);
  const W = L + 19 * cell + 40, H = T + rows.length * cell + 4;
  const svg = svgRoot(W, H, "Bản đồ nhiệt: các xã theo 19 tiêu chí nông thôn mới");
  for (let n = 1; n <= 19; n++) {
    svg.append(el("text", { x: L + (n - 0.5) * cell, y: T - 8, class: "axis small", "text-anchor": "middle" }, n));
  }
  svg.append(el("text", { x: L + 19 * cell + 20, y: T - 8, class: "axis small", "text-anchor": "middle" }, "CN"));
  rows.forEach((r, i) => {
    const y = T + i * cell;
    if (r.heading) {
      svg.append(el("text", { x: 4, y: y + 12, class: "district-heading" }, r.heading.name));
      return;
    }
    const c = r.commune;
    svg.append(el("text", { x: L - 6, y: y + 12, class: "axis small", "text-anchor": "end" }, c.name));
    c.met.forEach((met, k) => {
      const rect = el("rect", { x: L + k * cell + 1, y: y + 1, width: cell - 2, height: cell - 2,
                                class: met ? "cell met" : "cell unmet", "data-commune": c.code,
                                "data-criterion": k + 1, "data-met": met },
                      el("title", {}, `${c.name}, tiêu chí ${k + 1}: ${met ? "đạt" : "chưa đạt"}`));
      if (onCell) rect.addEventListener("click", () => onCell(r.district, c, k + 1));
      svg.append(rect);
    });
    svg.append(el("circle", { cx: L + 19 * cell + 20, cy: y + cell / 2, r: 5,
                              class: c.recognised ? "recognised" : "not-recognised", "data-commune": c.code,
                              "data-recognised": c.recognised },
                  el("title", {}, c.recognised ? `${c.name}: đã được công nhận đạt chuẩn`
                                                : `${c.name}: chưa được công nhận (${c.met_count}/19 tiêu chí)`)));
  });
  return svg;
}

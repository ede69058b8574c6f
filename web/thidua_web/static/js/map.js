// The map of the province's xã: each xã a point at its coordinates (registry, latitude/longitude of
// the unit on as_of), coloured by its standing in progress's district matrices (the same answers the
// heat map draws: fetched once, shared), each district outlined by the convex hull of its points and
// labelled. No tiles: an equirectangular projection with the longitude scaled by cos(latitude).

import { viDate } from "./format.js";
import { communeHref, linkMarks } from "./links.js";
import { el } from "./svg.js";
import { h } from "./ui.js";

// Near the standard: 17 or 18 of the 19 criteria met and not recognised. The reading is progress's
// own (P4, GET /communes/near-standard) and the consolidated report's `near_standard`, so the map
// agrees with both rather than choosing a threshold of its own.
const NEAR_STANDARD_FROM = 17;

export const STATUSES = [
  { id: "recognised", label: "Đã được công nhận đạt chuẩn" },
  { id: "all-met", label: "Đạt đủ 19/19 tiêu chí, chưa được công nhận" },
  { id: "near", label: `Gần đạt chuẩn (${NEAR_STANDARD_FROM}–18 tiêu chí)` },
  { id: "other", label: "Còn lại" },
];

/** A matrix row's standing: recognised (P4) first, then by criteria met under the set in force. */
export function communeStatus(row) {
  if (row.recognised) return "recognised";
  if (row.met_count === 19) return "all-met";
  return row.met_count >= NEAR_STANDARD_FROM ? "near" : "other";
}

/** The convex hull of [x, y] points (monotone chain), counter-clockwise. */
export function convexHull(points) {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list) => {
    const out = [];
    for (const q of list) {
      while (out.length >= 2 && cross(out[out.length - 2], out[out.length - 1], q) <= 0) out.pop();
      out.push(q);
    }
    return out.slice(0, -1);
  };
  return [...half(p), ...half([...p].reverse())];
}

function projection(places, W, H, pad) {
  const lats = places.map((p) => p.lat), lons = places.map((p) => p.lon);
  const minLat = Math.min(...lats), maxLat = Math.max(...lats), minLon = Math.min(...lons), maxLon = Math.max(...lons);
  const k = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
  const scale = Math.min((W - 2 * pad) / Math.max(1e-6, (maxLon - minLon) * k), (H - 2 * pad) / Math.max(1e-6, maxLat - minLat));
  return ([lon, lat]) => [pad + (lon - minLon) * k * scale, pad + (maxLat - lat) * scale];
}

/** The drawing: matrices give the xã and their standing, units their coordinates. */
export function communeMap(matrices, units, tf) {
  const coords = new Map(units.filter((u) => u.latitude !== null && u.longitude !== null)
    .map((u) => [u.code, { lat: Number(u.latitude), lon: Number(u.longitude) }]));
  const places = matrices.flatMap((m) => m.communes.filter((c) => coords.has(c.code))
    .map((c) => ({ ...coords.get(c.code), row: c, district: m })));
  const W = 760, H = 560, pad = 28;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart commune-map", "aria-labelledby": "map-title" },
                 el("title", { id: "map-title" }, "Bản đồ các xã theo mức đạt chuẩn nông thôn mới"));
  if (!places.length) return { svg, places };
  const project = projection(places, W, H, pad);
  for (const m of matrices) {
    const xy = places.filter((p) => p.district === m).map((p) => project([p.lon, p.lat]));
    if (!xy.length) continue;
    const hull = convexHull(xy);
    if (hull.length >= 3) {
      svg.append(el("polygon", { points: hull.map((q) => q.join(",")).join(" "), class: "district-outline",
                                 "data-district": m.district_code }));
    }
    const cx = xy.reduce((s, q) => s + q[0], 0) / xy.length, cy = xy.reduce((s, q) => s + q[1], 0) / xy.length;
    svg.append(el("text", { x: cx, y: cy, class: "district-label", "text-anchor": "middle",
                            "data-district": m.district_code }, m.name));
  }
  for (const p of places) {
    const [x, y] = project([p.lon, p.lat]);
    const status = communeStatus(p.row);
    const label = STATUSES.find((s) => s.id === status).label;
    svg.append(el("circle", { cx: x, cy: y, r: 5, class: `commune-point ${status}`, "data-commune": p.row.code,
                              "data-status": status, "data-district": p.district.district_code },
                  el("title", {}, `${p.row.name} (${p.district.name}): ${label}, ${p.row.met_count}/19 tiêu chí`)));
  }
  linkMarks(svg, "circle.commune-point", (mark) => communeHref(mark.dataset.commune, tf));
  return { svg, places };
}

/** The dashboard's map section, from the shared matrices and one registry request. */
export async function mapSection(matricesP, unitsP, tf) {
  const [matrices, units] = await Promise.all([matricesP, unitsP]);
  const { svg, places } = communeMap(matrices, units, tf);
  const counts = Object.fromEntries(STATUSES.map((s) => [s.id, 0]));
  for (const p of places) counts[communeStatus(p.row)] += 1;
  const all = matrices.reduce((n, m) => n + m.communes.length, 0);
  return [
    h("h2", { id: "map-h" }, "Bản đồ các xã"),
    h("p", {}, `Ngày ${viDate(tf.as_of)}: ${places.length} xã có tọa độ`,
      all > places.length ? ` (${all - places.length} xã chưa có tọa độ, không vẽ)` : "",
      ". Chọn một xã để xem toàn bộ lịch sử đánh giá, công nhận của xã."),
    h("ul", { class: "legend", id: "map-legend" }, STATUSES.map((s) =>
      h("li", { "data-status": s.id }, h("span", { class: `swatch ${s.id}`, "aria-hidden": "true" }),
        `${s.label}: ${counts[s.id]}`))),
    h("figure", {}, svg, h("figcaption", {}, "Mỗi điểm là một xã theo kinh độ, vĩ độ; đường viền: phạm vi các xã của huyện.")),
  ];
}

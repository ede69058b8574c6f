// The heat map's links. A cell (xã × criterion, progress's matrices) opens the criterion's audit
// trail (#/nhat-ky?kind=criterion&id=<xã>/<n>, reporting's /audit/criterion/...) at the
// dashboard's as_of and known_at: the events behind the cell, its assessments (alone or as a
// matrix's cell) and the recognitions and revocations that decide the xã (P4). The row's "CN"
// mark opens the xã's page (#/xa).
//
// Reading (keyboard): nineteen tab stops per xã would bury the page under thousands of stops, so
// the cells form one stop (a roving tabindex, as a grid): Tab enters at the last cell focused,
// the arrow keys move between cells (Left/Right along a xã's criteria, Up/Down the same criterion
// of the next xã), Home/End to a row's first/last, Enter opens the trail; each "CN" mark stays a
// stop of its own, one per xã.

import { auditHref, communeHref, linkMarks } from "./links.js";

const MOVES = {
  ArrowLeft: (r, c) => [r, c - 1], ArrowRight: (r, c) => [r, c + 1],
  ArrowUp: (r, c) => [r - 1, c], ArrowDown: (r, c) => [r + 1, c],
  Home: (r) => [r, 0], End: (r, c, width) => [r, width - 1],
};

/** Cell links grouped by xã, in drawing order: rows[i][n - 1] is criterion n of the i-th xã. */
function cellRows(svg) {
  const rows = new Map();
  for (const cell of svg.querySelectorAll("a > rect.cell[data-commune]")) {
    const link = cell.parentElement, code = cell.dataset.commune;
    if (!rows.has(code)) rows.set(code, []);
    rows.get(code).push(link);
  }
  return [...rows.values()];
}

function rovingCells(svg) {
  const rows = cellRows(svg);
  const flat = rows.flat();
  flat.forEach((link, i) => link.setAttribute("tabindex", i === 0 ? "0" : "-1"));
  const where = new Map(rows.flatMap((row, r) => row.map((link, c) => [link, [r, c]])));
  svg.addEventListener("keydown", (event) => {
    const link = event.target.closest("a"), move = MOVES[event.key];
    if (!move || !where.has(link)) return;
    const [r, c] = where.get(link);
    const [nr, nc] = move(r, c, rows[r].length);
    const next = nc >= 0 ? rows[nr]?.[nc] : undefined;
    event.preventDefault();
    if (!next) return;
    link.setAttribute("tabindex", "-1");
    next.setAttribute("tabindex", "0");
    next.focus();
  });
}

export function linkHeatMap(root, tf) {
  for (const svg of root.querySelectorAll("#heat-section svg")) {
    linkMarks(svg, "rect.cell[data-commune]",
              (m) => auditHref("criterion", `${m.dataset.commune}/${m.dataset.criterion}`, tf));
    linkMarks(svg, "circle[data-commune]", (m) => communeHref(m.dataset.commune, tf));
    rovingCells(svg);
  }
}

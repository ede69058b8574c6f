// Links from a drawn figure to the events behind it (#/su-kien, reporting's trace) and from a xã to
// its history (#/xa). Figure ids are reporting's (domain/figures.py): list items named by their
// identity, "/" and "%" inside a segment percent-encoded.

import { h } from "./ui.js";

/** One segment of a figure id ("125/QĐ-UBND" -> "125%2FQĐ-UBND"), as figures.escape writes it. */
export function segment(value) {
  return String(value).replace(/%/g, "%25").replace(/\//g, "%2F");
}

/** A figure id from its parts, each part escaped: figureId("districts", "185", "rate"). */
export function figureId(...parts) {
  return parts.map(segment).join("/");
}

function hash(path, params) {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== "");
  return `#${path}?${new URLSearchParams(entries).toString()}`;
}

/** The trace page of a figure of the consolidated report at (as_of, known_at). */
export function traceHref(figure, tf, kind = "consolidated") {
  return hash("/su-kien", { kind, figure, as_of: tf.as_of, known_at: tf.known_at });
}

/** A xã's history page at (as_of, known_at). */
export function communeHref(code, tf) {
  return hash("/xa", { code, as_of: tf.as_of, known_at: tf.known_at });
}

/** A subject's audit trail (#/nhat-ky): kind unit | criterion | nomination | report, at (as_of, known_at). */
export function auditHref(kind, id, tf) {
  return hash("/nhat-ky", { kind, id, as_of: tf.as_of, known_at: tf.known_at });
}

/** A link to a subject's audit trail. */
export function auditLink(kind, id, tf, text) {
  return h("a", { href: auditHref(kind, id, tf), class: "audit", "data-audit": `${kind}/${id}` }, text);
}

/** A text figure that opens its trace. */
export function traceLink(figure, tf, text, attrs = {}) {
  return h("a", { href: traceHref(figure, tf), class: "trace", "data-figure": figure,
                  title: "Xem các sự kiện tạo nên số liệu này", ...attrs }, text);
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** Wrap each mark of `svg` matching `selector` in a link (keyboard reachable, named by the mark's
 * <title>). The chart stops being one image: its marks are now controls, so it becomes a group. */
export function linkMarks(svg, selector, hrefOf) {
  svg.setAttribute("role", "group");
  for (const mark of svg.querySelectorAll(selector)) {
    const href = hrefOf(mark);
    if (!href) continue;
    const link = document.createElementNS(SVG_NS, "a");
    link.setAttribute("href", href);
    const title = mark.querySelector("title");
    if (title) link.setAttribute("aria-label", title.textContent);
    mark.replaceWith(link);
    link.append(mark);
  }
  return svg;
}

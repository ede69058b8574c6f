// The header's search box: the registry's units (province, districts, xã, wards...; the answer the
// filters and the map share, units.js) and its organisations (departments, mass organisations,
// Fatherland Front; /participants, asked once on first use), matched by names folded, so "bac son"
// finds "Bắc Sơn". A xã-level unit links to its page, a district to the dashboard filtered on it, the
// province to the dashboard; an organisation has no page yet and is listed as text. Both lists are
// of the page's as_of (today on the round pages), asked once per as_of.
//
// Keyboard: the results are plain links after the field (Tab reaches them); ArrowDown/ArrowUp move
// between field and results, Enter in the field opens the first result, Escape clears.

import { get } from "./api.js";
import { fold, todayVn } from "./format.js";
import { communeHref } from "./links.js";
import { h } from "./ui.js";
import { unitsOn } from "./units.js";

const SHOWN = 20;
const ORGANISATIONS = { department: "Sở, ngành", mass_organisation: "Đoàn thể", fatherland_front: "Mặt trận Tổ quốc" };
const TYPES = { province: "Tỉnh", city: "Thành phố", rural_district: "Huyện", town: "Thị xã", urban_district: "Quận",
                rural_commune: "Xã", township: "Thị trấn", ward: "Phường", special_zone: "Đặc khu" };

let organisations = { as_of: null, answer: null };

function timeframe() {
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  return { as_of: params.get("as_of") || todayVn(), known_at: params.get("known_at") || "" };
}

async function entries() {
  const tf = timeframe();
  if (organisations.as_of !== tf.as_of) {
    const answer = get("registry", "/participants", { as_of: tf.as_of });
    answer.catch(() => { organisations = { as_of: null, answer: null }; });  // asked again next time
    organisations = { as_of: tf.as_of, answer };
  }
  const [units, others] = await Promise.all([unitsOn(tf.as_of, tf.known_at), organisations.answer]);
  const byCode = new Map(units.map((u) => [u.code, u]));
  const unitEntries = units.map((u) => entry(u.code, u.name, TYPES[u.unit_type] || u.unit_type,
    u.level === "commune" ? byCode.get(u.parent_code)?.name || "" : "", unitHref(u, tf)));
  const orgEntries = others.filter((p) => ORGANISATIONS[p.kind] && p.name)
    .map((p) => entry(p.code, p.name, ORGANISATIONS[p.kind], "", null));
  return [...unitEntries, ...orgEntries];
}

/** A result: its label names the kind once ("Huyện Bắc Sơn" is registered with its kind, "Sở Tài chính" too). */
function entry(code, name, kind, where, href) {
  const label = fold(name).startsWith(`${fold(kind)} `) ? name : `${kind} ${name}`;
  return { code, name, kind, label, folded: fold(label).replace(/\s+/g, " "), where, href };
}

function unitHref(unit, tf) {
  const keep = (extra) => `#/?${new URLSearchParams(Object.entries({ ...tf, ...extra }).filter(([, v]) => v))}`;
  if (unit.level === "commune") return communeHref(unit.code, tf);
  if (unit.level === "district") return keep({ district: unit.code });
  if (unit.level === "province") return keep({});
  return null;
}

/** The entries whose folded label (or code) holds every folded word of the query; a label that is
 * the query (with or without its kind) first, then by name. */
export function matches(list, query) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const asked = words.join(" ");
  const found = list.filter((e) => e.code === query.trim() || words.every((w) => e.folded.includes(w)));
  const exact = (e) => (e.folded === asked || e.folded === `${fold(e.kind)} ${asked}` ? 0 : 1);
  return found.sort((a, b) => exact(a) - exact(b) || a.name.localeCompare(b.name, "vi") || a.code.localeCompare(b.code));
}

function resultItem(e) {
  const label = `${e.label}${e.where ? ` (${e.where})` : ""}`;
  return h("li", { "data-code": e.code }, e.href ? h("a", { href: e.href, class: "search-hit" }, label) : h("span", {}, label));
}

/** The search form, placed before `before` in the header. */
export function mountSearch(before) {
  const input = h("input", { id: "search-input", type: "search", name: "q", autocomplete: "off", maxlength: "100",
                             placeholder: "có dấu hoặc không dấu", "aria-describedby": "search-count" });
  const count = h("span", { id: "search-count", class: "visually-hidden", "aria-live": "polite" });
  const results = h("ul", { id: "search-results", class: "search-results", "aria-label": "Kết quả tìm kiếm" });
  const form = h("form", { id: "search-form", class: "search", role: "search", novalidate: true },
    h("label", { for: "search-input" }, "Tìm đơn vị"), input, count, results);
  let asked = 0;
  const show = async () => {
    const mine = ++asked;
    const query = input.value;
    if (!query.trim()) { results.replaceChildren(); count.textContent = ""; return; }
    let found;
    try {
      found = matches(await entries(), query);
    } catch (error) {
      if (mine === asked) { results.replaceChildren(h("li", { class: "invalid" }, error.messageVi || String(error))); }
      return;
    }
    if (mine !== asked) return;  // a later keystroke has its own answer
    results.replaceChildren(...found.slice(0, SHOWN).map(resultItem));
    count.textContent = found.length ? `${found.length} kết quả${found.length > SHOWN ? `, hiện ${SHOWN} đầu tiên` : ""}`
                                     : "Không tìm thấy đơn vị nào.";
    results.dataset.query = query;
  };
  const links = () => [...results.querySelectorAll("a")];
  input.addEventListener("input", show);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await show();
    links()[0]?.click();
  });
  form.addEventListener("keydown", (event) => {
    const all = [input, ...links()];
    const at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at >= 0 && at < all.length - 1) { all[at + 1].focus(); event.preventDefault(); }
    if (event.key === "ArrowUp" && at > 0) { all[at - 1].focus(); event.preventDefault(); }
    if (event.key === "Escape") { input.value = ""; show(); input.focus(); }
  });
  results.addEventListener("click", (event) => {
    if (event.target.closest("a")) { input.value = ""; results.replaceChildren(); count.textContent = ""; }
  });
  before.before(form);
  return form;
}

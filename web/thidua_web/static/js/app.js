// The app shell: who is signed in (role and scope), the filters (as_of, known_at, district) kept in
// the address (#/trang?as_of=...), and the pages.

import { session, signOut } from "./api.js";
import { renderDashboard } from "./dashboard.js";
import { mountMenu } from "./menu.js";
import { mountSearch } from "./search.js";
import { parseViDate, parseViDateTime, ROLES, todayVn, viDate, viLocalDateTime } from "./format.js";
import { renderGrid } from "./grid.js";
import { renderNominations } from "./nominations.js";
import { renderPledges } from "./pledges.js";
import { renderReports } from "./reports.js";
import { renderRoundBoard } from "./round_board.js";
import { renderSignIn } from "./signin.js";
import { renderCommune } from "./commune.js";
import { renderTrace } from "./trace.js";
import { renderAudit } from "./audit.js";
import { h } from "./ui.js";
import { unitsOn } from "./units.js";

const main = document.getElementById("main");
const who = document.getElementById("who");
const filtersBox = document.getElementById("filters");

function route() {
  const [path, search] = (location.hash.slice(1) || "/").split("?");
  const params = new URLSearchParams(search || "");
  return { path, params, filters: { as_of: params.get("as_of") || todayVn(), known_at: params.get("known_at") || "",
                            district: params.get("district") || "" } };
}

function go(path, filters) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters || {})) if (v) params.set(k, v);
  const search = params.toString();
  location.hash = `#${path}${search ? "?" + search : ""}`;
}

function showWho() {
  const s = session();
  if (!s) {
    who.replaceChildren(h("span", {}, "Chưa đăng nhập (xem công khai)"), " ",
                        h("a", { href: "#/dang-nhap", id: "signin-link" }, "Đăng nhập"));
    return;
  }
  who.replaceChildren(
    h("span", { id: "who-user" }, s.username), " · ",
    h("span", { id: "who-role", "data-role": s.role }, ROLES[s.role] || s.role), " · ",
    h("span", { id: "who-scope", "data-scope": s.scope }, `phạm vi ${s.scope}`), " ",
    h("button", { type: "button", id: "signout", onclick: async () => { await signOut(); showWho(); go("/"); } },
      "Đăng xuất"));
}

/** The filter's districts, from the registry's units of the timeframe (the answer the dashboard's map
 * and the search box share: units.js); none when the registry refuses (the pages show their own refusal). */
async function districts(asOf, knownAt) {
  try {
    return (await unitsOn(asOf, knownAt)).filter((u) => u.level === "district");
  } catch {
    return [];
  }
}

async function showFilters(path, filters, current) {
  const list = await districts(filters.as_of, filters.known_at);
  if (!current()) return list;  // a page left meanwhile: the filters are the next page's
  const status = h("span", { id: "filter-status", "aria-live": "polite" });
  const form = h("form", { id: "filter-form", class: "filters", "aria-label": "Bộ lọc", novalidate: true },
    h("label", { for: "f-as-of" }, "Tính đến ngày"),
    h("input", { id: "f-as-of", name: "as_of", value: viDate(filters.as_of), placeholder: "dd/mm/yyyy",
                 inputmode: "numeric", size: "10", required: true }),
    h("label", { for: "f-known-at" }, "Theo dữ liệu biết đến"),
    h("input", { id: "f-known-at", name: "known_at", value: viLocalDateTime(filters.known_at),
                 placeholder: "dd/mm/yyyy hh:mm (mặc định: bây giờ)", size: "30" }),
    h("label", { for: "f-district" }, "Huyện"),
    h("select", { id: "f-district", name: "district" },
      h("option", { value: "" }, path === "/ma-tran" ? "(huyện của tôi)" : "Toàn tỉnh"),
      list.map((d) => h("option", { value: d.code, selected: d.code === filters.district }, d.name))),
    h("button", { type: "submit" }, "Xem"), status);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const asOf = parseViDate(form.as_of.value);
    const knownAt = form.known_at.value.trim() ? parseViDateTime(form.known_at.value) : "";
    if (!asOf || asOf < "1945-01-01" || asOf > "2100-12-31" || knownAt === null) {
      status.replaceChildren(h("span", { class: "invalid", role: "alert" },
        "Ngày phải theo dạng dd/mm/yyyy (và giờ hh:mm), trong khoảng 01/01/1945–31/12/2100."));
      return;
    }
    const kept = Object.fromEntries([...route().params].filter(([k]) => !["as_of", "known_at", "district"].includes(k)));
    go(path, { ...kept, as_of: asOf, known_at: knownAt, district: form.district.value });  // the figure or xã stays
  });
  filtersBox.replaceChildren(form);
  return list;
}

// The round pages choose their round (?round=) themselves, the reports page its period (?period=),
// the pledges page reads as of today: the date filters do not apply to them.
const AWARDS_PAGES = { "/de-nghi": renderNominations, "/dot-khen": renderRoundBoard, "/cam-ket": renderPledges,
                       "/bao-cao": renderReports };
const LANDING = { district_officer: "/ma-tran", department_officer: "/cam-ket" };

// Each render draws into its own page, put in <main> at once: a render the reader has left while
// it waited for its answers (the landing page after sign-in, a page passed through quickly) goes
// on drawing into its page, no longer shown, never over the page that replaced it.
let generation = 0;
let rendersDone = 0;

async function render() {
  const mine = ++generation;
  try {
    await draw(() => mine === generation);
  } finally {  // tests wait for these: data-ready when the current page has drawn, renders-done for any
    document.body.dataset.rendersDone = String(++rendersDone);
  }
}

async function draw(current) {
  showWho();
  const { path, params, filters } = route();
  for (const link of document.querySelectorAll("nav a")) {
    link.toggleAttribute("aria-current", link.getAttribute("href").slice(1) === path);
    if (link.hasAttribute("aria-current")) link.setAttribute("aria-current", "page");
  }
  const page = h("div", { class: "page" }, h("p", { class: "loading" }, "Đang tải…"));
  main.replaceChildren(page);
  if (path === "/dang-nhap") {
    filtersBox.replaceChildren();
    renderSignIn(page, (s) => { showWho(); go(LANDING[s.role] || "/"); });
    return;
  }
  if (AWARDS_PAGES[path]) {
    filtersBox.replaceChildren();
    await AWARDS_PAGES[path](page, new URLSearchParams(location.hash.split("?")[1] || ""));
  } else {
    const list = await showFilters(path, filters, current);
    if (!current()) return;
    if (path === "/ma-tran") await renderGrid(page, filters, list);
    else if (path === "/su-kien") await renderTrace(page, filters, params);
    else if (path === "/xa") await renderCommune(page, filters, params);
    else if (path === "/nhat-ky") await renderAudit(page, filters, params);
    else await renderDashboard(page, filters);
  }
  if (current()) document.body.dataset.ready = path;  // every section of the page shown has drawn
}

window.addEventListener("hashchange", () => { delete document.body.dataset.ready; render(); });
mountSearch(document.querySelector("header nav"));  // the units' search box (search.js)
mountMenu(document.querySelector("header nav"));  // the narrow screen's menu button (menu.js)
render();

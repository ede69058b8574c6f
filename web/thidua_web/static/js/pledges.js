// The pledges and plans page (#/cam-ket): a department's, mass organisation's or Fatherland Front's
// officer sees its organisation's support pledges (U6: which district or xã it supports, since when,
// under which document) and plans (U7: deadline, submitted on time, late or still missing), records
// a pledge and submits a plan (pledge_forms.js). The board sees every organisation's and may act for
// any, as the registry allows; everyone else reads every organisation's.
//
// Readings chosen: "its organisation" is the participant of the officer's scope and the subordinate
// units registered under it (the registry's rule, handlers/organisation_scope.py, AUTH-SCOPE for any
// other); a district officer sees and submits its district's plans (the district's own and those of
// participants under it) and records no pledge. Everything as of today in Vietnam.

import { get, session } from "./api.js";
import { scrollBox } from "./awards.js";
import { todayVn, viDate } from "./format.js";
import { auditLink } from "./links.js";
import { openPlanForm, openPledgeForm } from "./pledge_forms.js";
import { fill, h } from "./ui.js";

export const SUPPORTER_KINDS = { department: "Sở, ban, ngành", mass_organisation: "Tổ chức đoàn thể",
                                 fatherland_front: "Ủy ban Mặt trận Tổ quốc", subordinate_unit: "Đơn vị trực thuộc" };
const PLAN_STATUSES = { pending: "Chưa đến hạn", missing: "Quá hạn, chưa nộp", submitted_on_time: "Đã nộp đúng hạn",
                        submitted_late: "Đã nộp trễ hạn" };
const LEVELS = { district: "huyện", commune: "xã" };

/** The codes the signed-in officer acts for (its unit and the participants under it); null: everyone's. */
function ownership(s, participants) {
  if (!s || !["department_officer", "district_officer"].includes(s.role)) return null;
  const under = participants.filter((p) => p.parent_code === s.scope).map((p) => p.code);
  return { unit: s.scope, codes: new Set([s.scope, ...under]) };
}

export async function renderPledges(root) {
  const s = session();
  const section = h("section", { id: "pledges-section", "aria-labelledby": "pledges-h" });
  const dialog = h("dialog", { id: "pledge-dialog", "aria-labelledby": "form-h" });
  root.replaceChildren(section, dialog);
  const lists = (asOf) => Promise.all([get("registry", "/pledges", { as_of: asOf }),
                                       get("registry", "/plans", { as_of: asOf })]);
  const draw = () => fill(section, async () => {
    const asOf = todayVn();
    const [[pledges, plans], participants] = await Promise.all([
      lists(asOf), get("registry", "/participants", { as_of: asOf })]);
    const supporters = participants.filter((p) => SUPPORTER_KINDS[p.kind]);
    const own = ownership(s, participants);
    const mine = (code) => !own || own.codes.has(code);
    const names = new Map(participants.map((p) => [p.code, p.name]));
    const canPledge = s && ["province_board", "department_officer"].includes(s.role);
    const canSubmit = s && (s.role === "province_board" || own);
    const context = { own, supporters: own ? supporters.filter((p) => own.codes.has(p.code)) : supporters, asOf };
    // The registry's lists follow its topic: after a command they are asked again until they show what
    // was recorded (every 300 ms, at most 15 s; then the page draws whatever they show, or its refusal:
    // the command's own answer stays in the form, whatever a list answers).
    const redraw = async (shows) => {
      for (const end = Date.now() + 15_000; Date.now() < end;) {
        if (await lists(asOf).then((answers) => shows(...answers), () => true)) break;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      await draw();
    };
    return [
      h("h2", { id: "pledges-h" }, own ? `Cam kết hỗ trợ và kế hoạch của ${names.get(own.unit) || own.unit} (${own.unit})`
                                       : "Cam kết hỗ trợ và kế hoạch của các sở, ban, ngành, đoàn thể"),
      h("p", {}, `Tính đến hôm nay, ${viDate(asOf)}.`),
      flags(pledges, mine),
      h("h3", { id: "pledge-list-h" }, "Đăng ký hỗ trợ huyện, xã (U6)"),
      canPledge
        ? h("button", { type: "button", id: "pledge-open", onclick: () => openPledgeForm(dialog, context, redraw) },
            "Đăng ký hỗ trợ")
        : h("p", {}, "Đăng nhập bằng tài khoản của sở, ngành, đoàn thể để đăng ký hỗ trợ."),
      pledgeTable(pledges.pledges.filter((p) => mine(p.supporter_code))),
      h("h3", { id: "plan-list-h" }, "Kế hoạch và thời hạn nộp (U7)"),
      planTable(plans.plans.filter((p) => mine(p.owner_code)), names,
                canSubmit ? (plan) => openPlanForm(dialog, plan, names, redraw) : null),
    ];
  });
  await draw();
}

/** U6's flags for the organisations shown: a department supporting no district, a subordinate unit
 * supporting fewer than two xã. */
function flags(pledges, mine) {
  const items = [
    ...pledges.departments_without_district.filter((d) => mine(d.code))
      .map((d) => h("li", { "data-code": d.code }, `${d.name} (${d.code}) chưa đăng ký hỗ trợ huyện nào.`)),
    ...pledges.subordinate_units_below_two_communes.filter((u) => mine(u.code))
      .map((u) => h("li", { "data-code": u.code }, `${u.name} (${u.code}) mới hỗ trợ ${u.communes} xã,`
                    + ` cần ít nhất ${pledges.communes_per_subordinate_unit}.`)),
  ];
  if (!items.length) return null;
  return h("div", { class: "refusal", id: "u6-flags" }, h("strong", { class: "rule" }, "U6"), " ", h("ul", {}, items));
}

function pledgeTable(rows) {
  if (!rows.length) return h("p", { id: "pledges-empty" }, "Chưa có đăng ký hỗ trợ nào.");
  return scrollBox("Đăng ký hỗ trợ", h("table", { id: "pledges-table" },
    h("caption", {}, `${rows.length} đăng ký hỗ trợ`),
    h("thead", {}, h("tr", {}, ["Đơn vị hỗ trợ", "Đơn vị được hỗ trợ", "Từ ngày", "Văn bản"]
      .map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows.map((p) => h("tr", { "data-supporter": p.supporter_code, "data-supported": p.supported_code },
      h("th", { scope: "row" }, p.supporter_name, h("br"), h("small", {}, `${p.supporter_code} · ${SUPPORTER_KINDS[p.supporter_kind] || p.supporter_kind}`,
        " · ", auditLink("participant", p.supporter_code, { as_of: "" }, "nhật ký"))),
      h("td", {}, p.supported_name, h("br"), h("small", {}, `${p.supported_code} · ${LEVELS[p.supported_level] || p.supported_level}`)),
      h("td", {}, viDate(p.effective_from)),
      h("td", {}, p.document_number || "—"))))));
}

function planTable(rows, names, submit) {
  if (!rows.length) return h("p", { id: "plans-empty" }, "Chưa có kế hoạch nào được giao thời hạn.");
  return scrollBox("Kế hoạch", h("table", { id: "plans-table" },
    h("caption", {}, `${rows.length} kế hoạch`),
    h("thead", {}, h("tr", {}, ["Kế hoạch", "Đơn vị", "Hạn nộp", "Ngày nộp", "Văn bản", "Trạng thái", "Thao tác"]
      .map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows.map((p) => h("tr", { "data-plan": p.plan_code, "data-status": p.status },
      h("th", { scope: "row" }, p.title, h("br"), h("small", {}, p.plan_code)),
      h("td", {}, names.get(p.owner_code) || p.owner_code, h("br"), h("small", {}, p.owner_code)),
      h("td", {}, viDate(p.due_date)),
      h("td", {}, viDate(p.submitted_on)),
      h("td", {}, p.submission_document || "—"),
      h("td", { class: `status plan-${p.status}` }, PLAN_STATUSES[p.status] || p.status),
      h("td", {}, submit && !p.submitted_on
        ? h("button", { type: "button", class: "step", "data-plan": p.plan_code, onclick: () => submit(p),
                        "aria-label": `Nộp kế hoạch ${p.plan_code}` }, "Nộp kế hoạch")
        : "—"))))));
}

// What the round pages share: the round chosen (?round=, else the latest defined), the statuses and
// verdicts in Vietnamese, and the checks a form runs before sending, as the awards API runs them.

import { get } from "./api.js";
import { parseViDate, viDate, viNumber } from "./format.js";
import { h, refusalBox } from "./ui.js";

export const STATUSES = {
  submitted: "Đã nộp", received: "Đã tiếp nhận", reviewed: "Đã xét", under_review: "Đã xét (Hội đồng)",
  approved: "Được phê duyệt", rejected: "Không phê duyệt", withdrawn: "Đã rút", conferred: "Đã trao",
  flagged: "Cần xem lại",
};
const OUTCOMES = { pass: "đạt", fail: "không đạt", pending: "chờ Hội đồng" };
export const CODE = /^[0-9A-Za-z_.-]{1,32}$/;

/** The round named by ?round= in the address, else the latest one defined; null when none is. */
export async function chosenRound(params) {
  const rounds = await get("awards", "/rounds");
  const wanted = params.get("round");
  const code = wanted || (rounds.length ? rounds[rounds.length - 1].code : null);
  return { rounds, code };
}

/** A select of the rounds; changing it goes to the same page for that round. */
export function roundPicker(path, rounds, code) {
  const select = h("select", { id: "round-pick", name: "round" },
    rounds.map((r) => h("option", { value: r.code, selected: r.code === code }, `${r.code} — ${r.title_vi}`)));
  select.addEventListener("change", () => { location.hash = `#${path}?round=${encodeURIComponent(select.value)}`; });
  return h("p", { class: "filters" }, h("label", { for: "round-pick" }, "Đợt khen thưởng"), select);
}

function figureText(value) {
  if (typeof value === "number") return viNumber(value, Number.isInteger(value) ? 0 : 2);
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return viDate(value);
  if (Array.isArray(value)) return value.map(figureText).join(", ");
  if (value && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Each rule's verdict beside the nomination: rule id, outcome, the Vietnamese text, its figures. */
export function verdictList(verdicts, id) {
  if (!verdicts || !verdicts.length) return h("p", { class: "muted" }, "Không có tiêu chuẩn nào phải xét.");
  return h("ul", { class: "verdicts", id },
    verdicts.map((v) => h("li", { class: `verdict ${v.outcome}`, "data-rule": v.rule, "data-outcome": v.outcome },
      h("strong", { class: "rule" }, v.rule), " ", h("span", { class: "outcome" }, OUTCOMES[v.outcome] || v.outcome),
      ": ", v.message_vi,
      Object.keys(v.figures || {}).length
        ? h("span", { class: "figures" }, " (", Object.entries(v.figures).map(([k, x]) => `${k}: ${figureText(x)}`)
          .join("; "), ")")
        : null)));
}

/** A nominee as shown: its name, or its code when the name is withheld (personal data). */
export function nomineeName(nominee) {
  return nominee.name || `${nominee.code} (ẩn thông tin cá nhân)`;
}

/** "dd/mm/yyyy" -> ISO, checked as the API checks a Day (1945–2100); or null. */
export function day(text) {
  const iso = parseViDate(text);
  return iso && iso >= "1945-01-01" && iso <= "2100-12-31" ? iso : null;
}

/** A text field as the API takes it: NFC, trimmed, 1..max characters (null when empty and optional). */
export function text(value, max) {
  const t = String(value || "").trim().normalize("NFC");
  if (!t) return null;
  return t.length <= max ? t : undefined;
}

export const LIMITS = { name: 300, document: 200, label: 64, text: 2000 };

/** A table that may scroll: a region reachable by keyboard (it holds nothing else to focus). */
export function scrollBox(label, table) {
  return h("div", { class: "scroll", role: "region", "aria-label": label, tabindex: "0" }, table);
}

/** An invalid-input message shown before sending. */
export function invalid(message) {
  return h("p", { class: "invalid", role: "alert" }, message);
}

/** A form's submission: the body checked as the API checks it (a string is the reason, shown), then
 * `send(body)` with the button held down; a refusal shown with its rule, text and any verdicts (an
 * approval or a submission refused names the failing rule and carries every verdict it judged). */
export function onSubmit(form, status, button, build, send) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = build();
    if (typeof body === "string") {
      status.replaceChildren(invalid(body));
      status.scrollIntoView({ block: "nearest" });
      return;
    }
    button.disabled = true;
    try {
      await send(body);
    } catch (error) {
      status.replaceChildren(refusalBox(error), error.figures?.verdicts ? verdictList(error.figures.verdicts, "refused-verdicts") : "");
    } finally {
      button.disabled = false;
      status.scrollIntoView({ block: "nearest" });  // the answer is below the form, in the dialog's scroll
    }
  });
}

// Drafts that survive a closed tab: what was typed in a form is kept in localStorage under the form
// and its target (and the signed-in user), with the form's Idempotency-Key; opening the same form
// again restores it, says so, and offers to discard it; the API accepting the command clears it.
//
// Readings chosen: the key travels with the draft, so a draft sent, whose answer was lost, and sent
// again from a new tab records once (the service answers the key's first outcome). A draft changed
// after it was sent is another command: it gets a new key (the old one would be refused as reused
// with a different body). A refusal keeps the draft: the officer corrects it and sends again.

import { session } from "./api.js";
import { viDateTime } from "./format.js";
import { h } from "./ui.js";

const PREFIX = "thidua.draft.";
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;  // a month-old draft is forgotten rather than restored

function storageKey(form, target) {
  return `${PREFIX}${session()?.username || "-"}|${form}|${target}`;
}

function read(key) {
  try {
    const saved = JSON.parse(localStorage.getItem(key) || "null");
    return saved && Date.now() - Date.parse(saved.saved_at) < MAX_AGE_MS ? saved : null;
  } catch {
    return null;
  }
}

function fields(form) {
  return [...form.elements].filter((e) => e.name && !e.readOnly && !e.disabled && !["submit", "button"].includes(e.type));
}

function valuesOf(form) {
  const values = {};
  for (const e of fields(form)) {
    if (e.type === "radio") { if (e.checked) values[e.name] = e.value; } else values[e.name] = e.value;
  }
  return values;
}

function restore(form, values) {
  for (const e of fields(form)) {
    if (!(e.name in values)) continue;
    if (e.type === "radio") e.checked = e.value === values[e.name];
    else e.value = values[e.name];
    if (e.tagName === "SELECT") e.dispatchEvent(new Event("change"));  // what follows a choice (nominees) follows
  }
}

/**
 * Keep `form`'s draft for (`name`, `target`); `prefix` names its idempotency keys. Returns
 * { key() — the key to send with, sending() — call before sending, accepted() — the API accepted }.
 * A restored draft puts a note with a "discard" button at the top of the form.
 */
export function keepDraft(form, name, target, prefix) {
  const key = storageKey(name, target);
  const defaults = valuesOf(form);
  let saved = read(key) || { key: `${prefix}-${crypto.randomUUID()}`, sent: false, values: null };
  const save = () => {
    saved.saved_at = new Date().toISOString();
    try {
      localStorage.setItem(key, JSON.stringify(saved));
    } catch {
      // Storage full or refused (private mode): the form works, only the draft is not kept.
    }
  };
  if (saved.values) {
    restore(form, saved.values);
    const note = h("p", { class: "draft-note", role: "status", id: `${form.id}-draft` },
      `Bản nháp đã khôi phục (lưu lúc ${viDateTime(saved.saved_at)}). `,
      h("button", { type: "button", class: "draft-discard", onclick: () => {
        localStorage.removeItem(key);
        restore(form, defaults);
        saved = { key: `${prefix}-${crypto.randomUUID()}`, sent: false, values: null };
        note.remove();
      } }, "Bỏ bản nháp"));
    form.querySelector("h2")?.after(note);
  }
  form.addEventListener("input", () => {
    if (saved.sent) saved = { key: `${prefix}-${crypto.randomUUID()}`, sent: false, values: null };
    saved.values = valuesOf(form);
    save();
  });
  return {
    key: () => saved.key,
    sending: () => { saved.values = valuesOf(form); saved.sent = true; save(); },
    accepted: () => localStorage.removeItem(key),
  };
}

// The district officer's criteria grid: the district's xã × 19 criteria; a cell opens the form that
// records an assessment (P3: met or not, indicator values, evidence, effective date) with one
// idempotency key per opened form, so a double click or a retry records once; what is typed is kept
// as a draft of (district, xã, criterion) with its key (drafts.js) until the API accepts it.

import { command, get, session } from "./api.js";
import { keepDraft } from "./drafts.js";
import { parseViDate, todayVn, viDate } from "./format.js";
import { fill, h, refusalBox } from "./ui.js";

const CODE = /^[0-9A-Za-z_.-]{1,32}$/;

export async function renderGrid(root, filters, districts) {
  const s = session();
  const district = filters.district || (s && s.role === "district_officer" ? s.scope : districts[0]?.code);
  const grid = h("section", { id: "grid-section", "aria-labelledby": "grid-h" });
  const dialog = h("dialog", { id: "assess-dialog", "aria-labelledby": "assess-h" });
  root.replaceChildren(grid, dialog);
  const tf = { as_of: filters.as_of, known_at: filters.known_at || undefined };
  const draw = () => fill(grid, async () => {
    const matrix = await get("progress", `/districts/${district}/matrix`, tf);
    const set = matrix.criteria_set ? await get("progress", `/criteria-sets/${matrix.criteria_set.set_id}`) : null;
    return gridTable(matrix, set, (commune, criterion) => openForm(dialog, matrix, set, commune, criterion, redraw));
  });
  // After a write the read model follows through Kafka (tens of milliseconds, more under load): the
  // grid is drawn again once it shows the cell as recorded, or after 15 s whatever it shows.
  const redraw = async (commune, criterion, met) => {
    for (const end = Date.now() + 15000; Date.now() < end;) {
      const matrix = await get("progress", `/districts/${district}/matrix`, tf);
      const row = matrix.communes.find((c) => c.code === commune);
      if (!row || row.met[criterion - 1] === met) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await draw();
  };
  await draw();
}

function gridTable(matrix, set, onCell) {
  const names = matrix.criteria;
  return [
    h("h2", { id: "grid-h" }, `Ma trận tiêu chí: ${matrix.name}`),
    h("p", {}, `Ngày ${viDate(matrix.as_of)}; bộ tiêu chí ${set ? `${set.set_id} (${set.decision})` : "chưa có"}.`,
      " Chọn một ô để ghi kết quả đánh giá."),
    h("div", { class: "scroll" }, h("table", { class: "grid", id: "criteria-grid" },
      h("caption", {}, `${matrix.communes.length} xã × 19 tiêu chí`),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Xã"),
        names.map((c) => h("th", { scope: "col", title: c.name_vi || "" }, c.number)),
        h("th", { scope: "col" }, "Số TC đạt"), h("th", { scope: "col" }, "Công nhận"))),
      h("tbody", {}, matrix.communes.map((c) => h("tr", { "data-commune": c.code },
        h("th", { scope: "row" }, c.name),
        c.met.map((met, k) => h("td", {}, h("button", {
          type: "button", class: met ? "cell met" : "cell unmet", "data-criterion": k + 1, "data-met": String(met),
          "aria-label": `${c.name}, tiêu chí ${k + 1} ${names[k].name_vi || ""}: ${met ? "đạt" : "chưa đạt"}`,
          onclick: () => onCell(c, k + 1) }, met ? "✓" : "·"))),
        h("td", { class: "count" }, `${c.met_count}/19`),
        h("td", {}, c.recognised ? "Đã công nhận" : "—")))))),
  ];
}

function openForm(dialog, matrix, set, commune, criterion, redraw) {
  const info = set?.criteria.find((c) => c.number === criterion);
  const status = h("div", { id: "assess-status", "aria-live": "polite" });
  const indicators = (info?.indicators || []).map((ind) => h("div", { class: "indicator" },
    h("label", { for: `ind-${ind.code}` }, `${ind.code} ${ind.name_vi}${ind.unit ? ` (${ind.unit})` : ""}`),
    h("input", { id: `ind-${ind.code}`, name: `ind-${ind.code}`, "data-indicator": ind.code, inputmode: "decimal",
                 min: "0", max: ind.unit === "%" ? "100" : null })));
  const form = h("form", { method: "dialog", id: "assess-form" },
    h("h2", { id: "assess-h" }, `${commune.name}: tiêu chí ${criterion} ${info?.name_vi || ""}`),
    h("fieldset", {}, h("legend", {}, "Kết quả"),
      h("label", {}, h("input", { type: "radio", name: "met", value: "true" }), " Đạt"),
      h("label", {}, h("input", { type: "radio", name: "met", value: "false", checked: true }), " Chưa đạt")),
    indicators.length ? h("fieldset", {}, h("legend", {}, "Giá trị chỉ tiêu (để trống nếu không có)"), indicators) : null,
    h("label", { for: "evidence" }, "Số văn bản minh chứng"),
    h("input", { id: "evidence", name: "evidence", maxlength: "200" }),
    h("label", { for: "effective-date" }, "Ngày có hiệu lực (dd/mm/yyyy)"),
    h("input", { id: "effective-date", name: "effective_date", required: true, value: viDate(todayVn()),
                 placeholder: "dd/mm/yyyy", inputmode: "numeric" }),
    h("div", { class: "actions" },
      h("button", { type: "submit", id: "assess-submit" }, "Ghi nhận"),
      h("button", { type: "button", id: "assess-cancel", onclick: () => dialog.close() }, "Đóng")),
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = assessment(form, matrix.district_code, commune.code, criterion);
    if (typeof body === "string") {
      status.replaceChildren(h("p", { class: "invalid", role: "alert" }, body));
      return;
    }
    form.querySelector("#assess-submit").disabled = true;
    try {
      draft.sending();
      const answer = await command("progress", "assess-criterion", body, draft.key());
      draft.accepted();
      status.replaceChildren(h("p", { class: "ok", role: "status" }, `Đã ghi nhận (${answer.recorded_at || ""}).`));
      dialog.close();
      await redraw(commune.code, criterion, body.met);
    } catch (error) {
      status.replaceChildren(refusalBox(error));
    } finally {
      form.querySelector("#assess-submit").disabled = false;
    }
  });
  // One key per opened form (kept with its draft): a double click or a resent draft records once.
  const draft = keepDraft(form, "assess", `${matrix.district_code}/${commune.code}/${criterion}`, "web-assess");
  dialog.replaceChildren(form);
  dialog.showModal();
}

/** The command's body, checked as the API checks it (codes, lengths, ranges, dates), or the reason. */
function assessment(form, district, commune, criterion) {
  if (!CODE.test(commune) || !CODE.test(district)) return "Mã đơn vị không hợp lệ.";
  const values = {};
  for (const input of form.querySelectorAll("[data-indicator]")) {
    const raw = input.value.trim().replace(",", ".");
    if (!raw) continue;
    const value = Number(raw);
    const max = input.max ? Number(input.max) : 1e12;
    if (!Number.isFinite(value) || value < 0 || value > max) {
      return `Chỉ tiêu ${input.dataset.indicator}: giá trị phải là số từ 0 đến ${max}.`;
    }
    values[input.dataset.indicator] = value;
  }
  const date = parseViDate(form.effective_date.value);
  if (!date || date < "1945-01-01" || date > "2100-12-31") return "Ngày có hiệu lực phải trong khoảng 01/01/1945–31/12/2100.";
  const evidence = form.evidence.value.trim().normalize("NFC");
  return { commune_code: commune, district_code: district, criterion, met: form.met.value === "true",
           indicator_values: values, effective_date: date, ...(evidence ? { evidence } : {}) };
}

// A periodic report's structured figures (R1) as the reporting API takes them: each a whole number
// in its recorded unit, or {value, unit} in a unit the figure takes (funds in nghìn / triệu / tỷ
// đồng), checked here before sending as services/reporting/domain/figure_units.py checks them.
//
// Reading chosen: a value is typed as a Vietnamese decimal ("12,5"; dots group thousands) and checked
// exactly on its digits (no floating point): negative, a fraction of a count or of a đồng, a unit
// the figure does not take, over 10^15 đồng or 1 000 000 of a count are refused with R1, naming the
// figure; a figure left empty is sent as absent (the report leaves it blank).

import { viNumber } from "./format.js";

export const FIGURES = [
  { name: "communes_assessed", label: "Số xã được đánh giá", units: { "xã": 0 } },
  { name: "criteria_gained", label: "Số tiêu chí đạt thêm", units: { "tiêu chí": 0 } },
  { name: "criteria_lost", label: "Số tiêu chí bị mất (không còn đạt)", units: { "tiêu chí": 0 } },
  { name: "communes_recognised", label: "Số xã được công nhận đạt chuẩn", units: { "xã": 0 } },
  { name: "funds_mobilised_vnd", label: "Kinh phí huy động", units: { "đồng": 0, "nghìn đồng": 3, "triệu đồng": 6, "tỷ đồng": 9 } },
  { name: "model_examples", label: "Số mô hình, điển hình", units: { "mô hình": 0 } },
];
export const STATUSES = { draft: "Bản nháp", submitted: "Đã nộp, chờ xét duyệt", returned: "Bị trả lại",
                          approved: "Đã phê duyệt", missing: "Chưa có báo cáo" };
const MAX = { funds_mobilised_vnd: 10n ** 15n };
const MAX_COUNT = 1000000n;

/** The figure's label and its recorded unit, for tables. */
export function figureLabel(name) {
  const f = FIGURES.find((x) => x.name === name);
  return f ? `${f.label} (${Object.keys(f.units)[0]})` : name;
}

/** A recorded figure as shown: "1.250.000.000" or "—" when left blank. */
export function figureValue(value) {
  return value === null || value === undefined ? "—" : viNumber(value);
}

/** "12,5" with scale 9 -> 12500000000n, or a string saying why not (R1). */
function exactly(text, scale, figure, unit) {
  const m = /^\s*(-?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*$/.exec(text);
  if (!m) return `R1: ${figure.label}: "${text}" không phải là số (dùng dấu phẩy thập phân, ví dụ 12,5).`;
  if (m[1] && /[1-9]/.test(m[2] + (m[3] || ""))) return `R1: ${figure.label} = ${text} ${unit}: không được âm.`;
  const frac = (m[3] || "").replace(/0+$/, "");
  if (frac.length > scale) {
    return `R1: ${figure.label} = ${text} ${unit}: phải là số nguyên ${Object.keys(figure.units)[0]}.`;
  }
  const amount = BigInt(m[2].replace(/\./g, "") + frac.padEnd(scale, "0"));
  const max = MAX[figure.name] || MAX_COUNT;
  if (amount > max) return `R1: ${figure.label} = ${text} ${unit}: vượt quá ${viNumber(Number(max))} ${Object.keys(figure.units)[0]}.`;
  return amount;
}

/** {name: text, unit} of the form -> the body's figures, or the reason they cannot be sent. */
export function readFigures(values) {
  const figures = {};
  for (const figure of FIGURES) {
    const text = String(values[figure.name] || "").trim();
    if (!text) continue;
    const unit = values[`${figure.name}_unit`] || Object.keys(figure.units)[0];
    if (!(unit in figure.units)) return `R1: ${figure.label}: đơn vị "${unit}" không dùng được.`;
    const amount = exactly(text, figure.units[unit], figure, unit);
    if (typeof amount === "string") return amount;
    const plain = text.replace(/\./g, "").replace(",", ".");
    figures[figure.name] = figure.units[unit] === 0 ? Number(amount) : { value: Number(plain), unit };
  }
  return figures;
}

// Vietnamese presentation: dates dd/mm/yyyy, the decimal comma, names of roles.

/** "2015-12-31" (or an ISO timestamp) -> "31/12/2015". */
export function viDate(iso) {
  if (!iso) return "—";
  const [y, m, d] = String(iso).slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/** An ISO timestamp -> "31/12/2015 08:30" in Vietnam time. */
export function viDateTime(iso) {
  if (!iso) return "—";
  const t = new Date(iso);
  const vn = new Date(t.getTime() + 7 * 3600 * 1000);
  const p = (n) => String(n).padStart(2, "0");
  return `${p(vn.getUTCDate())}/${p(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()} ${p(vn.getUTCHours())}:${p(vn.getUTCMinutes())}`;
}

/** recognised / communes as a percentage with two decimals, rounded half up from the exact
 * fraction as the consolidated report prints it (30/176 = "17,05%"). */
export function viRate(recognised, communes) {
  if (!communes) return "—";
  const hundredths = Math.floor((2 * recognised * 10000 + communes) / (2 * communes));
  return `${Math.floor(hundredths / 100)},${String(hundredths % 100).padStart(2, "0")}%`;
}

/** A number with the Vietnamese decimal comma and dot thousands separators. */
export function viNumber(value, decimals = 0) {
  if (value === null || value === undefined) return "—";
  const [whole, frac] = Math.abs(value).toFixed(decimals).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${value < 0 ? "-" : ""}${grouped}${frac ? "," + frac : ""}`;
}

/** A fraction 0..1 as "20%" / "17,5%" (targets). */
export function viPercent(fraction) {
  const pct = Math.round(fraction * 1000) / 10;
  return `${viNumber(pct, Number.isInteger(pct) ? 0 : 1)}%`;
}

export const ROLES = {
  province_board: "Ban Thi đua – Khen thưởng tỉnh",
  district_officer: "Cán bộ cấp huyện",
  department_officer: "Cán bộ sở, ngành, đoàn thể",
  viewer: "Người xem",
  records_officer: "Cán bộ hồ sơ",
  public: "Công chúng",
};

/** Today in Vietnam (UTC+7) as yyyy-mm-dd: the services' default as_of. */
/** Who recorded an event: the account (or that it is withheld from this reader, the services'
 *  reading of officials' personal data), the role and the scope. */
export function recorder(a) {
  if (!a) return "—";
  const office = `${ROLES[a.role] || a.role || "?"}${a.scope ? `, phạm vi ${a.scope}` : ""}`;
  return a.principal_withheld ? `(ẩn danh tính) ${office}` : `${a.principal_id || "—"} (${office})`;
}

export function todayVn() {
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Strip diacritics for search: "Tràng Định" -> "trang dinh". */
export function fold(text) {
  return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D")
    .toLowerCase();
}

/** "31/12/2015" -> "2015-12-31", or null when it is not such a date. */
export function parseViDate(text) {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text || "");
  if (!m) return null;
  const iso = `${m[3]}-${m[2].padStart(2, "0")}-${m[1].padStart(2, "0")}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === iso ? iso : null;
}

/** "31/12/2015 17:30" -> "2015-12-31T17:30" (Vietnam time, as the services read a zoneless known_at). */
export function parseViDateTime(text) {
  const m = /^\s*(\S+)(?:\s+(\d{1,2}):(\d{2}))?\s*$/.exec(text || "");
  const day = m && parseViDate(m[1]);
  if (!day) return null;
  const hh = Number(m[2] || 23), mm = Number(m[3] || 59);
  if (hh > 23 || mm > 59) return null;
  return `${day}T${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}`;
}

/** "2015-12-31T17:30" -> "31/12/2015 17:30". */
export function viLocalDateTime(iso) {
  return iso ? `${viDate(iso)} ${iso.slice(11, 16)}`.trim() : "";
}

"""The report's sections 7 to 10 as text: pilots (U4, U5, R5), pledges (U6), plans (U7, R1) and
movement registrations (A4), under Vietnamese headings, from the JSON report itself."""
from typing import Any

from .text_format import day, pct, table

PLAN_STATUS_VI = {
    "submitted_on_time": "Đúng hạn",
    "submitted_late": "Nộp chậm",
    "missing": "Chưa nộp (quá hạn)",
    "pending": "Chưa đến hạn",
}


def programme_lines(report: dict[str, Any]) -> list[str]:
    names = {d["code"]: d["name"] for d in report["districts"]}
    return [*_pilots(report["pilots"], names), *_pledges(report["pledges"]), *_plans(report["plans"]),
            *_registrations(report["movement_registrations"])]


def _standing(commune: dict[str, Any]) -> str:
    met = "—" if commune["criteria_met"] is None else f"{commune['criteria_met']}/19 TC"
    return f"{commune['name']} ({met}{', đạt chuẩn' if commune['recognised'] else ''})"


def _pilots(pilots: dict[str, Any], names: dict[str, str]) -> list[str]:
    out = ["", "7. Chỉ đạo điểm (U4, U5)",
           "(Số tiêu chí đạt: theo bộ tiêu chí có hiệu lực tại ngày báo cáo, như mục 3; đạt chuẩn: theo quyết định"
           " công nhận, P4.)",
           "Huyện điểm của tỉnh:"]
    districts = pilots["province_pilot_districts"]
    out += table(["Mã", "Huyện, thành phố", "Từ ngày", "Số xã", "Đạt chuẩn", "Tỷ lệ"],
                 [[d["code"], d["name"], day(d["effective_from"]), d["communes"], d["recognised"],
                   pct(d["recognised"], d["communes"])]
                  for d in districts]) if districts else ["(không có)"]
    out.append("Xã điểm của tỉnh:")
    communes = pilots["province_pilot_communes"]
    out += table(["Mã xã", "Tên xã", "Huyện, thành phố", "Từ ngày", "Số tiêu chí đạt", "Đạt chuẩn NTM"],
                 [[c["code"], c["name"], names.get(c["parent_code"], c["parent_code"]), day(c["effective_from"]),
                   c["criteria_met"], "Đã công nhận" if c["recognised"] else "Chưa"] for c in communes]
                 ) if communes else ["(không có)"]
    out.append(f"Xã điểm do huyện chọn (mỗi huyện ít nhất {pilots['minimum_per_district']} xã, U5):")
    out += table(["Mã", "Huyện, thành phố", "Số xã điểm", "Xã điểm (số tiêu chí đạt)", "Ghi chú"],
                 [[d["code"], d["name"], d["count"], "; ".join(_standing(c) for c in d["pilot_communes"]) or None,
                   f"Chưa đủ {pilots['minimum_per_district']} xã" if d["below_minimum"] else ""]
                  for d in pilots["districts"]]) if pilots["districts"] else ["(không có huyện tại ngày này)"]
    return out


def _pledges(pledges: dict[str, Any]) -> list[str]:
    out = ["", "8. Đăng ký hỗ trợ (U6)"]
    rows = pledges["pledges"]
    out += table(["Đơn vị hỗ trợ", "Đơn vị được hỗ trợ", "Từ ngày"],
                 [[p["supporter_name"], p["supported_name"], day(p["effective_from"])] for p in rows]
                 ) if rows else ["(chưa có đăng ký hỗ trợ)"]
    without = pledges["departments_without_district"]
    out.append("Sở, ngành chưa đăng ký hỗ trợ huyện nào: "
               + ("; ".join(f"{d['name']} ({d['code']})" for d in without) if without else "không có") + ".")
    below = pledges["subordinate_units_below_two_communes"]
    out.append(f"Đơn vị trực thuộc hỗ trợ dưới {pledges['communes_per_subordinate_unit']} xã, thị trấn: "
               + ("; ".join(f"{s['name']} ({s['code']}, thuộc {s['department']}): {s['communes']}" for s in below)
                  if below else "không có") + ".")
    return out


def _status(plan: dict[str, Any]) -> str:
    if plan["status"] == "submitted_late":
        return f"Nộp chậm {plan['days_late']} ngày"
    if plan["status"] == "missing":
        return f"Chưa nộp, quá hạn {plan['days_late']} ngày"
    return PLAN_STATUS_VI.get(plan["status"], plan["status"])


def _plan_table(plans: list[dict[str, Any]]) -> list[str]:
    return table(["Mã", "Đơn vị", "Kế hoạch", "Hạn nộp", "Ngày nộp", "Tình trạng"],
                 [[p["plan_code"], p["owner_name"] or p["owner_code"], p["title"], day(p["due_date"]),
                   day(p["submitted_on"]), _status(p)] for p in plans])


def _plans(plans: dict[str, Any]) -> list[str]:
    out = ["", "9. Kế hoạch theo thời hạn (U7)"]
    if not plans["plans"]:
        return [*out, "(chưa có kế hoạch được giao thời hạn)"]
    out += _plan_table(plans["plans"])
    counts = plans["counts"]
    out.append("Tổng hợp: " + ", ".join(f"{PLAN_STATUS_VI[s].lower()} {n}" for s, n in counts.items()) + ".")
    late = plans["late_or_missing"]
    out.append("Đơn vị nộp chậm, chưa nộp (R1, U7):")
    return out + (_plan_table(late) if late else ["(không có)"])


def _registrations(registrations: list[dict[str, Any]]) -> list[str]:
    out = ["", "10. Đăng ký tham gia phong trào thi đua (A4)"]
    return out + (table(["Mã", "Đơn vị", "Ngày đăng ký", "Văn bản"],
                        [[r["unit_code"], r["name"], day(r["registered_on"]), r["document_number"]]
                         for r in registrations]) if registrations else ["(chưa có đơn vị đăng ký)"])

"""The report's sections 11 to 14 as text: nominations and awards (A8-A11), periodic reporting
(R1), inspections (R6) and proposals (R7), under Vietnamese headings, from the JSON report itself."""
from typing import Any

from .text_format import day, table

STATUS_VI = {"submitted": "Đã nộp", "received": "Đã tiếp nhận", "reviewed": "Đã xét", "approved": "Được phê duyệt",
             "rejected": "Không phê duyệt", "withdrawn": "Đã rút", "conferred": "Đã trao"}
ACTION_VI = {"done": "Đã thực hiện", "done_late": "Thực hiện chậm", "open": "Chưa đến hạn", "overdue": "Quá hạn"}
PROPOSAL_VI = {"open": "Chưa trả lời", "answered": "Đã trả lời", "accepted": "Chấp thuận", "rejected": "Không chấp thuận"}


def source_lines(report: dict[str, Any]) -> list[str]:
    return [*_awards(report["awards"]), *_periodic(report["periodic_reporting"]),
            *_inspections(report["inspections"]), *_proposals(report["proposals"])]


def _pct1(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def _awards(awards: dict[str, Any]) -> list[str]:
    out = ["", "11. Đề nghị khen thưởng và khen thưởng (A8–A11)"]
    if not awards["rounds"]:
        return out + ["(chưa có đợt khen thưởng mở nhận hồ sơ tại ngày này)"]
    for r in awards["rounds"]:
        counts = "; ".join(f"{STATUS_VI[s]} {n}" for s, n in r["counts"].items() if n)
        out.append(f"Đợt {r['title_vi']} ({r['code']}, {r['period_from']}–{r['period_to']}): "
                   f"{len(r['nominations'])} hồ sơ" + (f" — {counts}" if counts else ""))
        out += ["   " + s for s in table(
            ["Hình thức", "Đối tượng", "Đơn vị đề nghị", "Ngày nộp", "Tình trạng", "Quyết định"],
            [[n["award_name_vi"] or n["award_kind"], n["nominee_name"] or n["nominee_code"], n["nominating_unit"],
              day(n["submitted_on"]), f"{STATUS_VI[n['status']]} ({day(n['status_on'])})",
              n["decision_number"]] for n in r["nominations"]])] if r["nominations"] else ["   (chưa có hồ sơ)"]
        out.append("   Khen thưởng đã quyết định:")
        out += ["   " + s for s in table(
            ["Hình thức", "Đối tượng", "Số quyết định", "Ngày quyết định", "Ngày trao"],
            [[a["award_name_vi"] or a["award_kind"], a["nominee_name"] or a["nominee_code"], a["decision_number"],
              day(a["decision_date"]), day(a["conferred_on"])] for a in r["awards"]])] if r["awards"] else ["   (chưa có)"]
    return out


def _periodic(periodic: dict[str, Any]) -> list[str]:
    out = ["", "12. Báo cáo định kỳ: đầy đủ, đúng hạn; đơn vị chậm, thiếu báo cáo (R1)"]
    if not periodic["periods"]:
        return out + ["(chưa có kỳ báo cáo bắt đầu tại ngày này)"]
    out += table(["Kỳ", "Hạn nộp", "Hạn cuối (gia hạn)", "Phải nộp", "Đã nộp", "Đúng hạn", "Đầy đủ", "Kịp thời"],
                 [[p["period_code"], day(p["due_on"]), day(p["deadline"]), p["province"]["owed"],
                   p["province"]["submitted"], p["province"]["on_time"], _pct1(p["province"]["completeness_pct"]),
                   _pct1(p["province"]["timeliness_pct"])] for p in periodic["periods"]])
    for p in periodic["periods"]:
        # A unit not come by the deadline is both late and missing: named once, as missing.
        late = "; ".join(f"{u['name'] or u['unit_code']} (nộp {day(u['reported_on'])})"
                         for u in p["late_units"] if u["reported_on"])
        missing = "; ".join(u["name"] or u["unit_code"] for u in p["missing_units"])
        out.append(f"Kỳ {p['period_code']} — nộp chậm: {late or 'không có'}; chưa nộp: {missing or 'không có'}.")
    return out


def _inspections(inspections: dict[str, Any]) -> list[str]:
    out = ["", f"13. Kiểm tra của Hội đồng (R6), năm {inspections['year']}"
           f" — {inspections['overdue_actions']} việc khắc phục quá hạn"]
    visits = inspections["inspections"]
    if not visits:
        return out + ["(chưa có đoàn kiểm tra)"]
    for i in visits:
        out.append(f"{i['code']}: {i['unit_name'] or i['unit_code']}, ngày {day(i['visited_on'])} — {i['findings']}")
        out += ["   " + s for s in table(["Việc", "Nội dung", "Hạn", "Hoàn thành", "Tình trạng", "Số ngày quá hạn"],
                                         [[a["code"], a["description"], day(a["due_on"]), day(a["done_on"]),
                                           ACTION_VI[a["status"]], a["days_overdue"] or None] for a in i["actions"]])]
    return out


def _proposals(proposals: dict[str, Any]) -> list[str]:
    out = ["", f"14. Kiến nghị điều chỉnh, bổ sung kế hoạch (R7), năm {proposals['year']}"]
    rows = proposals["proposals"]
    return out + (table(["Mã", "Đơn vị kiến nghị", "Ngày", "Nội dung", "Gửi", "Tình trạng"],
                        [[p["code"], p["proposer_name"] or p["proposer_code"], day(p["proposed_on"]), p["subject"],
                          ", ".join(p["addressed_to"]), PROPOSAL_VI[p["status"]]] for p in rows])
                  if rows else ["(chưa có kiến nghị)"])

"""The consolidated report's sections on awards (plan V) and on organisation (plan VII: periodic
reporting R1, inspections R6, proposals R7), declared as tables of their JSON. A section or table
shows only when the report carries its key (a report issued before they existed has none, and
regenerates as it was)."""
from collections.abc import Callable
from dataclasses import replace

from .spec import Column, Report, Row, Section, TableSpec, at, col, day, word, year_col

AWARD_STATUS = {"submitted": "Đã đề nghị", "received": "Đã tiếp nhận", "reviewed": "Đã thẩm định",
                "approved": "Được phê duyệt", "rejected": "Không được phê duyệt", "withdrawn": "Đã rút",
                "conferred": "Đã trao"}
UNIT_KIND = {"district": "Huyện", "department": "Sở, ngành", "mass_organisation": "Đoàn thể",
             "fatherland_front": "Ủy ban MTTQ"}
ACTION_STATUS = {"done": "Đã xong", "done_late": "Xong chậm", "open": "Đang thực hiện", "overdue": "Quá hạn"}
PROPOSAL_STATUS = {"open": "Chưa trả lời", "answered": "Đã trả lời", "accepted": "Được chấp nhận",
                   "rejected": "Không chấp nhận"}


def has(name: str) -> Callable[[Report], bool]:
    return lambda report: name in report


def of_rounds(part: str) -> Callable[[Report], list[Row]]:
    """Each round's nominations or awards, the round's code beside each."""
    return lambda report: [{**item, "round_code": r["code"]} for r in at("awards/rounds")(report)
                           for item in r.get(part) or ()]


def late_or_missing(path: str) -> Callable[[Report], list[Row]]:
    """Each period's units not reported ("Chưa nộp") and reported late ("Nộp chậm"), a unit once;
    a unit is a code (R1's completeness) or {unit_code, name, ...}."""
    def rows(report: Report) -> list[Row]:
        found: list[Row] = []
        for period in at(path)(report):
            units = [u if isinstance(u, dict) else {"unit_code": u} for u in period.get("missing_units") or ()]
            missing = {u["unit_code"] for u in units}
            found += [{**u, "period_code": period["period_code"], "fate": "Chưa nộp"} for u in units]
            found += [{**u, "period_code": period["period_code"], "fate": "Nộp chậm"}
                      for u in (u if isinstance(u, dict) else {"unit_code": u} for u in period.get("late_units") or ())
                      if u["unit_code"] not in missing]
        return found
    return rows


def inspection_actions(report: Report) -> list[Row]:
    return [{**a, "inspection_code": i["code"]} for i in at("inspections/inspections")(report)
            for a in i.get("actions") or ()]


def only_if(name: str, specs: tuple[TableSpec, ...]) -> tuple[TableSpec, ...]:
    return tuple(replace(spec, present=has(name)) for spec in specs)


AWARDS = Section("V. TIÊU CHUẨN THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG", (
    TableSpec("award_rounds", "Các đợt khen thưởng", at("awards/rounds"), (
        col("Mã đợt", "code", 0.9), col("Tên đợt", "title_vi", 2.4), year_col("Từ năm", "period_from", 0.7),
        year_col("Đến năm", "period_to", 0.7), col("Đề nghị", "counts/submitted", 0.8), col("Phê duyệt", "counts/approved", 0.8),
        col("Không phê duyệt", "counts/rejected", 0.8), col("Đã rút", "counts/withdrawn", 0.7),
        col("Đã trao", "counts/conferred", 0.7)), sheet="Đợt khen thưởng"),
    TableSpec("nominations", "Hồ sơ đề nghị khen thưởng", of_rounds("nominations"), (
        col("Đợt", "round_code", 0.9), col("Hình thức khen thưởng", "award_name_vi", 1.8),
        Column("Tập thể, cá nhân", lambda r: r.get("nominee_name") or r.get("nominee_code"), 1.8),
        col("Đơn vị đề nghị", "nominating_unit", 1), Column("Ngày đề nghị", day("submitted_on"), 1.1),
        Column("Tình trạng", word("status", AWARD_STATUS), 1.1), col("Quyết định", "decision_number", 1.2)),
        sheet="Hồ sơ đề nghị"),
    TableSpec("awards", "Khen thưởng đã quyết định", of_rounds("awards"), (
        col("Đợt", "round_code", 0.9), col("Hình thức khen thưởng", "award_name_vi", 1.8),
        Column("Tập thể, cá nhân", lambda r: r.get("nominee_name") or r.get("nominee_code"), 1.8),
        col("Quyết định", "decision_number", 1.2), Column("Ngày quyết định", day("decision_date"), 1.1),
        Column("Ngày trao", day("conferred_on"), 1.1), col("Số bằng", "certificate_number", 1)), sheet="Khen thưởng"),
), present=has("awards"))


def periodic(path: str) -> tuple[TableSpec, ...]:
    """R1's completeness of the periods at `path` (a list of them)."""
    return (
        TableSpec("reporting_periods", "Báo cáo định kỳ: mức độ đầy đủ và đúng hạn", at(path), (
            col("Kỳ báo cáo", "period_code", 0.9), Column("Hạn nộp", day("due_on"), 1.1),
            Column("Hạn cuối", day("deadline"), 1.1), col("Phải nộp", "province/owed", 0.7),
            col("Đã nộp", "province/submitted", 0.7), col("Đúng hạn", "province/on_time", 0.7),
            col("Đầy đủ (%)", "province/completeness_pct", 0.8), col("Đúng hạn (%)", "province/timeliness_pct", 0.8)),
            sheet="Báo cáo định kỳ"),
        TableSpec("late_or_missing_reports", "Đơn vị nộp báo cáo chậm hoặc chưa nộp", late_or_missing(path), (
            col("Kỳ báo cáo", "period_code", 0.9), col("Mã", "unit_code", 0.8), col("Đơn vị", "name", 2),
            Column("Loại", word("kind", UNIT_KIND), 1), col("Tình trạng", "fate", 0.9),
            Column("Ngày nộp", day("reported_on"), 1.1)), sheet="Chậm, thiếu báo cáo"),
    )


PERIODIC = only_if("periodic_reporting", periodic("periodic_reporting/periods"))
INSPECTIONS = only_if("inspections", (
    TableSpec("inspections", "Kiểm tra việc thực hiện phong trào thi đua", at("inspections/inspections"), (
        col("Mã", "code", 0.9), col("Đơn vị được kiểm tra", "unit_name", 1.6), Column("Ngày kiểm tra", day("visited_on"), 1.1),
        col("Đoàn kiểm tra", "team", 1.6), col("Kết quả", "findings", 2.2), col("Việc chưa xong", "open_actions", 0.8)),
        sheet="Kiểm tra"),
    TableSpec("inspection_actions", "Việc khắc phục sau kiểm tra", inspection_actions, (
        col("Đợt kiểm tra", "inspection_code", 0.9), col("Mã việc", "code", 0.6), col("Nội dung", "description", 2.2),
        Column("Hạn", day("due_on"), 1.1), Column("Ngày xong", day("done_on"), 1.1),
        Column("Tình trạng", word("status", ACTION_STATUS), 1), col("Số ngày quá hạn", "days_overdue", 0.8)),
        sheet="Việc khắc phục"),
))
PROPOSALS = only_if("proposals", (
    TableSpec("proposals", "Kiến nghị, đề xuất của các đơn vị", at("proposals/proposals"), (
        col("Mã", "code", 0.9), Column("Đơn vị kiến nghị", lambda r: r.get("proposer_name") or r.get("proposer_code"), 1.6),
        col("Gửi", "addressed_to", 1), col("Nội dung", "subject", 2.2), Column("Ngày", day("proposed_on"), 1.1),
        Column("Tình trạng", word("status", PROPOSAL_STATUS), 1), col("Trả lời", "answer/answer", 1.8)),
        sheet="Kiến nghị"),
))
ORGANISATION_TABLES = PERIODIC + INSPECTIONS + PROPOSALS

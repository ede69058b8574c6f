"""The consolidated report (R2, GET /reports/consolidated) as a document: its sections under the
plan's own headings (Kế hoạch 108/KH-UBND: II content and results, III the overall plan, IV the
ways (pilots, pledges), V awards, VI progress against the targets, VII organisation: periodic
reporting, inspections, proposals; consolidated_records.py)."""
from datetime import date, datetime

from thidua_facts.timeframe import VIETNAM
from thidua_kernel.vi_format import vi_date

from .consolidated_records import AWARDS, ORGANISATION_TABLES
from .render import province_name
from .spec import (Column, Report, ReportLayout, Row, Section, TableSpec, at, col, day, decimal_percent, percent_of,
                   word, year_col)

PLAN_BASIS = ("Căn cứ Kế hoạch số 108/KH-UBND ngày 16 tháng 12 năm 2011 của Ủy ban nhân dân tỉnh tổ chức thực hiện"
              " Phong trào thi đua “Lạng Sơn cùng cả nước chung sức xây dựng nông thôn mới”;")
PLAN_STATUS = {"submitted_on_time": "Nộp đúng hạn", "submitted_late": "Nộp chậm", "missing": "Chưa nộp (quá hạn)",
               "pending": "Chưa đến hạn"}
LEVEL = {"province": "Tỉnh", "district": "Huyện", "commune": "Xã"}
NOT_YET_RECORDED = {"nominations": "đề nghị khen thưởng (A9, A11)",
                    "reporting submissions": "báo cáo định kỳ của các đơn vị (R1)"}


def rate(header: str = "Tỷ lệ (%)") -> Column:
    return Column(header, percent_of("recognised", "communes"), 0.8)


def movement(report: Report) -> str:
    place = province_name(report).removeprefix("Tỉnh ").removeprefix("Thành phố ")
    return f"“{place} cùng cả nước chung sức xây dựng nông thôn mới”"


def title(report: Report) -> str:
    return (f"Kết quả thực hiện Phong trào thi đua\n{movement(report)}\n"
            f"(tính đến ngày {vi_date(date.fromisoformat(report['as_of']))})")


def summary(report: Report) -> list[str]:
    p = report["province"]
    share = percent_of("recognised", "communes")(p)
    said = f"{p['recognised']}/{p['communes']} xã đạt chuẩn nông thôn mới" + (
        f" ({str(share).replace('.', ',')}%)" if share is not None else "")
    cs = report.get("criteria_set")
    criteria = (f" Tiêu chí đánh giá theo Bộ tiêu chí {cs['decision']}." if cs else
                " Chưa có Bộ tiêu chí có hiệu lực tại ngày này.")
    return [f"Tính đến ngày {vi_date(date.fromisoformat(report['as_of']))}, {p['name']} có {said}.{criteria}"
            f" {known(report.get('known_at'))}"]


def known(known_at: str | None) -> str:
    """The report's recording horizon in Vietnam time, to the second (the exact one is in its JSON)."""
    if known_at is None:
        return "Số liệu theo mọi sự kiện đã ghi nhận."
    moment = datetime.fromisoformat(known_at).astimezone(VIETNAM)
    return f"Số liệu theo các sự kiện đã ghi nhận đến {moment:%H:%M:%S} ngày {vi_date(moment.date())} (giờ Việt Nam)."


def cluster_members(report: Report) -> list[Row]:
    return [{**m, "cluster_name": c["name"]} for c in report.get("clusters") or () for m in c["members"]]


def histogram(report: Report) -> list[Row]:
    return [{"met": int(k), "communes": v} for k, v in (report.get("communes_by_criteria_met") or {}).items()]


def pilot_communes(report: Report) -> list[Row]:
    pilots = report.get("pilots") or {}
    province = [{**p, "district_name": "", "by": "Tỉnh"} for p in pilots.get("province_pilot_communes") or ()]
    return province + [{**p, "district_name": d["name"], "by": "Huyện"}
                       for d in pilots.get("districts") or () for p in d["pilot_communes"]]


def not_yet_recorded(report: Report) -> list[str]:
    missing = report.get("not_yet_recorded") or []
    return [f"Chưa có dữ liệu trong hệ thống: {'; '.join(NOT_YET_RECORDED.get(m, m) for m in missing)}."] \
        if missing else []


RESULTS = Section("II. NỘI DUNG PHONG TRÀO THI ĐUA: KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI", (
    TableSpec("districts", "Tỷ lệ xã đạt chuẩn nông thôn mới theo huyện, thành phố", at("districts"), (
        col("Hạng", "rank", 0.7), col("Mã", "code", 0.6), col("Huyện, thành phố", "name", 2),
        col("Cụm thi đua", "cluster/name", 1.6), col("Số xã", "communes", 0.7),
        col("Đạt chuẩn", "recognised", 0.8), rate()), sheet="Huyện"),
    TableSpec("clusters", "Tỷ lệ xã đạt chuẩn theo cụm thi đua", at("clusters"), (
        col("Mã cụm", "code"), col("Cụm thi đua", "name", 2), col("Các huyện", "member_codes", 1.5),
        col("Số xã", "communes", 0.7), col("Đạt chuẩn", "recognised", 0.8), rate()), sheet="Cụm"),
    TableSpec("cluster_members", "Xếp hạng trong cụm thi đua", cluster_members, (
        col("Cụm thi đua", "cluster_name", 1.6), col("Hạng trong cụm", "rank_in_cluster", 0.7),
        col("Mã", "code", 0.6), col("Huyện, thành phố", "name", 2), col("Số xã", "communes", 0.7),
        col("Đạt chuẩn", "recognised", 0.8), rate()), sheet="Xếp hạng trong cụm"),
    TableSpec("criteria_attainment", "Kết quả thực hiện các tiêu chí", at("criteria_attainment"), (
        col("Tiêu chí", "criterion", 0.6), col("Tên tiêu chí", "name_vi", 2.5), col("Số xã đạt", "communes_met", 0.8),
        col("Số xã", "communes", 0.7), Column("Tỷ lệ (%)", percent_of("communes_met", "communes"), 0.8)),
        sheet="Tiêu chí"),
    TableSpec("communes_by_criteria_met", "Số xã theo số tiêu chí đạt", histogram, (
        col("Số tiêu chí đạt", "met"), col("Số xã", "communes")), sheet="Số tiêu chí đạt", numbered=False),
    TableSpec("near_standard", "Xã đạt 17-18 tiêu chí, chưa được công nhận đạt chuẩn", at("near_standard"), (
        col("Mã xã", "code", 0.7), col("Tên xã", "name", 2), col("Mã huyện", "district_code", 0.7),
        col("Số tiêu chí đạt", "criteria_met", 0.8)), sheet="Xã gần đạt chuẩn"),
    TableSpec("communes_lacking_planning", "Xã chưa đạt tiêu chí 1 (quy hoạch)",
              at("communes_lacking_planning/communes"), (
                  col("Mã xã", "code", 0.7), col("Tên xã", "name", 2), col("Huyện, thành phố", "district_name", 2),
                  col("Đã đánh giá", "assessed", 0.8)), sheet="Xã chưa có quy hoạch"),
))
OVERALL_PLAN = Section("III. KẾ HOẠCH TỔNG THỂ", (
    TableSpec("plans", "Kế hoạch của các đơn vị", at("plans/plans"), (
        col("Đơn vị", "owner_name", 1.6), col("Kế hoạch", "title", 1.6), Column("Hạn nộp", day("due_date"), 1.2),
        Column("Ngày nộp", day("submitted_on"), 1.2), col("Văn bản", "submission_document", 1.2),
        Column("Tình trạng", word("status", PLAN_STATUS), 1.2), col("Số ngày chậm", "days_late", 0.9)),
        sheet="Kế hoạch"),
    TableSpec("movement_registrations", "Đăng ký thi đua", at("movement_registrations"), (
        col("Mã", "unit_code", 0.7), col("Đơn vị", "name", 2), Column("Ngày đăng ký", day("registered_on")),
        col("Văn bản", "document_number")), sheet="Đăng ký thi đua"),
))
WAYS = Section("IV. GIẢI PHÁP THỰC HIỆN: CHỈ ĐẠO ĐIỂM VÀ GIÚP ĐỠ", (
    TableSpec("province_pilots", "Đơn vị chỉ đạo điểm của tỉnh", at("pilots/province_pilots"), (
        col("Mã", "code", 0.7), col("Tên đơn vị", "name", 2), Column("Cấp", word("level", LEVEL), 0.7),
        col("Quyết định", "document_number", 1.4), Column("Từ ngày", day("effective_from"), 1.1))),
    TableSpec("pilot_communes", "Xã chỉ đạo điểm", pilot_communes, (
        col("Chỉ đạo điểm của", "by", 0.8), col("Huyện", "district_name", 1.5), col("Mã xã", "code", 0.7),
        col("Tên xã", "name", 1.6), col("Quyết định", "document_number", 1.3), col("Số tiêu chí đạt", "criteria_met", 0.8),
        col("Đạt chuẩn", "recognised", 0.9))),
    TableSpec("pilot_districts", "Số xã chỉ đạo điểm của mỗi huyện (tối thiểu 2)", at("pilots/districts"), (
        col("Mã", "code", 0.6), col("Huyện, thành phố", "name", 2), col("Số xã chỉ đạo điểm", "count", 0.8),
        col("Chưa đủ", "below_minimum", 0.7), col("Xã điểm của tỉnh", "province_pilot_communes"))),
    TableSpec("pledges", "Đăng ký giúp đỡ xây dựng nông thôn mới", at("pledges/pledges"), (
        col("Đơn vị giúp đỡ", "supporter_name", 2), col("Đơn vị được giúp đỡ", "supported_name", 2),
        Column("Cấp", word("supported_level", LEVEL), 0.6), Column("Từ ngày", day("effective_from")),
        col("Văn bản", "document_number"))),
    TableSpec("departments_without_district", "Sở, ngành chưa giúp đỡ huyện nào",
              at("pledges/departments_without_district"), (col("Mã", "code", 0.7), col("Tên", "name", 3))),
    TableSpec("subordinate_units_below_two_communes", "Đơn vị trực thuộc giúp đỡ dưới 2 xã",
              at("pledges/subordinate_units_below_two_communes"), (
                  col("Mã", "code", 0.7), col("Tên", "name", 2), col("Sở, ngành", "department"),
                  col("Số xã", "communes", 0.6))),
))
PROGRESS = Section("VI. TIẾN ĐỘ THỰC HIỆN", (
    TableSpec("targets", "Tiến độ thực hiện mục tiêu", at("targets"), (
        col("Đơn vị", "unit_name", 2), year_col("Năm", "year", 0.6), Column("Mục tiêu (%)", decimal_percent("target_rate"), 0.8),
        Column("Tính đến", day("evaluated_on")), col("Số xã", "communes", 0.6), col("Đạt chuẩn", "recognised", 0.7),
        rate("Thực hiện (%)"), Column("Kết quả", lambda t: verdict(t), 1.2)), sheet="Mục tiêu"),
))
ORGANISATION = Section("VII. TỔ CHỨC THỰC HIỆN", ORGANISATION_TABLES, text=not_yet_recorded)


def verdict(target: Row) -> str:
    if target.get("met") is None:
        return "Không xác định"
    if target["met"]:
        return "Đạt"
    return "Không đạt" if target.get("deadline_passed") else "Chưa đạt (chưa đến hạn)"


LAYOUT = ReportLayout("consolidated", title, (PLAN_BASIS,), summary,
                      (RESULTS, OVERALL_PLAN, WAYS, AWARDS, PROGRESS, ORGANISATION), default_table="districts")
# Every table by name, for the layouts that show the same rows elsewhere in their JSON (yearly, thematic).
SPECS = {t.name: t for section in LAYOUT.sections for t in section.tables}

"""The yearly summary's section on the movement (R3, GET /reports/yearly-summary?year=) as a
document: the year's change of each district's rate, the xã recognised and revoked, criteria gained
and lost, then the year's plans, registrations, pilots, pledges, targets, periodic reports,
inspections and proposals, in the consolidated report's tables (the same rows, found elsewhere in
this JSON)."""
from dataclasses import replace
from datetime import date

from thidua_kernel.vi_format import vi_date

from .consolidated import PLAN_BASIS, SPECS, known, movement, rate
from .consolidated_records import INSPECTIONS, PROPOSALS, periodic
from .spec import Column, Report, ReportLayout, Section, TableSpec, at, col, day, percent_change, percent_of

SHARE = percent_of("recognised", "communes")


def title(report: Report) -> str:
    so_far = "" if report.get("year_over") else f"\n(tính đến ngày {vi_date(date.fromisoformat(report['as_of']))})"
    return f"Kết quả thực hiện Phong trào thi đua\n{movement(report['rates'])}\nnăm {report['year']}{so_far}"


def share(figures: dict) -> str:
    value = SHARE(figures)
    return f"{figures['recognised']}/{figures['communes']} xã" + ("" if value is None else f" ({str(value).replace('.', ',')}%)")


def summary(report: Report) -> list[str]:
    p = report["rates"]["province"]
    criteria = report.get("criteria") or {}
    return [f"Năm {report['year']}, {p['name']} từ {share(p['start'])} đạt chuẩn nông thôn mới ngày"
            f" {vi_date(date.fromisoformat(report['start']))} đến {share(p['end'])} ngày"
            f" {vi_date(date.fromisoformat(report['as_of']))}; các xã đạt thêm {criteria.get('gained', 0)} lượt tiêu chí,"
            f" không còn đạt {criteria.get('lost', 0)} lượt. {known(report.get('known_at'))}"]


def unit_rates(report: Report) -> list:
    return [report["rates"]["province"], *report["rates"]["districts"]]


def recognition(name: str, title_: str, path: str, sheet: str) -> TableSpec:
    return TableSpec(name, title_, at(path), (
        col("Mã xã", "code", 0.7), col("Tên xã", "name", 1.8), col("Mã huyện", "district_code", 0.7),
        Column("Ngày", day("effective_date"), 1.1), col("Quyết định", "decision_number", 1.3)), sheet=sheet)


RESULTS = Section("II. NỘI DUNG PHONG TRÀO THI ĐUA: KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI TRONG NĂM", (
    TableSpec("rates", "Tỷ lệ xã đạt chuẩn nông thôn mới đầu năm và cuối năm", unit_rates, (
        col("Mã", "code", 0.6), col("Đơn vị", "name", 1.8), col("Số xã đầu năm", "start/communes", 0.7),
        col("Đạt chuẩn đầu năm", "start/recognised", 0.8), Column("Tỷ lệ đầu năm (%)", percent_of("start/recognised", "start/communes"), 0.8),
        col("Số xã cuối năm", "end/communes", 0.7), col("Đạt chuẩn cuối năm", "end/recognised", 0.8),
        Column("Tỷ lệ cuối năm (%)", percent_of("end/recognised", "end/communes"), 0.8),
        col("Tăng (xã)", "change/recognised", 0.7), Column("Tăng (điểm %)", percent_change("start", "end"), 0.8)),
        sheet="Tỷ lệ trong năm"),
    recognition("recognised", "Xã được công nhận đạt chuẩn trong năm", "recognitions/recognised", "Xã được công nhận"),
    recognition("revoked", "Xã bị thu hồi quyết định công nhận trong năm", "recognitions/revoked", "Xã bị thu hồi"),
    TableSpec("criteria_by_district", "Tiêu chí đạt thêm và không còn đạt, theo huyện", at("criteria/by_district"), (
        col("Mã huyện", "code"), col("Lượt tiêu chí đạt thêm", "gained"), col("Lượt tiêu chí không còn đạt", "lost")),
        sheet="Tiêu chí theo huyện"),
    TableSpec("criteria_by_criterion", "Tiêu chí đạt thêm và không còn đạt, theo tiêu chí", at("criteria/by_criterion"), (
        col("Tiêu chí", "criterion"), col("Số xã đạt thêm", "gained"), col("Số xã không còn đạt", "lost")),
        sheet="Theo tiêu chí"),
))
OVERALL_PLAN = Section("III. KẾ HOẠCH TỔNG THỂ", (
    replace(SPECS["plans"], title="Kế hoạch có hạn nộp trong năm", rows=at("plans")),
    replace(SPECS["movement_registrations"], title="Đăng ký thi đua trong năm"),
))
WAYS = Section("IV. GIẢI PHÁP THỰC HIỆN: CHỈ ĐẠO ĐIỂM VÀ GIÚP ĐỠ", (
    SPECS["province_pilots"], SPECS["pilot_communes"], SPECS["pilot_districts"],
    replace(SPECS["pledges"], title="Đăng ký giúp đỡ trong năm", rows=at("pledges")),
))
PROGRESS = Section("VI. TIẾN ĐỘ THỰC HIỆN", (replace(SPECS["targets"], title="Mục tiêu của năm"),))
TOTALS = TableSpec("reported_totals", "Tổng hợp số liệu các đơn vị báo cáo (báo cáo đã duyệt, hoặc đang xem xét)",
                   at("periodic_reports"), (
                       col("Kỳ báo cáo", "period_code", 0.9), col("Số đơn vị", "totals/province/units", 0.7),
                       col("Đã duyệt", "totals/province/approved_units", 0.7),
                       col("Xã được đánh giá", "totals/province/communes_assessed/total", 0.8),
                       col("Lượt tiêu chí đạt thêm", "totals/province/criteria_gained/total", 0.8),
                       col("Lượt tiêu chí không còn đạt", "totals/province/criteria_lost/total", 0.8),
                       col("Xã được công nhận", "totals/province/communes_recognised/total", 0.8),
                       col("Vốn huy động (đồng)", "totals/province/funds_mobilised_vnd/total", 1.4),
                       col("Mô hình, điển hình", "totals/province/model_examples/total", 0.8)),
                   sheet="Tổng hợp số liệu báo cáo", present=lambda r: any("totals" in p for p in r.get("periodic_reports") or ()))
ORGANISATION = Section("VII. TỔ CHỨC THỰC HIỆN", (*periodic("periodic_reports"), TOTALS, *INSPECTIONS, *PROPOSALS))

LAYOUT = ReportLayout("yearly-summary", title, (PLAN_BASIS,), summary,
                      (RESULTS, OVERALL_PLAN, WAYS, PROGRESS, ORGANISATION), default_table="rates",
                      province="rates/province")

"""The thematic report of a five-year plan (R4 with the R5 milestones, GET /reports/thematic?plan=)
as a document: the results at the plan's end, its summary round's awards (plan V, R2's tables),
each unit's rate year by year, the milestones of the plan's section VI and the periodic reports of
its years."""
from dataclasses import replace
from datetime import date

from thidua_kernel.vi_format import vi_date

from .consolidated import PLAN_BASIS, SPECS, cluster_members, known, movement
from .consolidated_records import AWARDS, periodic
from .spec import Column, Report, ReportLayout, Row, Section, TableSpec, at, col, day, percent_of, word

MILESTONE_STATUS = {"recorded": "Có kết quả ghi nhận", "nothing_recorded": "Chưa ghi nhận kết quả",
                    "not_yet": "Chưa đến thời điểm"}


def title(report: Report) -> str:
    so_far = "" if report.get("plan_over") else f"\n(tính đến ngày {vi_date(date.fromisoformat(report['as_of']))})"
    return (f"Chuyên đề kết quả thực hiện Phong trào thi đua\n{movement(report['results'])}\n"
            f"giai đoạn {report['plan']}{so_far}")


def summary(report: Report) -> list[str]:
    p = report["results"]["province"]
    share = percent_of("recognised", "communes")(p)
    said = f"{p['recognised']}/{p['communes']} xã" + ("" if share is None else f" ({str(share).replace('.', ',')}%)")
    return [f"Kết thúc giai đoạn {report['plan']} (ngày {vi_date(date.fromisoformat(report['as_of']))}), {p['name']}"
            f" có {said} đạt chuẩn nông thôn mới. {known(report.get('known_at'))}"]


def trend_rows(report: Report) -> list[Row]:
    trend = report.get("trend") or {}
    return [r for r in (trend.get("province"), *(trend.get("districts") or ())) if r]


def trend_columns(report: Report) -> tuple[Column, ...]:
    """The unit, its rate at the plan's start, then one column per year of the trend."""
    years = [y["year"] for y in (trend_rows(report) or [{}])[0].get("years") or ()]

    def in_year(year: int):
        def value(row: Row):
            point = next((y for y in row.get("years") or () if y["year"] == year), None)
            return None if point is None else percent_of("recognised", "communes")(point)
        return value
    return (col("Mã", "code", 0.6), col("Đơn vị", "name", 1.8),
            Column("Đầu kỳ (%)", percent_of("start/recognised", "start/communes"), 0.8),
            *(Column(f"Năm {y} (%)", in_year(y), 0.8) for y in years))


RESULTS = Section("II. NỘI DUNG PHONG TRÀO THI ĐUA: KẾT QUẢ CUỐI GIAI ĐOẠN", (
    replace(SPECS["districts"], rows=at("results/districts")),
    replace(SPECS["clusters"], rows=at("results/clusters")),
    replace(SPECS["cluster_members"], rows=lambda r: cluster_members(r["results"])),
))
PROGRESS = Section("VI. TIẾN ĐỘ THỰC HIỆN", (
    TableSpec("trend", "Tỷ lệ xã đạt chuẩn nông thôn mới qua từng năm (%)", trend_rows, trend_columns,
              sheet="Qua từng năm"),
    TableSpec("milestones", "Các mốc tiến độ của Kế hoạch (mục VI)", at("milestones"), (
        col("Mã", "code", 1.2), col("Nội dung", "title_vi", 2.6), Column("Thời điểm", day("date"), 1.1),
        Column("Tình trạng", word("status", MILESTONE_STATUS), 1.2)), sheet="Các mốc tiến độ"),
    replace(SPECS["targets"], rows=at("results/targets"), title="Mục tiêu của giai đoạn"),
))
ORGANISATION = Section("VII. TỔ CHỨC THỰC HIỆN", periodic("periodic_reports"))

LAYOUT = ReportLayout("thematic", title, (PLAN_BASIS,), summary, (RESULTS, AWARDS, PROGRESS, ORGANISATION),
                      default_table="trend", province="results/province")

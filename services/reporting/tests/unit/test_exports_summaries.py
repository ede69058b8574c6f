"""The yearly summary (R3) and the thematic report (R4, R5) as files, on the hand-worked province
of reporting/testing_summary.py: headings, figures and Vietnamese names read back from the DOCX,
the XLSX (numbers as numbers, one sheet per table) and the CSV."""
import csv
import io
from datetime import date, datetime

from openpyxl import load_workbook

from thidua_documents.testing import docx_text, pdf_text

from reporting.domain.yearly import window
from reporting.exports import thematic, yearly
from reporting.exports.render import Letterhead, hashes, render
from reporting.exports.spec import tables
from reporting.report_kinds import KINDS, kind_of
from reporting.testing import VN, programme_at, programme_events
from reporting.testing_summary import PROVINCE, facts_at
from reporting.thematic_report import PLANS, thematic_report
from reporting.yearly_report import yearly_summary

NOW = datetime(2026, 1, 1, 9, tzinfo=VN)
ISSUED = Letterhead("7/BC-UBND", date(2014, 1, 10))
PERIODS = [{"period_code": "2013", "due_on": "2014-01-15", "deadline": "2014-01-20",
            "province": {"owed": 2, "submitted": 1, "on_time": 1, "completeness_pct": 50.0, "timeliness_pct": 50.0},
            "late_units": ["181"], "missing_units": ["181"],
            "totals": {"province": {"units": 2, "approved_units": 1, "communes_assessed": {"total": 3, "blank": 1},
                                    "funds_mobilised_vnd": {"total": 12_500_000_000, "blank": 1}}}}]
INSPECTIONS = {"inspections": [], "overdue_actions": []}
PROPOSALS = {"proposals": [], "counts": {"open": 0}}


def summary(year: int) -> dict:
    span = window(year, year, NOW, "R3")
    return yearly_summary(year, span, facts_at(span.start, NOW), facts_at(span.as_of, NOW),
                          programme_at(programme_events(), span.as_of, NOW), PROVINCE, PERIODS, INSPECTIONS, PROPOSALS)


def plan_report(plan: str) -> dict:
    first, last = PLANS[plan]
    span = window(first, last, NOW, "R4")
    pilots = facts_at(date(2012, 12, 31), NOW) if first == 2011 else None
    return thematic_report(plan, span, facts_at(span.as_of, NOW, assessments=False), pilots,
                           programme_at(programme_events(), span.as_of, NOW), PROVINCE, [])


def test_the_yearly_summary_as_a_document_with_the_years_change():
    report = summary(2013)
    text = docx_text(render(report, yearly.LAYOUT, ISSUED, "docx"))
    for line in ("Số: 7/BC-UBND", "BÁO CÁO", "năm 2013", "II. NỘI DUNG PHONG TRÀO THI ĐUA: KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI"
                 " TRONG NĂM", "Xã được công nhận đạt chuẩn trong năm", "Xã Đề Thám", "02/QĐ-UBND", "Huyện Tràng Định",
                 "VII. TỔ CHỨC THỰC HIỆN", "Chưa nộp"):
        assert line in text, line
    assert "từ 1/5 xã (20,00%) đạt chuẩn nông thôn mới ngày 01/01/2013 đến 2/5 xã (40,00%) ngày 31/12/2013" in text
    assert "ỦY BAN NHÂN DÂN" in text and report["rates"]["province"]["name"].upper() in text
    book = load_workbook(io.BytesIO(render(report, yearly.LAYOUT, ISSUED, "xlsx")))
    assert len(book.sheetnames) == len(tables(report, yearly.LAYOUT))
    rates = {row[1].value: [c.value for c in row] for row in book["Tỷ lệ trong năm"].iter_rows(min_row=2)}
    # 180: 1/3 at the start, 2/3 at the end: +1 xã, +33.33 points (from the exact fractions).
    assert rates["180"][2:] == ["Huyện Tràng Định", 3, 1, 33.33, 3, 2, 66.67, 1, 33.33]
    rows = list(csv.reader(io.StringIO(render(report, yearly.LAYOUT, ISSUED, "csv", "recognised").decode("utf-8-sig"))))
    assert rows[1] == ["1", "b", "Xã Đề Thám", "180", "2013-06-10", "02/QĐ-UBND"]
    late = list(csv.reader(io.StringIO(render(report, yearly.LAYOUT, ISSUED, "csv", "late_or_missing_reports")
                                       .decode("utf-8-sig"))))
    assert [r[1:6] for r in late[1:]] == [["2013", "181", "", "", "Chưa nộp"]]  # late and missing: listed once
    totals = book["Tổng hợp số liệu báo cáo"]
    assert [c.value for c in totals[2]] == [1, "2013", 2, 1, 3, None, None, None, 12_500_000_000, None]
    assert "12.500.000.000" in text  # the amount printed the Vietnamese way in the DOCX


def test_the_thematic_report_year_by_year_and_its_milestones():
    report = plan_report("2011-2015")
    data = render(report, thematic.LAYOUT, ISSUED, "pdf")
    text = pdf_text(data)
    for line in ("BÁO CÁO", "giai đoạn 2011-2015", "Tỷ lệ xã đạt chuẩn nông thôn mới qua từng năm", "Huyện Tràng Định",
                 "Các mốc tiến độ của Kế hoạch", "VI. TIẾN ĐỘ THỰC HIỆN"):
        assert line in text, line
    book = load_workbook(io.BytesIO(render(report, thematic.LAYOUT, ISSUED, "xlsx")))
    trend = book["Qua từng năm"]
    assert [c.value for c in trend[1]] == ["STT", "Mã", "Đơn vị", "Đầu kỳ (%)", "Năm 2011 (%)", "Năm 2012 (%)",
                                          "Năm 2013 (%)", "Năm 2014 (%)", "Năm 2015 (%)"]
    lines = {row[1].value: [c.value for c in row][3:] for row in trend.iter_rows(min_row=2)}
    for unit in report["trend"]["districts"]:
        assert lines[unit["code"]][1:] == [None if p["communes"] in (None, 0) else round(100 * p["recognised"] / p["communes"], 2)
                                           for p in unit["years"]]
    assert "Đợt khen thưởng" not in book.sheetnames
    judged = {**report, "awards": {"as_of": "2016-06-30", "counts": {}, "rounds": [{
        "code": "2011-2015", "title_vi": "Tổng kết giai đoạn 2011-2015", "counts": {"submitted": 1}, "nominations": [],
        "awards": [{"award_name_vi": "Cờ thi đua của Chính phủ", "nominee_name": "Huyện Tràng Định"}]}]}}
    text = docx_text(render(judged, thematic.LAYOUT, ISSUED, "docx"))  # its summary round (plan V)
    assert "V. TIÊU CHUẨN THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG" in text and "Cờ thi đua của Chính phủ" in text
    milestones = [c.value for c in book["Các mốc tiến độ"]["B"]][1:]
    assert milestones == [m["code"] for m in report["milestones"]]


def test_every_kind_is_registered_with_its_parameters_checked():
    assert set(KINDS) == {"consolidated", "yearly-summary", "thematic"}
    assert kind_of("yearly-summary").parameters({"year": 2015}) == {"year": 2015}
    assert kind_of("thematic").parameters({"plan": "2016-2020"}) == {"plan": "2016-2020"}
    for kind, wrong in (("yearly-summary", {}), ("yearly-summary", {"year": "2015"}), ("thematic", {"plan": "2011"}),
                        ("consolidated", {"year": 2015})):
        try:
            kind_of(kind).parameters(wrong)
        except Exception as refused:  # noqa: BLE001
            assert getattr(refused, "rule", None) == "INPUT", refused
        else:
            raise AssertionError(f"{kind} {wrong} accepted")


def test_summaries_hash_the_same_twice():
    report = summary(2013)
    assert hashes(report, yearly.LAYOUT, ISSUED) == hashes(summary(2013), yearly.LAYOUT, ISSUED)

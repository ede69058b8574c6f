"""The consolidated report as files, read back with the tools a person's would: python-docx,
openpyxl, pdftotext / pdffonts / pdftoppm, the csv module. On the hand-worked province of
reporting/testing.py ("Tỉnh Thử"), whose names carry Vietnamese diacritics."""
import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from PIL import Image

from thidua_documents.testing import docx_text, pdf_fonts, pdf_pages_png, pdf_text
from thidua_facts.model import AssessmentFact, CriteriaSetFact, CriterionInfo, RecognitionFact
from thidua_facts.read_model import FactsAt
from thidua_facts.testing import T0

from reporting.exports.consolidated import LAYOUT
from reporting.exports.render import DRAFT_NUMBER, Letterhead, draft, hashes, render
from reporting.exports.spec import hundredths, tables
from reporting.testing import programme_at, programme_events, unit_changes
from reporting.views import assemble_report

SET = CriteriaSetFact("qd491", 1, T0, "491/QĐ-TTg", date(2009, 4, 16),
                      (CriterionInfo(1, "I", "Quy hoạch", "Planning"), CriterionInfo(2, "II", "Giao thông", "Transport")))
ISSUED = Letterhead("125/BC-UBND", date(2013, 1, 5))


def report(as_of: date = date(2012, 12, 31)) -> dict:
    met = {("a", n): AssessmentFact("a", n, date(2012, 3, 1), n, T0, True, "qd491") for n in range(1, 20)}
    facts = FactsAt(as_of, None, tuple(unit_changes()), criteria_sets=(SET,), assessments=met,
                    recognitions=(RecognitionFact("a", date(2012, 6, 1), 20, T0, True, "1/QĐ-UBND"),))
    return assemble_report(facts, "20", programme_at(programme_events(), as_of, None))


def test_docx_has_the_decree_30_heading_the_plans_headings_and_the_figures():
    data = render(report(), LAYOUT, ISSUED, "docx")
    text = docx_text(data)
    for line in ("ỦY BAN NHÂN DÂN", "TỈNH THỬ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "Số: 125/BC-UBND", "Thử, ngày 05 tháng 01 năm 2013", "BÁO CÁO",
                 "II. NỘI DUNG PHONG TRÀO THI ĐUA: KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI", "III. KẾ HOẠCH TỔNG THỂ",
                 "IV. GIẢI PHÁP THỰC HIỆN: CHỈ ĐẠO ĐIỂM VÀ GIÚP ĐỠ", "VI. TIẾN ĐỘ THỰC HIỆN", "VII. TỔ CHỨC THỰC HIỆN",
                 "Huyện Tràng Định", "Xã Đề Thám", "TM. ỦY BAN NHÂN DÂN"):
        assert line in text, line
    assert "Tính đến ngày 31/12/2012, Tỉnh Thử có 1/5 xã đạt chuẩn nông thôn mới (20,00%)." in text
    document = Document(io.BytesIO(data))
    assert document.styles["Normal"].font.name == "Times New Roman"
    districts = next(t for t in document.tables if t.rows[0].cells[0].text == "STT"
                     and "Huyện, thành phố" in [c.text for c in t.rows[0].cells])
    rows = [[c.text for c in r.cells] for r in districts.rows]
    # Tràng Định: 1 of its 3 xã recognised (the thị trấn is not counted, U1) → 33,33 %.
    assert ["1", "1", "180", "Huyện Tràng Định", "", "3", "1", "33,33"] in rows


def test_xlsx_one_sheet_per_table_figures_kept_numbers():
    r = report()
    book = load_workbook(io.BytesIO(render(r, LAYOUT, ISSUED, "xlsx")))
    assert book.sheetnames == [t.sheet_name or t.title[:31] for t in tables(r, LAYOUT)]
    assert len(book.sheetnames) == len(LAYOUT.specs(r)) == 24  # 16 + awards 3, periodic reports 2, R6 2, R7 1
    sheet = book["Huyện"]
    assert [c.value for c in sheet[1]] == ["STT", "Hạng", "Mã", "Huyện, thành phố", "Cụm thi đua", "Số xã",
                                           "Đạt chuẩn", "Tỷ lệ (%)"]
    row = {c.value for c in sheet[2]}
    assert {"Huyện Tràng Định", 3, 1, 33.33} <= row
    assert all(isinstance(c.value, int) for c in sheet["F"][1:])
    pilots = book["Xã chỉ đạo điểm"]
    assert "Xã Đề Thám" in [c.value for c in pilots["E"]]


def test_pdf_text_with_diacritics_dejavu_embedded_and_a_page_that_shows_text(tmp_path: Path):
    data = render(report(), LAYOUT, ISSUED, "pdf")
    text = pdf_text(data)
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 125/BC-UBND", "BÁO CÁO", "Huyện Tràng Định",
                 "Xã Đề Thám", "VI. TIẾN ĐỘ THỰC HIỆN", "33,33"):
        assert line in text, line
    fonts = pdf_fonts(data)
    assert fonts and all(f["emb"] == "yes" and "DejaVu" in f["name"] for f in fonts)
    pages = pdf_pages_png(data, tmp_path, "consolidated")
    first = Image.open(pages[0]).convert("L")
    dark = sum(1 for p in first.getdata() if p < 128)
    assert dark > 0.005 * first.width * first.height, "the first page is blank"


def test_csv_one_table_default_districts_utf8_bom():
    r = report()
    data = render(r, LAYOUT, ISSUED, "csv")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["STT", "Hạng", "Mã", "Huyện, thành phố"]
    assert ["1", "1", "180", "Huyện Tràng Định", "", "3", "1", "33.33"] in rows
    pilots = list(csv.reader(io.StringIO(render(r, LAYOUT, ISSUED, "csv", "pilot_communes").decode("utf-8-sig"))))
    assert any("Xã Đề Thám" in row for row in pilots)
    with pytest.raises(KeyError):
        render(r, LAYOUT, ISSUED, "csv", "no_such_table")


def test_same_report_same_bytes_and_hashes_cover_every_format_and_table():
    first, again = hashes(report(), LAYOUT, ISSUED), hashes(report(), LAYOUT, ISSUED)
    assert first == again
    assert {"json", "docx", "xlsx", "pdf", "csv", "csv/districts", "csv/targets"} <= set(first)
    other = hashes(report(), LAYOUT, Letterhead("126/BC-UBND", ISSUED.issued_on))
    assert other["docx"] != first["docx"] and other["pdf"] != first["pdf"] and other["csv"] == first["csv"]
    later = hashes(report(date(2013, 6, 30)), LAYOUT, ISSUED)
    assert later["json"] != first["json"]


def test_a_draft_is_dated_its_as_of_with_a_blank_number():
    r = report()
    assert draft(r) == Letterhead(DRAFT_NUMBER, date(2012, 12, 31))
    assert "Số:       /BC-UBND" in docx_text(render(r, LAYOUT, draft(r), "docx"))


def test_rates_are_rounded_half_up_from_the_exact_fraction():
    from fractions import Fraction
    assert hundredths(Fraction(30, 176)) == Decimal("17.05") and hundredths(Fraction(1, 8)) == Decimal("12.50")
    assert hundredths(Fraction(1, 3)) == Decimal("33.33") and hundredths(Fraction(2, 3)) == Decimal("66.67")


def test_table_names_are_unique_and_every_section_is_under_a_plan_heading():
    names = [s.name for s in LAYOUT.sections[0].tables + tuple(t for s in LAYOUT.sections[1:] for t in s.tables)]
    assert len(names) == len(set(names)) and LAYOUT.default_table in names
    assert all(s.heading.split(".")[0] in {"I", "II", "III", "IV", "V", "VI", "VII"} for s in LAYOUT.sections)


RECORDS = {  # the R2 sections of awards (A8-A11), periodic reporting (R1), inspections (R6), proposals (R7)
    "awards": {"rounds": [{
        "code": "2011-2015", "title_vi": "Tổng kết phong trào thi đua giai đoạn 2011-2015", "period_from": 2011,
        "period_to": 2015, "counts": {"submitted": 2, "approved": 1, "rejected": 0, "withdrawn": 0, "conferred": 1},
        "nominations": [{"nomination_id": "2011-2015/bk-ubnd/a", "award_name_vi": "Bằng khen của Chủ tịch UBND tỉnh",
                         "nominee_code": "a", "nominee_name": "Xã Chi Lăng", "nominating_unit": "180",
                         "submitted_on": "2015-10-01", "status": "conferred", "decision_number": "12/QĐ-UBND"}],
        "awards": [{"nomination_id": "2011-2015/bk-ubnd/a", "award_name_vi": "Bằng khen của Chủ tịch UBND tỉnh",
                    "nominee_code": "a", "nominee_name": "Xã Chi Lăng", "decision_number": "12/QĐ-UBND",
                    "decision_date": "2015-12-01", "conferred_on": "2015-12-20", "certificate_number": "BK-7"}]}]},
    "periodic_reporting": {"periods": [{
        "period_code": "2015-H1", "due_on": "2015-07-15", "deadline": "2015-07-20",
        "province": {"owed": 4, "submitted": 3, "on_time": 2, "completeness_pct": 75.0, "timeliness_pct": 50.0},
        "late_units": [{"unit_code": "181", "name": "Huyện Bình Gia", "kind": "district", "reported_on": "2015-07-25"}],
        "missing_units": [{"unit_code": "SGT", "name": "Sở Giao thông", "kind": "department"}]}]},
    "inspections": {"inspections": [{
        "code": "KT-01", "team": ["Nguyễn Văn An", "Hoàng Thị Bình"], "unit_code": "180", "unit_name": "Huyện Tràng Định",
        "visited_on": "2014-06-10", "findings": "Quy hoạch chưa công khai", "open_actions": 1,
        "actions": [{"code": "A1", "description": "Công khai quy hoạch", "due_on": "2014-09-30", "done_on": None,
                     "status": "overdue", "days_overdue": 92}]}]},
    "proposals": {"proposals": [{
        "code": "KN-01", "proposer_code": "180", "proposer_name": "Huyện Tràng Định", "addressed_to": ["SNV", "SNNPTNT"],
        "subject": "Điều chỉnh lộ trình tiêu chí môi trường", "proposed_on": "2014-03-01", "status": "accepted",
        "answer": {"answer": "Đồng ý", "answered_on": "2014-04-01", "accepted": True}}]},
}


def test_sections_of_awards_periodic_reporting_inspections_and_proposals_when_the_report_has_them():
    r = {**report(), **RECORDS}
    names = [s.name for s in LAYOUT.specs(r)]
    assert names[names.index("pledges"):] == [
        "pledges", "departments_without_district", "subordinate_units_below_two_communes", "award_rounds",
        "nominations", "awards", "targets", "reporting_periods", "late_or_missing_reports", "inspections",
        "inspection_actions", "proposals"]
    text = docx_text(render(r, LAYOUT, ISSUED, "docx"))
    for line in ("V. TIÊU CHUẨN THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG", "Bằng khen của Chủ tịch UBND tỉnh", "Đã trao",
                 "Huyện Bình Gia", "Nộp chậm", "Sở Giao thông", "Chưa nộp", "Quy hoạch chưa công khai", "Quá hạn",
                 "Nguyễn Văn An, Hoàng Thị Bình", "Điều chỉnh lộ trình tiêu chí môi trường", "Được chấp nhận"):
        assert line in text, line
    book = load_workbook(io.BytesIO(render(r, LAYOUT, ISSUED, "xlsx")))
    assert {"Đợt khen thưởng", "Khen thưởng", "Báo cáo định kỳ", "Chậm, thiếu báo cáo", "Kiểm tra",
            "Việc khắc phục", "Kiến nghị"} <= set(book.sheetnames)
    periods = book["Báo cáo định kỳ"]
    assert [c.value for c in periods[2]][4:] == [4, 3, 2, 75, 50]
    older = {k: v for k, v in report().items() if k not in RECORDS}  # a report issued before these sections
    assert not {"award_rounds", "reporting_periods", "inspections", "proposals"} & {s.name for s in LAYOUT.specs(older)}

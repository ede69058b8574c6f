import io
from dataclasses import replace
from datetime import datetime

import pytest
from openpyxl import load_workbook

from thidua_documents import Table, render_csv, render_xlsx, sheet_names


def test_one_sheet_per_table_numbers_stay_numbers(awardees):
    other = Table("Danh sách xã đạt chuẩn nông thôn mới huyện Văn Quan năm 2015", ("Xã", "Số tiêu chí"),
                  (("Xã Hòa Bình", 19),))
    book = load_workbook(io.BytesIO(render_xlsx([awardees, other])))
    assert book.sheetnames == ["Khen thưởng", other.title[:31]]
    sheet = book["Khen thưởng"]
    assert [c.value for c in sheet[1]][:3] == ["STT", "Tên tập thể", "Huyện"]
    assert all(c.font.b for c in sheet[1])
    row = [c.value for c in sheet[3]]
    assert row[1] == "Ủy ban nhân dân huyện Hữu Lũng" and row[3] == 5 and isinstance(row[3], int)
    assert row[5] == 10_000_000_000 and sheet.cell(3, 6).number_format == "#,##0"
    assert row[4] == pytest.approx(20.8) and isinstance(row[4], float)
    assert row[6] == datetime(2015, 11, 5) and sheet.cell(3, 7).number_format == "dd/mm/yyyy"
    assert sheet.column_dimensions["B"].width >= len("Ủy ban nhân dân huyện Văn Quan")
    assert sheet.freeze_panes == "A2"


def test_sheet_names_obey_excels_rules():
    long = "Danh sách: tập thể/cá nhân [đề nghị] khen thưởng?"
    tables = [Table(long, ("a",), ()), Table(long, ("a",), ()), Table("", ("a",), ())]
    names = sheet_names(tables)
    assert all(len(n) <= 31 for n in names) and len({n.casefold() for n in names}) == 3
    assert not any(ch in n for n in names for ch in "[]:*?/\\")
    assert names[1].endswith(" (2)") and names[2] == "Bảng 3"


def test_same_input_same_bytes(awardees):
    assert render_xlsx([awardees]) == render_xlsx([awardees])
    props = load_workbook(io.BytesIO(render_xlsx([awardees]))).properties
    assert props.created == props.modified == datetime(2000, 1, 1)


def test_csv_is_utf8_with_bom_and_plain_figures(awardees):
    data = render_csv(awardees)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "STT,Tên tập thể,Huyện,Số xã đạt chuẩn,Tỷ lệ (%),Tiền thưởng (đồng),Ngày công nhận"
    assert lines[2] == "2,Ủy ban nhân dân huyện Hữu Lũng,Hữu Lũng,5,20.8,10000000000,2015-11-05"
    assert lines[3] == "3,Xã Hòa Bình,Văn Quan,,,,"
    assert render_csv(awardees) == data


def test_a_row_of_the_wrong_length_is_refused(awardees):
    with pytest.raises(ValueError):
        replace(awardees, rows=((1, "x"),))

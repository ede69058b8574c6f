import io
import zipfile

from docx import Document

from thidua_documents import render_docx
from thidua_documents.testing import docx_text


def _paragraph(document, text):
    cells = [p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return next(p for p in [*document.paragraphs, *cells] if p.text == text)


def test_decision_reads_back_with_header_title_articles_and_signature(decision):
    data = render_docx(decision)
    text = docx_text(data)
    for expected in ("ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Số: 123/QĐ-UBND", "Lạng Sơn, ngày 31 tháng 12 năm 2015",
                     "QUYẾT ĐỊNH", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "QUYẾT ĐỊNH:",
                     "Điều 1. Tặng Bằng khen", "Điều 3.", "TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH",
                     "Nguyễn Văn Bình", "Nơi nhận:", "- Lưu: VT, NC.",
                     "Ủy ban nhân dân huyện Văn Quan", "Hữu Lũng", "10.000.000.000", "14,3", "31/12/2015"):
        assert expected in text, expected
    document = Document(io.BytesIO(data))
    kind = _paragraph(document, "QUYẾT ĐỊNH")
    assert kind.alignment == 1 and all(r.bold for r in kind.runs)
    assert all(r.italic for r in _paragraph(document, "Lạng Sơn, ngày 31 tháng 12 năm 2015").runs)
    nơi_nhận = _paragraph(document, "Nơi nhận:").runs[0]
    assert nơi_nhận.bold and nơi_nhận.italic and nơi_nhận.font.size.pt == 12
    basis = next(p for p in document.paragraphs if p.text.startswith("Căn cứ Luật Thi đua"))
    assert all(r.italic for r in basis.runs) and basis.runs[0].font.size.pt == 14
    article = next(p for p in document.paragraphs if p.text.startswith("Điều 1."))
    assert article.runs[0].bold and article.runs[0].text == "Điều 1. " and not article.runs[1].bold


def test_page_is_a4_with_decree_30_margins_and_times_new_roman(decision):
    document = Document(io.BytesIO(render_docx(decision)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and 13 <= normal.size.pt <= 14


def test_awardee_table_has_a_bold_header_row(decision):
    document = Document(io.BytesIO(render_docx(decision)))
    table = document.tables[1]  # [0] is the header block
    assert [c.text for c in table.rows[0].cells][:3] == ["STT", "Tên tập thể", "Huyện"]
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert len(table.rows) == 4 and table.rows[2].cells[5].text == "10.000.000.000"


def test_same_input_same_bytes_with_fixed_times(decision):
    first, second = render_docx(decision), render_docx(decision)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = Document(io.BytesIO(first)).core_properties
    assert props.created.date().isoformat() == "2015-12-31" and props.title == "Quyết định 123/QĐ-UBND"


def test_annex_table_goes_after_the_signature(decision, awardees):
    from dataclasses import replace
    text = docx_text(render_docx(replace(decision, annexes=(awardees,))))
    assert "(Kèm theo Quyết định số 123/QĐ-UBND ngày 31 tháng 12 năm 2015)" in text

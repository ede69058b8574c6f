import re

from thidua_documents import render_certificate_pdf, render_pdf, render_tables_pdf
from thidua_documents.testing import pdf_fonts, pdf_text


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_certificate_reads_back_with_every_diacritic(certificate):
    text = _flat(pdf_text(render_certificate_pdf(certificate)))
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "THỦ TƯỚNG CHÍNH PHỦ",
                     "TẶNG", "BẰNG KHEN", "Ủy ban nhân dân huyện Văn Quan", "Huyện Văn Quan, tỉnh Lạng Sơn",
                     "Đã có thành tích xuất sắc", "Quyết định số 1620/QĐ-TTg", "ngày 05 tháng 02 năm 2016",
                     "Hà Nội, ngày 05 tháng 02 năm 2016", "Nguyễn Tấn Dũng", "Số sổ vàng: 15/2016"):
        assert expected in text, expected


def test_every_font_is_embedded(certificate, decision, awardees):
    for data in (render_certificate_pdf(certificate), render_pdf(decision), render_tables_pdf("Báo cáo", [awardees])):
        fonts = pdf_fonts(data)
        assert fonts and all(f["emb"] == "yes" for f in fonts), fonts
        assert all("DejaVuSerif" in f["name"] for f in fonts)


def test_decision_pdf_has_header_articles_and_figures(decision):
    text = _flat(pdf_text(render_pdf(decision)))
    for expected in ("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 123/QĐ-UBND",
                     "Lạng Sơn, ngày 31 tháng 12 năm 2015", "QUYẾT ĐỊNH", "Điều 1.", "Điều 3.", "Hữu Lũng",
                     "10.000.000.000", "Nơi nhận:", "Nguyễn Văn Bình"):
        assert expected in text, expected


def test_report_pdf_lists_tables(awardees):
    text = _flat(pdf_text(render_tables_pdf("Báo cáo kết quả khen thưởng", [awardees], subtitle="Tại 31/12/2015")))
    assert "Báo cáo kết quả khen thưởng" in text and "Danh sách tập thể được khen thưởng" in text
    assert "Ủy ban nhân dân huyện Hữu Lũng" in text.replace("huyện Hữu Lũng", "huyện Hữu Lũng")


def test_same_input_same_bytes(certificate, decision, awardees):
    assert render_certificate_pdf(certificate) == render_certificate_pdf(certificate)
    assert render_pdf(decision) == render_pdf(decision)
    assert render_tables_pdf("B", [awardees]) == render_tables_pdf("B", [awardees])

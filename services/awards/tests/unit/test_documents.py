"""The awards' documents read back with python-docx, openpyxl and pdftotext; same input, same bytes."""
import io
import json
from dataclasses import replace
from datetime import date

from docx import Document
from openpyxl import load_workbook

from awards.documents import (AwardDecision, Awardee, NationalNomination, NominatedCommune, certificate_for,
                              certificate_pdf, decision_docx, decision_xlsx, national_nomination_dict,
                              national_nomination_xlsx)
from thidua_documents.testing import docx_text, pdf_pages_png, pdf_text

PM = "Bằng khen của Thủ tướng Chính phủ"
PROVINCIAL = "Bằng khen của Chủ tịch UBND tỉnh"


def decision() -> AwardDecision:
    return AwardDecision(
        number="123/QĐ-UBND", signed_on=date(2015, 12, 31), place="Lạng Sơn", issuer_superior=None,
        issuer="ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN",
        title="Về việc khen thưởng tổng kết 5 năm phong trào thi đua\n“Lạng Sơn chung sức xây dựng nông thôn mới”",
        bases=["Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;",
               "Xét đề nghị của Trưởng ban Thi đua - Khen thưởng tỉnh,"],
        round_title="phong trào thi đua “Lạng Sơn chung sức xây dựng nông thôn mới” giai đoạn 2011-2015",
        awardees=[Awardee(PM, "Ủy ban nhân dân huyện Văn Quan", "Tập thể", "Huyện Văn Quan", "Văn Quan",
                          1_000_000_000),
                  Awardee(PROVINCIAL, "Xã Đồng Tân", "Tập thể", "Xã Đồng Tân", "Hữu Lũng", None,
                          "Theo Nghị quyết của HĐND tỉnh"),
                  Awardee(PM, "Ông Hoàng Văn Dũng", "Cá nhân", "Xã Tân Lập", "Hữu Lũng", 1_000_000_000)],
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", signer_name="Lý Vinh Quang",
        recipients=["Như Điều 3;", "Lưu: VT, NC."])


def test_decision_docx_lists_awardees_prizes_and_execution():
    data = decision_docx(decision())
    text = docx_text(data)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 123/QĐ-UBND",
                     "Lạng Sơn, ngày 31 tháng 12 năm 2015", "QUYẾT ĐỊNH", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
                     "Điều 1.", "(3 tập thể, cá nhân)", "Điều 2.", "Điều 3.", PM, "Văn Quan", "Hữu Lũng",
                     "1.000.000.000", "Theo Nghị quyết của HĐND tỉnh", "Tổng số tiền thưởng: 2.000.000.000 đồng (chưa kể các mức thưởng quy định sau)",
                     "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lý Vinh Quang"):
        assert expected in text, expected
    table = Document(io.BytesIO(data)).tables[1]
    assert [c.text for c in table.rows[0].cells][1] == "Hình thức khen thưởng" and len(table.rows) == 4
    assert decision_docx(decision()) == data


def test_a_decision_whose_prizes_are_all_set_later_prints_no_total():
    unset = [Awardee(PROVINCIAL, "Xã Đồng Tân", "Tập thể", "Xã Đồng Tân", "Hữu Lũng", None, "Mức thưởng quy định sau")]
    text = docx_text(decision_docx(replace(decision(), awardees=unset)))
    assert "Tổng số tiền thưởng" not in text and "0 đồng" not in text
    assert "Mức tiền thưởng do Hội đồng nhân dân tỉnh quy định sau." in text


def test_decision_xlsx_keeps_figures_numbers():
    data = decision_xlsx(decision())
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Danh sách khen thưởng", "Tổng hợp"]
    rows = list(book["Danh sách khen thưởng"].values)
    assert rows[1] == (1, PM, "Ủy ban nhân dân huyện Văn Quan", "Tập thể", "Huyện Văn Quan", "Văn Quan", 1_000_000_000)
    assert rows[2][6] == "Theo Nghị quyết của HĐND tỉnh"
    assert list(book["Tổng hợp"].values)[1:] == [(PM, 2, 2_000_000_000), (PROVINCIAL, 1, 0)]
    assert decision_xlsx(decision()) == data


def test_certificate_pdf_of_an_awardee(tmp_path):
    d = decision()
    cert = certificate_for(d, d.awardees[0], kind="BẰNG KHEN", issuer_title="THỦ TƯỚNG CHÍNH PHỦ",
                           achievement="Đã có thành tích xuất sắc trong phong trào thi đua “Cả nước chung sức xây "
                                       "dựng nông thôn mới” giai đoạn 2011-2015.", register_number="07")
    data = certificate_pdf(cert)
    text = " ".join(pdf_text(data).split())
    for expected in ("BẰNG KHEN", "THỦ TƯỚNG CHÍNH PHỦ", "Ủy ban nhân dân huyện Văn Quan", "Quyết định số 123/QĐ-UBND",
                     "ngày 31 tháng 12 năm 2015", "Lạng Sơn, ngày 31 tháng 12 năm 2015", "KT. CHỦ TỊCH",
                     "PHÓ CHỦ TỊCH", "Lý Vinh Quang", "Số sổ vàng: 07"):
        assert expected in text, expected
    assert certificate_pdf(cert) == data
    assert len(pdf_pages_png(data, tmp_path, "certificate")) == 1


def nomination() -> NationalNomination:
    return NationalNomination(
        province="Lạng Sơn", round_code="2011-2015", round_title="Tổng kết 5 năm", reference_date=date(2015, 12, 31),
        district_code="186", district_name="Hữu Lũng", district_xa=24, district_recognised=5,
        recognised_communes=40, commune_quota=2,
        communes=[NominatedCommune("06184", "Xã Đồng Tân", "Hữu Lũng", "1234/QĐ-UBND", date(2014, 12, 20)),
                  NominatedCommune("06040", "Xã Hòa Bình", "Văn Quan", "567/QĐ-UBND", date(2015, 2, 3))])


def test_national_nomination_dict_is_json_ready():
    as_dict = national_nomination_dict(nomination())
    assert json.loads(json.dumps(as_dict, ensure_ascii=False)) == as_dict
    assert as_dict["decision"] == "1620/QĐ-TTg" and as_dict["district"]["name"] == "Hữu Lũng"
    assert as_dict["communes"][1] == {"code": "06040", "name": "Xã Hòa Bình", "district": "Văn Quan",
                                      "recognition_number": "567/QĐ-UBND", "recognised_on": "2015-02-03"}


def test_national_nomination_xlsx():
    data = national_nomination_xlsx(nomination())
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Huyện đề nghị", "Xã đề nghị"]
    district = list(book["Huyện đề nghị"].values)[1]
    assert district[:5] == ("Lạng Sơn", "186", "Hữu Lũng", 24, 5)
    communes = list(book["Xã đề nghị"].values)
    assert communes[1][:5] == (1, "06184", "Xã Đồng Tân", "Hữu Lũng", "1234/QĐ-UBND")
    assert communes[2][5].date() == date(2015, 2, 3)
    assert national_nomination_xlsx(nomination()) == data

"""A sample decision, table set and certificate (Lạng Sơn, 2015) for the renderers' tests."""
from datetime import date
from decimal import Decimal

import pytest

from thidua_documents import AdminDocument, Certificate, Paragraph, Signature, Table, article

AWARDEES = Table(
    title="Danh sách tập thể được khen thưởng",
    columns=("STT", "Tên tập thể", "Huyện", "Số xã đạt chuẩn", "Tỷ lệ (%)", "Tiền thưởng (đồng)", "Ngày công nhận"),
    rows=((1, "Ủy ban nhân dân huyện Văn Quan", "Văn Quan", 2, Decimal("14.3"), 1_000_000_000, date(2015, 12, 31)),
          (2, "Ủy ban nhân dân huyện Hữu Lũng", "Hữu Lũng", 5, Decimal("20.8"), 10_000_000_000, date(2015, 11, 5)),
          (3, "Xã Hòa Bình", "Văn Quan", None, None, None, None)),
    sheet_name="Khen thưởng",
)


def sample_decision() -> AdminDocument:
    return AdminDocument(
        issuer_superior=None, issuer="ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN", number="123/QĐ-UBND",
        place="Lạng Sơn", signed_on=date(2015, 12, 31), kind="Quyết định",
        title="Về việc khen thưởng thành tích trong phong trào thi đua\n“Lạng Sơn chung sức xây dựng nông thôn mới” giai đoạn 2011-2015",
        authority="Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn",
        body=(Paragraph("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", style="basis"),
              Paragraph("Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;", style="basis"),
              Paragraph("Xét đề nghị của Trưởng ban Thi đua - Khen thưởng tỉnh,", style="basis"),
              Paragraph("QUYẾT ĐỊNH:", style="heading"),
              article(1, "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho các tập thể có tên sau:"),
              AWARDEES,
              article(2, "Mỗi tập thể được thưởng kèm theo mức tiền thưởng ghi tại Điều 1; 1.000.000.000 đồng."),
              article(3, "Chánh Văn phòng Ủy ban nhân dân tỉnh, Trưởng ban Thi đua - Khen thưởng tỉnh "
                         "và các tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.")),
        signature=Signature(authority=("TM. Ủy ban nhân dân", "KT. Chủ tịch"), position="Phó Chủ tịch",
                            name="Nguyễn Văn Bình"),
        recipients=("Như Điều 3;", "Thường trực Tỉnh ủy;", "Ban Thi đua - Khen thưởng tỉnh;", "Lưu: VT, NC."),
    )


def sample_certificate() -> Certificate:
    return Certificate(
        kind="Bằng khen", issuer_title="Thủ tướng Chính phủ",
        awardee="Ủy ban nhân dân huyện Văn Quan", awardee_detail="Huyện Văn Quan, tỉnh Lạng Sơn",
        achievement="Đã có thành tích xuất sắc trong phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới” "
                    "giai đoạn 2011-2015, góp phần vào sự nghiệp xây dựng chủ nghĩa xã hội và bảo vệ Tổ quốc.",
        decision_number="1620/QĐ-TTg", decision_date=date(2016, 2, 5), place="Hà Nội", signed_on=date(2016, 2, 5),
        signer_title="Thủ tướng", signer_name="Nguyễn Tấn Dũng", register_number="15/2016")


@pytest.fixture
def decision() -> AdminDocument:
    return sample_decision()


@pytest.fixture
def certificate() -> Certificate:
    return sample_certificate()


@pytest.fixture
def awardees() -> Table:
    return AWARDEES

import unicodedata
from datetime import date
from decimal import Decimal

from thidua_documents import place_date, vi_long_date
from thidua_documents.vi_text import cell_text


def test_long_date_as_decree_30_writes_it():
    assert vi_long_date(date(2015, 12, 31)) == "ngày 31 tháng 12 năm 2015"
    # days below 10 and months 1 and 2 take a leading zero; March on do not
    assert vi_long_date(date(2016, 2, 5)) == "ngày 05 tháng 02 năm 2016"
    assert vi_long_date(date(2016, 1, 9)) == "ngày 09 tháng 01 năm 2016"
    assert vi_long_date(date(2016, 3, 1)) == "ngày 01 tháng 3 năm 2016"
    assert place_date("Lạng Sơn", date(2015, 12, 31)) == "Lạng Sơn, ngày 31 tháng 12 năm 2015"


def test_cells_print_the_vietnamese_way():
    assert cell_text(10_000_000_000) == "10.000.000.000"
    assert cell_text(Decimal("14.3")) == "14,3"
    assert cell_text(date(2015, 12, 31)) == "31/12/2015"
    assert cell_text(None) == ""
    decomposed = unicodedata.normalize("NFD", "Hữu Lũng")
    assert decomposed != "Hữu Lũng" and cell_text(decomposed) == unicodedata.normalize("NFC", "Hữu Lũng")

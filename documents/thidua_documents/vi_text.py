"""Text as Vietnamese documents write it: the long date of Decree 30 and table figures."""
import unicodedata
from datetime import date
from decimal import Decimal
from fractions import Fraction

from thidua_kernel.vi_format import vi_date, vi_number

from thidua_documents.model import Cell


def vi_long_date(day: date) -> str:
    """"ngày 31 tháng 12 năm 2015". Decree 30/2020/NĐ-CP, Appendix I: days below 10 and the months
    1 and 2 take a leading zero ("ngày 05 tháng 02 năm 2016"), other months do not ("tháng 3")."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(place: str, day: date) -> str:
    """"Lạng Sơn, ngày 31 tháng 12 năm 2015"."""
    return f"{place}, {vi_long_date(day)}"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def cell_text(value: Cell) -> str:
    """A cell as printed in DOCX/PDF: 1.000.000 ; 14,3 ; 31/12/2015 ; "" for empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return vi_number(value)
    if isinstance(value, (float, Decimal, Fraction)):
        return vi_number(value, _decimals(value))
    if isinstance(value, date):
        return vi_date(value)
    return nfc(str(value))


def _decimals(value: float | Decimal | Fraction) -> int:
    """As many decimals as the figure carries, at most 2 (14.3 → "14,3"; 2/3 → "0,67")."""
    exact = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) else Decimal(str(value))
    exponent = exact.quantize(Decimal("0.01")).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def is_figure(value: Cell) -> bool:
    return isinstance(value, (int, float, Decimal, Fraction)) and not isinstance(value, bool)

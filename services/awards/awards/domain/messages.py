"""How units, ranks and figures read in rule messages (Vietnamese and English)."""
from datetime import date
from fractions import Fraction

from thidua_kernel.vi_format import en_percent, vi_date, vi_percent

# Registered unit names carry their type ("Huyện Văn Quan"); English puts the type after.
_EN_TYPES = (("Thành phố ", "city"), ("Thị xã ", "town"), ("Huyện ", "district"), ("Quận ", "urban district"),
             ("Thị trấn ", "township"), ("Phường ", "ward"), ("Xã ", "commune"), ("Tỉnh ", "province"))


def en_name(name: str) -> str:
    """"Huyện Văn Quan" → "Văn Quan district"; other names as they are."""
    for prefix, kind in _EN_TYPES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return f"{name[len(prefix):]} {kind}"
    return name


def en_date(day: date) -> str:
    return day.isoformat()


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rate_vi(recognised: int, communes: int) -> str:
    """"2/14 xã = 14,3%"."""
    return f"{recognised}/{communes} xã = {vi_percent(Fraction(recognised, communes))}"


def rate_en(recognised: int, communes: int) -> str:
    return f"{recognised}/{communes} xã = {en_percent(Fraction(recognised, communes))}"


__all__ = ["en_date", "en_name", "ordinal", "rate_en", "rate_vi", "vi_date"]

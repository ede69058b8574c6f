from datetime import date
from fractions import Fraction

from thidua_kernel.vi_format import en_percent, vi_date, vi_money, vi_number, vi_percent


def test_dates_are_day_month_year():
    assert vi_date(date(2015, 12, 31)) == "31/12/2015"
    assert vi_date(date(2012, 1, 5)) == "05/01/2012"


def test_numbers_use_dots_for_thousands_and_a_comma_for_decimals():
    assert vi_number(10_000_000_000) == "10.000.000.000"
    assert vi_number(1234.5, 2) == "1.234,50"
    assert vi_number(Fraction(1, 3), 3) == "0,333"


def test_percentages_round_half_up():
    assert vi_percent(Fraction(2, 14)) == "14,3%"
    assert vi_percent(Fraction(1, 8)) == "12,5%"
    assert vi_percent(Fraction(1, 16), 1) == "6,3%"  # 6.25 → 6.3, never banker's 6.2
    assert en_percent(Fraction(2, 14)) == "14.3%"


def test_money_in_dong():
    assert vi_money(1_000_000_000) == "1.000.000.000 đồng"

"""Figures as Vietnamese readers write them: dd/mm/yyyy, "." between thousands, "," before decimals.

Pure functions, shared by rule messages (awards, reporting) and documents, so a figure reads the
same in a refusal, on a dashboard and in a printed decision.
"""
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def vi_date(day: date) -> str:
    """31/12/2015."""
    return day.strftime("%d/%m/%Y")


def vi_number(value: int | float | Fraction | Decimal, decimals: int = 0) -> str:
    """1.000.000.000 ; 14,3 (decimals rounded half up, never banker's rounding)."""
    quantum = Decimal(1).scaleb(-decimals)
    exact = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) else Decimal(str(value))
    text = f"{exact.quantize(quantum, rounding=ROUND_HALF_UP):,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def vi_percent(value: int | float | Fraction | Decimal, decimals: int = 1) -> str:
    """A share (0..1) as a percentage: Fraction(2, 14) → "14,3%"."""
    share = Fraction(value) if not isinstance(value, Decimal) else Fraction(str(value))
    return f"{vi_number(share * 100, decimals)}%"


def vi_money(amount_vnd: int) -> str:
    """10.000.000.000 đồng."""
    return f"{vi_number(amount_vnd)} đồng"


def en_percent(value: int | float | Fraction | Decimal, decimals: int = 1) -> str:
    share = Fraction(value) if not isinstance(value, Decimal) else Fraction(str(value))
    quantum = Decimal(1).scaleb(-decimals)
    exact = Decimal(share.numerator * 100) / Decimal(share.denominator)
    return f"{exact.quantize(quantum, rounding=ROUND_HALF_UP)}%"

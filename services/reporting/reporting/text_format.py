"""Plain-text building blocks of the report: Vietnamese dates and percentages, aligned tables."""
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

# Said once in the report's legend: what a printed rate is.
RATE_LEGEND_VI = ("Tỷ lệ: phần trăm với hai chữ số thập phân, làm tròn nửa lên từ phân số chính xác"
                  " (ví dụ 30/176 = 17,05%).")


def day(iso: str | None) -> str:
    return "—" if iso is None else date.fromisoformat(iso).strftime("%d/%m/%Y")


def percent(rate: Fraction | None) -> str:
    """A rate as a Vietnamese percentage with two decimals: 30/176 → "17,05%".

    Rounded half up from the exact fraction (never from a float): a float's binary error could
    turn an exact ...,xx5 into the lower neighbour."""
    if rate is None:
        return "—"
    hundredths = int(rate * 10000 + Fraction(1, 2)) if rate >= 0 else -int(-rate * 10000 + Fraction(1, 2))
    sign = "-" if hundredths < 0 else ""
    whole, part = divmod(abs(hundredths), 100)
    return f"{sign}{whole},{part:02d}%"


def pct(recognised: int | None, communes: int | None) -> str:
    """The rate recognised / communes (P5), exactly; "—" when there are no communes."""
    if recognised is None or not communes:
        return "—"
    return percent(Fraction(recognised, communes))


def pct_decimal(rate: float | None) -> str:
    """A rate entered as a decimal (a target such as 0.5): its shortest decimal text is exact."""
    return "—" if rate is None else percent(Fraction(Decimal(repr(rate))))


def table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    cells = [[str("—" if c is None else c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = lambda row: "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip()  # noqa: E731
    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in cells)]

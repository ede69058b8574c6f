"""R1: a report's figures with their units of measure, as paper reports state them ("12,5 tỷ
đồng"), brought to the unit each figure is recorded in (SubmissionFigures), pure.

Readings chosen:
- A figure is given either as a bare whole number, in its recorded unit (xã, tiêu chí, đồng,
  mô hình), or as {value, unit} in one of the units listed for it below; units are compared
  case-insensitively ("VND" = "vnd").
- Funds may be given in đồng / VND, nghìn đồng, triệu đồng or tỷ đồng, and must come to a whole
  number of đồng (12,5 tỷ đồng = 12 500 000 000 đồng; 0,0005 nghìn đồng is refused). Counts take
  their one unit only, whole.
- A unit not listed for the figure, a negative value, a fraction of a count or of a đồng, or an
  amount over 10^15 đồng is refused (R1), naming the figure, the value and unit given and the
  units it takes: nothing is converted by guess.
"""
from decimal import Decimal
from typing import Any

from contracts.reporting import SubmissionFigures
from thidua_kernel.errors import DomainRefusal

UNITS: dict[str, dict[str, int]] = {
    "communes_assessed": {"xã": 1},
    "criteria_gained": {"tiêu chí": 1},
    "criteria_lost": {"tiêu chí": 1},
    "communes_recognised": {"xã": 1},
    "funds_mobilised_vnd": {"đồng": 1, "vnd": 1, "nghìn đồng": 10**3, "triệu đồng": 10**6, "tỷ đồng": 10**9},
    "model_examples": {"mô hình": 1},
}
MAX_AMOUNT = 10**15


def _refused(name: str, value: Any, unit: str, vi: str, en: str) -> DomainRefusal:
    return DomainRefusal("R1", f"Số liệu {name} = {value} {unit}: {vi}.", f"Figure {name} = {value} {unit}: {en}.",
                         figure=name, value=str(value), unit=unit, units=list(UNITS[name]))


def in_recorded_unit(name: str, value: int | float, unit: str) -> int:
    factors = UNITS[name]
    factor = factors.get(unit.casefold())
    if factor is None:
        raise _refused(name, value, unit, f"sai đơn vị tính; dùng một trong: {', '.join(factors)}",
                       f"wrong unit; use one of: {', '.join(factors)}")
    amount = Decimal(str(value)) * factor
    if amount < 0:
        raise _refused(name, value, unit, "không được âm", "must not be negative")
    if amount != amount.to_integral_value():
        raise _refused(name, value, unit, f"phải là số nguyên {next(iter(factors))}",
                       f"must be a whole number of {next(iter(factors))}")
    if amount > MAX_AMOUNT:
        raise _refused(name, value, unit, f"vượt quá {MAX_AMOUNT} đồng", f"exceeds {MAX_AMOUNT}")
    return int(amount)


def figures_in_recorded_units(given: dict[str, Any]) -> SubmissionFigures:
    """{figure: None | whole number | {"value": n, "unit": u}} → the figures in their recorded units."""
    figures: dict[str, int | None] = {}
    for name, value in given.items():
        if isinstance(value, dict):
            figures[name] = in_recorded_unit(name, value["value"], value["unit"])
        else:
            figures[name] = value
    return SubmissionFigures(**figures)

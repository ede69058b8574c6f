"""R4: the NTM rate of the province and of each district year by year over a plan, pure.

Readings (services/reporting/README.md, "R3 and R4"):

- The points: the plan's start, its first day (1 Jan of its first year, see yearly.py), then 31
  Dec of each year of the plan; a year not over at known_at is shown at the report's as_of (so
  far), a year not begun is left out.
- Each point is the P5 rate of that day (units and parents of that day, U8); a year's `change`
  is its point minus the one before (the start for the first year): recognised xã and the exact
  rate, None where either is unknown. A district that does not exist on a day has nulls then.
- Districts: every district of the province existing on any of the days, by code.
"""
from collections.abc import Sequence
from datetime import date
from typing import Any

from thidua_facts.domain.ntm_rate import ProvinceSnapshot, UnitRate

from .yearly import Window, rate_change, rate_figures


def trend_days(first_year: int, last_year: int, span: Window) -> list[tuple[int, date]]:
    """(year, day) of each year's point: its 31 Dec, or as_of for a year not over; begun years only."""
    return [(year, min(date(year, 12, 31), span.as_of))
            for year in range(first_year, last_year + 1) if date(year, 1, 1) <= span.as_of]


def _line(start: tuple[date, UnitRate | None], years: Sequence[tuple[int, date, UnitRate | None]]) -> dict[str, Any]:
    points = []
    previous = start[1]
    for year, day, rate in years:
        points.append({"year": year, "as_of": day.isoformat(), **rate_figures(rate),
                       "change": rate_change(previous, rate)})
        previous = rate
    return {"start": {"as_of": start[0].isoformat(), **rate_figures(start[1])}, "years": points}


def rate_trend(start: ProvinceSnapshot, years: Sequence[tuple[int, ProvinceSnapshot]]) -> dict[str, Any]:
    """The province's and each district's line: its rate at `start`, then at each (year, snapshot)."""
    last = years[-1][1] if years else start
    names = {d.code: d.name for s in (start, *(s for _, s in years)) for d in s.districts}
    return {
        "province": {"code": last.province.code, "name": last.province.name,
                     **_line((start.day, start.province), [(y, s.day, s.province) for y, s in years])},
        "districts": [{"code": code, "name": names[code],
                       **_line((start.day, start.rate_of(code)), [(y, s.day, s.rate_of(code)) for y, s in years])}
                      for code in sorted(names)],
    }

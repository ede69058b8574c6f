"""R3/R4: the pieces a yearly summary and a five-year report share, pure: the window a report
covers as known at K, the rates at two dates and their change, the communes recognised in
between (with their decisions) and the criteria gained and lost.

Readings (services/reporting/README.md, "R3 and R4"):

- The report is a function of (year or plan, known_at) only. Its `as_of` is 31 Dec of its last
  year, or, while that year is not over at `known_at`, the day `known_at` falls on in Vietnam
  (what was known then cannot speak of a later day). A year or plan not begun at known_at is
  refused (422 R3 / R4).
- "At the start of the year" (of a plan) = its first day, 1 Jan: the units, recognitions and
  assessments in force that day are the starting position (the registry's units of the first
  plan take effect on 1 Jan 2011, so 31 Dec 2010 would show no province at all; Resolution 818's
  mergers of 1 Jan 2020 are 2020's starting map). Changes are the figure at the end minus the
  figure at the start, rates compared as exact fractions (then shown as floats).
- Recognised during the window: xã of the province recognised at its end and not at its start
  (P4, the latest fact wins: a xã recognised and revoked within the window is not listed), with
  the decision of its latest recognition; revoked: recognised at the start, a xã at the end and
  not recognised then, with the revoking decision. A xã merged away is neither.
- Criteria gained / lost: over the xã of the province at the end (the same xã compared with
  itself, as R1's validation does), the (xã, criterion) pairs met at the end and not at the
  start, and the reverse; "met" is under the set in force at each date (P2), so the year a new
  set takes effect shows criteria met only under the old one as lost.
"""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from thidua_facts.domain.ntm_rate import ProvinceSnapshot, UnitRate, p4_latest_recognitions
from thidua_facts.model import CRITERIA, RecognitionFact
from thidua_facts.timeframe import VIETNAM
from thidua_kernel.errors import DomainRefusal


@dataclass(frozen=True)
class Window:
    """The days a report covers: its starting position on `start` (1 Jan), its end on `as_of`."""

    start: date
    as_of: date
    over: bool  # the window's last day had passed at known_at


def window(first_year: int, last_year: int, known_at: datetime, rule: str) -> Window:
    """The years first_year..last_year as known at K (see the readings); refused with `rule`
    when the first year had not begun at K."""
    today = known_at.astimezone(VIETNAM).date()
    begins, ends = date(first_year, 1, 1), date(last_year, 12, 31)
    if today < begins:
        raise DomainRefusal(rule, f"Năm {first_year} chưa bắt đầu tại thời điểm {known_at.isoformat()}.",
                            f"{first_year} had not begun at {known_at.isoformat()}.",
                            first_year=first_year, known_at=known_at.isoformat())
    return Window(begins, min(ends, today), today > ends)


def rate_figures(rate: UnitRate | None) -> dict[str, Any]:
    if rate is None:
        return {"communes": None, "recognised": None, "rate": None}
    return {"communes": rate.communes, "recognised": rate.recognised, "rate": rate.rate}


def rate_change(before: UnitRate | None, after: UnitRate | None) -> dict[str, Any]:
    """After minus before: recognised xã and the exact rate (None where either is unknown)."""
    if before is None or after is None:
        return {"recognised": None, "rate": None}
    exact = None if before.exact_rate is None or after.exact_rate is None else after.exact_rate - before.exact_rate
    return {"recognised": after.recognised - before.recognised, "rate": None if exact is None else float(exact)}


def rates_between(start: ProvinceSnapshot, end: ProvinceSnapshot) -> dict[str, Any]:
    """P5 of the province and each district existing at either date, at both, and the change."""
    def row(code: str, name: str, before: UnitRate | None, after: UnitRate | None) -> dict[str, Any]:
        return {"code": code, "name": name, "start": rate_figures(before), "end": rate_figures(after),
                "change": rate_change(before, after)}

    names = {d.code: d.name for d in (*start.districts, *end.districts)}
    return {"province": row(end.province.code, end.province.name, start.province, end.province),
            "districts": [row(code, names[code], start.rate_of(code), end.rate_of(code)) for code in sorted(names)]}


def recognitions_between(facts: Iterable[RecognitionFact], start: ProvinceSnapshot, end: ProvinceSnapshot,
                         known_at: datetime | None) -> dict[str, list[dict[str, Any]]]:
    """The xã recognised and those revoked between the two snapshots, each with its decision."""
    latest = p4_latest_recognitions(facts, end.day, known_at)
    xa = {u.code: u for u in end.communes}

    def row(code: str) -> dict[str, Any]:
        fact = latest[code]
        return {"code": code, "name": xa[code].name, "district_code": xa[code].parent_code,
                "effective_date": fact.effective_date.isoformat(), "decision_number": fact.decision_number}

    return {"recognised": [row(c) for c in sorted(end.recognised - start.recognised)],
            "revoked": [row(c) for c in sorted(start.recognised - end.recognised) if c in xa and c in latest]}


def criteria_changes(met_start: set[tuple[str, int]], met_end: set[tuple[str, int]],
                     district_of: Mapping[str, str | None]) -> dict[str, Any]:
    """(xã, criterion) pairs gained and lost over the xã in `district_of` (xã → district at the end)."""
    gained = {m for m in met_end - met_start if m[0] in district_of}
    lost = {m for m in met_start - met_end if m[0] in district_of}
    districts = sorted({d for d in district_of.values() if d is not None})
    return {
        "gained": len(gained), "lost": len(lost),
        "by_district": [{"code": d, "gained": sum(district_of[c] == d for c, _ in gained),
                         "lost": sum(district_of[c] == d for c, _ in lost)} for d in districts],
        "by_criterion": [{"criterion": n, "gained": sum(k == n for _, k in gained),
                          "lost": sum(k == n for _, k in lost)} for n in CRITERIA],
    }


def in_year(day: str | date | None, first_year: int, last_year: int | None = None) -> bool:
    """Whether an ISO day (or a date) falls in first_year..last_year."""
    if day is None:
        return False
    year = (date.fromisoformat(day) if isinstance(day, str) else day).year
    return first_year <= year <= (first_year if last_year is None else last_year)

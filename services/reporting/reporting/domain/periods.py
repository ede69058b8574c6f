"""R1: reporting periods, pure. A period's dates follow from its kind and year; the units that owe
a report are computed from the registry's facts at the opening date.

Readings chosen:
- Codes: "<year>-H1", "<year>-H2" (six-monthly), "<year>" (yearly): one stream per code; opening
  the same period again with the same terms appends nothing, with other terms it is refused (R1).
- Who owes a report (R1, U3): every department, mass organisation and Fatherland Front committee
  at province level (its parent is the province, or none: a department of another province or an
  organisation at district level owes nothing here); and every district-level unit existing
  under the province at the opening date.
- The due date is on or after the period's end, the grace period is 0..366 days.
"""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from contracts.reporting import PeriodOpened
from thidua_kernel.errors import DomainRefusal

PROVINCE_KINDS = ("department", "mass_organisation", "fatherland_front")


@dataclass(frozen=True)
class Reporter:
    """A unit that may owe a report, with its kind (contracts.reporting.ReporterKind)."""

    code: str
    kind: str


def period_code(kind: str, year: int, half: int | None) -> str:
    return f"{year}-H{half}" if kind == "half_year" else str(year)


def period_dates(kind: str, year: int, half: int | None) -> tuple[date, date]:
    if kind == "year":
        return date(year, 1, 1), date(year, 12, 31)
    return (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))


def reporters(participants: Iterable[tuple[str, str, str | None]], districts: Iterable[str],
              province_code: str) -> list[Reporter]:
    """(code, kind, parent) of the participants and the district codes at the opening date → who owes."""
    found = [Reporter(code, kind) for code, kind, parent in participants
             if kind in PROVINCE_KINDS and parent in (None, province_code)]
    found += [Reporter(code, "district") for code in districts]
    return sorted(found, key=lambda r: r.code)


def decide_open(existing: PeriodOpened | None, kind: str, year: int, half: int | None, due_on: date,
                grace_days: int, opened_on: date, owing: list[Reporter]) -> PeriodOpened | None:
    """The PeriodOpened to append; None when the same period is already open with the same terms."""
    if (kind == "half_year") != (half is not None):
        raise DomainRefusal("R1", "Kỳ 6 tháng phải ghi rõ nửa năm (1 hoặc 2); kỳ năm thì không.",
                            "A six-monthly period names its half (1 or 2); a yearly one does not.",
                            kind=kind, half=half)
    starts_on, ends_on = period_dates(kind, year, half)
    code = period_code(kind, year, half)
    if due_on < ends_on:
        raise DomainRefusal("R1", f"Hạn nộp {due_on} trước ngày kết thúc kỳ {ends_on}.",
                            f"Due date {due_on} is before the period's end {ends_on}.",
                            period=code, due_on=str(due_on), ends_on=str(ends_on))
    if not owing:
        raise DomainRefusal("R1", f"Ngày {opened_on} chưa có đơn vị nào phải báo cáo kỳ {code}.",
                            f"No unit owes a report for {code} on {opened_on}.", period=code,
                            opened_on=str(opened_on))
    event = PeriodOpened(code=code, kind=kind, year=year, half=half, starts_on=starts_on, ends_on=ends_on,
                         due_on=due_on, grace_days=grace_days, opened_on=opened_on,
                         expected_units=[r.code for r in owing])
    if existing is None:
        return event
    if existing.model_dump(exclude={"opened_on", "expected_units"}) == event.model_dump(
            exclude={"opened_on", "expected_units"}):
        return None
    raise DomainRefusal("R1", f"Kỳ báo cáo {code} đã mở với hạn {existing.due_on}, gia hạn {existing.grace_days} ngày.",
                        f"Period {code} is already open, due {existing.due_on} with {existing.grace_days} days' grace.",
                        period=code, due_on=str(existing.due_on), grace_days=existing.grace_days)


def kinds_of(owing: Iterable[Reporter]) -> Mapping[str, str]:
    return {r.code: r.kind for r in owing}

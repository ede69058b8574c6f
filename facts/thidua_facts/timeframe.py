"""The two time axes every query takes: `as_of` (effective date) and `known_at` (recording time).

Defaults come from an injected clock, never a hidden one: `as_of` is today's date in Vietnam
(the province's date, not the server's), `known_at` is now.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from thidua_kernel.clock import Clock
from thidua_kernel.limits import check_moment

# Vietnam keeps UTC+7 all year.
VIETNAM = timezone(timedelta(hours=7), "ICT")


def vietnam_today(clock: Clock) -> date:
    return clock.now().astimezone(VIETNAM).date()


@dataclass(frozen=True)
class Timeframe:
    """One (as_of, known_at) pair: what was in effect on `as_of`, as it was known at `known_at`."""

    as_of: date
    known_at: datetime

    def as_json(self) -> dict[str, str]:
        return {"as_of": self.as_of.isoformat(), "known_at": self.known_at.isoformat()}


def resolve(clock: Clock, as_of: date | None = None, known_at: datetime | None = None) -> Timeframe:
    """The timeframe a query asked for, with the defaults filled in.

    Reading chosen: a `known_at` without a time zone is Vietnam time (a clerk in Lạng Sơn typing
    "2015-12-31T17:00" means 17:00 there), and is kept as an aware time. Both lie within the
    kernel's span of dates (limits.FIRST_DAY..LAST_DAY), else 422 INPUT-RANGE.
    """
    if as_of is not None:
        check_moment("as_of", as_of)
    if known_at is not None:
        check_moment("known_at", known_at)
    now = clock.now()
    if known_at is None:
        known_at = now
    elif known_at.tzinfo is None:
        known_at = known_at.replace(tzinfo=VIETNAM)
    return Timeframe(as_of if as_of is not None else now.astimezone(VIETNAM).date(), known_at)

"""The issued reports' streams: aggregate `issued_report`, id the number and symbol."""
from datetime import datetime

from contracts.reporting import ReportIssued

from .deps import Deps
from .domain.issuing import fold_issued

ISSUED_REPORT = "issued_report"


async def load_issued(deps: Deps, number: str,
                      known_at: datetime | None = None) -> tuple[ReportIssued | None, datetime | None, int]:
    """(the act as known at `known_at`, when it was recorded, the stream's version)."""
    events = await deps.store.load(ISSUED_REPORT, number)
    found = fold_issued(number, [(e.payload, e.recorded_at) for e in events], known_at)
    return (found[0], found[1], len(events)) if found else (None, None, len(events))


async def issued_numbers(deps: Deps, known_at: datetime | None) -> list[str]:
    return list(await deps.stream_ids(ISSUED_REPORT, "", known_at))

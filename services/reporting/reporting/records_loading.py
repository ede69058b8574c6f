"""What the consolidated report reads of reporting's own records (R1, R6, R7): every stream folded
as known at K, from reporting's event store (only events recorded by known_at, as the R1, R6 and
R7 views read them); judged at D by records_report.py."""
from dataclasses import dataclass
from datetime import date, datetime

from .deps import Deps
from .domain.inspections import InspectionState
from .domain.periods import kinds_of
from .domain.proposals import ProposalState
from .inspection_store import known_inspections, known_proposals
from .period_loading import known_periods, owing_named, reported_days
from .records_report import PeriodRecord


@dataclass(frozen=True)
class OwnRecords:
    periods: tuple[PeriodRecord, ...] = ()
    inspections: tuple[InspectionState, ...] = ()
    proposals: tuple[ProposalState, ...] = ()


async def load_period_records(deps: Deps, as_of: date, known_at: datetime | None) -> list[PeriodRecord]:
    """The periods started by D, with who owes (kinds, names) and the day each unit counts from at D."""
    periods = []
    for period, recorded_at in await known_periods(deps, known_at):
        if period.starts_on > as_of:
            continue
        owing, names = await owing_named(deps, period.opened_on, recorded_at)
        periods.append(PeriodRecord(period, kinds_of(owing), names,
                                    await reported_days(deps, period, as_of, known_at)))
    return periods


async def load_records(deps: Deps, as_of: date, known_at: datetime | None) -> OwnRecords:
    """The periods started by D (with who owes and the day each unit counts from at D), the
    inspections and the proposals, as known at K."""
    return OwnRecords(tuple(await load_period_records(deps, as_of, known_at)),
                      tuple(await known_inspections(deps, known_at)), tuple(await known_proposals(deps, known_at)))

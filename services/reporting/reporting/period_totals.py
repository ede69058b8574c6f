"""R1/R2 view: a period's reported figures added up at `as_of`, as known at K (domain/totals.py)."""
from typing import Any

from contracts.reporting import PeriodOpened
from thidua_facts.timeframe import Timeframe

from .deps import Deps
from .domain.periods import kinds_of
from .domain.submissions import SubmissionState, fold, step_day
from .domain.totals import reported_totals
from .period_loading import load_submission_events, owing
from .period_views import opened_period


async def submissions_at(deps: Deps, period: PeriodOpened, tf: Timeframe) -> dict[str, SubmissionState]:
    """Each owing unit's submission as it stood at as_of (its steps dated by then), as known at K."""
    states = {}
    for unit in period.expected_units:
        events = await load_submission_events(deps, period.code, unit, tf.known_at)
        states[unit] = fold(period.code, unit, [(e.event_type, e.payload) for e in events
                                                if step_day(e.event_type, e.payload) <= tf.as_of])
    return states


async def period_totals(deps: Deps, code: str, tf: Timeframe) -> dict[str, Any]:
    """Each owing unit's report as it stood at as_of, added up."""
    period, _, recorded_at = await opened_period(deps, code, tf)
    kinds = kinds_of(await owing(deps, period.opened_on, recorded_at))
    return {"period_code": code, "as_of": str(tf.as_of), "known_at": tf.known_at.isoformat(),
            **reported_totals(await submissions_at(deps, period, tf), kinds)}

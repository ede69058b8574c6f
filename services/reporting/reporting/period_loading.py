"""What R1's handlers and views load: a period as opened, a submission's stream folded, the units
owing with their kinds, and the recorded figures a district's submission is checked against, each
as known at K (None: everything recorded)."""
from datetime import date, datetime, timedelta

from contracts.envelope import EventEnvelope
from contracts.reporting import PeriodOpened

from .deps import Deps
from .domain.periods import Reporter, reporters
from .domain.submissions import SUBMISSION, SubmissionState, fold
from .domain.validation import RecordedFigures

PERIOD = "reporting_period"


def known(events: list[EventEnvelope], known_at: datetime | None) -> list[EventEnvelope]:
    return [e for e in events if known_at is None or e.recorded_at <= known_at]


async def load_period(deps: Deps, code: str, known_at: datetime | None = None) -> tuple[PeriodOpened | None, int,
                                                                                        datetime | None]:
    """(the period as opened, its stream's version, when it was recorded)."""
    events = known(await deps.store.load(PERIOD, code), known_at)
    opened = [e for e in events if e.event_type == "PeriodOpened"]
    if not opened:
        return None, len(events), None
    return PeriodOpened.model_validate(opened[0].payload), len(events), opened[0].recorded_at


async def load_submission_events(deps: Deps, period: str, unit: str,
                                 known_at: datetime | None = None) -> list[EventEnvelope]:
    return known(await deps.store.load(SUBMISSION, f"{period}/{unit}"), known_at)


async def load_submission(deps: Deps, period: str, unit: str, known_at: datetime | None = None) -> SubmissionState:
    events = await load_submission_events(deps, period, unit, known_at)
    return fold(period, unit, [(e.event_type, e.payload) for e in events])


async def owing(deps: Deps, opened_on: date, known_at: datetime | None) -> list[Reporter]:
    """R1: who owes a report, from the registry's facts at `opened_on`, as known at `known_at`."""
    facts = await deps.facts(opened_on, known_at, deps.province_code)
    participants = [(p.code, p.kind, p.parent_code) for p in facts.participants_on().values()]
    districts = [d.code for d in facts.hierarchy().districts_of(deps.province_code)]
    return reporters(participants, districts, deps.province_code)


async def recorded_figures(deps: Deps, period: PeriodOpened, unit: str) -> RecordedFigures | None:
    """For a district: its xã, recognitions and criteria over the period, as recorded now."""
    end = await deps.facts(period.ends_on, None, deps.province_code, assessments=True)
    state = end.hierarchy().state(unit)
    if state is None or state.level != "district":
        return None
    before = await deps.facts(period.starts_on - timedelta(days=1), None, deps.province_code, assessments=True)
    communes = {c.code for c in end.hierarchy().rural_communes_of(unit)}
    met_end = {m for m in end.criteria_met() if m[0] in communes}
    met_before = {m for m in before.criteria_met() if m[0] in communes}
    recognised = (end.recognised() - before.recognised()) & communes
    return RecordedFigures(len(communes), len(recognised), len(met_end - met_before), len(met_before - met_end))

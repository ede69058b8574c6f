"""What R1's handlers and views load: a period as opened, a submission's stream folded, the units
owing with their kinds, and the recorded figures a district's submission is checked against, each
as known at K (None: everything recorded)."""
from datetime import date, datetime, timedelta

from contracts.envelope import EventEnvelope
from contracts.reporting import PeriodOpened

from .deps import Deps
from .domain.completeness import reported_on
from .domain.periods import Reporter, reporters
from .domain.submissions import SUBMISSION, SubmissionState, fold, step_day
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
    return (await owing_named(deps, opened_on, known_at))[0]


async def owing_named(deps: Deps, opened_on: date, known_at: datetime | None) -> tuple[list[Reporter], dict[str, str]]:
    """`owing`, and the names of the units and participants of those facts (by code)."""
    facts = await deps.facts(opened_on, known_at, deps.province_code)
    found = facts.participants_on().values()
    districts = facts.hierarchy().districts_of(deps.province_code)
    names = {**{p.code: p.name for p in found}, **{d.code: d.name for d in districts}}
    owing = reporters([(p.code, p.kind, p.parent_code) for p in found], [d.code for d in districts],
                      deps.province_code)
    return owing, names


async def known_periods(deps: Deps, known_at: datetime | None) -> list[tuple[PeriodOpened, datetime | None]]:
    """Every period opened as known at K, by code, with when its opening was recorded."""
    found = []
    for code in await deps.stream_ids(PERIOD, "", known_at):
        period, _, recorded_at = await load_period(deps, code, known_at)
        if period is not None:
            found.append((period, recorded_at))
    return found


async def reported_days(deps: Deps, period: PeriodOpened, as_of: date,
                        known_at: datetime | None) -> dict[str, date | None]:
    """R1: per owing unit, the day it counts as submitted from at `as_of` (domain/completeness.py)."""
    reported = {}
    for unit in period.expected_units:
        events = await load_submission_events(deps, period.code, unit, known_at)
        reported[unit] = reported_on(((e.event_type, step_day(e.event_type, e.payload)) for e in events), as_of)
    return reported


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

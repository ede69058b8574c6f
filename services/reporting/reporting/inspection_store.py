"""What R6/R7 handlers and views load and append: one stream per inspection or proposal, folded as
known at K (None: all, for a command, which appends at the folded version)."""
from datetime import date, datetime, time, timezone

from pydantic import BaseModel

from thidua_kernel.commands import Decision
from thidua_kernel.messages import NewEvent, StreamAppend

from .deps import Deps
from .domain.inspections import InspectionState, fold_inspection
from .domain.proposals import ProposalState, fold_proposal

INSPECTION = "inspection"
PROPOSAL = "proposal"


async def load_inspection(deps: Deps, code: str, known_at: datetime | None = None) -> InspectionState:
    events = await deps.store.load(INSPECTION, code)
    return fold_inspection(code, ((e.event_type, e.payload, e.recorded_at) for e in events), known_at)


async def load_proposal(deps: Deps, code: str, known_at: datetime | None = None) -> ProposalState:
    events = await deps.store.load(PROPOSAL, code)
    return fold_proposal(code, ((e.event_type, e.payload, e.recorded_at) for e in events), known_at)


def append_one(aggregate_type: str, aggregate_id: str, version: int, payload: BaseModel, day: date) -> StreamAppend:
    """Business time (occurred_at) is the start of the step's day (UTC), as the other services write it."""
    occurred_at = datetime.combine(day, time.min, tzinfo=timezone.utc)
    event = NewEvent(type(payload).__name__, payload.model_dump(mode="json"), occurred_at)
    return StreamAppend(aggregate_type, aggregate_id, version, (event,))


def decided(aggregate_type: str, aggregate_id: str, version: int, event: BaseModel | None, day: date,
            answer: dict) -> Decision:
    """The event appended at `version` (dated `day`), or nothing when the same step came again."""
    if event is None:
        return Decision([], {**answer, "unchanged": True, "version": version})
    append = append_one(aggregate_type, aggregate_id, version, event, day)
    return Decision([append], {**answer, "unchanged": False, "version": version + 1})

"""What R6/R7 handlers and views load and append: one stream per inspection or proposal, folded as
known at K (None: all, for a command, which appends at the folded version)."""
from datetime import date, datetime

from pydantic import BaseModel

from thidua_kernel.commands import Decision

from .deps import Deps
from .domain.inspections import InspectionState, fold_inspection
from .domain.proposals import ProposalState, fold_proposal
from .events import append_one

INSPECTION = "inspection"
PROPOSAL = "proposal"


async def load_inspection(deps: Deps, code: str, known_at: datetime | None = None) -> InspectionState:
    events = await deps.store.load(INSPECTION, code)
    return fold_inspection(code, ((e.event_type, e.payload, e.recorded_at) for e in events), known_at)


async def load_proposal(deps: Deps, code: str, known_at: datetime | None = None) -> ProposalState:
    events = await deps.store.load(PROPOSAL, code)
    return fold_proposal(code, ((e.event_type, e.payload, e.recorded_at) for e in events), known_at)


async def known_inspections(deps: Deps, known_at: datetime | None) -> list[InspectionState]:
    """Every inspection recorded as known at K, by code."""
    found = [await load_inspection(deps, code, known_at) for code in await deps.stream_ids(INSPECTION, "", known_at)]
    return [state for state in found if state.record is not None]


async def known_proposals(deps: Deps, known_at: datetime | None) -> list[ProposalState]:
    """Every proposal recorded as known at K, by code."""
    found = [await load_proposal(deps, code, known_at) for code in await deps.stream_ids(PROPOSAL, "", known_at)]
    return [state for state in found if state.record is not None]


def decided(aggregate_type: str, aggregate_id: str, version: int, event: BaseModel | None, day: date,
            answer: dict) -> Decision:
    """The event appended at `version` (dated `day`), or nothing when the same step came again."""
    if event is None:
        return Decision([], {**answer, "unchanged": True, "version": version})
    append = append_one(aggregate_type, aggregate_id, version, event, day)
    return Decision([append], {**answer, "unchanged": False, "version": version + 1})

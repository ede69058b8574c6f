"""What handlers and views load: a round's stream folded (as known at K), and the facts its checks
read (thidua_facts at the round's reference date, and at the day of the check when later)."""
from datetime import date, datetime

from thidua_kernel.upcasting import upcast

from .deps import Deps
from .domain.eligibility_facts import EligibilityFacts, eligibility_facts
from .domain.round_state import RoundState, fold_round

ROUND = "award_round"
SCORE = "emulation_score"


async def load_round(deps: Deps, code: str, known_at: datetime | None = None) -> RoundState:
    """The round's stream folded, keeping events recorded by `known_at` (None: all). Its
    `version` counts only those: a command (known_at None) appends at it."""
    events = await deps.store.load(ROUND, code)
    return fold_round(code, ((e.event_type, upcast(e.event_type, e.schema_version, e.payload), e.recorded_at,
                              e.actor, e.document_number) for e in events), known_at)


async def load_eligibility(deps: Deps, state: RoundState, check_day: date | None,
                           known_at: datetime | None = None) -> EligibilityFacts:
    """The facts of the round's checks: at its reference date D and, when `check_day` is later, at
    that day too (a recognition revoked in between fails at decision), as known at `known_at`."""
    definition = state.definition
    assert definition is not None, "load the facts of a defined round"
    province = definition.province_code
    at_reference = await deps.facts(definition.reference_date, known_at, province)
    later = check_day is not None and check_day > definition.reference_date
    at_check = await deps.facts(check_day, known_at, province) if later else None
    return eligibility_facts(at_reference, at_check, province)

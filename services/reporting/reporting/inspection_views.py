"""The R6 and R7 views at (as_of, known_at): each stream folded as known at K, judged at D."""
from typing import Any

from thidua_facts.timeframe import Timeframe

from .deps import Deps
from .domain.inspections import inspection_json
from .domain.proposals import matches, proposal_json, status_at
from .inspection_store import known_inspections, known_proposals, load_inspection, load_proposal


def _frame(tf: Timeframe) -> dict[str, str]:
    return {"as_of": tf.as_of.isoformat(), "known_at": tf.known_at.isoformat()}


async def list_inspections(deps: Deps, tf: Timeframe, year: int | None, unit: str | None) -> dict[str, Any]:
    """Visits known at K (in `year`, to `unit`), by day then code, with overdue actions at D."""
    found = [inspection_json(state, tf.as_of) for state in await known_inspections(deps, tf.known_at)
             if state.record is not None and (year is None or state.record.visited_on.year == year)
             and (unit is None or state.record.unit_code == unit)]
    found.sort(key=lambda i: (i["visited_on"], i["code"]))
    return {**_frame(tf), "inspections": found,
            "overdue_actions": [{"inspection_code": i["code"], "unit_code": i["unit_code"], **a}
                                for i in found for a in i["actions"] if a["overdue"]]}


async def one_inspection(deps: Deps, code: str, tf: Timeframe) -> dict[str, Any]:
    """404 (R6) when no such inspection was known at K."""
    return {**_frame(tf), **inspection_json(await load_inspection(deps, code, tf.known_at), tf.as_of)}


async def list_proposals(deps: Deps, tf: Timeframe, status: str | None, year: int | None = None) -> dict[str, Any]:
    """Proposals known at K (with `status` at D, proposed in `year`), by day then code, and counts."""
    found = [proposal_json(state, tf.as_of) for state in await known_proposals(deps, tf.known_at)
             if state.record is not None and (year is None or state.record.proposed_on.year == year)
             and matches(status_at(state, tf.as_of), status)]
    found.sort(key=lambda p: (p["proposed_on"], p["code"]))
    counts = {s: sum(p["status"] == s for p in found) for s in ("open", "answered", "accepted", "rejected")}
    return {**_frame(tf), "proposals": found, "counts": counts}


async def one_proposal(deps: Deps, code: str, tf: Timeframe) -> dict[str, Any]:
    return {**_frame(tf), **proposal_json(await load_proposal(deps, code, tf.known_at), tf.as_of)}

"""A1: the members of a cluster or block ranked by their yearly emulation score, as known at K."""
from typing import Any

from contracts.awards import EmulationScoreRecorded
from thidua_facts.timeframe import Timeframe

from .deps import Deps
from .domain.scores import rank_scores
from .loading import SCORE


async def emulation_scores(deps: Deps, year: int, group_code: str | None, tf: Timeframe) -> dict[str, Any]:
    """Each group's members of `year` (one group when `group_code` is given), ranked."""
    if group_code is not None:
        groups = [group_code]
    else:
        groups = [i.split("/", 1)[1] for i in await deps.stream_ids(SCORE, f"{year}/", tf.known_at)]
    ranked = []
    for group in groups:
        events = [e for e in await deps.store.load(SCORE, f"{year}/{group}") if e.recorded_at <= tf.known_at]
        records = (EmulationScoreRecorded.model_validate(e.payload) for e in events
                   if e.event_type == "EmulationScoreRecorded")
        ranked.append({"group_code": group, "members": rank_scores(records)})
    answer: dict[str, Any] = {"year": year, "known_at": tf.known_at.isoformat(), "groups": ranked}
    if group_code is not None:
        answer["members"] = ranked[0]["members"]
    return answer

"""A1: a member's yearly emulation score in its cluster or block (aggregate `emulation_score`,
id "<year>/<group code>"), judged against the group's members on 31/12 of the year."""
from datetime import date
from typing import Any

from contracts.awards import EmulationScoreRecorded
from thidua_facts.domain.standings import clusters_in_force
from thidua_facts.model import Cluster
from thidua_facts.read_model import FactsAt
from thidua_kernel.auth import require_province_board
from thidua_kernel.commands import Decision, execute
from thidua_kernel.messages import CommandContext

from .commands import RecordEmulationScore
from .deps import Deps
from .domain.scores import decide_score
from .events import append_one
from .loading import SCORE

GROUP_KINDS = ("cluster", "block")


def group_at_year_end(facts: FactsAt, code: str) -> tuple[str | None, Cluster | None]:
    """(kind, the group in its version in force at as_of) of a cluster or block, as known then."""
    for kind in GROUP_KINDS:
        for group in clusters_in_force(facts.clusters, facts.as_of, facts.known_at, kind):
            if group.code == code:
                return kind, group
    return None, None


def latest_scores(events: list[Any]) -> dict[str, EmulationScoreRecorded]:
    """Per member, the latest score recorded (a correction replaces an earlier one)."""
    latest: dict[str, EmulationScoreRecorded] = {}
    for e in events:
        if e.event_type == "EmulationScoreRecorded":
            record = EmulationScoreRecorded.model_validate(e.payload)
            latest[record.unit_code] = record
    return latest


async def record_emulation_score(deps: Deps, ctx: CommandContext, cmd: RecordEmulationScore) -> dict[str, Any]:
    """The same score again appends nothing (`unchanged`); another one replaces it."""
    require_province_board(ctx.actor, "ghi điểm thi đua / record emulation scores")
    stream = f"{cmd.year}/{cmd.group_code}"
    year_end = date(cmd.year, 12, 31)

    async def decide() -> Decision:
        facts = await deps.facts(year_end, None, deps.province_code)
        kind, group = group_at_year_end(facts, cmd.group_code)
        members = group.member_codes if group is not None else ()
        event = decide_score(cmd.year, cmd.group_code, kind, members, cmd.unit_code, cmd.score, cmd.movement_score)
        history = await deps.store.load(SCORE, stream)
        answer = {"year": cmd.year, "group_code": cmd.group_code, "unit_code": cmd.unit_code,
                  "score": cmd.score, "movement_score": cmd.movement_score}
        if latest_scores(history).get(cmd.unit_code) == event:
            return Decision([], {**answer, "unchanged": True})
        return Decision([append_one(SCORE, stream, len(history), event, year_end)], {**answer, "unchanged": False})

    return await execute(deps.store, ctx, "RecordEmulationScore", cmd.model_dump(mode="json"), decide)

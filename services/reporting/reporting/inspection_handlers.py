"""R6 commands: record an inspection visit, mark one of its follow-up actions done (the board).

Each is `async def handler(deps, ctx, cmd) -> dict` (inspection_commands.INSPECTION_COMMANDS):
load the stream → fold → decide with the domain → append at the loaded version (kernel
`execute`: idempotent, a version conflict decided again once on fresh data).
"""
from datetime import date
from typing import Any

from contracts.reporting import FollowUpAction, InspectionRecorded
from thidua_facts.read_model import FactsAt
from thidua_facts.timeframe import vietnam_today
from thidua_kernel.auth import require_province_board
from thidua_kernel.commands import Decision, execute
from thidua_kernel.messages import CommandContext

from .deps import Deps
from .domain import inspections
from .inspection_bodies import MarkInspectionActionDone, RecordInspection
from .inspection_store import INSPECTION, decided, load_inspection


def unit_level_in_province(facts: FactsAt, code: str, province_code: str) -> str | None:
    """"district" or "commune" when `code` is one of the province existing on facts.as_of (U8)."""
    hierarchy = facts.hierarchy()
    unit = hierarchy.existing(code)
    if unit is None:
        return None
    if unit.level == "district" and unit.parent_code == province_code:
        return "district"
    parent = hierarchy.state(unit.parent_code or "")
    if unit.level == "commune" and (unit.parent_code == province_code
                                    or (parent is not None and parent.parent_code == province_code)):
        return "commune"
    return None


async def record_inspection(deps: Deps, ctx: CommandContext, cmd: RecordInspection) -> dict[str, Any]:
    require_province_board(ctx.actor, "ghi kết quả kiểm tra / record inspections")
    record = InspectionRecorded(
        code=cmd.code, team=list(cmd.team), unit_code=cmd.unit_code, visited_on=cmd.visited_on,
        findings=cmd.findings, actions=[FollowUpAction(code=a.code, description=a.description, due_on=a.due_on)
                                        for a in cmd.actions])
    today = vietnam_today(deps.clock)
    facts = await deps.facts(min(cmd.visited_on, today), None, deps.province_code)
    level = unit_level_in_province(facts, cmd.unit_code, deps.province_code)

    async def decide() -> Decision:
        state = await load_inspection(deps, cmd.code)
        event = inspections.decide_record(state, record, today, level)
        answer = {"inspection_code": cmd.code, "unit_code": cmd.unit_code}
        return decided(INSPECTION, cmd.code, state.version, event, cmd.visited_on, answer)

    return await execute(deps.store, ctx, "RecordInspection", cmd.model_dump(mode="json"), decide)


async def mark_inspection_action_done(deps: Deps, ctx: CommandContext, cmd: MarkInspectionActionDone) -> dict[str, Any]:
    require_province_board(ctx.actor, "ghi việc khắc phục đã hoàn thành / mark follow-up actions done")
    today = vietnam_today(deps.clock)
    done_on: date = cmd.done_on or today

    async def decide() -> Decision:
        state = await load_inspection(deps, cmd.inspection_code)
        event = inspections.decide_action_done(state, cmd.action_code, done_on, cmd.note, today)
        answer = {"inspection_code": cmd.inspection_code, "action_code": cmd.action_code,
                  "done_on": done_on.isoformat()}
        return decided(INSPECTION, cmd.inspection_code, state.version, event, done_on, answer)

    return await execute(deps.store, ctx, "MarkInspectionActionDone", cmd.model_dump(mode="json"), decide)

"""Round commands (A8–A10): define a round, load a preset, set a prize (A9(g)), record a finding of
the council on a unit outside any review (A6).

Each is `async def handler(deps, ctx, cmd) -> dict`, registered in command_table.COMMANDS:
load the round's stream → fold → decide with the domain → append at the loaded version
(kernel `execute`: idempotent, a version conflict decided again once on fresh data).
"""
from typing import Any

from contracts.awards import RoundDefined
from thidua_facts.timeframe import vietnam_today
from thidua_kernel.auth import require_province_board
from thidua_kernel.commands import Decision, execute
from thidua_kernel.errors import NotFound
from thidua_kernel.messages import CommandContext

from .commands import DefineRound, LoadRoundPreset, RecordCouncilFinding, SetPrize
from .deps import Deps
from .domain import decisions
from .events import append_one
from .domain.refusals import defined
from .loading import ROUND, load_eligibility, load_round

DEFINE = "định nghĩa đợt khen thưởng / define award rounds"


async def define_round(deps: Deps, ctx: CommandContext, cmd: DefineRound) -> dict[str, Any]:
    """A round through the API alone (A10); the same definition again appends nothing."""
    require_province_board(ctx.actor, DEFINE)
    definition = RoundDefined.model_validate(cmd.model_dump(exclude={"document_number", "reason"}))
    return await _define(deps, ctx, "DefineRound", cmd.model_dump(mode="json"), definition)


async def load_round_preset(deps: Deps, ctx: CommandContext, cmd: LoadRoundPreset) -> dict[str, Any]:
    """A round shipped with the service: "2011-2015" encodes every line of A9 (a)–(g)."""
    require_province_board(ctx.actor, DEFINE)
    definition = deps.preset(cmd.preset)
    if definition is None:
        raise NotFound("A10", f"Không có đợt khen thưởng dựng sẵn {cmd.preset}.",
                       f"No built-in award round {cmd.preset}.", preset=cmd.preset)
    return await _define(deps, ctx, "LoadRoundPreset", cmd.model_dump(mode="json"), definition)


async def _define(deps: Deps, ctx: CommandContext, name: str, body: Any, definition: RoundDefined) -> dict[str, Any]:
    async def decide() -> Decision:
        state = await load_round(deps, definition.code)
        event = decisions.decide_define_round(state, definition)  # A10; None: unchanged
        answer = {"round_code": definition.code, "preset": definition.preset}
        if event is None:
            return Decision([], {**answer, "unchanged": True, "version": state.version})
        append = append_one(ROUND, definition.code, state.version, event, vietnam_today(deps.clock))
        return Decision([append], {**answer, "unchanged": False, "version": state.version + 1})

    return await execute(deps.store, ctx, name, body, decide)


async def set_prize(deps: Deps, ctx: CommandContext, cmd: SetPrize) -> dict[str, Any]:
    """A9(g): the council's resolution (the command's document_number) sets a kind's prize."""
    require_province_board(ctx.actor, "đặt mức thưởng / set prizes")

    async def decide() -> Decision:
        state = await load_round(deps, cmd.round_code)
        defined(state)
        event = decisions.decide_set_prize(state, cmd.award_kind, cmd.amount_vnd, cmd.description_vi,
                                           cmd.document_number)
        append = append_one(ROUND, cmd.round_code, state.version, event, vietnam_today(deps.clock))
        return Decision([append], {"round_code": cmd.round_code, "award_kind": cmd.award_kind,
                                   "amount_vnd": cmd.amount_vnd, "resolution": cmd.document_number})

    return await execute(deps.store, ctx, "SetPrize", cmd.model_dump(mode="json"), decide)


async def record_council_finding(deps: Deps, ctx: CommandContext, cmd: RecordCouncilFinding) -> dict[str, Any]:
    """The council (through the board) finds a unit exemplary or not, outside any review."""
    require_province_board(ctx.actor, "ghi kết luận của Hội đồng / record the council's findings")
    found_on = cmd.found_on or vietnam_today(deps.clock)

    async def decide() -> Decision:
        state = await load_round(deps, cmd.round_code)
        defined(state)
        facts = await load_eligibility(deps, state, found_on)
        event = decisions.decide_record_finding(state, cmd.unit_code, cmd.exemplary, cmd.reasons, found_on, facts)
        append = append_one(ROUND, cmd.round_code, state.version, event, found_on)
        return Decision([append], {"round_code": cmd.round_code, "unit_code": cmd.unit_code,
                                   "exemplary": cmd.exemplary})

    return await execute(deps.store, ctx, "RecordCouncilFinding", cmd.model_dump(mode="json"), decide)

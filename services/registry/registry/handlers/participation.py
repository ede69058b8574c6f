"""Participants (U3), pilots (U4, U5) and support pledges (U6)."""
from typing import Any

from contracts.registry import INDIVIDUAL_KINDS, PilotDesignated, SupportPledged
from thidua_kernel.auth import require_province_board, require_unit_scope
from thidua_kernel.commands import Decision, execute
from thidua_kernel.messages import CommandContext

from ..commands import DesignatePilot, PledgeSupport, RegisterParticipant
from ..domain import rules
from ..domain.programme import Participant
from .deps import RegistryDeps
from .personal_data import hashed_body, sealed_registration
from .loading import append, load_history, load_participant, load_party, load_unit, path_of
from .organisation_scope import require_may_pledge


async def register_participant(deps: RegistryDeps, ctx: CommandContext, cmd: RegisterParticipant) -> dict[str, Any]:
    """The province board registers anyone; a district officer those under its district."""

    async def decide() -> Decision:
        day = cmd.effective_from
        if cmd.parent_code is None:
            require_province_board(ctx.actor, "đăng ký đối tượng tham gia / register participants")
        else:
            path = await path_of(deps.store, cmd.parent_code, day)
            require_unit_scope(ctx.actor, path, "đăng ký đối tượng thuộc / register participants under")
        existing, version = await load_participant(deps.store, cmd.code)
        unit, _ = await load_unit(deps.store, cmd.code)
        rules.u4_code_is_new(cmd.code, unit, _named(existing))
        parent = await load_party(deps.store, cmd.parent_code)
        rules.u3_participant_fits(cmd.kind, parent, cmd.parent_code, cmd.address, day)
        event = await sealed_registration(deps, cmd)
        return Decision([append("participant", cmd.code, version, [("ParticipantRegistered", event, day)])],
                        {"code": cmd.code})

    return await execute(deps.store, ctx, "RegisterParticipant", hashed_body(cmd), decide)


def _named(existing: Participant | None) -> str | None:
    """How a refusal names a participant holding the code: an individual by code (personal data)."""
    if existing is None:
        return None
    return existing.code if existing.kind in INDIVIDUAL_KINDS else existing.name


async def designate_pilot(deps: RegistryDeps, ctx: CommandContext, cmd: DesignatePilot) -> dict[str, Any]:
    """U4: the province board designates the province's pilots; U5: a district its own pilot xã."""

    async def decide() -> Decision:
        day = cmd.effective_from
        unit, _ = await load_unit(deps.store, cmd.unit_code)
        rules.u8_exists_on(unit, cmd.unit_code, day, "chọn làm điểm", "designate as a pilot")
        path = await path_of(deps.store, cmd.unit_code, day)
        if cmd.level == "province":
            require_province_board(ctx.actor, "chọn điểm chỉ đạo của tỉnh / designate province pilots")
            rules.u4_province_pilot(unit)
            designated_by = path[0]
        else:
            require_unit_scope(ctx.actor, path, "chọn xã điểm / designate pilot communes in")
            designated_by = unit.on(day).parent_code
            rules.u5_district_pilot(unit, (await load_unit(deps.store, designated_by))[0])
        stream = f"{cmd.level}:{cmd.unit_code}"
        history, version = await load_history(deps.store, "pilot", stream)
        if history:
            return Decision([], {"unit_code": cmd.unit_code, "level": cmd.level, "unchanged": True})
        event = PilotDesignated(unit_code=cmd.unit_code, level=cmd.level, designated_by=designated_by,
                                effective_from=day)
        return Decision([append("pilot", stream, version, [("PilotDesignated", event, day)])],
                        {"unit_code": cmd.unit_code, "level": cmd.level, "designated_by": designated_by})

    return await execute(deps.store, ctx, "DesignatePilot", cmd.model_dump(mode="json"), decide)


async def pledge_support(deps: RegistryDeps, ctx: CommandContext, cmd: PledgeSupport) -> dict[str, Any]:
    """U6: the province board records any pledge; a department officer its own organisation's."""

    async def decide() -> Decision:
        day = cmd.effective_from
        require_may_pledge(ctx.actor, await path_of(deps.store, cmd.supporter_code, day),
                           "ghi nhận đăng ký hỗ trợ của / record support pledges of")
        supporter, _ = await load_participant(deps.store, cmd.supporter_code)
        supported, _ = await load_unit(deps.store, cmd.supported_code)
        rules.u6_pledge_fits(supporter, cmd.supporter_code, supported, cmd.supported_code, day)
        stream = f"{cmd.supporter_code}:{cmd.supported_code}"
        history, version = await load_history(deps.store, "pledge", stream)
        answer = {"supporter_code": cmd.supporter_code, "supported_code": cmd.supported_code}
        if history:
            return Decision([], {**answer, "unchanged": True})
        event = SupportPledged(supporter_code=cmd.supporter_code, supported_code=cmd.supported_code,
                               effective_from=day)
        return Decision([append("pledge", stream, version, [("SupportPledged", event, day)])], answer)

    return await execute(deps.store, ctx, "PledgeSupport", cmd.model_dump(mode="json"), decide)

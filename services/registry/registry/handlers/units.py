"""Unit commands: register, rename, move, dissolve, merge, split (U1, U4, U8). Province board only."""
from datetime import date
from typing import Any

from contracts.registry import UnitDissolved, UnitMoved, UnitRegistered, UnitRenamed
from thidua_kernel.auth import require_province_board
from thidua_kernel.commands import Decision, execute
from thidua_kernel.errors import DomainRefusal
from thidua_kernel.eventstore import EventStore
from thidua_kernel.messages import CommandContext

from ..commands import DissolveUnit, MergeUnits, MoveUnit, RegisterUnit, RenameUnit, SplitUnit
from ..domain import rules
from ..domain.model import Unit
from .deps import RegistryDeps
from .loading import append, load_participant, load_unit


async def register_unit(deps: RegistryDeps, ctx: CommandContext, cmd: RegisterUnit) -> dict[str, Any]:
    require_province_board(ctx.actor, "đăng ký đơn vị / register units")

    async def decide() -> Decision:
        event, version = await _new_unit(deps.store, cmd.code, cmd.unit_type, cmd.name, cmd.parent_code,
                                         cmd.effective_from, cmd.latitude, cmd.longitude)
        return Decision([append("unit", cmd.code, version, [("UnitRegistered", event, cmd.effective_from)])],
                        {"code": cmd.code})

    return await execute(deps.store, ctx, "RegisterUnit", cmd.model_dump(mode="json"), decide)


async def _new_unit(store: EventStore, code: str, unit_type: str, name: str, parent_code: str | None, day: date,
                    lat: float | None = None, lon: float | None = None) -> tuple[UnitRegistered, int]:
    """A registration that passes U4 (new code) and U1 (a parent of the right level on `day`)."""
    existing, version = await load_unit(store, code)
    participant, _ = await load_participant(store, code)
    rules.u4_code_is_new(code, existing, participant.name if participant else None)
    parent, _ = await load_unit(store, parent_code)
    level = rules.u1_unit_fits_hierarchy(code, unit_type, parent, parent_code, day)
    return UnitRegistered(code=code, level=level, unit_type=unit_type, name=name, parent_code=parent_code,
                          latitude=lat, longitude=lon, effective_from=day, source="manual"), version


async def rename_unit(deps: RegistryDeps, ctx: CommandContext, cmd: RenameUnit) -> dict[str, Any]:
    require_province_board(ctx.actor, "đổi tên đơn vị / rename units")

    async def decide() -> Decision:
        day = cmd.effective_date
        unit, version = await load_unit(deps.store, cmd.code)
        rules.u8_exists_on(unit, cmd.code, day, "đổi tên", "rename")
        rules.u1_type_keeps_level(unit, cmd.unit_type)
        now = unit.on(day)
        if now.name == cmd.name and cmd.unit_type in (None, now.unit_type):
            return Decision([], {"code": cmd.code, "unchanged": True})
        event = UnitRenamed(code=cmd.code, name=cmd.name, effective_date=day, unit_type=cmd.unit_type)
        return Decision([append("unit", cmd.code, version, [("UnitRenamed", event, day)])], {"code": cmd.code})

    return await execute(deps.store, ctx, "RenameUnit", cmd.model_dump(mode="json"), decide)


async def move_unit(deps: RegistryDeps, ctx: CommandContext, cmd: MoveUnit) -> dict[str, Any]:
    require_province_board(ctx.actor, "chuyển đơn vị / move units")

    async def decide() -> Decision:
        day = cmd.effective_date
        unit, version = await load_unit(deps.store, cmd.code)
        rules.u8_exists_on(unit, cmd.code, day, "chuyển", "move")
        now = unit.on(day)
        parent, _ = await load_unit(deps.store, cmd.parent_code)
        rules.u1_unit_fits_hierarchy(cmd.code, now.unit_type, parent, cmd.parent_code, day)
        if now.parent_code == cmd.parent_code:
            return Decision([], {"code": cmd.code, "unchanged": True})
        event = UnitMoved(code=cmd.code, parent_code=cmd.parent_code, effective_date=day)
        return Decision([append("unit", cmd.code, version, [("UnitMoved", event, day)])], {"code": cmd.code})

    return await execute(deps.store, ctx, "MoveUnit", cmd.model_dump(mode="json"), decide)


async def _dissolvable(store: EventStore, code: str, day: date,
                       successor: str | None) -> tuple[Unit, int] | None:
    """The unit and its version if it can cease to exist on `day`; None if it already did so."""
    unit, version = await load_unit(store, code)
    if unit is not None and unit.effective_to == day and unit.successor_code == successor:
        return None  # the same dissolution again: nothing to do
    rules.u8_exists_on(unit, code, day, "giải thể / sáp nhập", "dissolve or merge")
    rules.u8_after_start(unit, day)
    return unit, version


async def dissolve_unit(deps: RegistryDeps, ctx: CommandContext, cmd: DissolveUnit) -> dict[str, Any]:
    require_province_board(ctx.actor, "giải thể đơn vị / dissolve units")

    async def decide() -> Decision:
        day = cmd.effective_date
        if cmd.successor_code is not None:
            successor, _ = await load_unit(deps.store, cmd.successor_code)
            rules.u8_exists_on(successor, cmd.successor_code, day, "kế thừa", "succeed")
        found = await _dissolvable(deps.store, cmd.code, day, cmd.successor_code)
        if found is None:
            return Decision([], {"code": cmd.code, "unchanged": True})
        event = UnitDissolved(code=cmd.code, effective_to=day, successor_code=cmd.successor_code)
        return Decision([append("unit", cmd.code, found[1], [("UnitDissolved", event, day)])], {"code": cmd.code})

    return await execute(deps.store, ctx, "DissolveUnit", cmd.model_dump(mode="json"), decide)


async def merge_units(deps: RegistryDeps, ctx: CommandContext, cmd: MergeUnits) -> dict[str, Any]:
    require_province_board(ctx.actor, "sáp nhập đơn vị / merge units")

    async def decide() -> Decision:
        day = cmd.effective_date
        absorbed = {code: await _dissolvable(deps.store, code, day, cmd.into_code) for code in cmd.absorbed_codes}
        pending = {code: found for code, found in absorbed.items() if found is not None}
        into, version = await load_unit(deps.store, cmd.into_code)
        into_events = []
        if into is None:
            if cmd.name is None or cmd.unit_type is None:
                raise DomainRefusal(
                    "U8",
                    f"Đơn vị {cmd.into_code} chưa có: cần tên và loại để thành lập khi sáp nhập.",
                    f"Unit {cmd.into_code} is not registered: give its name and type to create it by the merger.",
                    into_code=cmd.into_code)
            first = next(iter(pending.values()), None)
            parent_code = cmd.parent_code or (first[0].on(day).parent_code if first else None)
            event, version = await _new_unit(deps.store, cmd.into_code, cmd.unit_type, cmd.name, parent_code, day)
            into_events.append(("UnitRegistered", event, day))
            level = event.level
        else:
            rules.u8_exists_on(into, cmd.into_code, day, "sáp nhập vào", "merge into")
            rules.u1_type_keeps_level(into, cmd.unit_type)
            level, now = into.level, into.on(day)
            if (cmd.name or now.name) != now.name or cmd.unit_type not in (None, now.unit_type):
                renamed = UnitRenamed(code=cmd.into_code, name=cmd.name or now.name, effective_date=day,
                                      unit_type=cmd.unit_type)
                into_events.append(("UnitRenamed", renamed, day))
        rules.u8_merge_is_well_formed({c: f[0] for c, f in pending.items()}, cmd.into_code, level)
        appends = [append("unit", cmd.into_code, version, into_events)] if into_events else []
        for code, (_, absorbed_version) in pending.items():
            gone = UnitDissolved(code=code, effective_to=day, successor_code=cmd.into_code)
            appends.append(append("unit", code, absorbed_version, [("UnitDissolved", gone, day)]))
        return Decision(appends, {"into_code": cmd.into_code, "absorbed": sorted(pending),
                                  "unchanged": not appends})

    return await execute(deps.store, ctx, "MergeUnits", cmd.model_dump(mode="json"), decide)


async def split_unit(deps: RegistryDeps, ctx: CommandContext, cmd: SplitUnit) -> dict[str, Any]:
    require_province_board(ctx.actor, "chia tách đơn vị / split units")

    async def decide() -> Decision:
        day, codes = cmd.effective_date, [p.code for p in cmd.parts]
        rules.u8_split_has_parts(cmd.code, codes)
        if cmd.successor_code is not None and cmd.successor_code not in codes:
            raise DomainRefusal("U8",
                                f"Đơn vị kế thừa {cmd.successor_code} phải là một phần được chia ra.",
                                f"The successor {cmd.successor_code} must be one of the parts.",
                                successor_code=cmd.successor_code, part_codes=codes)
        unit, version = await load_unit(deps.store, cmd.code)
        rules.u8_exists_on(unit, cmd.code, day, "chia tách", "split")
        rules.u8_after_start(unit, day)
        appends = []
        for part in cmd.parts:
            parent_code = part.parent_code or unit.on(day).parent_code
            event, part_version = await _new_unit(deps.store, part.code, part.unit_type, part.name, parent_code, day,
                                                  part.latitude, part.longitude)
            appends.append(append("unit", part.code, part_version, [("UnitRegistered", event, day)]))
        gone = UnitDissolved(code=cmd.code, effective_to=day, successor_code=cmd.successor_code,
                             successor_codes=codes)
        appends.append(append("unit", cmd.code, version, [("UnitDissolved", gone, day)]))
        return Decision(appends, {"code": cmd.code, "parts": codes})

    return await execute(deps.store, ctx, "SplitUnit", cmd.model_dump(mode="json"), decide)

"""Importing real administrative units from a reference data set, idempotently (U1, U8)."""
from collections import defaultdict
from typing import Any

from contracts.registry import UnitRegistered
from thidua_kernel.auth import require_province_board
from thidua_kernel.commands import Decision, execute
from thidua_kernel.errors import DomainRefusal
from thidua_kernel.messages import CommandContext

from ..commands import ImportProvinceUnits
from ..domain.model import LEVEL_OF_TYPE
from ..domain.reform_2025 import reform_changes
from .deps import RegistryDeps
from .loading import append, load_unit


def _unknown_province(code: str) -> DomainRefusal:
    return DomainRefusal("U1", f"Không có tỉnh mã {code} trong bộ dữ liệu.",
                         f"No province with code {code} in the reference data set.", province_code=code)


async def import_province_units(deps: RegistryDeps, ctx: CommandContext, cmd: ImportProvinceUnits) -> dict[str, Any]:
    """Idempotent by content: what is already registered (or already changed) is left as it is."""
    require_province_board(ctx.actor, "nhập danh mục đơn vị / import units")
    decide = _legacy if cmd.source == "vietnamadminunits-legacy" else _reform

    async def run() -> Decision:
        return await decide(deps, cmd)

    return await execute(deps.store, ctx, "ImportProvinceUnits", cmd.model_dump(mode="json"), run)


async def _legacy(deps: RegistryDeps, cmd: ImportProvinceUnits) -> Decision:
    reference = deps.reference_units(cmd.province_code) if cmd.province_code.isdigit() else []
    if not reference:
        raise _unknown_province(cmd.province_code)
    label = deps.reference_label()
    appends, skipped = [], 0
    for ref in reference:
        existing, version = await load_unit(deps.store, ref.code)
        if existing is not None:
            skipped += 1
            continue
        event = UnitRegistered(
            code=ref.code, level=LEVEL_OF_TYPE[ref.unit_type], unit_type=ref.unit_type, name=ref.name,
            parent_code=ref.parent_code, latitude=ref.latitude, longitude=ref.longitude,
            effective_from=cmd.effective_from, source=label,
        )
        appends.append(append("unit", ref.code, version, [("UnitRegistered", event, cmd.effective_from)]))
    return Decision(appends, {"province_code": cmd.province_code, "source": cmd.source,
                              "registered": len(appends), "already_registered": skipped})


async def _reform(deps: RegistryDeps, cmd: ImportProvinceUnits) -> Decision:
    reform = deps.reform_2025(cmd.province_code) if cmd.province_code.isdigit() else None
    if reform is None:
        raise _unknown_province(cmd.province_code)
    loaded = {code: await load_unit(deps.store, code) for code in sorted(reform.codes())}
    units = {code: unit for code, (unit, _) in loaded.items()}
    day = cmd.effective_from
    changes = reform_changes(reform, units, day, deps.reform_label())
    by_code: dict[str, list] = defaultdict(list)
    for change in changes:
        by_code[change.code].append((change.event_type, change.payload, day))
    appends = [append("unit", code, loaded.get(code, (None, 0))[1], events) for code, events in by_code.items()]
    counts: dict[str, int] = defaultdict(int)
    for change in changes:
        counts[change.event_type] += 1
    return Decision(appends, {
        "province_code": reform.province_code, "source": cmd.source,
        "registered": counts["UnitRegistered"], "renamed": counts["UnitRenamed"],
        "moved": counts["UnitMoved"], "dissolved": counts["UnitDissolved"],
        "communes_2025": len(reform.communes), "unmapped_legacy_units": list(reform.unmapped),
    })

"""One function per command: load → decide → append (through the kernel's `execute`)."""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timezone
from typing import Any

from contracts.registry import ClusterFormed, UnitRegistered
from thidua_kernel.auth import require_province_board
from thidua_kernel.commands import Decision, execute
from thidua_kernel.errors import DomainRefusal
from thidua_kernel.eventstore import EventStore
from thidua_kernel.messages import CommandContext, NewEvent, StreamAppend

from .adapters.admin_units import ReferenceUnit
from .commands import FormCluster, ImportProvinceUnits, RegisterUnit
from .domain import rules
from .domain.model import LEVEL_OF_TYPE, Unit, cluster_from_events, unit_from_events


def at_start_of(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


@dataclass(frozen=True)
class RegistryHandlers:
    store: EventStore
    reference_units: Callable[[str], list[ReferenceUnit]]
    reference_label: Callable[[], str]

    async def _unit(self, code: str | None) -> tuple[Unit | None, int]:
        if code is None:
            return None, 0
        history = await self.store.load("unit", code)
        return unit_from_events([(e.event_type, e.payload) for e in history]), len(history)

    async def register_unit(self, ctx: CommandContext, cmd: RegisterUnit) -> dict[str, Any]:
        require_province_board(ctx.actor, "đăng ký đơn vị / register units")

        async def decide() -> Decision:
            existing, version = await self._unit(cmd.code)
            rules.u1_code_is_new(cmd.code, existing)
            parent, _ = await self._unit(cmd.parent_code)
            level = rules.u1_unit_fits_hierarchy(cmd.code, cmd.unit_type, parent, cmd.parent_code)
            event = UnitRegistered(
                code=cmd.code, level=level, unit_type=cmd.unit_type, name=cmd.name,
                parent_code=cmd.parent_code, latitude=cmd.latitude, longitude=cmd.longitude,
                effective_from=cmd.effective_from, source="manual",
            )
            return Decision([_append("unit", cmd.code, version, "UnitRegistered", event, cmd.effective_from)],
                            {"code": cmd.code})

        return await execute(self.store, ctx, "RegisterUnit", cmd.model_dump(mode="json"), decide)

    async def import_province_units(self, ctx: CommandContext, cmd: ImportProvinceUnits) -> dict[str, Any]:
        """Idempotent by content: units already registered are left as they are."""
        require_province_board(ctx.actor, "nhập danh mục đơn vị / import units")

        async def decide() -> Decision:
            reference = self.reference_units(cmd.province_code) if cmd.province_code.isdigit() else []
            if not reference:
                raise DomainRefusal(
                    "U1",
                    f"Không có tỉnh mã {cmd.province_code} trong bộ dữ liệu.",
                    f"No province with code {cmd.province_code} in the reference data set.",
                    province_code=cmd.province_code,
                )
            label = self.reference_label()
            appends, skipped = [], 0
            for ref in reference:
                existing, version = await self._unit(ref.code)
                if existing is not None:
                    skipped += 1
                    continue
                event = UnitRegistered(
                    code=ref.code, level=LEVEL_OF_TYPE[ref.unit_type], unit_type=ref.unit_type, name=ref.name,
                    parent_code=ref.parent_code, latitude=ref.latitude, longitude=ref.longitude,
                    effective_from=cmd.effective_from, source=label,
                )
                appends.append(_append("unit", ref.code, version, "UnitRegistered", event, cmd.effective_from))
            return Decision(appends, {"province_code": cmd.province_code, "registered": len(appends),
                                      "already_registered": skipped})

        return await execute(self.store, ctx, "ImportProvinceUnits", cmd.model_dump(mode="json"), decide)

    async def form_cluster(self, ctx: CommandContext, cmd: FormCluster) -> dict[str, Any]:
        require_province_board(ctx.actor, "lập cụm, khối thi đua / form clusters")

        async def decide() -> Decision:
            history = await self.store.load("cluster", cmd.code)
            current = cluster_from_events([(e.event_type, e.payload) for e in history])
            if current is not None and set(current.member_codes) == set(cmd.member_codes) and current.name == cmd.name:
                return Decision([], {"code": cmd.code, "unchanged": True})
            members = {code: (await self._unit(code))[0] for code in cmd.member_codes}
            rules.u2_members_are_of_kind(cmd.kind, members)
            event = ClusterFormed(code=cmd.code, kind=cmd.kind, name=cmd.name, member_codes=cmd.member_codes,
                                  effective_from=cmd.effective_from)
            return Decision([_append("cluster", cmd.code, len(history), "ClusterFormed", event, cmd.effective_from)],
                            {"code": cmd.code})

        return await execute(self.store, ctx, "FormCluster", cmd.model_dump(mode="json"), decide)


def _append(aggregate_type: str, aggregate_id: str, version: int, event_type: str, payload, day) -> StreamAppend:
    event = NewEvent(event_type, payload.model_dump(mode="json"), at_start_of(day))
    return StreamAppend(aggregate_type, aggregate_id, version, (event,))

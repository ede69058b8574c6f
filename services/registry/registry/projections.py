"""The unit directory: the registry's own topic folded into rows for queries."""
import asyncpg

from contracts.envelope import EventEnvelope
from contracts.registry import ClusterFormed, UnitDissolved, UnitRegistered
from contracts.topics import REGISTRY_EVENTS
from thidua_kernel.text import fold


class UnitDirectory:
    name = "unit_directory"
    topics = (REGISTRY_EVENTS,)

    async def apply(self, conn: asyncpg.Connection, events: list[EventEnvelope]) -> None:
        for event in events:
            if event.event_type == "UnitRegistered":
                u = UnitRegistered.model_validate(event.payload)
                await conn.execute(
                    "INSERT INTO units (code, level, unit_type, name, name_key, parent_code, latitude, longitude,"
                    " effective_from, source) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)"
                    " ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, name_key = EXCLUDED.name_key",
                    u.code, u.level, u.unit_type, u.name, fold(u.name), u.parent_code, u.latitude, u.longitude,
                    u.effective_from, u.source,
                )
            elif event.event_type == "UnitDissolved":
                d = UnitDissolved.model_validate(event.payload)
                await conn.execute(
                    "UPDATE units SET effective_to = $2, successor_code = $3 WHERE code = $1",
                    d.code, d.effective_to, d.successor_code,
                )
            elif event.event_type == "ClusterFormed":
                c = ClusterFormed.model_validate(event.payload)
                await conn.execute(
                    "INSERT INTO clusters (code, kind, name, member_codes, effective_from) VALUES ($1,$2,$3,$4,$5)"
                    " ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, member_codes = EXCLUDED.member_codes,"
                    " effective_from = EXCLUDED.effective_from",
                    c.code, c.kind, c.name, c.member_codes, c.effective_from,
                )

    async def reset(self, conn: asyncpg.Connection) -> None:
        await conn.execute("TRUNCATE units, clusters")

"""The registry's own topic folded into tables that answer "as of a date" (U8).

Unit events are kept as received and each touched unit's versions recomputed from all of its
events with the same fold the handlers use (domain.model.unit_timeline): the result depends on
the events only, not on the order or the batches they came in. The other tables are upserts
guarded by stream version, so a batch is applied with one executemany per statement.
"""
from collections import defaultdict
from typing import Any

import asyncpg
import orjson

from contracts.envelope import EventEnvelope
from contracts.registry import EVENT_TYPES
from contracts.topics import REGISTRY_EVENTS
from thidua_kernel.text import fold

from .domain.model import UNIT_EVENTS, UnitChange, unit_timeline

PARTICIPANT = (
    "INSERT INTO participants (code, kind, name, name_key, parent_code, address, effective_from, document_number)"
    " VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (code) DO NOTHING"
)
PILOT = (
    "INSERT INTO pilots (level, unit_code, designated_by, effective_from, document_number)"
    " VALUES ($1,$2,$3,$4,$5) ON CONFLICT (level, unit_code) DO NOTHING"
)
PLEDGE = (
    "INSERT INTO pledges (supporter_code, supported_code, effective_from, document_number)"
    " VALUES ($1,$2,$3,$4) ON CONFLICT (supporter_code, supported_code) DO NOTHING"
)
PLAN_DUE = (
    "INSERT INTO plans (plan_code, owner_code, title, due_date, due_version) VALUES ($1,$2,$3,$4,$5)"
    " ON CONFLICT (plan_code) DO UPDATE SET owner_code = EXCLUDED.owner_code, title = EXCLUDED.title,"
    " due_date = EXCLUDED.due_date, due_version = EXCLUDED.due_version WHERE plans.due_version < EXCLUDED.due_version"
)
PLAN_SUBMITTED = (
    "INSERT INTO plans (plan_code, owner_code, submitted_on, submission_document) VALUES ($1,$2,$3,$4)"
    " ON CONFLICT (plan_code) DO UPDATE SET submitted_on = EXCLUDED.submitted_on,"
    " submission_document = EXCLUDED.submission_document WHERE plans.submitted_on IS NULL"
)
MOVEMENT = (
    "INSERT INTO movement_registrations (unit_code, registered_on, document_number) VALUES ($1,$2,$3)"
    " ON CONFLICT (unit_code) DO NOTHING"
)
CLUSTER = (
    "INSERT INTO cluster_info (code, kind, name) VALUES ($1,$2,$3)"
    " ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name"
)
MEMBERS = (
    "INSERT INTO cluster_members (code, effective_from, member_codes, stream_version) VALUES ($1,$2,$3,$4)"
    " ON CONFLICT (code, effective_from) DO UPDATE SET member_codes = EXCLUDED.member_codes,"
    " stream_version = EXCLUDED.stream_version WHERE cluster_members.stream_version < EXCLUDED.stream_version"
)
VERSION_COLUMNS = (
    "code, valid_from, valid_to, level, unit_type, name, name_key, parent_code, latitude, longitude,"
    " effective_from, effective_to, successor_code, successor_codes, source, document_number"
)


def _rows(event: EventEnvelope, p: Any) -> list[tuple[str, tuple]]:
    """The (statement, arguments) an event other than a unit event writes."""
    t, doc, v = event.event_type, event.document_number, event.aggregate_version
    if t == "ParticipantRegistered":
        return [(PARTICIPANT, (p.code, p.kind, p.name, fold(p.name), p.parent_code, p.address, p.effective_from, doc))]
    if t == "PilotDesignated":
        return [(PILOT, (p.level, p.unit_code, p.designated_by, p.effective_from, doc))]
    if t == "SupportPledged":
        return [(PLEDGE, (p.supporter_code, p.supported_code, p.effective_from, doc))]
    if t == "PlanDue":
        return [(PLAN_DUE, (p.plan_code, p.owner_code, p.title, p.due_date, v))]
    if t == "PlanSubmitted":
        return [(PLAN_SUBMITTED, (p.plan_code, p.owner_code, p.submitted_on, p.document_number))]
    if t == "MovementRegistered":
        return [(MOVEMENT, (p.unit_code, p.registered_on, doc))]
    if t == "ClusterFormed":
        return [(CLUSTER, (p.code, p.kind, p.name)), (MEMBERS, (p.code, p.effective_from, p.member_codes, v))]
    if t == "ClusterMembershipChanged":
        return [(MEMBERS, (p.code, p.effective_from, p.member_codes, v))]
    return []


class UnitDirectory:
    name = "unit_directory"
    topics = (REGISTRY_EVENTS,)

    async def apply(self, conn: asyncpg.Connection, events: list[EventEnvelope]) -> None:
        unit_rows, statements = [], defaultdict(list)
        for event in events:
            model = EVENT_TYPES.get(event.event_type)
            if model is None:
                continue  # an event type this version does not know: nothing of ours to update
            payload = model.model_validate(event.payload)
            if event.event_type in UNIT_EVENTS:
                unit_rows.append((event.event_id, payload.code, event.aggregate_version, event.event_type,
                                  orjson.dumps(event.payload).decode(), event.document_number, event.recorded_at))
            for sql, args in _rows(event, payload):
                statements[sql].append(args)
        for sql, rows in statements.items():
            await conn.executemany(sql, rows)
        if unit_rows:
            await conn.executemany(
                "INSERT INTO unit_events (event_id, code, stream_version, event_type, payload, document_number,"
                " recorded_at) VALUES ($1,$2,$3,$4,$5::jsonb,$6,$7) ON CONFLICT (event_id) DO NOTHING",
                unit_rows,
            )
            await self._refold(conn, sorted({r[1] for r in unit_rows}))

    async def _refold(self, conn: asyncpg.Connection, codes: list[str]) -> None:
        rows = await conn.fetch(
            "SELECT code, stream_version, event_type, payload::text AS payload, document_number FROM unit_events"
            " WHERE code = ANY($1::text[]) ORDER BY code, stream_version, recorded_at, event_id",
            codes,
        )
        changes: dict[str, list[UnitChange]] = defaultdict(list)
        for r in rows:
            changes[r["code"]].append(UnitChange(r["event_type"], orjson.loads(r["payload"]), r["stream_version"],
                                                 r["document_number"]))
        versions = []
        for code in codes:
            unit = unit_timeline(changes[code])
            if unit is None:
                continue  # renamed or moved before its registration arrived: it appears when that does
            for v in unit.versions:
                versions.append((
                    code, v.valid_from, v.valid_to, unit.level, v.unit_type, v.name, fold(v.name), v.parent_code,
                    unit.latitude, unit.longitude, unit.effective_from, unit.effective_to, unit.successor_code,
                    list(unit.successor_codes), unit.source, v.document_number,
                ))
        await conn.execute("DELETE FROM unit_versions WHERE code = ANY($1::text[])", codes)
        await conn.executemany(
            f"INSERT INTO unit_versions ({VERSION_COLUMNS}) VALUES ({', '.join(f'${i}' for i in range(1, 17))})",
            versions,
        )

    async def reset(self, conn: asyncpg.Connection) -> None:
        await conn.execute(
            "TRUNCATE unit_events, unit_versions, participants, pilots, pledges, plans, movement_registrations,"
            " cluster_info, cluster_members"
        )

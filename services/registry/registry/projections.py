"""The registry's own topic folded into tables that answer "as of a date, as known at a time" (U8).

Every row keeps its event's recorded_at, so a query known_at K reads only what was recorded by
then (bitemporal, like the shared facts' tables). Unit events are kept as received and each
touched unit's versions recomputed from all of its events with the shared fold
(thidua_facts.domain.hierarchy.u8_unit_timeline): once per recording time of its events, each
timeline valid for the recording times up to the next (known_from <= K < known_to). The result
depends on the events only, not on the order or the batches they came in. The other tables are
inserts keyed by stream (version), so a batch is applied with one executemany per statement.
"""
from collections import defaultdict
from typing import Any

import asyncpg
import orjson

from contracts.envelope import EventEnvelope
from contracts.registry import EVENT_TYPES
from contracts.topics import REGISTRY_EVENTS
from thidua_kernel.text import fold

from .domain.model import UNIT_EVENTS, unit_change, unit_timeline

PARTICIPANT = (
    "INSERT INTO participants (code, kind, name, name_key, parent_code, address, effective_from, document_number,"
    " recorded_at, personal_data) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (code) DO NOTHING"
)
# Issue 11: nothing to blank, the row holds only the sealed token; the mark tells every reader.
ERASED = "INSERT INTO erased_participants (code, recorded_at) VALUES ($1,$2) ON CONFLICT (code) DO NOTHING"
PILOT = (
    "INSERT INTO pilots (level, unit_code, designated_by, effective_from, document_number, recorded_at)"
    " VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (level, unit_code) DO NOTHING"
)
PLEDGE = (
    "INSERT INTO pledges (supporter_code, supported_code, effective_from, document_number, recorded_at)"
    " VALUES ($1,$2,$3,$4,$5) ON CONFLICT (supporter_code, supported_code) DO NOTHING"
)
PLAN_DUE = (
    "INSERT INTO plan_deadlines (plan_code, stream_version, owner_code, title, due_date, recorded_at)"
    " VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (plan_code, stream_version) DO NOTHING"
)
PLAN_SUBMITTED = (
    "INSERT INTO plan_submissions (plan_code, owner_code, submitted_on, submission_document, recorded_at)"
    " VALUES ($1,$2,$3,$4,$5) ON CONFLICT (plan_code) DO NOTHING"
)
MOVEMENT = (
    "INSERT INTO movement_registrations (unit_code, registered_on, document_number, recorded_at)"
    " VALUES ($1,$2,$3,$4) ON CONFLICT (unit_code) DO NOTHING"
)
CLUSTER = (
    "INSERT INTO cluster_info (code, stream_version, kind, name, recorded_at) VALUES ($1,$2,$3,$4,$5)"
    " ON CONFLICT (code, stream_version) DO NOTHING"
)
MEMBERS = (
    "INSERT INTO cluster_members (code, stream_version, effective_from, member_codes, recorded_at)"
    " VALUES ($1,$2,$3,$4,$5) ON CONFLICT (code, stream_version) DO NOTHING"
)
VERSION_COLUMNS = (
    "code, known_from, known_to, valid_from, valid_to, level, unit_type, name, name_key, parent_code, latitude,"
    " longitude, effective_from, effective_to, successor_code, successor_codes, source, document_number"
)


def _rows(event: EventEnvelope, p: Any) -> list[tuple[str, tuple]]:
    """The (statement, arguments) an event other than a unit event writes."""
    t, doc, v, at = event.event_type, event.document_number, event.aggregate_version, event.recorded_at
    if t == "ParticipantRegistered":
        name_key = fold(p.name) if p.name is not None else None
        return [(PARTICIPANT, (p.code, p.kind, p.name, name_key, p.parent_code, p.address, p.effective_from, doc,
                               at, p.personal_data))]
    if t == "PersonalDataErased":
        return [(ERASED, (p.code, at))]
    if t == "PilotDesignated":
        return [(PILOT, (p.level, p.unit_code, p.designated_by, p.effective_from, doc, at))]
    if t == "SupportPledged":
        return [(PLEDGE, (p.supporter_code, p.supported_code, p.effective_from, doc, at))]
    if t == "PlanDue":
        return [(PLAN_DUE, (p.plan_code, v, p.owner_code, p.title, p.due_date, at))]
    if t == "PlanSubmitted":
        return [(PLAN_SUBMITTED, (p.plan_code, p.owner_code, p.submitted_on, p.document_number, at))]
    if t == "MovementRegistered":
        return [(MOVEMENT, (p.unit_code, p.registered_on, doc, at))]
    if t == "ClusterFormed":
        return [(CLUSTER, (p.code, v, p.kind, p.name, at)),
                (MEMBERS, (p.code, v, p.effective_from, p.member_codes, at))]
    if t == "ClusterMembershipChanged":
        return [(MEMBERS, (p.code, v, p.effective_from, p.member_codes, at))]
    return []


TABLES = ("unit_events", "unit_versions", "participants", "erased_participants", "pilots", "pledges", "plan_deadlines",
          "plan_submissions", "movement_registrations", "cluster_info", "cluster_members")


class UnitDirectory:
    name = "unit_directory"
    topics = (REGISTRY_EVENTS,)
    # Every table it writes (and reads: unit_events, for the refold); no state elsewhere (kernel blue_green.py).
    blue_green_tables = TABLES

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
            "SELECT code, stream_version, event_type, payload::text AS payload, document_number, recorded_at"
            " FROM unit_events WHERE code = ANY($1::text[]) ORDER BY code, stream_version, recorded_at, event_id",
            codes,
        )
        events: dict[str, list[Any]] = defaultdict(list)
        for r in rows:
            events[r["code"]].append(r)
        versions = []
        for code in codes:
            versions += _bitemporal_versions(code, events[code])
        await conn.execute("DELETE FROM unit_versions WHERE code = ANY($1::text[])", codes)
        await conn.executemany(
            f"INSERT INTO unit_versions ({VERSION_COLUMNS}) VALUES ({', '.join(f'${i}' for i in range(1, 19))})",
            versions,
        )

    async def reset(self, conn: asyncpg.Connection) -> None:
        await conn.execute(f"TRUNCATE {', '.join(TABLES)}")


def _bitemporal_versions(code: str, events: list[Any]) -> list[tuple]:
    """The unit's version rows: its timeline as known at each recording time of its events, valid
    until the next one. None while its registration is not known (renamed or moved before the
    registration arrived: it appears when that does)."""
    changes = [unit_change(e["event_type"], orjson.loads(e["payload"]), e["stream_version"], e["recorded_at"],
                           e["document_number"]) for e in events]
    registrations = sorted((c.effective_date, c.stream_version, orjson.loads(e["payload"]))
                           for c, e in zip(changes, events) if e["event_type"] == "UnitRegistered")
    if not registrations:
        return []
    registered = registrations[0][2]
    moments = sorted({e["recorded_at"] for e in events})
    rows = []
    for known_from, known_to in zip(moments, [*moments[1:], None]):
        unit = unit_timeline(changes, known_at=known_from)
        if unit is None:
            continue
        for v in unit.versions:
            rows.append((
                code, known_from, known_to, v.valid_from, v.valid_to, unit.level, v.unit_type, v.name, fold(v.name),
                v.parent_code, registered.get("latitude"), registered.get("longitude"), unit.effective_from,
                unit.effective_to, unit.successor_code, list(unit.successor_codes), registered.get("source") or "",
                v.document_number,
            ))
    return rows

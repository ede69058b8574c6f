"""A service's event log out and in (operators: `thidua events export|import`).

Export: every event of the store in position order, each its envelope as recorded.

Import (reading chosen, README "Operators"): into the store of a fresh service only. A batch is
the file's next events, with `after` the event id just before them in the file (None for the
first batch). Events already in the store by id are skipped (a batch sent again after a lost
answer, or a whole import run again, changes nothing); the others are appended only when the
store's newest event is `after`: a store holding any other history is refused (rule OPS-IMPORT),
so an import never interleaves two logs. Appended events get outbox rows: the relay publishes
them to the service's topic, where its projections (and other services) read them.

A service may transform what it imports (`Runtime.wired["import_transform"]`, an
ImportTransform): the registry seals individuals' names recorded in clear by an older version
(registry/import_sealing.py). The transform gets each validated envelope and returns the one to
store; event ids stay, so a batch sent again is still recognised by them. It runs on the fresh
events of a batch once the store is known to be the import's (after the checks below), so a
refused import transforms nothing (the registry's destroys keys: never for a live store's people).
"""
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

import asyncpg
import orjson
from pydantic import ValidationError

from contracts.envelope import EventEnvelope

from .chain import GENESIS
from .errors import InvalidInput, ThiduaError
from .messages import stream_id

MAX_IMPORT_BATCH = 1000
ImportTransform = Callable[[EventEnvelope], Awaitable[EventEnvelope]]


class ImportRefused(ThiduaError):
    status_code = 409


async def export_page(pool: asyncpg.Pool, after_position: int, limit: int) -> dict[str, Any]:
    """Up to `limit` events after `after_position`, in order; `next` is the position to ask after."""
    rows = await pool.fetch("SELECT position, envelope::text AS envelope FROM events WHERE position > $1"
                            " ORDER BY position LIMIT $2", after_position, limit)
    total = await pool.fetchval("SELECT count(*) FROM events")
    return {"events": [orjson.loads(r["envelope"]) for r in rows], "total": total,
            "next": rows[-1]["position"] if rows else after_position, "done": len(rows) < limit}


def parse_batch(raw: list[Any]) -> list[tuple[EventEnvelope, str]]:
    """Each envelope validated (the contract's types), with its JSON as it will be stored."""
    if len(raw) > MAX_IMPORT_BATCH:
        raise InvalidInput("OPS-IMPORT", f"Tối đa {MAX_IMPORT_BATCH} sự kiện mỗi lô.",
                           f"At most {MAX_IMPORT_BATCH} events per batch.", received=len(raw))
    parsed = []
    for i, item in enumerate(raw):
        try:
            parsed.append((EventEnvelope.model_validate(item, strict=False), orjson.dumps(item).decode()))
        except ValidationError as exc:
            raise InvalidInput("OPS-IMPORT", f"Sự kiện thứ {i + 1} của lô không phải phong bì hợp lệ.",
                               f"Event {i + 1} of the batch is not a valid envelope: {exc.errors()[:1]}",
                               index=i) from None
    return parsed


async def transformed(batch: list[tuple[EventEnvelope, str]], transform: ImportTransform | None
                      ) -> list[tuple[EventEnvelope, str]]:
    """Each event as the service's transform has it stored (unchanged without one), in order."""
    if transform is None:
        return batch
    result = []
    for envelope, text in batch:
        changed = await transform(envelope)
        result.append((envelope, text) if changed is envelope else (changed, changed.model_dump_json()))
    return result


async def import_batch(pool: asyncpg.Pool, after: UUID | None, batch: list[tuple[EventEnvelope, str]],
                       transform: ImportTransform | None = None) -> dict:
    ids = [e.event_id for e, _ in batch]
    async with pool.acquire() as conn, conn.transaction():
        # One import at a time per store: the newest-event check below must not race another.
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext('thidua-event-import'))")
        present = {r["event_id"] for r in await conn.fetch(
            "SELECT event_id FROM events WHERE event_id = ANY($1::uuid[])", ids)}
        first_fresh = next((i for i, (e, _) in enumerate(batch) if e.event_id not in present), len(batch))
        fresh = batch[first_fresh:]
        if any(e.event_id in present for e, _ in fresh):
            raise _refused("the batch's events already in the store are not a prefix of it", after)
        if not fresh:
            return {"imported": 0, "skipped": len(batch)}
        newest = await conn.fetchval("SELECT event_id FROM events ORDER BY position DESC LIMIT 1")
        expected = batch[first_fresh - 1][0].event_id if first_fresh else after
        if newest != expected:
            raise _refused(f"the store's newest event is {newest}, not {expected}", after,
                           newest=str(newest) if newest else None)
        fresh = await transformed(fresh, transform)
        try:
            await _append(conn, fresh)
        except (asyncpg.DataError, asyncpg.IntegrityConstraintViolationError) as exc:
            # The envelope's contract holds but PostgreSQL cannot store it as it is (a version
            # taken twice, a value out of range): the file is not a log this store can hold.
            raise InvalidInput("OPS-IMPORT", "Lô sự kiện không ghi được vào kho: nhật ký không hợp lệ.",
                               f"The batch cannot be stored: {type(exc).__name__}: {exc}"[:500]) from None
        await conn.execute("SELECT pg_notify('thidua_outbox', '')")
    return {"imported": len(fresh), "skipped": len(batch) - len(fresh)}


# One event at a time, in the file's order, each linked to its stream's previous event as the
# append links it (migration 007, README "Tamper evidence"): hash = SHA-256(previous hash ||
# the envelope's jsonb text). A batch's events of one stream are seldom adjacent, so the set-based
# thidua_chain_hashes (which links within a command's consecutive events) does not fit; executemany
# runs the statements in order in this transaction, each seeing the ones before it. A version with
# no predecessor stored leaves prev_hash NULL: the NOT NULL refuses the batch (OPS-IMPORT).
_APPEND_ONE = (
    "WITH appended AS (INSERT INTO events (event_id, stream_id, stream_version, event_type, recorded_at,"
    " envelope, prev_hash, hash) SELECT $1, $2, $3, $4, $5, $6::jsonb, p.h,"
    " sha256(p.h || convert_to($6::jsonb::text, 'UTF8')) FROM (SELECT CASE WHEN $3 = 1 THEN $7::bytea"
    " ELSE (SELECT hash FROM events WHERE stream_id = $2 AND stream_version = $3 - 1) END AS h) p"
    " RETURNING position) INSERT INTO outbox (position) SELECT position FROM appended"
)


async def _append(conn: asyncpg.Connection, fresh: list[tuple[EventEnvelope, str]]) -> None:
    """The events in the file's order, each chained and with its outbox row."""
    async with conn.transaction():  # a savepoint: a refusal above leaves nothing half-written
        await conn.executemany(_APPEND_ONE, [
            (e.event_id, stream_id(e.aggregate_type, e.aggregate_id), e.aggregate_version, e.event_type,
             e.recorded_at, text, GENESIS) for e, text in fresh])


def _refused(why: str, after: UUID | None, **figures: Any) -> ImportRefused:
    return ImportRefused(
        "OPS-IMPORT",
        "Chỉ nhập nhật ký sự kiện vào kho trống của một dịch vụ mới (hoặc tiếp tục đúng lần nhập đó).",
        f"An event log is imported only into the empty store of a fresh service, or continues that same"
        f" import: {why}.", after=str(after) if after else None, **figures)

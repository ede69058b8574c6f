"""The audit trail's reads over the event index (issue 11): a subject's events by recording order,
a page at a time (keyset, so a page is stable whatever is recorded meanwhile), and the
correlation chains of a page's events, each bounded, in one query."""
from dataclasses import dataclass
from datetime import date, datetime

import asyncpg

COLUMNS = """i.event_id::text, i.event_type, i.aggregate_type, i.aggregate_id, i.aggregate_version, i.occurred_on,
       i.recorded_at, i.actor_principal, i.actor_role, i.actor_scope, i.document_number, i.reason,
       i.correlation_id::text, i.causation_id::text, i.producer"""
ORDER = "i.recorded_at, i.aggregate_type, i.aggregate_id, i.aggregate_version"

KNOWN = "SELECT EXISTS (SELECT 1 FROM event_index i WHERE i.subjects && $1::text[] AND i.recorded_at <= $2)"
TOTAL = ("SELECT count(*) FROM event_index i"
         " WHERE i.subjects && $1::text[] AND i.recorded_at <= $2 AND i.occurred_on <= $3")
PAGE = f"""
SELECT {COLUMNS} FROM event_index i
WHERE i.subjects && $1::text[] AND i.recorded_at <= $2 AND i.occurred_on <= $3
  AND ($4::timestamptz IS NULL OR ({ORDER}) > ($4::timestamptz, $5::text, $6::text, $7::integer))
ORDER BY {ORDER} LIMIT $8
"""
CHAINS = f"""
SELECT * FROM (
    SELECT {COLUMNS},
           row_number() OVER (PARTITION BY i.correlation_id ORDER BY {ORDER}) AS n,
           count(*) OVER (PARTITION BY i.correlation_id) AS total
    FROM event_index i
    WHERE i.correlation_id = ANY($1::uuid[]) AND i.recorded_at <= $2 AND i.occurred_on <= $3
) c WHERE c.n <= $4 ORDER BY c.correlation_id, c.n
"""


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the last event's place in the order (recorded_at, stream, version)."""

    recorded_at: datetime
    aggregate_type: str
    aggregate_id: str
    aggregate_version: int


async def known(pool: asyncpg.Pool, keys: list[str], known_at: datetime) -> bool:
    """Whether any event about the subject was recorded by known_at."""
    return bool(await pool.fetchval(KNOWN, keys, known_at))


async def page(pool: asyncpg.Pool, keys: list[str], known_at: datetime, as_of: date, after: Cursor | None,
               limit: int, chain_limit: int
               ) -> tuple[int, list[asyncpg.Record], dict[str, tuple[int, list[asyncpg.Record]]]]:
    """The subject's total, one page of its events (up to `limit`), and for each correlation id of
    the page its chain: (how many events share it, the first `chain_limit` of them in order)."""
    bound = (after.recorded_at, after.aggregate_type, after.aggregate_id, after.aggregate_version) if after else (
        None, None, None, None)
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        total = await conn.fetchval(TOTAL, keys, known_at, as_of)
        rows = await conn.fetch(PAGE, keys, known_at, as_of, *bound, limit)
        correlations = sorted({r["correlation_id"] for r in rows if r["correlation_id"]})
        linked = await conn.fetch(CHAINS, correlations, known_at, as_of, chain_limit) if correlations else []
    chains: dict[str, tuple[int, list[asyncpg.Record]]] = {}
    for row in linked:
        size, members = chains.setdefault(row["correlation_id"], (row["total"], []))
        members.append(row)
    return total, rows, chains

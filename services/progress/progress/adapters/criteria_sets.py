"""Which criteria sets have been published: the ids of the `criteria_set` streams, in order.

The kernel's EventStore loads one stream by id but cannot list streams, and the set in force at
a date (P2) needs them all. Reading the service's own `events` table is strongly consistent (same
database as the appends), unlike the PROGRESS_EVENTS projection: a set published a moment ago
counts for the next command. The streams themselves are still read through `EventStore.load`.
"""
from collections.abc import Awaitable, Callable

import asyncpg

from thidua_kernel.memory_store import InMemoryEventStore

from ..mapping import CRITERIA_SET

CriteriaSetIds = Callable[[], Awaitable[list[str]]]
PREFIX = f"{CRITERIA_SET}:"


def postgres_criteria_set_ids(pool: asyncpg.Pool) -> CriteriaSetIds:
    async def ids() -> list[str]:
        rows = await pool.fetch(
            "SELECT substr(stream_id, $2) FROM events WHERE stream_id LIKE $1"
            " GROUP BY stream_id ORDER BY min(position)",
            PREFIX + "%",
            len(PREFIX) + 1,
        )
        return [r[0] for r in rows]

    return ids


def memory_criteria_set_ids(store: InMemoryEventStore) -> CriteriaSetIds:
    async def ids() -> list[str]:
        seen = [e.aggregate_id for e in store.events if e.aggregate_type == CRITERIA_SET]
        return list(dict.fromkeys(seen))

    return ids

"""Which streams of an aggregate type exist (as known at K): the ids a view lists before loading
each stream from the event store (awards' rounds and scores, reporting's periods)."""
from datetime import datetime
from typing import Protocol

import asyncpg


class StreamIds(Protocol):
    async def __call__(self, aggregate_type: str, prefix: str, known_at: datetime | None) -> list[str]:
        """The ids of the streams of `aggregate_type` whose id starts with `prefix`, begun by `known_at`."""


def postgres_stream_ids(pool: asyncpg.Pool) -> StreamIds:
    async def ids(aggregate_type: str, prefix: str, known_at: datetime | None) -> list[str]:
        # stream_id = "<aggregate type>:<aggregate id>"; a stream exists from its first event.
        head = f"{aggregate_type}:{prefix}"
        rows = await pool.fetch(
            "SELECT stream_id FROM events WHERE stream_version = 1 AND left(stream_id, length($1)) = $1"
            " AND ($2::timestamptz IS NULL OR recorded_at <= $2) ORDER BY stream_id", head, known_at)
        return [r["stream_id"][len(aggregate_type) + 1:] for r in rows]

    return ids

"""The deps' PostgreSQL side: the shared facts in reporting's schema, and the ids of its streams."""
from datetime import date, datetime

import asyncpg

from thidua_facts.read_model import FactsAt, load_facts

from .deps import FactsLoader, StreamIds


def postgres_facts(pool: asyncpg.Pool) -> FactsLoader:
    async def facts(as_of: date, known_at: datetime | None, province_code: str,
                    assessments: bool = False) -> FactsAt:
        return await load_facts(pool, as_of, known_at, province_code, assessments=assessments)

    return facts


def postgres_stream_ids(pool: asyncpg.Pool) -> StreamIds:
    async def ids(aggregate_type: str, prefix: str, known_at: datetime | None) -> list[str]:
        # stream_id = "<aggregate type>:<aggregate id>"; a stream exists from its first event.
        head = f"{aggregate_type}:{prefix}"
        rows = await pool.fetch(
            "SELECT stream_id FROM events WHERE stream_version = 1 AND left(stream_id, length($1)) = $1"
            " AND ($2::timestamptz IS NULL OR recorded_at <= $2) ORDER BY stream_id", head, known_at)
        return [r["stream_id"][len(aggregate_type) + 1:] for r in rows]

    return ids

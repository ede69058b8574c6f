"""The deps' PostgreSQL side: the shared facts in reporting's schema, and the ids of its streams
(the kernel's)."""
from datetime import date, datetime

import asyncpg

from thidua_facts.read_model import FactsAt, load_facts
from thidua_kernel.clock import SystemClock
from thidua_kernel.eventstore import PostgresEventStore
from thidua_kernel.stream_ids import postgres_stream_ids

from .deps import Deps, FactsLoader

__all__ = ["postgres_facts", "postgres_stream_ids"]


def postgres_facts(pool: asyncpg.Pool) -> FactsLoader:
    async def facts(as_of: date, known_at: datetime | None, province_code: str,
                    assessments: bool = False) -> FactsAt:
        return await load_facts(pool, as_of, known_at, province_code, assessments=assessments)

    return facts


def reading_deps(pool: asyncpg.Pool, province_code: str) -> Deps:
    """Deps for reading reporting's own records through `pool` alone (a report asked by a tool or
    a test that holds only the pool); nothing is appended through them."""
    return Deps(PostgresEventStore(pool, "reporting", SystemClock()), postgres_facts(pool),
                postgres_stream_ids(pool), SystemClock(), province_code)

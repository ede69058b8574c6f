"""The deps' PostgreSQL side: the shared facts in reporting's schema, and the ids of its streams
(the kernel's)."""
from datetime import date, datetime

import asyncpg

from thidua_facts.read_model import FactsAt, load_facts
from thidua_kernel.stream_ids import postgres_stream_ids

from .deps import FactsLoader

__all__ = ["postgres_facts", "postgres_stream_ids"]


def postgres_facts(pool: asyncpg.Pool) -> FactsLoader:
    async def facts(as_of: date, known_at: datetime | None, province_code: str,
                    assessments: bool = False) -> FactsAt:
        return await load_facts(pool, as_of, known_at, province_code, assessments=assessments)

    return facts

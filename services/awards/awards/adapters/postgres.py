"""The deps' PostgreSQL side: the shared facts in awards' schema, and the ids of awards' streams."""
from datetime import date, datetime

import asyncpg

from thidua_facts.read_model import FactsAt, load_facts
from thidua_kernel.stream_ids import postgres_stream_ids

from ..deps import FactsLoader

__all__ = ["postgres_facts", "postgres_stream_ids"]


def postgres_facts(pool: asyncpg.Pool) -> FactsLoader:
    async def facts(as_of: date, known_at: datetime | None, province_code: str) -> FactsAt:
        # No assessments: awards judges recognitions, rates, clusters, participants and pledges.
        return await load_facts(pool, as_of, known_at, province_code, assessments=False)

    return facts

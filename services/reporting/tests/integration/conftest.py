"""A fresh schema per test on the session's PostgreSQL, with the kernel's and reporting's tables."""
from collections.abc import AsyncIterator, Awaitable, Callable

import asyncpg
import pytest

from thidua_kernel.db import create_pool, migrate

from reporting.bootstrap import MIGRATIONS


@pytest.fixture
async def fresh_schema(database_url: str, unique: str) -> AsyncIterator[Callable[[str], Awaitable[asyncpg.Pool]]]:
    made: list[tuple[asyncpg.Pool, str]] = []

    async def make(label: str) -> asyncpg.Pool:
        schema = f"reporting_it_{label}_{unique}"
        pool = await create_pool(database_url, schema, min_size=1, max_size=2)
        await migrate(pool, *MIGRATIONS)
        made.append((pool, schema))
        return pool

    yield make
    for pool, schema in made:
        await pool.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await pool.close()

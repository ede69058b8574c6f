"""A fresh schema per test on the session's PostgreSQL, with the kernel's and reporting's tables; `wait_until`
to poll until the projections have caught up."""
import asyncio
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


async def _wait_until(predicate: Callable[[], Awaitable[object]], deadline_s: float = 90) -> None:
    """Poll `predicate` until it holds; fail after `deadline_s` (the projections catch up meanwhile)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline_s
    while not await predicate():
        assert loop.time() < end, f"condition not met within {deadline_s}s"
        await asyncio.sleep(0.1)


@pytest.fixture
def wait_until() -> Callable[..., Awaitable[None]]:
    return _wait_until

"""A fresh schema per test on the session's PostgreSQL, with the kernel's and reporting's tables;
`wait_until` to poll until the projections have caught up; and a stack of services in this
process (its own topics, roles and schemas) for the API tests."""
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from thidua_deploy.in_process import eventually, new_stack_id, provisioned_kafka, provisioned_urls, running
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


@pytest.fixture
def wait_until() -> Callable[..., Awaitable[Any]]:
    """Poll a predicate until it answers something true (thidua_deploy.in_process.eventually)."""
    return eventually


TOKENS = Path(__file__).resolve().parents[4] / "tests" / "tokens.test.json"


@dataclass
class Stack:
    """Services of one stack, each a client sending its token; `db` reaches every schema."""

    clients: dict[str, Any]
    db: asyncpg.Connection
    schema: str  # reporting's
    stack_id: str  # its topics are "t<stack_id>.<topic>"
    wait_until = staticmethod(eventually)


@pytest.fixture
async def stack(kafka_admin, database_url: str, pg_role_passwords) -> AsyncIterator[Callable[..., Awaitable[Stack]]]:
    """`await stack(("registry", token), ("reporting", token), ...)`: the services started, in order."""
    stack_id = new_stack_id()
    urls = provisioned_urls(database_url, pg_role_passwords, stack_id)
    kafka = provisioned_kafka(kafka_admin, stack_id)
    async with AsyncExitStack() as exits:
        db = await asyncpg.connect(database_url)
        exits.push_async_callback(db.close)

        async def start(*services: tuple[str, str | None]) -> Stack:
            clients = {}
            for name, token in services:
                _, clients[name] = await exits.enter_async_context(
                    running(name, kafka[name], urls[name], TOKENS, stack_id, token))
            return Stack(clients, db, f"reporting_{stack_id}", stack_id)

        yield start

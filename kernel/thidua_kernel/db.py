"""PostgreSQL pools bound to one service's schema, and numbered SQL migrations."""
from importlib import resources
from pathlib import Path

import asyncpg

KERNEL_MIGRATIONS = Path(str(resources.files("thidua_kernel") / "migrations"))


async def create_pool(dsn: str, schema: str, min_size: int = 2, max_size: int = 10) -> asyncpg.Pool:
    """A pool whose connections see `schema` first; the schema is created if missing."""
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    finally:
        await conn.close()
    return await asyncpg.create_pool(
        dsn,
        min_size=min_size,
        max_size=max_size,
        server_settings={"search_path": schema, "application_name": f"thidua-{schema}"},
        reset=keep_session,
    )


async def keep_session(conn: asyncpg.Connection) -> None:
    """Skip asyncpg's reset query (a round trip on every release): our sessions carry no state.

    Session settings come from server_settings; transactions are rolled back by asyncpg itself;
    the one session-level state we use (the relay's advisory lock and LISTEN) is undone by the
    relay when it stops.
    """


async def migrate(pool: asyncpg.Pool, *folders: Path) -> None:
    """Apply the kernel's migrations, then each folder's, in file-name order (all idempotent SQL)."""
    async with pool.acquire() as conn:
        async with conn.transaction():
            # Two processes of one service may start together: migrations run one at a time.
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")
            for folder in (KERNEL_MIGRATIONS, *folders):
                for sql_file in sorted(folder.glob("*.sql")):
                    await conn.execute(sql_file.read_text(encoding="utf-8"))

"""PostgreSQL pools bound to one service's schema, and numbered SQL migrations (each run once)."""
import hashlib
from importlib import resources
from pathlib import Path

import asyncpg

KERNEL_MIGRATIONS = Path(str(resources.files("thidua_kernel") / "migrations"))


async def create_pool(dsn: str, schema: str, min_size: int = 2, max_size: int = 10) -> asyncpg.Pool:
    """A pool whose connections see `schema` first; the schema is created if missing.

    A service's own role (deploy's provision-db) finds its schema made for it and may not create
    schemas: CREATE SCHEMA IF NOT EXISTS checks that right even when the schema exists, so it is
    only sent when the schema is missing."""
    conn = await asyncpg.connect(dsn)
    try:
        if not await conn.fetchval("SELECT 1 FROM pg_namespace WHERE nspname = $1", schema):
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


class MigrationChanged(RuntimeError):
    """An applied migration file differs from the one that ran: the schema no longer says what it is."""


class MigrationRefused(RuntimeError):
    """A migration touches what only the administrator may change (the append-only tables)."""


async def migrate(pool: asyncpg.Pool, *folders: Path) -> None:
    """Apply the kernel's migrations, then each folder's, in file-name order, each file once.

    `schema_migrations` (one per service schema) records each file that ran, by
    "<package>/<file>", with its SHA-256 and when; a recorded file whose text changed is an error
    at start naming the file (write a new file instead). Databases created before this record
    existed ran their files without one: every file is idempotent SQL (IF NOT EXISTS, CREATE OR
    REPLACE), so their first start with this code runs each file once more, then records it.
    """
    async with pool.acquire() as conn:
        await migrate_connection(conn, *folders)


async def migrate_connection(conn: asyncpg.Connection, *folders: Path) -> None:
    """migrate() on one connection: its current schema, as its current role (deploy's
    provision-db runs the kernel's files as the role that owns the append-only tables)."""
    async with conn.transaction():
        # Two processes of one service may start together: migrations run one at a time.
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY,"
            " checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        applied = dict(await conn.fetch("SELECT name, checksum FROM schema_migrations"))
        for folder in (KERNEL_MIGRATIONS, *folders):
            for sql_file in sorted(folder.glob("*.sql")):
                name = f"{folder.parent.name}/{sql_file.name}"
                text = sql_file.read_text(encoding="utf-8")
                checksum = hashlib.sha256(text.encode()).hexdigest()
                if name in applied:
                    if applied[name] != checksum:
                        raise MigrationChanged(
                            f"migration {name} ({sql_file}) changed after it was applied to schema"
                            f" {await conn.fetchval('SELECT current_schema()')}: add a new file instead"
                        )
                    continue
                await _run(conn, name, text, kernel=folder == KERNEL_MIGRATIONS)
                await conn.execute(
                    "INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)", name, checksum
                )


async def _run(conn: asyncpg.Connection, name: str, text: str, kernel: bool) -> None:
    try:
        await conn.execute(text)
    except asyncpg.InsufficientPrivilegeError as exc:
        remedy = ("run it as the administrator: `python -m thidua_deploy provision-db`" if kernel
                  else "a service's migration may not change the kernel's tables: make it a kernel one")
        raise MigrationRefused(f"migration {name} needs rights this role lacks ({exc}): {remedy}") from exc

"""Blue/green rebuild of a projection, the database's side: the new version's copy, the
comparison row for row, the atomic switch and dropping the old version.

Readings (README "Operators"):
- Every projection takes part, each declaring `blue_green_tables`: every table it writes.
  Looked for (2026-12): no projection writes a table outside its own; the one that reads rows
  back while applying (unit_directory's refold of `unit_events`) reads its own, so the build reads
  its `_next` copy. Tables of another projection are read only by queries and caches, never while
  applying. No view, foreign key or sequence names a projection table (a view or key would
  follow the moved table, not the name; a `LIKE` copy would share the live sequence): a
  projection adding one must declare no tables, and is then refused with OPS-BLUE-GREEN. The
  kernel's own `revoked_accounts` / `revoked_tokens` (token_revocations) are switched by copy
  (below).
- The new version is built in schema `<live>_next` (tables `LIKE` the live ones, with their own
  `projection_offsets` and `dead_letters`), by a second runner whose connections search
  `<live>_next` first: the projection's SQL is unchanged, its rows and its tracking offsets are
  committed together in `_next`, so a build killed half-way continues from them when started
  again. The live version keeps serving and following the topics meanwhile.
- Names: `LIKE ... INCLUDING ALL` names the copies' indexes itself, so prepare_next renames each
  to its live twin's name (matched by definition; index names are per schema, and an index's
  constraint is renamed with it). A projection's own index DDL (before_replay / after_replay)
  names `current_schema()` explicitly (`here()`): the build's is `_next`, so an unqualified
  `DROP INDEX` can never find the live index through the search path. Moved tables keep their
  names, so after a switch the live and the old versions both have the live names.
- In-memory state: the build runs `projection.for_blue_green()` when the projection has it (a
  fresh instance with no side effect: no cache taught, no callback called), else the live
  instance itself (a stateless projection). After a switch the live instance's optional
  `after_switch(conn)` reloads or forgets what it keeps from the now-live tables, before its
  runner starts again. Today: progress's CachedNtmFacts (its build is a plain NtmFacts; the
  switch makes the unit cache read the table again), ReferenceProjection (its build tells no
  cache; those caches read the event store, so nothing to reload), RevocationProjection (its
  build folds into a set of its own; the switch replaces the token check's set by the tables').
- The switch is one transaction moving the live tables to `<live>_old` and the new ones into the
  live schema, with the tracking rows. Queries name their tables unqualified and PostgreSQL
  resolves the name in each statement (prepared ones are re-analysed when a table they read
  moves), so reading the active version costs no round trip; a query during the switch waits
  for its lock (milliseconds) and then reads the new version. A table the service's role does
  not own (the kernel's, e.g. token_revocations' under provision-db: pg_roles.py) cannot be
  moved: its rows are copied instead, in the same transaction (the old ones into `_old`, the new
  ones into the live table), keeping its owner and grants; these tables are small.
- The old version stays in `<live>_old` (its rows and tracking rows) until `drop-old`; a new
  blue/green build is refused while it is there.
"""
from typing import Any

import asyncpg

from .blue_green_ddl import q as _q
from .blue_green_ddl import same_names, swap
from .errors import NotFound, ThiduaError

TRACKING = ("projection_offsets", "dead_letters")
SAMPLE_ROWS = 3


class BlueGreenRefused(ThiduaError):
    status_code = 409


def schemas(live: str) -> tuple[str, str]:
    """(the new version's schema, the old version's) beside the live schema."""
    return f"{live}_next", f"{live}_old"


def tables_of(projection: Any) -> tuple[str, ...]:
    tables = tuple(getattr(projection, "blue_green_tables", ()) or ())
    if not tables:
        raise BlueGreenRefused(
            "OPS-BLUE-GREEN", f"Projection {projection.name} không hỗ trợ dựng lại xanh/lục.",
            f"Projection {projection.name} does not declare blue_green_tables: rebuild it in place instead.")
    return tables


async def here(conn: asyncpg.Connection, name: str) -> str:
    """`name` qualified with the connection's current schema (a build's is `<live>_next`): what
    a projection's index DDL names, so it never reaches the live schema through the search path."""
    return _q(await conn.fetchval("SELECT current_schema()"), name)


async def _exists(conn: asyncpg.Connection, schema: str, table: str) -> bool:
    return bool(await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", _q(schema, table)))


async def prepare_next(conn: asyncpg.Connection, live: str, projection: str, tables: tuple[str, ...],
                       now: Any) -> dict[str, Any]:
    """The new version's tables, created empty, or found as a killed build left them (resumed).
    Returns {"version", "resumed", "started_at"}."""
    next_, old = schemas(live)
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"blue-green:{live}:{projection}")
        for schema in (next_, old):
            if not await conn.fetchval("SELECT 1 FROM pg_namespace WHERE nspname = $1", schema):
                await conn.execute(f'CREATE SCHEMA "{schema}"')  # provision-db makes them for a service's role
        if any([await _exists(conn, old, t) for t in tables]):
            raise BlueGreenRefused(
                "OPS-BLUE-GREEN", f"Phiên bản cũ của {projection} vẫn còn: hãy xoá nó trước (drop-old).",
                f"The old version of {projection} is still kept: drop it first (thidua projections drop-old).")
        await conn.execute(f"CREATE TABLE IF NOT EXISTS {_q(next_, 'blue_green_builds')} (projection text PRIMARY KEY,"
                           " version integer NOT NULL, started_at timestamptz NOT NULL)")
        await conn.execute(f"CREATE TABLE IF NOT EXISTS {_q(old, 'blue_green_switches')} (projection text NOT NULL,"
                           " version integer NOT NULL, switched_at timestamptz NOT NULL, differences bigint NOT NULL,"
                           " forced boolean NOT NULL, PRIMARY KEY (projection, version))")
        for table in TRACKING:
            for schema in (next_, old):
                await conn.execute(f"CREATE TABLE IF NOT EXISTS {_q(schema, table)} (LIKE {_q(live, table)} INCLUDING ALL)")
        build = await conn.fetchrow(f"SELECT version, started_at FROM {_q(next_, 'blue_green_builds')}"
                                    " WHERE projection = $1", projection)
        if build is not None and all([await _exists(conn, next_, t) for t in tables]):
            await same_names(conn, live, next_, tables)  # a build an older version began
            return {"version": build["version"], "resumed": True, "started_at": build["started_at"].isoformat()}
        version = 1 + await conn.fetchval(f"SELECT coalesce(max(version), 1) FROM {_q(old, 'blue_green_switches')}"
                                          " WHERE projection = $1", projection)
        for table in tables:
            await conn.execute(f"DROP TABLE IF EXISTS {_q(next_, table)}")
            await conn.execute(f"CREATE TABLE {_q(next_, table)} (LIKE {_q(live, table)} INCLUDING ALL)")
        await same_names(conn, live, next_, tables)
        for table in TRACKING:
            await conn.execute(f"DELETE FROM {_q(next_, table)} WHERE projection = $1", projection)
        await conn.execute(f"INSERT INTO {_q(next_, 'blue_green_builds')} VALUES ($1, $2, $3) ON CONFLICT (projection)"
                           " DO UPDATE SET version = EXCLUDED.version, started_at = EXCLUDED.started_at",
                           projection, version, now)
        return {"version": version, "resumed": False, "started_at": now.isoformat()}


async def pending_builds(conn: asyncpg.Connection, live: str) -> list[str]:
    """Projections whose new version a stopped or killed process left half-built."""
    next_, _ = schemas(live)
    if not await _exists(conn, next_, "blue_green_builds"):
        return []
    return [r["projection"] for r in await conn.fetch(f"SELECT projection FROM {_q(next_, 'blue_green_builds')}")]


async def compare(conn: asyncpg.Connection, live: str, tables: tuple[str, ...]) -> list[dict[str, Any]]:
    """Per table: rows in each version and the rows only one has (as multisets), a few shown."""
    next_, _ = schemas(live)
    result = []
    for table in tables:
        a, b = _q(live, table), _q(next_, table)
        only_live = f"(TABLE {a} EXCEPT ALL TABLE {b})"
        only_next = f"(TABLE {b} EXCEPT ALL TABLE {a})"
        row = await conn.fetchrow(
            f"SELECT (SELECT count(*) FROM {a}) AS live_rows, (SELECT count(*) FROM {b}) AS new_rows,"
            f" (SELECT count(*) FROM {only_live} d) AS only_live, (SELECT count(*) FROM {only_next} d) AS only_new")
        entry = {"table": table, **dict(row)}
        if row["only_live"] or row["only_new"]:
            entry["sample_only_live"] = [r[0] for r in await conn.fetch(
                f"SELECT row_to_json(d)::text FROM {only_live} d LIMIT {SAMPLE_ROWS}")]
            entry["sample_only_new"] = [r[0] for r in await conn.fetch(
                f"SELECT row_to_json(d)::text FROM {only_next} d LIMIT {SAMPLE_ROWS}")]
        result.append(entry)
    return result


def differences(comparison: list[dict[str, Any]]) -> int:
    return sum(t["only_live"] + t["only_new"] for t in comparison)


async def switch(conn: asyncpg.Connection, live: str, projection: str, tables: tuple[str, ...],
                 comparison: list[dict[str, Any]], forced: bool, now: Any) -> int:
    """One transaction: the live tables and tracking rows to `_old`, the new ones live. Returns
    the version now live."""
    next_, old = schemas(live)
    async with conn.transaction():
        await conn.execute("SET LOCAL lock_timeout = '15s'")
        version = await conn.fetchval(f"SELECT version FROM {_q(next_, 'blue_green_builds')} WHERE projection = $1",
                                      projection)
        for table in tables:
            await swap(conn, live, next_, old, table)
        for table in TRACKING:
            await conn.execute(f"DELETE FROM {_q(old, table)} WHERE projection = $1", projection)
            await conn.execute(f"INSERT INTO {_q(old, table)} SELECT * FROM {_q(live, table)} WHERE projection = $1",
                               projection)
            await conn.execute(f"DELETE FROM {_q(live, table)} WHERE projection = $1", projection)
            await conn.execute(f"INSERT INTO {_q(live, table)} SELECT * FROM {_q(next_, table)} WHERE projection = $1",
                               projection)
            await conn.execute(f"DELETE FROM {_q(next_, table)} WHERE projection = $1", projection)
        await conn.execute(f"DELETE FROM {_q(next_, 'blue_green_builds')} WHERE projection = $1", projection)
        await conn.execute(f"INSERT INTO {_q(old, 'blue_green_switches')} VALUES ($1, $2, $3, $4, $5)",
                           projection, version, now, differences(comparison), forced)
    return version


async def drop_old(conn: asyncpg.Connection, live: str, projection: str, tables: tuple[str, ...]) -> list[str]:
    """The old version's tables and tracking rows, gone; 404 when none is kept."""
    _, old = schemas(live)
    kept = [t for t in tables if await _exists(conn, old, t)]
    if not kept:
        raise NotFound("OPS-BLUE-GREEN", f"Không còn phiên bản cũ nào của {projection}.",
                       f"No old version of {projection} is kept.")
    async with conn.transaction():
        for table in kept:
            await conn.execute(f"DROP TABLE {_q(old, table)}")
        for table in TRACKING:
            await conn.execute(f"DELETE FROM {_q(old, table)} WHERE projection = $1", projection)
    return kept


async def kept_old(conn: asyncpg.Connection, live: str, tables: tuple[str, ...]) -> bool:
    _, old = schemas(live)
    return any([await _exists(conn, old, t) for t in tables])

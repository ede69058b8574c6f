"""Each service connects as its own role, confined to its own schema, with a password; nothing
may UPDATE, DELETE or TRUNCATE an events table (thidua_deploy/pg_roles.py, kernel migration 004)."""
import asyncio
import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from thidua_deploy._util import free_port, run_sync
from thidua_deploy.pg_roles import RolePasswords, provision, role_url
from thidua_deploy.pg_runtime import pg, prepare_dirs
from thidua_deploy.postgres import start_postgres
from thidua_deploy.stack import service_roles
from thidua_kernel.db import MigrationRefused, create_pool, migrate

APPEND = ("INSERT INTO events (event_id, stream_id, stream_version, event_type, recorded_at, envelope, prev_hash,"
          " hash) VALUES (gen_random_uuid(), $1, 1, 'Tested', now(), '{}', decode(repeat('00', 32), 'hex'),"
          " sha256(decode(repeat('00', 32), 'hex') || convert_to('{}', 'UTF8'))) RETURNING position")
REWRITES = ("UPDATE events SET event_type = 'Forged'", "DELETE FROM events", "TRUNCATE events CASCADE",
            "ALTER TABLE events DISABLE TRIGGER events_append_only", "DROP TABLE events CASCADE")


@pytest.fixture
async def urls(database_url: str, unique: str, tmp_path: Path) -> dict[str, str]:
    passwords = RolePasswords(tmp_path / "roles.json").ensure(("registry", "progress"))
    return await provision(database_url, passwords, suffix=f"_{unique}", services=("registry", "progress"))


@pytest.fixture
async def registry(urls: dict[str, str], unique: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(urls["registry"], server_settings={"search_path": f"registry_{unique}"})
    try:
        yield conn
    finally:
        await conn.close()


async def test_a_service_role_reads_and_writes_only_its_own_schema(registry, unique):
    assert await registry.fetchval("SELECT current_user") == "thidua_registry"
    await registry.fetchval(APPEND, "unit:1")
    # Its migrations make its projection tables: rebuilds truncate them, long replays drop and
    # build their indexes again.
    await registry.execute("CREATE TABLE own_projection (a int); CREATE INDEX own_a ON own_projection (a)")
    await registry.execute("DROP INDEX own_a; CREATE INDEX own_a ON own_projection (a); TRUNCATE own_projection")
    other = f"progress_{unique}"
    for sql in (f"SELECT count(*) FROM {other}.events", f"INSERT INTO {other}.outbox VALUES (1)",
                f"DELETE FROM {other}.idempotency", f"CREATE TABLE {other}.planted (a int)",
                "CREATE TABLE public.planted (a int)", f"DROP SCHEMA {other} CASCADE"):
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await registry.execute(sql)


async def test_the_service_role_may_append_events_but_never_rewrite_them(registry):
    position = await registry.fetchval(APPEND, "unit:2")
    await registry.execute("INSERT INTO outbox VALUES ($1)", position)
    await registry.execute("DELETE FROM outbox WHERE position = $1", position)  # the relay's delete
    for sql in REWRITES:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await registry.execute(sql)
    assert await registry.fetchval("SELECT count(*) FROM events WHERE event_type = 'Tested'") == 1


async def test_a_service_migration_that_alters_events_stops_the_start_naming_it(urls, unique, tmp_path):
    folder = tmp_path / "svc" / "migrations"
    folder.mkdir(parents=True)
    (folder / "001_own.sql").write_text("CREATE TABLE own_rows (a int);")
    (folder / "002_events.sql").write_text("ALTER TABLE events ADD COLUMN forged text;")
    pool = await create_pool(urls["registry"], f"registry_{unique}", min_size=1, max_size=1)
    try:
        with pytest.raises(MigrationRefused, match="svc/002_events.sql"):
            await migrate(pool, folder)
        assert await pool.fetchval("SELECT to_regclass('own_rows')") is None  # nothing half-applied
    finally:
        await pool.close()


async def test_even_the_superuser_cannot_rewrite_events(database_url, unique):
    pool = await create_pool(database_url, f"kernel_{unique}", min_size=1, max_size=1)
    try:
        await migrate(pool)
        await pool.fetchval(APPEND, "unit:3")
        for sql in REWRITES[:3]:
            with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
                await pool.execute(sql)
        assert await pool.fetchval("SELECT count(*) FROM events") == 1
    finally:
        await pool.close()


async def test_a_wrong_password_is_refused_and_no_connection_is_trusted(urls, database_url):
    wrong = role_url(urls["registry"], "registry", "not-the-password")
    with pytest.raises(asyncpg.InvalidPasswordError):
        await asyncpg.connect(wrong)
    if os.environ.get("DATABASE_URL"):
        return  # an external server's pg_hba.conf is its operator's
    admin = await asyncpg.connect(database_url)
    try:
        hba = Path(await admin.fetchval("SHOW hba_file"))
    finally:
        await admin.close()
    rules = [line.split() for line in hba.read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert {(rule[0], rule[-1]) for rule in rules} == {("local", "scram-sha-256"), ("host", "scram-sha-256")}


async def test_provisioning_again_adopts_a_schema_the_administrator_made(database_url, unique, tmp_path):
    schema = f"awards_{unique}"
    pool = await create_pool(database_url, schema, min_size=1, max_size=1)  # as services ran before roles
    try:
        await migrate(pool)
        await pool.execute("CREATE TABLE rankings (a int)")
    finally:
        await pool.close()
    passwords = RolePasswords(tmp_path / "roles.json").ensure(("awards",))
    for _ in range(2):
        urls = await provision(database_url, passwords, suffix=f"_{unique}", services=("awards",))
    conn = await asyncpg.connect(urls["awards"], server_settings={"search_path": schema})
    try:
        await conn.execute("TRUNCATE rankings")  # a projection's rebuild: its own table
        await conn.fetchval(APPEND, "unit:4")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("DELETE FROM events")
    finally:
        await conn.close()


async def test_the_stacks_services_connect_as_their_own_roles(stack, database_url):
    stack.start_all(("registry", "reporting"))
    admin = await asyncpg.connect(database_url)
    try:
        seen = await admin.fetch("SELECT DISTINCT application_name, usename FROM pg_stat_activity"
                                 " WHERE application_name LIKE $1", f"thidua-%_{stack.id}")
    finally:
        await admin.close()
    assert {(r["application_name"], r["usename"]) for r in seen} == {
        (f"thidua-registry_{stack.id}", "thidua_registry"), (f"thidua-reporting_{stack.id}", "thidua_reporting")}


async def test_a_managed_servers_administrator_provisions_without_being_superuser(database_url, unique, tmp_path):
    """As on a managed server: the administrator has CREATEROLE and rights on the database, and
    administers the roles it made (here made by an earlier provisioning, then handed over)."""
    admin, admin_password = f"admin_{unique}", f"pw-{unique}"
    passwords = RolePasswords(tmp_path / "roles.json").ensure(("awards",))
    await provision(database_url, passwords, suffix=f"_{unique}", services=("awards",))
    superuser = await asyncpg.connect(database_url)
    try:
        await superuser.execute(f"CREATE ROLE {admin} LOGIN CREATEROLE PASSWORD '{admin_password}';"
                                f" GRANT CREATE, CONNECT ON DATABASE {urlsplit(database_url).path[1:]} TO {admin}"
                                " WITH GRANT OPTION;"
                                f" GRANT thidua_awards, thidua_awards_owner TO {admin} WITH ADMIN TRUE, INHERIT FALSE,"
                                " SET FALSE")
    finally:
        await superuser.close()
    host = urlsplit(database_url).netloc.rpartition("@")[2]
    admin_url = urlunsplit(urlsplit(database_url)._replace(netloc=f"{admin}:{admin_password}@{host}"))
    urls = await provision(admin_url, passwords, suffix=f"_{unique}_m", services=("awards",))
    conn = await asyncpg.connect(urls["awards"], server_settings={"search_path": f"awards_{unique}_m"})
    try:
        await conn.fetchval(APPEND, "unit:5")
        for sql in REWRITES:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(sql)
    finally:
        await conn.close()


async def test_a_database_url_that_may_not_create_roles_still_runs_the_stack(database_url, unique, tmp_path):
    plain, password = f"plain_{unique}", f"pw-{unique}"
    superuser = await asyncpg.connect(database_url)
    try:
        await superuser.execute(f"CREATE ROLE {plain} LOGIN PASSWORD '{password}';"
                                f" GRANT CREATE ON DATABASE {urlsplit(database_url).path[1:]} TO {plain}")
    finally:
        await superuser.close()
    host = urlsplit(database_url).netloc.rpartition("@")[2]
    plain_url = urlunsplit(urlsplit(database_url)._replace(netloc=f"{plain}:{password}@{host}"))
    assert await asyncio.to_thread(service_roles, tmp_path, plain_url) == {}  # services use DATABASE_URL


def test_a_data_folder_made_with_trust_requires_passwords_from_its_next_start():
    """A `.run/` from before passwords: its next start gives the superuser a password and
    switches pg_hba.conf to scram-sha-256. (Outside /tmp/pytest-of-<user>, which another pytest
    session may close to the server's system user.)"""
    with tempfile.TemporaryDirectory(prefix="thidua-trust-") as tmp:
        data, log = Path(tmp) / "pg", Path(tmp) / "pg.log"
        prepare_dirs(data, log)
        assert pg("initdb", "-D", str(data), "--auth=trust", "-U", "postgres", "--no-sync").returncode == 0
        server = start_postgres(data, free_port(), log, durable=False)
        try:
            wrong = server.dsn.replace(server.password, "not-the-password")
            with pytest.raises(asyncpg.InvalidPasswordError):
                run_sync(lambda: asyncpg.connect(wrong))
            assert run_sync(lambda: _select_one(server.dsn)) == 1
        finally:
            server.stop()


async def _select_one(dsn: str) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetchval("SELECT 1")
    finally:
        await conn.close()

"""One PostgreSQL role per service, confined to its own schema(s); `events` is append-only.

For each service S (registry, progress, awards, reporting) provisioning, run by an administrator
before the services start (idempotent: run it again after an upgrade), makes:

  thidua_S        LOGIN, password (scram-sha-256): what the service connects as.
  thidua_S_owner  NOLOGIN: owns the schema S<suffix> and the kernel's tables in it.

Why the service's own role owns neither its schema nor its events table (the stronger of the two
designs; a trigger alone is the weaker one): the owner of a table bypasses GRANTs, may disable or
drop a trigger and may ALTER or DROP the table, and the owner of a schema may DROP any table in
it. So the kernel's tables belong to thidua_S_owner, which nobody can log in as and whose
membership nobody holds, and thidua_S gets on them exactly what the running code does:

  events               SELECT, INSERT           (append: eventstore.py, group_commit.py)
  events_position_seq  USAGE                    (the position of each appended event)
  outbox               SELECT, INSERT, DELETE   (the relay deletes what Kafka has: outbox.py)
  idempotency          SELECT, INSERT           (an answer is recorded once, then recalled)
  projection_offsets   SELECT, INSERT, UPDATE, DELETE (projection.py; a rebuild deletes its own)
  schema_migrations    SELECT, INSERT           (a service's own migrations are recorded once)
  any later kernel table SELECT, INSERT, UPDATE, DELETE, unless listed in KERNEL_GRANTS

thidua_S also owns S<suffix>_next and S<suffix>_old, where a blue/green rebuild builds a
projection's new version and keeps its old one (copies of projection tables and of their tracking
rows only: kernel blue_green.py).

thidua_S has USAGE and CREATE on its schema: its own migrations (run at its start) create the
projection tables, which it owns, so the projections may TRUNCATE them on a rebuild and DROP /
CREATE their indexes around a long replay (thidua_facts.projection). It has no right at all on
the other services' schemas, nor CREATE on `public`. The kernel's migration 004 adds a trigger
refusing UPDATE, DELETE and TRUNCATE on events, for whoever owns the table or is a superuser.

The kernel's migrations run here, as thidua_S_owner; a later kernel migration is applied by
running provisioning again (a service started first stops, naming provision-db).
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import asyncpg

from thidua_kernel.blue_green import schemas as blue_green_schemas
from thidua_kernel.db import migrate_connection

from .secret_files import new_password, write_private

SERVICES = ("registry", "progress", "awards", "reporting")

# Table -> what the service's role may do on it (the kernel's tables, owned by thidua_S_owner).
# A kernel table not listed gets KERNEL_DEFAULT_RIGHTS: rows the service keeps up to date (never
# TRUNCATE, ALTER or DROP); a table whose rows must stay as written is listed here.
KERNEL_DEFAULT_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"
KERNEL_GRANTS = {
    "events": "SELECT, INSERT",
    "outbox": "SELECT, INSERT, DELETE",
    "idempotency": "SELECT, INSERT",
    "projection_offsets": "SELECT, INSERT, UPDATE, DELETE",
    "schema_migrations": "SELECT, INSERT",
    "seals": "SELECT, INSERT, UPDATE",  # signed once; UPDATE only marks a seal published
}
KERNEL_FUNCTIONS = ("thidua_append", "thidua_append_batch", "thidua_events_append_only", "thidua_chain_hashes")


def service_role(service: str) -> str:
    return f"thidua_{service}"


def owner_role(service: str) -> str:
    return f"thidua_{service}_owner"


class RolePasswords:
    """The services' role passwords, generated once and kept in one JSON file (mode 0600)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def load(self) -> dict[str, str]:
        try:
            return json.loads(self.path.read_text())
        except FileNotFoundError:
            return {}

    def ensure(self, services: Iterable[str] = SERVICES) -> dict[str, str]:
        """{role: password} for every service's role, generating the missing ones."""
        known = self.load()
        wanted = {service_role(s): known.get(service_role(s)) or new_password() for s in services}
        if any(known.get(role) != password for role, password in wanted.items()):
            write_private(self.path, json.dumps({**known, **wanted}, indent=2) + "\n")
        return wanted


def role_url(admin_url: str, service: str, password: str) -> str:
    """admin_url (same server and database) with the service's role and password."""
    parts = urlsplit(admin_url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{service_role(service)}:{quote(password, safe='')}@{host}"))


def without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    userinfo, _, host = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=f"{userinfo.partition(':')[0]}:***@{host}"))


async def _sql(conn: asyncpg.Connection, template: str, *args: str) -> None:
    """Run a statement built by the server's format() (%I identifiers, %L literals): roles,
    schemas and passwords cannot be bind parameters of DDL."""
    placeholders = ", ".join(f"${i}::text" for i in range(1, len(args) + 1))
    await conn.execute(await conn.fetchval(f"SELECT format('{template}', {placeholders})", *args))


async def _role(conn: asyncpg.Connection, role: str, password: str | None) -> None:
    exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
    if password is None:
        if not exists:
            await _sql(conn, "CREATE ROLE %I NOLOGIN", role)
        return
    await _sql(conn, "CREATE ROLE %I LOGIN NOINHERIT PASSWORD %L" if not exists
               else "ALTER ROLE %I LOGIN NOINHERIT PASSWORD %L", role, password)


async def _adopt(conn: asyncpg.Connection, schema: str, owner: str, runtime: str) -> None:
    """Objects made before roles (by the administrator, when services ran as it): the kernel's
    to the owner, every other to the service's role (its projections must own their tables)."""
    tables = await conn.fetch(
        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm')"
        " AND pg_get_userbyid(c.relowner) NOT IN ($2, $3)", schema, owner, runtime)
    for row in tables:
        kind = {"v": "VIEW", "m": "MATERIALIZED VIEW"}.get(row["relkind"], "TABLE")
        new_owner = owner if row["relname"] in KERNEL_GRANTS else runtime
        await _sql(conn, f"ALTER {kind} %I.%I OWNER TO %I", schema, row["relname"], new_owner)
    functions = await conn.fetch(
        "SELECT p.oid::regprocedure::text AS signature, p.proname FROM pg_proc p"
        " JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = $1 AND pg_get_userbyid(p.proowner) NOT IN ($2, $3)", schema, owner, runtime)
    for row in functions:
        new_owner = owner if row["proname"] in KERNEL_FUNCTIONS else runtime
        await conn.execute(f"ALTER FUNCTION {row['signature']} OWNER TO {new_owner}")


async def provision_schema(conn: asyncpg.Connection, service: str, schema: str) -> None:
    """The schema of `service` (its name plus a test or bench suffix), owned by its owner role,
    the kernel's tables migrated as that role, and the service's role granted what it needs.

    What the owner role's objects need (grants, migrations) runs as that role (SET ROLE): a
    managed server's administrator holds it WITH INHERIT FALSE, so not its owner's rights."""
    owner, runtime = owner_role(service), service_role(service)
    current = await conn.fetchval("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = $1", schema)
    if current is None:
        await _sql(conn, "CREATE SCHEMA %I AUTHORIZATION %I", schema, owner)
    elif current != owner:  # made by the administrator before roles
        await _sql(conn, "ALTER SCHEMA %I OWNER TO %I", schema, owner)
    await _adopt(conn, schema, owner, runtime)
    for versions in blue_green_schemas(schema):
        # A blue/green rebuild's new and old versions (kernel blue_green.py): copies of projection
        # tables and their tracking rows only, so the service's own role owns them (a new schema
        # grants PUBLIC nothing).
        if not await conn.fetchval("SELECT 1 FROM pg_namespace WHERE nspname = $1", versions):
            await _sql(conn, "CREATE SCHEMA %I AUTHORIZATION %I", versions, runtime)
    await _sql(conn, "SET search_path TO %I", schema)
    await _sql(conn, "SET ROLE %I", owner)
    try:
        await _sql(conn, "REVOKE ALL ON SCHEMA %I FROM PUBLIC", schema)
        await _sql(conn, "GRANT USAGE, CREATE ON SCHEMA %I TO %I", schema, runtime)
        await migrate_connection(conn)
        owned = await conn.fetch(
            "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'S') AND c.relowner = $2::regrole",
            schema, owner)
        for row in owned:
            await _sql(conn, "REVOKE ALL ON %I.%I FROM %I", schema, row["relname"], runtime)
            rights = "USAGE" if row["relkind"] == "S" else KERNEL_GRANTS.get(row["relname"], KERNEL_DEFAULT_RIGHTS)
            await _sql(conn, f"GRANT {rights} ON {'SEQUENCE' if row['relkind'] == 'S' else 'TABLE'} %I.%I TO %I",
                       schema, row["relname"], runtime)
    finally:
        await conn.execute("RESET ROLE; RESET search_path")


async def grant_key_readers(conn: asyncpg.Connection, registry_schema: str) -> None:
    """awards may look the person keys up in the registry's schema (issue 11: it unseals the
    names of individual nominees it shows): USAGE on the schema here, SELECT on `personal_keys`
    alone by the registry's migration 003 (its role owns that table). Nothing else of the
    registry's schema is granted, so every other table stays refused to awards."""
    await _sql(conn, "SET ROLE %I", owner_role("registry"))
    try:
        await _sql(conn, "GRANT USAGE ON SCHEMA %I TO %I", registry_schema, service_role("awards"))
    finally:
        await conn.execute("RESET ROLE")


async def provision(admin_url: str, passwords: dict[str, str], suffix: str = "",
                    services: Iterable[str] = SERVICES) -> dict[str, str]:
    """Roles, schemas and grants of `services` (schemas named service + suffix) on the database
    of admin_url, an administrator's URL (a superuser, or a role with CREATEROLE and CREATE on
    the database). passwords: {role: password} (RolePasswords.ensure). Returns {service: the URL
    it connects with}. Safe to run again: roles get their passwords, objects their owners and
    grants, and the kernel's migrations not yet applied run."""
    services = tuple(services)
    conn = await asyncpg.connect(admin_url, timeout=10)
    try:
        # Roles are the whole server's: two provisionings at once would race on CREATE ROLE.
        await conn.execute("SELECT pg_advisory_lock(hashtext('thidua-provision-db'))")
        superuser = await conn.fetchval("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        database = await conn.fetchval("SELECT current_database()")
        await conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        for service in services:
            await _role(conn, owner_role(service), None)
            await _role(conn, service_role(service), passwords[service_role(service)])
            if not superuser:  # a managed server's administrator must be able to act as both
                for role in (owner_role(service), service_role(service)):
                    await _sql(conn, "GRANT %I TO CURRENT_USER WITH INHERIT FALSE, SET TRUE", role)
            await _sql(conn, "GRANT CONNECT ON DATABASE %I TO %I", database, service_role(service))
            await provision_schema(conn, service, service + suffix)
        if {"registry", "awards"} <= set(services):
            await grant_key_readers(conn, "registry" + suffix)
    finally:
        await conn.close()
    return {s: role_url(admin_url, s, passwords[service_role(s)]) for s in services}

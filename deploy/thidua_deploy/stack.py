"""The local thidua stack: infrastructure (Kafka + PostgreSQL) and the four services.

Everything lives in the run dir (env THIDUA_RUN_DIR, default <repo>/.run):
  stack.json            {"kafka_bootstrap", "database_url", "started": {"kafka", "postgres"}}
  kafka/  postgres/     data of the local servers (kept across up/down)
  logs/   pids/         logs and pid files of servers and services
"""
from __future__ import annotations

import concurrent.futures
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ._util import DEPLOY_DIR, port_open, run_dir, say, split_hostport
from .kafka import find_kafka, start_kafka
from .postgres import ensure_database, find_postgres, start_postgres

KAFKA_PORT = int(os.environ.get("THIDUA_KAFKA_PORT", "19092"))
KAFKA_CONTROLLER_PORT = int(os.environ.get("THIDUA_KAFKA_CONTROLLER_PORT", "19093"))
PG_PORT = int(os.environ.get("THIDUA_PG_PORT", "15432"))
DATABASE = "thidua"
TOKENS_FILE = DEPLOY_DIR / "tokens.demo.json"


@dataclass(frozen=True)
class Service:
    name: str
    module: str
    port: int

    @property
    def health_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/health"


SERVICES: tuple[Service, ...] = (
    Service("registry", "registry", 8101),
    Service("progress", "progress", 8102),
    Service("awards", "awards", 8103),
    Service("reporting", "reporting", 8104),
)


def resolve_run_dir(run: Path | None = None) -> Path:
    return Path(run).resolve() if run else run_dir()


def stack_file(run: Path | None = None) -> Path:
    return resolve_run_dir(run) / "stack.json"


def load_stack(run: Path | None = None) -> dict[str, Any] | None:
    try:
        return json.loads(stack_file(run).read_text())
    except (OSError, ValueError):
        return None


def _write_stack(run: Path, data: dict[str, Any]) -> None:
    tmp = run / "stack.json.tmp"
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    tmp.replace(run / "stack.json")


def _kafka(run: Path) -> tuple[str, int | None]:
    external = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if external:
        say(f"Kafka: using KAFKA_BOOTSTRAP_SERVERS={external} (not started here)")
        if not port_open(*split_hostport(external, 9092)):
            say(f"warning: nothing answers at {external} yet")
        return external, None
    try:
        k = start_kafka(run / "kafka", KAFKA_PORT, KAFKA_CONTROLLER_PORT, run / "logs" / "kafka.log")
    except RuntimeError as exc:
        raise RuntimeError(f"{exc}\n  hint: stop that process, or set THIDUA_KAFKA_PORT/"
                           "THIDUA_KAFKA_CONTROLLER_PORT, or KAFKA_BOOTSTRAP_SERVERS") from exc
    return k.bootstrap, k.pid


def _postgres(run: Path) -> tuple[str, int | None]:
    external = os.environ.get("DATABASE_URL")
    if external:
        say("PostgreSQL: using DATABASE_URL (not started here)")
        url = urlsplit(external)
        if url.hostname and not url.hostname.startswith("/") and not port_open(url.hostname, url.port or 5432):
            say(f"warning: nothing answers at {url.hostname}:{url.port or 5432} yet")
        return external, None
    try:
        p = start_postgres(run / "postgres", PG_PORT, run / "logs" / "postgres.log", durable=True)
    except RuntimeError as exc:
        raise RuntimeError(f"{exc}\n  hint: stop that process, or set THIDUA_PG_PORT or "
                           "DATABASE_URL") from exc
    return ensure_database(p.dsn, DATABASE), p.pid


def up(run: Path | None = None) -> dict[str, Any]:
    """Bring up (or reuse) Kafka and PostgreSQL; write and return stack.json."""
    run = resolve_run_dir(run)
    (run / "logs").mkdir(parents=True, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        kafka = pool.submit(_kafka, run)
        postgres = pool.submit(_postgres, run)
        (bootstrap, kafka_pid), (db_url, pg_pid) = kafka.result(), postgres.result()
    data = {"kafka_bootstrap": bootstrap, "database_url": db_url,
            "started": {"kafka": kafka_pid, "postgres": pg_pid}}
    _write_stack(run, data)
    say(f"infra up: kafka {bootstrap}, database {db_url} ({run / 'stack.json'})")
    return data


def down(run: Path | None = None) -> None:
    """Stop the services, then the Kafka and PostgreSQL this stack started. Data is kept."""
    from .stack_services import services_down

    run = resolve_run_dir(run)
    services_down(run)
    kafka = find_kafka(run / "kafka")
    if kafka is not None:
        kafka.stop()
    postgres = find_postgres(run / "postgres")
    if postgres is not None:
        postgres.stop()
    stack_file(run).unlink(missing_ok=True)
    say("stack down")


def status(run: Path | None = None) -> list[str]:
    """Human readable lines describing what runs."""
    from .stack_services import services_status

    run = resolve_run_dir(run)
    data = load_stack(run)
    lines = [f"run dir   {run}" + ("" if data else "  (no stack.json: `up` not run)")]
    kafka = find_kafka(run / "kafka")
    if kafka is not None:
        lines.append(f"kafka     running  pid {kafka.pid:<7} {kafka.bootstrap}")
    elif data and data["started"]["kafka"] is None:
        lines.append(f"kafka     external {data['kafka_bootstrap']}")
    else:
        lines.append("kafka     stopped")
    pg = find_postgres(run / "postgres")
    if pg is not None:
        url = data["database_url"] if data and data["started"]["postgres"] else pg.dsn
        lines.append(f"postgres  running  pid {pg.pid:<7} {url}")
    elif data and data["started"]["postgres"] is None:
        lines.append("postgres  external (DATABASE_URL)")
    else:
        lines.append("postgres  stopped")
    return lines + services_status(run)

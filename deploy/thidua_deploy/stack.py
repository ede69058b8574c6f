"""The local thidua stack: infrastructure (Kafka + PostgreSQL), the four services and the web app.

Everything lives in the run dir (env THIDUA_RUN_DIR, default <repo>/.run):
  stack.json            {"kafka_bootstrap", "kafka_brokers", "database_url" (the administrator's),
                        "service_database_urls" (each service's own role), "started": {"kafka",
                        "postgres"}}; mode 0600
  kafka/  postgres/     data of the local servers (kept across up/down); kafka-cluster/ when
                        THIDUA_KAFKA_BROKERS=3 (make cluster): three nodes, node-1..node-3
  secrets/              generated passwords (mode 0600): PostgreSQL's superuser, the services' roles,
                        the services' Kafka principals (kafka-users.json)
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

import asyncpg

from thidua_kernel.kafka_access import KafkaAccess
from thidua_kernel.settings import ServiceSettings

from ._util import port_open, run_dir, run_sync, say, split_hostport
from .kafka import find_kafka, start_kafka
from .kafka_cluster import local_nodes, running_nodes, start_kafka_cluster, stop_nodes
from .pg_roles import RolePasswords, provision, without_password
from .stack_kafka import provision_kafka
from .postgres import ensure_database, find_postgres, start_postgres
from .secret_files import write_private

KAFKA_PORT = int(os.environ.get("THIDUA_KAFKA_PORT", "19092"))
KAFKA_CONTROLLER_PORT = int(os.environ.get("THIDUA_KAFKA_CONTROLLER_PORT", "19093"))
PG_PORT = int(os.environ.get("THIDUA_PG_PORT", "15432"))
DATABASE = "thidua"


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
# The web app (web/thidua_web): no database, no Kafka; it forwards /api/<service>/ to the four.
WEB = Service("web", "thidua_web", 8105)
PROCESSES: tuple[Service, ...] = (*SERVICES, WEB)


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
    write_private(run / "stack.json", json.dumps(data, indent=2) + "\n")


def role_passwords_file(run: Path) -> Path:
    return run / "secrets" / "pg-roles.json"


def service_roles(run: Path, admin_url: str) -> dict[str, str]:
    """Each service's role on the database (provisioned, idempotent); {} when admin_url may not
    create roles (an external DATABASE_URL of a plain owner): the services then connect with it."""
    try:
        return provision_db(admin_url, run=run)
    except asyncpg.InsufficientPrivilegeError as exc:
        say(f"warning: DATABASE_URL may not create the services' roles ({exc}); the services connect"
            " with DATABASE_URL itself. Run `python -m thidua_deploy provision-db` as an administrator.")
        return {}


def provision_db(admin_url: str | None = None, suffix: str = "", passwords_file: Path | None = None,
                 run: Path | None = None) -> dict[str, str]:
    """`python -m thidua_deploy provision-db`: each service's role and schema on the server of
    admin_url (default DATABASE_URL, else the local stack's). Returns {service: its URL}."""
    run = resolve_run_dir(run)
    stacked = load_stack(run)
    admin_url = admin_url or os.environ.get("DATABASE_URL") or (stacked or {}).get("database_url")
    if not admin_url:
        raise RuntimeError("no administrator URL: pass --admin-url, set DATABASE_URL or run `up` first")
    passwords_file = passwords_file or role_passwords_file(run)
    names = [s.name for s in SERVICES]
    passwords = RolePasswords(passwords_file).ensure(names)
    urls = run_sync(lambda: provision(admin_url, passwords, suffix, names))
    say(f"roles provisioned on {without_password(admin_url)}; passwords in {passwords_file}")
    return urls


def _kafka(run: Path) -> tuple[KafkaAccess, int | None, int]:
    """The admin's access, the pid to watch (None: external) and the number of brokers."""
    external = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if external:
        say(f"Kafka: using KAFKA_BOOTSTRAP_SERVERS={external} (not started here)")
        if not port_open(*split_hostport(external.split(",")[0], 9092)):
            say(f"warning: nothing answers at {external} yet")
        return ServiceSettings().kafka_access(), None, 0
    cluster_dir = run / "kafka-cluster"
    brokers = int(os.environ.get("THIDUA_KAFKA_BROKERS") or (3 if running_nodes(cluster_dir) else 1))
    try:
        if brokers > 1:
            cluster = start_kafka_cluster(cluster_dir, local_nodes(brokers, KAFKA_PORT))
            return cluster.access, cluster.pid, brokers
        k = start_kafka(run / "kafka", KAFKA_PORT, KAFKA_CONTROLLER_PORT, run / "logs" / "kafka.log")
    except RuntimeError as exc:
        raise RuntimeError(f"{exc}\n  hint: stop that process (make stop), or set THIDUA_KAFKA_PORT/"
                           "THIDUA_KAFKA_CONTROLLER_PORT, or KAFKA_BOOTSTRAP_SERVERS") from exc
    return k.access, k.pid, 1


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
        (admin, kafka_pid, brokers), (db_url, pg_pid) = kafka.result(), postgres.result()
    provision_kafka(run, admin, local=kafka_pid is not None)
    roles = service_roles(run, db_url)
    data = {"kafka_bootstrap": admin.bootstrap, "kafka_brokers": brokers, "database_url": db_url,
            "service_database_urls": roles, "started": {"kafka": kafka_pid, "postgres": pg_pid}}
    _write_stack(run, data)
    say(f"infra up: kafka {admin.bootstrap}, database {without_password(db_url)} ({run / 'stack.json'});"
        f" services connect as {'their own roles' if roles else 'DATABASE_URL'}")
    return data


def down(run: Path | None = None) -> None:
    """Stop the services, then the Kafka and PostgreSQL this stack started. Data is kept."""
    from .stack_services import services_down

    run = resolve_run_dir(run)
    services_down(run)
    kafka = find_kafka(run / "kafka")
    if kafka is not None:
        kafka.stop()
    stop_nodes(running_nodes(run / "kafka-cluster"))
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
    kafka = [k for k in [find_kafka(run / "kafka"), *running_nodes(run / "kafka-cluster")] if k is not None]
    lines += [f"kafka     running  pid {node.pid:<7} {node.bootstrap}" for node in kafka]
    if kafka:
        lines.append(f"kafka     admin password in {kafka[0].data_dir}/admin.password (0600)")
    elif data and data["started"]["kafka"] is None:
        lines.append(f"kafka     external {data['kafka_bootstrap']}")
    else:
        lines.append("kafka     stopped")
    pg = find_postgres(run / "postgres")
    if pg is not None:
        url = data["database_url"] if data and data["started"]["postgres"] else pg.dsn
        lines.append(f"postgres  running  pid {pg.pid:<7} {without_password(url)}")
    elif data and data["started"]["postgres"] is None:
        lines.append("postgres  external (DATABASE_URL)")
    else:
        lines.append("postgres  stopped")
    return lines + services_status(run)

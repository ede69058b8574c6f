"""Throw-away Kafka and PostgreSQL for test sessions (plain functions, not fixtures).

Use from a session-scoped fixture, e.g.:

    @pytest.fixture(scope="session")
    def kafka(tmp_path_factory):
        k = start_test_kafka(tmp_path_factory.mktemp("kafka"))
        yield k
        k.stop()

Free ports are picked at random; PostgreSQL runs with durable=False (fsync off); the Kafka jar
cache is shared with the local stack. When KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL are set, the
returned handle points there and its stop() does nothing.
"""
from __future__ import annotations

import os
from pathlib import Path

from thidua_kernel.settings import ServiceSettings

from ._util import free_port
from .kafka import KafkaProcess, create_topics, start_kafka
from .postgres import PostgresProcess, ensure_database, start_postgres

__all__ = ["start_test_kafka", "start_test_postgres", "create_topics", "ensure_database",
           "KafkaProcess", "PostgresProcess"]


def _free_ports(count: int) -> list[int]:
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if port not in ports:
            ports.append(port)
    return ports


def start_test_kafka(tmp_dir: Path) -> KafkaProcess:
    """A fresh single-node Kafka under tmp_dir, SASL and ACLs on (or the external
    KAFKA_BOOTSTRAP_SERVERS, with the THIDUA_KAFKA_* credentials of a principal allowed to
    create topics, users and ACLs there)."""
    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        return KafkaProcess(ServiceSettings().kafka_access())
    tmp_dir = Path(tmp_dir)
    for attempt in range(3):  # a free port may be taken by someone else before the JVM binds it
        port, controller_port = _free_ports(2)
        try:
            return start_kafka(tmp_dir / f"kafka-{attempt}", port, controller_port,
                               tmp_dir / f"kafka-{attempt}.log", fast_jvm=True)
        except RuntimeError as exc:
            if "already used" not in str(exc) and "BindException" not in str(exc) or attempt == 2:
                raise
    raise AssertionError("unreachable")


def start_test_postgres(tmp_dir: Path) -> PostgresProcess:
    """A fresh PostgreSQL 18 under tmp_dir with fsync off (or the external DATABASE_URL)."""
    external = os.environ.get("DATABASE_URL")
    if external:
        return PostgresProcess(dsn=external)
    tmp_dir = Path(tmp_dir)
    for attempt in range(3):
        port = free_port()
        try:
            return start_postgres(tmp_dir / f"pg-{attempt}", port, tmp_dir / f"pg-{attempt}.log",
                                  durable=False)
        except RuntimeError as exc:
            # "Permission denied": another pytest session starting meanwhile closed the shared
            # /tmp/pytest-of-<user> to others (mode 0700), so the server's system user could not
            # reach its folder; the next attempt opens the path again (prepare_dirs).
            if not any(m in str(exc) for m in ("already used", "in use", "Permission denied")) or attempt == 2:
                raise
    raise AssertionError("unreachable")

"""What every benchmark entry point starts: its own Kafka and PostgreSQL, and the services it drives.

Each uses KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL instead when they are set (the test
infrastructure's rule), and everything it started is stopped when the block ends.
"""
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from thidua_deploy.isolated import Stack
from thidua_deploy.pytest_infra import KafkaProcess, PostgresProcess, start_test_kafka, start_test_postgres


@dataclass(frozen=True)
class Servers:
    root: Path
    kafka: KafkaProcess
    postgres: PostgresProcess


@contextmanager
def local_servers(prefix: str) -> Iterator[Servers]:
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        root = Path(tmp)
        kafka = start_test_kafka(root / "kafka")
        try:
            postgres = start_test_postgres(root / "postgres")
            try:
                yield Servers(root, kafka, postgres)
            finally:
                postgres.stop()
        finally:
            kafka.stop()


@contextmanager
def local_stack(prefix: str, services: Sequence[str]) -> Iterator[tuple[Servers, Stack]]:
    """The servers and `services` (e.g. registry, progress) as real processes on them."""
    with local_servers(prefix) as servers:
        stack = Stack(servers.root / "run", servers.kafka.access, servers.postgres.dsn)
        try:
            stack.start_all(tuple(services))
            yield servers, stack
        finally:
            stack.stop_all()

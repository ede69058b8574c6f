"""Session infrastructure for every test: a real Kafka broker and a real PostgreSQL server.

Both are started by the test session itself (or taken from KAFKA_BOOTSTRAP_SERVERS /
DATABASE_URL when those are set): no test is skipped for want of them.
"""
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from thidua_deploy.pytest_infra import start_test_kafka, start_test_postgres
from thidua_kernel.kafka_access import KafkaAccess


@pytest.fixture(scope="session")
def kafka_admin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaAccess]:
    """The session broker's super user (SASL/SCRAM; the broker refuses clients without
    credentials). Build every raw client from it: `AIOKafkaConsumer(**kafka_admin.aiokafka())`,
    `Consumer(kafka_admin.confluent({...}))`; a service principal: `stack.service_kafka(name)`."""
    kafka = start_test_kafka(tmp_path_factory.mktemp("kafka"))
    try:
        yield kafka.access
    finally:
        kafka.stop()


@pytest.fixture(scope="session")
def kafka_bootstrap(kafka_admin: KafkaAccess) -> str:
    return kafka_admin.bootstrap


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    postgres = start_test_postgres(tmp_path_factory.mktemp("postgres"))
    try:
        yield postgres.dsn
    finally:
        postgres.stop()


@pytest.fixture(scope="session")
def pg_role_passwords(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One password file for the services' roles on the session's server, shared by every stack
    (tests/ and the services' integration tests that run services in process)."""
    return tmp_path_factory.mktemp("pg-roles") / "roles.json"


@pytest.fixture
def unique() -> str:
    """A short unique suffix for schemas and topics, so tests never see each other's data."""
    return uuid.uuid4().hex[:10]

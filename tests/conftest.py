from collections.abc import Iterator
from pathlib import Path

import pytest

from thidua_deploy.isolated import Stack
from thidua_kernel.kafka_access import KafkaAccess

TOKENS = Path(__file__).resolve().parent / "tokens.test.json"


@pytest.fixture
def stack(tmp_path: Path, kafka_admin: KafkaAccess, database_url: str, pg_role_passwords: Path) -> Iterator[Stack]:
    """A fresh, isolated stack of the four services for one test, each connected as its own role
    (PostgreSQL) and its own principal (Kafka)."""
    s = Stack(tmp_path, kafka_admin, database_url, TOKENS, pg_role_passwords)
    try:
        yield s
    finally:
        s.stop_all()

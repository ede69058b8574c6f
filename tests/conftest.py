from collections.abc import Iterator
from pathlib import Path

import pytest

from thidua_deploy.isolated import Stack

TOKENS = Path(__file__).resolve().parent / "tokens.test.json"


@pytest.fixture
def stack(tmp_path: Path, kafka_bootstrap: str, database_url: str) -> Iterator[Stack]:
    """A fresh, isolated stack of the four services for one test."""
    s = Stack(tmp_path, kafka_bootstrap, database_url, TOKENS)
    try:
        yield s
    finally:
        s.stop_all()

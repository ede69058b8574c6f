from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e_stack import Stack


@pytest.fixture
def stack(tmp_path: Path, kafka_bootstrap: str, database_url: str) -> Iterator[Stack]:
    """A fresh, isolated stack of the four services for one test."""
    s = Stack(tmp_path, kafka_bootstrap, database_url)
    try:
        yield s
    finally:
        s.stop_all()

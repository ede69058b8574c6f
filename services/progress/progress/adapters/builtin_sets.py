"""The criteria sets shipped with the service as data files (P2: data, never code)."""
import json
from importlib import resources
from typing import Any

BUILTIN_SET_IDS = ("2009", "2016")  # Decision 491/QĐ-TTg (2009); Decision 1980/QĐ-TTg (2016-2020)


def builtin_criteria_set(set_id: str) -> dict[str, Any] | None:
    """The shipped file's content, or None when no set of that id ships with the service."""
    if set_id not in BUILTIN_SET_IDS:
        return None
    text = (resources.files("progress") / "data" / f"criteria_{set_id}.json").read_text(encoding="utf-8")
    return json.loads(text)

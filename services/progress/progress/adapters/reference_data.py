"""Regions (P2) and the content areas of Decision 800/QĐ-TTg (P6), shipped as data files.

Read on first use, not at import, and kept: the files ship with the code and never change
while the service runs.
"""
import json
from functools import cache
from importlib import resources
from typing import Any

from ..domain.reference import ContentArea, ReferenceData, Region


def _read(name: str) -> Any:
    return json.loads((resources.files("progress") / "data" / name).read_text(encoding="utf-8"))


@cache
def builtin_reference() -> ReferenceData:
    regions = _read("regions.json")
    areas = _read("content_areas.json")
    return ReferenceData(
        general=Region(**regions["general"]),
        regions=tuple(Region(**r) for r in regions["regions"]),
        content_areas=tuple(ContentArea(**a) for a in areas["content_areas"]),
    )


@cache
def content_areas_document() -> dict[str, Any]:
    """The whole file, with the decision it comes from, for GET /content-areas."""
    return _read("content_areas.json")

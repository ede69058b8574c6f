"""Units as timelines rebuilt from their events: the registry's events translated into the
shared fold's changes (thidua_facts.domain.hierarchy.u8_unit_timeline, U8); pure Python.

The fold itself lives once, in thidua_facts: the registry's write side, its projection and the
other services' read models all see the same timeline for the same events. Changes are folded in
effective-date order, whatever the order they were recorded in (a 2019 merger may be entered in
2024), so the same events always give the same timeline.
"""
from collections.abc import Iterable
from datetime import date, datetime, timezone
from typing import Any

from contracts.registry import UnitDissolved, UnitMoved, UnitRegistered, UnitRenamed
from thidua_facts.domain.hierarchy import UnitTimeline, UnitVersion, u8_unit_timeline
from thidua_facts.model import DISSOLVED, MOVED, REGISTERED, RENAMED, UnitChange

__all__ = ["Unit", "UnitVersion", "unit_change", "unit_from_events", "unit_timeline"]

LEVEL_OF_TYPE = {
    "province": "province",
    "city": "district",
    "rural_district": "district",
    "town": "district",
    "urban_district": "district",
    "rural_commune": "commune",
    "township": "commune",
    "ward": "commune",
    "special_zone": "commune",
}
PARENT_LEVEL = {"province": None, "district": "province", "commune": "district"}
# U8: Vietnam abolished the district level on 1 July 2025; communes sit under the province since.
DISTRICT_LEVEL_ABOLISHED = date(2025, 7, 1)
UNIT_EVENTS = ("UnitRegistered", "UnitRenamed", "UnitMoved", "UnitDissolved")
# The write side folds every event it loaded; a recording time only matters to a known_at query.
ALWAYS_KNOWN = datetime(1970, 1, 1, tzinfo=timezone.utc)

Unit = UnitTimeline  # a registered unit: its versions over time and its whole lifetime


def unit_change(event_type: str, payload: dict[str, Any], version: int, recorded_at: datetime,
                document_number: str | None = None) -> UnitChange | None:
    """One registry unit event as a change of the shared fold (None for other event types)."""
    common = {"stream_version": version, "recorded_at": recorded_at, "document_number": document_number}
    if event_type == "UnitRegistered":
        r = UnitRegistered.model_validate(payload)
        return UnitChange(r.code, REGISTERED, r.effective_from, level=r.level, unit_type=r.unit_type, name=r.name,
                          parent_code=r.parent_code, **common)
    if event_type == "UnitRenamed":
        n = UnitRenamed.model_validate(payload)
        return UnitChange(n.code, RENAMED, n.effective_date, name=n.name, unit_type=n.unit_type, **common)
    if event_type == "UnitMoved":
        m = UnitMoved.model_validate(payload)
        return UnitChange(m.code, MOVED, m.effective_date, parent_code=m.parent_code, **common)
    if event_type == "UnitDissolved":
        d = UnitDissolved.model_validate(payload)
        return UnitChange(d.code, DISSOLVED, d.effective_to, successor_code=d.successor_code,
                          successor_codes=tuple(d.successor_codes or ()), **common)
    return None


def unit_timeline(changes: Iterable[UnitChange | None], known_at: datetime | None = None) -> Unit | None:
    """The unit's timeline (the shared U8 fold), ignoring events that are not unit changes."""
    return u8_unit_timeline([c for c in changes if c is not None], known_at)


def unit_from_events(history: list[tuple[str, dict]]) -> Unit | None:
    """Fold a unit's (event type, payload) history, in stream order, into its timeline."""
    return unit_timeline(unit_change(t, p, i, ALWAYS_KNOWN) for i, (t, p) in enumerate(history, start=1))

"""Units as timelines rebuilt from their events; pure Python.

A unit's history is a list of versions, each valid from a day (inclusive) to a day (exclusive).
Registration opens the first version, a rename or a move opens a new one at its effective
date, dissolution closes the last. Changes are folded in effective-date order, whatever the
order they were recorded in (a 2019 merger may be entered in 2024), so the same events always
give the same timeline (U8).
"""
from dataclasses import dataclass, replace
from datetime import date

from contracts.registry import UnitDissolved, UnitMoved, UnitRegistered, UnitRenamed

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


@dataclass(frozen=True)
class UnitVersion:
    valid_from: date
    valid_to: date | None
    unit_type: str
    name: str
    parent_code: str | None
    document_number: str | None = None

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass(frozen=True)
class Unit:
    """A unit: its latest state in the top-level fields, its whole history in `versions`."""

    code: str
    level: str
    unit_type: str
    name: str
    parent_code: str | None
    effective_from: date
    effective_to: date | None = None
    successor_code: str | None = None
    successor_codes: tuple[str, ...] = ()
    versions: tuple[UnitVersion, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    source: str = ""

    def exists_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def on(self, day: date) -> UnitVersion | None:
        """The version in force on `day`, or None when the unit did not exist then."""
        return next((v for v in self.versions if v.covers(day)), None)


@dataclass(frozen=True)
class UnitChange:
    """One recorded event of a unit's stream, as the fold needs it."""

    event_type: str
    payload: dict
    version: int
    document_number: str | None = None


def unit_from_events(history: list[tuple[str, dict]]) -> Unit | None:
    """Fold a unit's (event type, payload) history, in stream order, into its timeline."""
    return unit_timeline([UnitChange(t, p, i) for i, (t, p) in enumerate(history, start=1)])


def unit_timeline(changes: list[UnitChange]) -> Unit | None:
    """The unit's timeline; deterministic for any order of `changes` (sorted by stream version)."""
    ordered = sorted(changes, key=lambda c: c.version)
    registered = next((c for c in ordered if c.event_type == "UnitRegistered"), None)
    if registered is None:
        return None
    reg = UnitRegistered.model_validate(registered.payload)
    gone = next((c for c in ordered if c.event_type == "UnitDissolved"), None)
    end = UnitDissolved.model_validate(gone.payload) if gone is not None else None
    end_day = end.effective_to if end is not None else None
    versions = [UnitVersion(reg.effective_from, None, reg.unit_type, reg.name, reg.parent_code,
                            registered.document_number)]
    for day, change, edit in sorted(_edits(ordered), key=lambda e: (e[0], e[1].version)):
        if day < reg.effective_from or (end_day is not None and day >= end_day):
            continue  # outside the unit's life: the rules refuse these; a fold ignores them
        current = versions[-1]
        updated = replace(current, **edit, document_number=change.document_number)
        if day == current.valid_from:
            versions[-1] = replace(updated, valid_from=current.valid_from)
        else:
            versions[-1] = replace(current, valid_to=day)
            versions.append(replace(updated, valid_from=day, valid_to=None))
    if end_day is not None:
        versions[-1] = replace(versions[-1], valid_to=max(end_day, versions[-1].valid_from))
    last = versions[-1]
    return Unit(
        code=reg.code, level=reg.level, unit_type=last.unit_type, name=last.name, parent_code=last.parent_code,
        effective_from=reg.effective_from, effective_to=end_day,
        successor_code=end.successor_code if end else None,
        successor_codes=tuple(end.successor_codes or ()) if end else (),
        versions=tuple(versions), latitude=reg.latitude, longitude=reg.longitude, source=reg.source,
    )


def _edits(changes: list[UnitChange]):
    for change in changes:
        if change.event_type == "UnitRenamed":
            e = UnitRenamed.model_validate(change.payload)
            edit = {"name": e.name} | ({"unit_type": e.unit_type} if e.unit_type else {})
            yield e.effective_date, change, edit
        elif change.event_type == "UnitMoved":
            m = UnitMoved.model_validate(change.payload)
            yield m.effective_date, change, {"parent_code": m.parent_code}

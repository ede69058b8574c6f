"""U8: one unit's timeline, the one fold of its history every service uses (see hierarchy.py
for the readings: the order of the fold, what it ignores, the last state of a dissolved unit).

The registry's write side and projection, and the read models of progress, awards and
reporting, all call `u8_unit_timeline` / `u8_unit_on`: the same events give every service the
same unit on the same day.
"""
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from ..model import DISSOLVED, MOVED, REGISTERED, RENAMED, UnitChange, UnitState, visible


@dataclass(frozen=True)
class UnitVersion:
    """One state of a unit, in force from `valid_from` (inclusive) to `valid_to` (exclusive, None: open)."""

    valid_from: date
    valid_to: date | None
    unit_type: str
    name: str
    parent_code: str | None
    document_number: str | None = None

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass(frozen=True)
class UnitTimeline:
    """A unit's whole life as known at K: its versions, its lifetime and its last state."""

    last: UnitState  # the latest state, with the whole lifetime (effective_to once dissolved)
    versions: tuple[UnitVersion, ...]

    code = property(lambda self: self.last.code)
    level = property(lambda self: self.last.level)
    unit_type = property(lambda self: self.last.unit_type)
    name = property(lambda self: self.last.name)
    parent_code = property(lambda self: self.last.parent_code)
    effective_from = property(lambda self: self.last.effective_from)
    effective_to = property(lambda self: self.last.effective_to)
    successor_code = property(lambda self: self.last.successor_code)
    successor_codes = property(lambda self: self.last.successor_codes)

    def exists_on(self, day: date) -> bool:
        return self.last.exists_on(day)

    def on(self, day: date) -> UnitVersion | None:
        """The version in force on `day`, or None when the unit did not exist then."""
        return next((v for v in self.versions if v.covers(day)), None)

    def state_at(self, as_of: date) -> UnitState | None:
        """The unit at D: None before its registration; dissolved (effective_to set) from its end
        on, in its last state; otherwise the version of D, its end not yet come."""
        if as_of < self.last.effective_from:
            return None
        if self.last.effective_to is not None and as_of >= self.last.effective_to:
            return self.last
        version = self.on(as_of)
        assert version is not None, "a unit that exists on a day has a version covering it"
        return replace(self.last, unit_type=version.unit_type, name=version.name, parent_code=version.parent_code,
                       effective_to=None, successor_code=None, successor_codes=())


def u8_unit_timeline(changes: Iterable[UnitChange], known_at: datetime | None = None) -> UnitTimeline | None:
    """U8: the timeline of one unit from its changes known at K (None when its registration is not
    known then); deterministic for any order of `changes`."""
    ordered = sorted((c for c in changes if visible(c.recorded_at, known_at)),
                     key=lambda c: (c.effective_date, c.stream_version))
    state: UnitState | None = None
    versions: list[UnitVersion] = []
    for change in ordered:
        if change.kind == REGISTERED:
            if state is None:
                state = UnitState(change.code, change.level or "", change.unit_type or "", change.name or "",
                                  change.parent_code, change.effective_date)
                versions.append(UnitVersion(change.effective_date, None, state.unit_type, state.name,
                                            state.parent_code, change.document_number))
            continue
        if state is None or state.effective_to is not None:
            continue  # before its registration or after its dissolution: ignored (see above)
        if change.kind == DISSOLVED:
            state = replace(state, effective_to=change.effective_date, successor_code=change.successor_code,
                            successor_codes=change.successor_codes)
            versions[-1] = replace(versions[-1], valid_to=change.effective_date)
            continue
        if change.kind == RENAMED:
            state = replace(state, name=change.name or state.name, unit_type=change.unit_type or state.unit_type)
        elif change.kind == MOVED:
            state = replace(state, parent_code=change.parent_code)
        else:
            continue
        opened = UnitVersion(change.effective_date, None, state.unit_type, state.name, state.parent_code,
                             change.document_number)
        if versions[-1].valid_from == change.effective_date:
            versions[-1] = opened
        else:
            versions[-1] = replace(versions[-1], valid_to=change.effective_date)
            versions.append(opened)
    if state is None:
        return None
    return UnitTimeline(state, tuple(v for v in versions if v.valid_to is None or v.valid_from < v.valid_to))


def u8_unit_on(changes: Iterable[UnitChange], code: str, as_of: date,
               known_at: datetime | None = None) -> UnitState | None:
    """U8: unit `code` at (D, K): its state of D if registered by then (existing or dissolved)."""
    timeline = u8_unit_timeline((c for c in changes if c.code == code), known_at)
    return timeline.state_at(as_of) if timeline is not None else None

"""The administrative hierarchy at (as_of D, known_at K), folded from unit changes (U1, U4, U8).

The one fold of a unit's history, used by every service: the registry's write side and its
projection (a unit's versions), progress, awards and reporting (the units of a day).

A unit's timeline known at K is the fold of its changes recorded at or before K, in (effective
date, stream version) order; its state at D is the version in force at D. Readings:

- A change before the unit's registration in that order, or after its dissolution, changes
  nothing (the registry refuses both; a fold ignores them).
- A second registration of a code changes nothing (U4: one code, one unit, ever; only a repeated
  delivery of the same event can bring one).
- A rename may carry a new unit_type (a thị trấn reclassified as a xã): from its date the unit
  is of the new type, and counts as a xã in P5 from that date. The level never changes.
- A unit exists at D when registered with effective_from <= D and not dissolved with
  effective_to <= D. A dissolved unit keeps its last state (name, type, parent), so the parent
  of a commune whose district was abolished still leads to the province.
- A change dated the day of the dissolution but ordered before it names that last state, and
  opens no version (it was never in force).
"""
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from ..model import DISSOLVED, DISTRICT_LEVEL, MOVED, REGISTERED, RENAMED, UnitChange, UnitState, visible


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


def fold_units(changes: Iterable[UnitChange], as_of: date, known_at: datetime | None) -> dict[str, UnitState]:
    """Each unit registered by (D, K), in its state of D (dissolved ones with `effective_to` set)."""
    by_code: dict[str, list[UnitChange]] = defaultdict(list)
    for change in changes:
        by_code[change.code].append(change)
    states = {}
    for code, mine in by_code.items():
        timeline = u8_unit_timeline(mine, known_at)
        state = timeline.state_at(as_of) if timeline is not None else None
        if state is not None:
            states[code] = state
    return states


class Hierarchy:
    """The units of one (as_of, known_at), with the questions P5 and the views ask of them."""

    def __init__(self, states: dict[str, UnitState], as_of: date) -> None:
        self.as_of = as_of
        self._states = states
        self._children: dict[str | None, list[UnitState]] = {}
        for state in sorted(states.values(), key=lambda s: s.code):
            if state.exists_on(as_of):
                self._children.setdefault(state.parent_code, []).append(state)

    @classmethod
    def of(cls, changes: Iterable[UnitChange], as_of: date, known_at: datetime | None) -> "Hierarchy":
        return cls(fold_units(changes, as_of, known_at), as_of)

    def state(self, code: str) -> UnitState | None:
        """The unit's state at D if it was registered by then (existing or dissolved)."""
        return self._states.get(code)

    def name_of(self, code: str) -> str | None:
        state = self._states.get(code)
        return state.name if state is not None else None

    def existing(self, code: str) -> UnitState | None:
        state = self._states.get(code)
        return state if state is not None and state.exists_on(self.as_of) else None

    def children(self, code: str) -> list[UnitState]:
        """The units existing at D whose parent at D is `code`, by code."""
        return list(self._children.get(code, ()))

    def rural_communes_of(self, code: str) -> list[UnitState]:
        """P5: the xã existing at D whose parent at D is `code` (type of D: U1)."""
        return [u for u in self.children(code) if u.is_rural_commune]

    def districts_of(self, province_code: str) -> list[UnitState]:
        """The district-level units existing at D under the province at D, by code."""
        return [u for u in self.children(province_code) if u.level == DISTRICT_LEVEL]

    def province_rural_communes(self, province_code: str) -> list[UnitState]:
        """P5: every xã existing at D under the province, directly (after the district level is
        abolished) or through a district. Reading: the district need not exist at D (its last
        state's parent counts), so abolishing a district does not drop its communes."""
        found = []
        for state in self._states.values():
            if not (state.is_rural_commune and state.exists_on(self.as_of)):
                continue
            parent = self._states.get(state.parent_code or "")
            if state.parent_code == province_code or (parent is not None and parent.parent_code == province_code):
                found.append(state)
        return sorted(found, key=lambda u: u.code)

    def provinces(self) -> list[UnitState]:
        return [u for u in self.children(None) if u.level == "province"]

    def all_rural_communes(self) -> list[UnitState]:
        return sorted((u for u in self._states.values() if u.is_rural_commune and u.exists_on(self.as_of)),
                      key=lambda u: u.code)


def unit_for_command(changes: Iterable[UnitChange], code: str, day: date,
                     known_at: datetime | None = None) -> UnitState | None:
    """The unit as a command dated `day` must see it: its state of `day` with its whole known
    lifetime (U8: a later dissolution is already known). When it did not exist on `day`, its first
    state (registered later) or its last one (dissolved before), so that the refusal is U8.
    None when the code was never registered (U1)."""
    timeline = u8_unit_timeline((c for c in changes if c.code == code), known_at)
    if timeline is None:
        return None
    state = timeline.state_at(max(day, timeline.effective_from))
    assert state is not None
    return replace(state, effective_to=timeline.effective_to, successor_code=timeline.successor_code,
                   successor_codes=timeline.successor_codes)

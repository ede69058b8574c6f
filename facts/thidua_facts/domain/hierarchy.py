"""The administrative hierarchy at (as_of D, known_at K), folded from unit changes (U1, U4, U8).

The one fold of a unit's history (timeline.py), used by every service: the registry's write side
and its projection (a unit's versions), progress, awards and reporting (the units of a day).

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
from dataclasses import replace
from datetime import date, datetime

from ..model import DISTRICT_LEVEL, UnitChange, UnitState
from .timeline import UnitTimeline, UnitVersion, u8_unit_on, u8_unit_timeline

__all__ = ["Hierarchy", "UnitTimeline", "UnitVersion", "fold_units", "u8_unit_on", "u8_unit_timeline",
           "unit_for_command"]


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

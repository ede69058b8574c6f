"""The administrative hierarchy at (as_of D, known_at K), folded from unit changes (U1, U4, U8).

The state at (D, K) is the fold of the changes recorded at or before K with an effective date on
or before D, in (effective date, stream version) order. Readings, the same as the registry's fold
(services/registry/registry/domain/model.py):

- A change before the unit's registration in that order, or after its dissolution, changes
  nothing (the registry refuses both; a fold ignores them).
- A second registration of a code changes nothing (U4: one code, one unit, ever; only a repeated
  delivery of the same event can bring one).
- A rename may carry a new unit_type (a thị trấn reclassified as a xã): from its date the unit
  is of the new type, and counts as a xã in P5 from that date. The level never changes.
- A unit exists at D when registered with effective_from <= D and not dissolved with
  effective_to <= D. A dissolved unit keeps its last state (name, type, parent), so the parent
  of a commune whose district was abolished still leads to the province.
"""
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from ..model import DISSOLVED, DISTRICT_LEVEL, MOVED, REGISTERED, RENAMED, UnitChange, UnitState, visible


def fold_units(changes: Iterable[UnitChange], as_of: date, known_at: datetime | None) -> dict[str, UnitState]:
    """Each unit registered by (D, K), in its state of D (dissolved ones with `effective_to` set)."""
    relevant = sorted(
        (c for c in changes if c.effective_date <= as_of and visible(c.recorded_at, known_at)),
        key=lambda c: (c.effective_date, c.stream_version),
    )
    states: dict[str, UnitState] = {}
    for change in relevant:
        held = states.get(change.code)
        if change.kind == REGISTERED:
            if held is None:
                states[change.code] = UnitState(
                    change.code, change.level or "", change.unit_type or "", change.name or "",
                    change.parent_code, change.effective_date,
                )
            continue
        if held is None or held.effective_to is not None:
            continue  # before its registration or after its dissolution: ignored (see above)
        if change.kind == RENAMED:
            states[change.code] = replace(held, name=change.name or held.name,
                                          unit_type=change.unit_type or held.unit_type)
        elif change.kind == MOVED:
            states[change.code] = replace(held, parent_code=change.parent_code)
        elif change.kind == DISSOLVED:
            states[change.code] = replace(held, effective_to=change.effective_date,
                                          successor_code=change.successor_code,
                                          successor_codes=change.successor_codes)
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
    mine = [c for c in changes if c.code == code]
    whole = fold_units(mine, date.max, known_at).get(code)
    if whole is None:
        return None
    on = day if day >= whole.effective_from else whole.effective_from
    state = fold_units(mine, on, known_at)[code]
    return replace(state, effective_to=whole.effective_to, successor_code=whole.successor_code,
                   successor_codes=whole.successor_codes)

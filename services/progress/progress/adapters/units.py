"""Where commands look units up: the registry's announcements, as progress has received them,
as of the date the command takes effect (U1, U4, U8).

Eventual consistency, on purpose: progress never calls the registry. The shared NTM facts
(thidua_facts' NtmFacts, in progress's schema) hold every registration, rename (with its
unit_type), move and dissolution with its effective date, and `get(code, on=day)` folds them into
the unit as it stood on `day`: its parent and type of that day, and its whole lifetime (so a unit
that did not exist then is refused with U8). A unit registered a moment ago may not be there yet:
the command is refused with U1 (404) and succeeds when retried after the projection catches up
(GET /projections shows its lag).

Commands validate against everything received (no known_at bound): what counts is the facts now.
"""
from datetime import date
from typing import Protocol

import asyncpg

from thidua_facts.domain.hierarchy import unit_for_command
from thidua_facts.model import UnitChange, UnitState
from thidua_facts.queries import unit_changes_of

from ..domain.model import Unit


class UnitLookup(Protocol):
    async def get(self, code: str, on: date | None = None) -> Unit | None:
        """The unit as it stood `on` a day (its first state if registered later, its last if
        dissolved before: U8 then refuses); without `on`, its latest state. None: unknown (U1)."""


def _as_unit(state: UnitState) -> Unit:
    return Unit(state.code, state.level, state.unit_type, state.parent_code, state.effective_from,
                state.effective_to, state.name)


class PostgresUnitLookup:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def get(self, code: str, on: date | None = None) -> Unit | None:
        async with self._pool.acquire() as conn:
            changes = await unit_changes_of(conn, code, None)
        state = unit_for_command(changes, code, on or date.max)
        return _as_unit(state) if state is not None else None


class InMemoryUnits:
    """The fake for unit tests: the same contract, over units given whole (one state for their
    lifetime) or over unit changes (time-aware, through the same fold as the real lookup)."""

    def __init__(self, units: list[Unit] | None = None, changes: list[UnitChange] | None = None) -> None:
        self.units = {u.code: u for u in units or []}
        self.changes = list(changes or [])

    def add(self, unit: Unit) -> None:
        self.units[unit.code] = unit

    async def get(self, code: str, on: date | None = None) -> Unit | None:
        state = unit_for_command(self.changes, code, on or date.max)
        return _as_unit(state) if state is not None else self.units.get(code)

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

The hierarchy is kept in process (UnitHierarchyCache): read whole from the fact table once, at
the first command, and from then on told of every unit change by the service's own NtmFacts
projection as it writes them (CachedNtmFacts, bootstrap.py), so a command reads no unit from
PostgreSQL. The cache learns a batch's changes when the projection writes them, a moment before
their commit: that is no less true (the events are on Kafka), and a replay of them is a no-op.
"""
import asyncio
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import date
from typing import Protocol

import asyncpg
import orjson

from thidua_facts.domain.hierarchy import unit_for_command
from thidua_facts.model import UnitChange, UnitState
from thidua_facts.projection import NtmFacts
from thidua_facts.queries import all_unit_changes

from ..domain.model import Unit


class UnitLookup(Protocol):
    async def get(self, code: str, on: date | None = None) -> Unit | None:
        """The unit as it stood `on` a day (its first state if registered later, its last if
        dissolved before: U8 then refuses); without `on`, its latest state. None: unknown (U1)."""


def _as_unit(state: UnitState) -> Unit:
    return Unit(state.code, state.level, state.unit_type, state.parent_code, state.effective_from,
                state.effective_to, state.name)


class UnitHierarchyCache:
    """Every unit change progress has received, by code; learns before and after the first load."""

    def __init__(self) -> None:
        self._changes: dict[str, dict[int, UnitChange]] = {}
        self._units: dict[str, dict[date, Unit | None]] = {}  # the fold's answers, per code and day
        self.loaded = False

    def learn(self, changes: Iterable[UnitChange]) -> None:
        """Changes as the projection writes them (a repeated delivery replaces itself)."""
        for change in changes:
            self._changes.setdefault(change.code, {})[change.stream_version] = change
            self._units.pop(change.code, None)

    def forget(self) -> None:
        """Everything: the next command reads the fact table again (after a blue/green switch)."""
        self._changes, self._units, self.loaded = {}, {}, False

    def fill(self, changes: Iterable[UnitChange]) -> None:
        """The first load from the fact table, merged with what was learnt meanwhile."""
        self.learn(changes)
        self.loaded = True

    def get(self, code: str, on: date | None = None) -> Unit | None:
        day = on or date.max
        answers = self._units.setdefault(code, {})
        if day not in answers:
            if len(answers) >= 1_000:  # a bound: the days one unit's commands take effect on
                answers.clear()
            state = unit_for_command(self._changes.get(code, {}).values(), code, day)
            answers[day] = _as_unit(state) if state is not None else None
        return answers[day]


class CachedUnitLookup:
    """The UnitLookup of the service: the in-process hierarchy, loaded from PostgreSQL once."""

    def __init__(self, cache: UnitHierarchyCache, load: Callable[[], Awaitable[list[UnitChange]]]) -> None:
        self._cache = cache
        self._load = load
        self._lock = asyncio.Lock()

    async def get(self, code: str, on: date | None = None) -> Unit | None:
        if not self._cache.loaded:
            async with self._lock:
                if not self._cache.loaded:
                    self._cache.fill(await self._load())
        return self._cache.get(code, on)


def postgres_unit_changes(pool: asyncpg.Pool) -> Callable[[], Awaitable[list[UnitChange]]]:
    async def load() -> list[UnitChange]:
        async with pool.acquire() as conn:
            return await all_unit_changes(conn)

    return load


def unit_changes_of_rows(rows: Sequence[tuple]) -> list[UnitChange]:
    """NtmFacts' unit change rows (the column order of its INSERT) as facts."""
    return [UnitChange(r[0], r[2], r[3], r[1], r[4], r[5], r[6], r[7], r[8], r[9],
                       tuple(orjson.loads(r[10]) if isinstance(r[10], str) else r[10] or ()), r[11])
            for r in rows]


class CachedNtmFacts(NtmFacts):
    """The shared facts projection, telling the unit cache of every unit change it writes."""

    def __init__(self, cache: UnitHierarchyCache) -> None:
        super().__init__()
        self._cache = cache

    async def write(self, conn: asyncpg.Connection, rows) -> None:
        await super().write(conn, rows)
        if rows.unit_changes:
            self._cache.learn(unit_changes_of_rows(rows.unit_changes))

    def for_blue_green(self) -> NtmFacts:
        """A blue/green build's instance (kernel blue_green.py): the facts alone, teaching no cache."""
        return NtmFacts()

    async def after_switch(self, conn: asyncpg.Connection) -> None:
        """The new version is live: the cache reads it at the next command (what the live runner
        writes from now on is learnt meanwhile and merged, as at a start)."""
        self._cache.forget()


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

"""Where commands look units up: the registry's announcements, as progress has received them.

Eventual consistency, on purpose: progress never calls the registry. It folds REGISTRY_EVENTS
into its own `units` table (projections.RegistryUnits) and commands validate against that table.
A unit registered a moment ago may not be there yet: the command is refused with U1 (404) and
succeeds when retried after the projection catches up (GET /projections shows its lag).
"""
from typing import Protocol

import asyncpg

from ..domain.model import Unit


class UnitLookup(Protocol):
    async def get(self, code: str) -> Unit | None: ...


class PostgresUnitLookup:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def get(self, code: str) -> Unit | None:
        row = await self._pool.fetchrow(
            "SELECT code, level, unit_type, parent_code, effective_from, effective_to, name"
            " FROM units WHERE code = $1",
            code,
        )
        return Unit(**dict(row)) if row is not None else None


class InMemoryUnits:
    """The fake for unit tests: the same contract, over a dict."""

    def __init__(self, units: list[Unit] | None = None) -> None:
        self.units = {u.code: u for u in units or []}

    def add(self, unit: Unit) -> None:
        self.units[unit.code] = unit

    async def get(self, code: str) -> Unit | None:
        return self.units.get(code)

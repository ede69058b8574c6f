"""What every progress handler is given: wired once per process (bootstrap.deps) or by a test."""
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from thidua_kernel.eventstore import EventStore

from .adapters.builtin_sets import builtin_criteria_set
from .adapters.criteria_sets import CriteriaSetCache
from .adapters.reference_data import builtin_reference
from .adapters.regions import RegionCache
from .adapters.units import UnitLookup
from .domain.reference import ReferenceData


class StreamVersions(Protocol):
    async def __call__(self, aggregate_type: str, aggregate_ids: list[str]) -> dict[str, int]:
        """The current version of each stream (0 for a new one), in one read."""


@dataclass(frozen=True)
class Deps:
    store: EventStore
    units: UnitLookup
    criteria_sets: CriteriaSetCache
    stream_versions: StreamVersions
    regions: RegionCache
    builtin_set: Callable[[str], dict[str, Any] | None] = field(default=builtin_criteria_set)
    reference: Callable[[], ReferenceData] = field(default=builtin_reference)


def store_stream_versions(store: EventStore) -> StreamVersions:
    """One `store.version` per stream: the fake's way, and the fallback for any store."""

    async def versions(aggregate_type: str, aggregate_ids: list[str]) -> dict[str, int]:
        return {i: await store.version(aggregate_type, i) for i in aggregate_ids}

    return versions


"""The composition root: the runtime (store, projections) and, wired once, the handlers' deps."""
from pathlib import Path

import asyncpg

from contracts.topics import PROGRESS_EVENTS
from thidua_facts import MIGRATIONS as FACTS_MIGRATIONS
from thidua_kernel.clock import Clock, SystemClock
from thidua_kernel.eventstore import EventStore
from thidua_kernel.runtime import Runtime, start_runtime

from .adapters.criteria_sets import CriteriaSetCache, postgres_criteria_set_ids
from .adapters.regions import RegionCache
from .adapters.stream_versions import postgres_stream_versions
from .adapters.units import CachedNtmFacts, CachedUnitLookup, UnitHierarchyCache, postgres_unit_changes
from .config import ProgressSettings
from .deps import Deps
from .projections import ProgressView
from .reference_projection import ReferenceProjection

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
SCHEMA = "progress"


async def start(settings: ProgressSettings, clock: Clock | None = None) -> Runtime:
    """The runtime, and the deps its handlers use. The caches exist before the projections start,
    so they hear of every unit change and criteria set event the projections apply."""
    units = UnitHierarchyCache()
    wired: list[Deps] = []  # made once the store exists; before their first use the caches read all

    def set_changed(set_id: str) -> None:
        for deps in wired:
            deps.criteria_sets.invalidate(set_id)

    def region_changed(province_code: str) -> None:
        for deps in wired:
            deps.regions.invalidate(province_code)

    runtime = await start_runtime(
        settings,
        schema=SCHEMA,
        topic=PROGRESS_EVENTS,
        # The shared NTM facts (units over time, assessments, recognitions...: the GET views and the
        # commands' unit lookup) live in progress's schema beside its own tables.
        migrations=(FACTS_MIGRATIONS, MIGRATIONS),
        projections=[CachedNtmFacts(units), ProgressView(), ReferenceProjection(set_changed, region_changed)],
        clock=clock or SystemClock(),
    )
    runtime.wired["deps"] = postgres_deps(runtime.store, runtime.pool, units)
    wired.append(runtime.wired["deps"])
    return runtime


def postgres_deps(store: EventStore, pool: asyncpg.Pool, units: UnitHierarchyCache | None = None) -> Deps:
    """The deps over PostgreSQL: `units` is the cache the service's NtmFacts projection feeds."""
    return Deps(
        store=store,
        units=CachedUnitLookup(units or UnitHierarchyCache(), postgres_unit_changes(pool)),
        criteria_sets=CriteriaSetCache(store, postgres_criteria_set_ids(pool)),
        stream_versions=postgres_stream_versions(pool),
        regions=RegionCache(store),
    )


def deps(runtime: Runtime) -> Deps:
    """What every handler is given, wired once per process in `start` (its caches live as long)."""
    return runtime.wired["deps"]

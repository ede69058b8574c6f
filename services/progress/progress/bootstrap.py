"""The composition root: concrete store, unit lookup, criteria data, projections and handlers."""
from pathlib import Path

from contracts.topics import PROGRESS_EVENTS
from thidua_facts import MIGRATIONS as FACTS_MIGRATIONS
from thidua_facts.projection import NtmFacts
from thidua_kernel.clock import Clock, SystemClock
from thidua_kernel.runtime import Runtime, start_runtime

from .adapters.builtin_sets import builtin_criteria_set
from .adapters.criteria_sets import postgres_criteria_set_ids
from .adapters.units import PostgresUnitLookup
from .config import ProgressSettings
from .handlers import ProgressHandlers
from .projections import ProgressView
from .reference_projection import ReferenceProjection

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
SCHEMA = "progress"


async def start(settings: ProgressSettings, clock: Clock | None = None) -> Runtime:
    return await start_runtime(
        settings,
        schema=SCHEMA,
        topic=PROGRESS_EVENTS,
        # The shared NTM facts (units over time, assessments, recognitions...: the GET views and the
        # commands' unit lookup) live in progress's schema beside its own tables.
        migrations=(FACTS_MIGRATIONS, MIGRATIONS),
        projections=[NtmFacts(), ProgressView(), ReferenceProjection()],
        clock=clock or SystemClock(),
    )


def handlers(runtime: Runtime) -> ProgressHandlers:
    """Wired once per process, so the handlers' caches live as long as the service."""
    if "handlers" not in runtime.wired:
        runtime.wired["handlers"] = ProgressHandlers(
            runtime.store, PostgresUnitLookup(runtime.pool), postgres_criteria_set_ids(runtime.pool),
            builtin_criteria_set,
        )
    return runtime.wired["handlers"]

"""The composition root: the runtime with reporting's projections and, wired once, the handlers'
deps; the clock is chosen here, once."""
from pathlib import Path

from contracts.topics import REPORTING_EVENTS
from thidua_facts import MIGRATIONS as FACTS_MIGRATIONS
from thidua_kernel.clock import Clock
from thidua_kernel.runtime import Runtime, start_runtime

from .adapters import postgres_facts, postgres_stream_ids
from .config import ReportingSettings
from .deps import Deps
from .event_index import EventIndex
from .projections import AwardFacts, NtmFacts, ProgrammeFacts
from .report_source import Reports

# The shared NTM facts' tables, then reporting's own (the programme and award facts).
MIGRATIONS = (FACTS_MIGRATIONS, Path(__file__).resolve().parent.parent / "migrations")
SCHEMA = "reporting"


async def start(settings: ReportingSettings, clock: Clock) -> Runtime:
    runtime = await start_runtime(
        settings,
        schema=SCHEMA,
        topic=REPORTING_EVENTS,
        migrations=MIGRATIONS,
        projections=[NtmFacts(), ProgrammeFacts(), AwardFacts(), EventIndex()],
        clock=clock,
    )
    reports = Reports(runtime, clock, settings.province_code, settings.issue_relay_margin_s)
    runtime.wired["deps"] = Deps(runtime.store, postgres_facts(runtime.pool), postgres_stream_ids(runtime.pool),
                                 clock, settings.province_code, reports)
    return runtime


def deps(runtime: Runtime) -> Deps:
    """What every handler and view is given, wired once per process in `start`."""
    return runtime.wired["deps"]

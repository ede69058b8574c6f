"""The composition root: the runtime with reporting's projection; the clock is chosen here, once."""
from contracts.topics import REPORTING_EVENTS
from thidua_facts import MIGRATIONS as FACTS_MIGRATIONS
from thidua_kernel.clock import Clock
from thidua_kernel.runtime import Runtime, start_runtime

from .config import ReportingSettings
from .projections import NtmFacts

# Reporting has no tables of its own yet: its schema holds the shared NTM facts only.
MIGRATIONS = FACTS_MIGRATIONS
SCHEMA = "reporting"


async def start(settings: ReportingSettings, clock: Clock) -> Runtime:
    # No commands yet: the event store stays empty, but the relay runs so that the first
    # reporting event (R1 submissions) needs no change here.
    return await start_runtime(
        settings,
        schema=SCHEMA,
        topic=REPORTING_EVENTS,
        migrations=MIGRATIONS,
        projections=[NtmFacts()],
        clock=clock,
    )

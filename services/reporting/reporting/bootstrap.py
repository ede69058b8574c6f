"""The composition root: the runtime with reporting's projections; the clock is chosen here, once."""
from pathlib import Path

from contracts.topics import REPORTING_EVENTS
from thidua_facts import MIGRATIONS as FACTS_MIGRATIONS
from thidua_kernel.clock import Clock
from thidua_kernel.runtime import Runtime, start_runtime

from .config import ReportingSettings
from .projections import NtmFacts, ProgrammeFacts

# The shared NTM facts' tables, then reporting's own (the programme facts).
MIGRATIONS = (FACTS_MIGRATIONS, Path(__file__).resolve().parent.parent / "migrations")
SCHEMA = "reporting"


async def start(settings: ReportingSettings, clock: Clock) -> Runtime:
    # No commands yet: the event store stays empty, but the relay runs so that the first
    # reporting event (R1 submissions) needs no change here.
    return await start_runtime(
        settings,
        schema=SCHEMA,
        topic=REPORTING_EVENTS,
        migrations=MIGRATIONS,
        projections=[NtmFacts(), ProgrammeFacts()],
        clock=clock,
    )

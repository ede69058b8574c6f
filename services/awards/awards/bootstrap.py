"""The composition root: the runtime with awards' projection; the clock is chosen here, once."""
from pathlib import Path

from contracts.topics import AWARDS_EVENTS
from thidua_kernel.clock import Clock
from thidua_kernel.runtime import Runtime, start_runtime

from .config import AwardsSettings
from .projections import NtmFacts

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
SCHEMA = "awards"


async def start(settings: AwardsSettings, clock: Clock) -> Runtime:
    # No commands yet (nominations, A11, come later): the event store stays empty, but the
    # relay already runs so that the first awards event needs no change here.
    return await start_runtime(
        settings,
        schema=SCHEMA,
        topic=AWARDS_EVENTS,
        migrations=MIGRATIONS,
        projections=[NtmFacts()],
        clock=clock,
    )

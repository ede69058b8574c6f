"""The composition root: the runtime with awards' projection; the clock is chosen here, once."""
from contracts.topics import AWARDS_EVENTS
from thidua_facts import MIGRATIONS as FACTS_MIGRATIONS
from thidua_kernel.clock import Clock
from thidua_kernel.runtime import Runtime, start_runtime

from .config import AwardsSettings
from .projections import NtmFacts

# Awards has no tables of its own yet (nominations, A11, come later): only the shared NTM facts.
MIGRATIONS = FACTS_MIGRATIONS
SCHEMA = "awards"


async def start(settings: AwardsSettings, clock: Clock) -> Runtime:
    # No commands yet: the event store stays empty, but the relay already runs so that the
    # first awards event needs no change here.
    return await start_runtime(
        settings,
        schema=SCHEMA,
        topic=AWARDS_EVENTS,
        migrations=MIGRATIONS,
        projections=[NtmFacts()],
        clock=clock,
    )

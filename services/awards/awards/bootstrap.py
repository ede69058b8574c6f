"""The composition root: the runtime with awards' projection and, wired once, the handlers' deps;
the clock is chosen here, once."""
from contracts.topics import AWARDS_EVENTS
from thidua_facts import MIGRATIONS as FACTS_MIGRATIONS
from thidua_kernel.clock import Clock
from thidua_kernel.runtime import Runtime, start_runtime

from .adapters.postgres import postgres_facts, postgres_stream_ids
from .adapters.sealed_names import postgres_sealed_names
from .config import AwardsSettings
from .deps import Deps
from .projections import NtmFacts

# Awards' own state (rounds, nominations, scores) is its event store, folded on read: no tables of
# its own beyond the kernel's; the shared NTM facts are projected into its schema.
MIGRATIONS = FACTS_MIGRATIONS
SCHEMA = "awards"


async def start(settings: AwardsSettings, clock: Clock) -> Runtime:
    runtime = await start_runtime(
        settings,
        schema=SCHEMA,
        topic=AWARDS_EVENTS,
        migrations=MIGRATIONS,
        projections=[NtmFacts()],
        clock=clock,
    )
    keys_schema = (settings.personal_keys_schema or "registry" + settings.schema_suffix).replace('"', '""')
    keys_table = f'"{keys_schema}".personal_keys'
    runtime.wired["deps"] = Deps(runtime.store, postgres_facts(runtime.pool), postgres_stream_ids(runtime.pool), clock,
                                 settings.province_code,
                                 sealed_names=postgres_sealed_names(runtime.pool, keys_table))
    return runtime


def deps(runtime: Runtime) -> Deps:
    """What every handler and view is given, wired once per process in `start`."""
    return runtime.wired["deps"]

"""The composition root: concrete store, reference data, projections and handlers, wired once."""
from pathlib import Path

from contracts.topics import REGISTRY_EVENTS
from thidua_kernel.clock import Clock, SystemClock
from thidua_kernel.runtime import Runtime, start_runtime

from .adapters.admin_units import province_units, source_label
from .adapters.admin_units_2025 import reform_2025, source_label_2025
from .config import RegistrySettings
from .handlers import RegistryHandlers
from .projections import UnitDirectory

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
SCHEMA = "registry"


async def start(settings: RegistrySettings, clock: Clock | None = None) -> Runtime:
    return await start_runtime(
        settings,
        schema=SCHEMA,
        topic=REGISTRY_EVENTS,
        migrations=MIGRATIONS,
        projections=[UnitDirectory()],
        clock=clock or SystemClock(),
    )


def handlers(runtime: Runtime) -> RegistryHandlers:
    return RegistryHandlers(runtime.store, province_units, source_label, reform_2025, source_label_2025)

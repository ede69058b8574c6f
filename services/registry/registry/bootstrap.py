"""The composition root: concrete store, reference data, projections and the handlers' deps, wired once."""
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from contracts.topics import REGISTRY_EVENTS
from thidua_kernel.clock import Clock, SystemClock
from thidua_kernel.key_store import PgKeyStore
from thidua_kernel.runtime import Runtime, start_runtime

from .adapters.admin_units import province_units, source_label
from .adapters.admin_units_2025 import reform_2025, source_label_2025
from .config import RegistrySettings
from .handlers import RegistryDeps
from .handlers.deps import no_tokens
from .import_sealing import SealOnImport
from .projections import UnitDirectory

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
SCHEMA = "registry"


async def start(settings: RegistrySettings, clock: Clock | None = None) -> Runtime:
    runtime = await start_runtime(
        settings,
        schema=SCHEMA,
        topic=REGISTRY_EVENTS,
        migrations=MIGRATIONS,
        projections=[UnitDirectory()],
        clock=clock or SystemClock(),
    )
    runtime.wired["import_transform"] = SealOnImport(PgKeyStore(runtime.pool))
    return runtime


def deps(runtime: Runtime, token_claims: Callable[[str], Awaitable[dict[str, Any]]] = no_tokens) -> RegistryDeps:
    """What every command handler gets, built once per runtime."""
    wired = runtime.wired.get("registry")
    if wired is None:
        clock = runtime.clock or SystemClock()
        wired = runtime.wired["registry"] = RegistryDeps(runtime.store, province_units, source_label, reform_2025,
                                                         source_label_2025, token_claims=token_claims, now=clock.now,
                                                         keys=PgKeyStore(runtime.pool))
    return wired

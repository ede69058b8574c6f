"""What the registry's handlers need, wired once by the composition root (bootstrap.deps)."""
from collections.abc import Callable
from dataclasses import dataclass

from thidua_kernel.eventstore import EventStore

from ..adapters.admin_units import ReferenceUnit
from ..domain.reform_2025 import Reform2025


def no_reform(province_code: str) -> Reform2025 | None:
    return None


@dataclass(frozen=True)
class RegistryDeps:
    """The event store and the reference data sets (fakes in unit tests)."""

    store: EventStore
    reference_units: Callable[[str], list[ReferenceUnit]]
    reference_label: Callable[[], str]
    reform_2025: Callable[[str], Reform2025 | None] = no_reform
    reform_label: Callable[[], str] = lambda: "2025 set"

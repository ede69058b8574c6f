"""One function per command: load → decide → append (through the kernel's `execute`)."""
from collections.abc import Callable
from dataclasses import dataclass

from thidua_kernel.eventstore import EventStore

from ..adapters.admin_units import ReferenceUnit
from ..domain.reform_2025 import Reform2025
from .base import at_start_of
from .imports import ImportCommands
from .participation import ParticipationCommands
from .programme import ProgrammeCommands
from .units import UnitCommands

__all__ = ["RegistryHandlers", "at_start_of"]


def _no_reform(province_code: str) -> Reform2025 | None:
    return None


@dataclass(frozen=True)
class RegistryHandlers(UnitCommands, ImportCommands, ParticipationCommands, ProgrammeCommands):
    """Every registry command; the reference data sets are injected (fakes in unit tests)."""

    store: EventStore
    reference_units: Callable[[str], list[ReferenceUnit]]
    reference_label: Callable[[], str]
    reform_2025: Callable[[str], Reform2025 | None] = _no_reform
    reform_label: Callable[[], str] = lambda: "2025 set"

"""What every awards handler and view is given: wired once per process (bootstrap) or by a test."""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from contracts.awards import RoundDefined
from thidua_facts.read_model import FactsAt
from thidua_kernel.clock import Clock
from thidua_kernel.eventstore import EventStore
from thidua_kernel.stream_ids import StreamIds

from .adapters.presets import preset
from .personal_data import SealedNames, no_sealed_names


class FactsLoader(Protocol):
    async def __call__(self, as_of: date, known_at: datetime | None, province_code: str) -> FactsAt:
        """The shared facts (thidua_facts) effective by `as_of`, recorded by `known_at` (None: all)."""


@dataclass(frozen=True)
class Deps:
    store: EventStore
    facts: FactsLoader
    stream_ids: StreamIds
    clock: Clock
    province_code: str = "20"  # the province whose rounds these are (settings.province_code)
    preset: Callable[[str], RoundDefined | None] = field(default=preset)
    # Issue 11: individual nominees' names, unsealed with the registry's person keys at read time.
    sealed_names: SealedNames = no_sealed_names

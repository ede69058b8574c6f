"""What every reporting handler and view is given: wired once per process (bootstrap) or by a test."""
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from thidua_facts.read_model import FactsAt
from thidua_kernel.clock import Clock
from thidua_kernel.eventstore import EventStore
from thidua_kernel.stream_ids import StreamIds

if TYPE_CHECKING:
    from .report_source import Reports


class FactsLoader(Protocol):
    async def __call__(self, as_of: date, known_at: datetime | None, province_code: str,
                       assessments: bool = False) -> FactsAt:
        """The shared facts (thidua_facts) effective by `as_of`, recorded by `known_at` (None: all)."""


@dataclass(frozen=True)
class Deps:
    store: EventStore
    facts: FactsLoader
    stream_ids: StreamIds
    clock: Clock
    province_code: str = "20"  # the province whose periods these are (settings.province_code)
    reports: "Reports | None" = None  # the reports' read models and progress (exports, issuing)

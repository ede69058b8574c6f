"""What the exports and issuing read beyond the event store: the reports' read models (the pool)
and how far the projections have seen (catch_up.py). Wired once per process (bootstrap)."""
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from thidua_facts.timeframe import Timeframe
from thidua_kernel.clock import Clock
from thidua_kernel.runtime import Runtime

from .catch_up import final_known_at, seen_through
from .report_kinds import ReportKind


@dataclass(frozen=True)
class Reports:
    runtime: Runtime
    clock: Clock
    province_code: str
    margin_s: float  # settings.issue_relay_margin_s (catch_up.py)

    async def build(self, kind: ReportKind, parameters: dict[str, Any], tf: Timeframe) -> dict[str, Any]:
        return await kind.build(self.runtime.pool, self.province_code, parameters, tf)

    async def final_known_at(self, asked: datetime | None) -> datetime:
        """`asked` when the projections have seen everything recorded by it, else NotCaughtUp (503);
        None: the latest such moment."""
        return final_known_at(await seen_through(self.runtime, self.clock), asked, self.margin_s)

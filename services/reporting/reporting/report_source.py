"""What the exports and issuing read beyond the event store: the reports' read models (the pool)
and how far the projections have seen (catch_up.py). Wired once per process (bootstrap).

Rendering is CPU work of seconds for a province's report (python-docx above all: measured ~1 ms
per table cell on this machine under load): it runs in one worker thread of its own, one file at
a time, so the event loop keeps serving requests and the projections meanwhile."""
import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from thidua_facts.timeframe import Timeframe
from thidua_kernel.clock import Clock
from thidua_kernel.runtime import Runtime

from .catch_up import final_known_at, seen_through
from .report_kinds import ReportKind

if TYPE_CHECKING:
    from .deps import Deps

T = TypeVar("T")


@dataclass(frozen=True)
class Reports:
    runtime: Runtime
    clock: Clock
    province_code: str
    margin_s: float  # settings.issue_relay_margin_s (catch_up.py)
    renderer: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="reporting-render"))

    async def off_loop(self, work: Callable[..., T], *args: Any) -> T:
        """`work(*args)` (a pure rendering) in the renderer's thread."""
        return await asyncio.get_running_loop().run_in_executor(self.renderer, work, *args)

    async def build(self, deps: "Deps", kind: ReportKind, parameters: dict[str, Any], tf: Timeframe) -> dict[str, Any]:
        return await kind.build(deps, self.runtime.pool, parameters, tf)

    async def final_known_at(self, asked: datetime | None) -> datetime:
        """`asked` when the projections have seen everything recorded by it, else NotCaughtUp (503);
        None: the latest such moment."""
        return final_known_at(await seen_through(self.runtime, self.clock), asked, self.margin_s)

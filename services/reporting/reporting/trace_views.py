"""GET /reports/{kind}/trace: a figure of a report, its value, and the events behind it (issue 9).

The report is computed as the report's own endpoint computes it, at the same (as_of, known_at);
the figure is located in it by its id (domain/figures.py); the family's rule names the events
by stream position from the facts that report was computed from; the events come from the event
index and reporting's event store, only those recorded by known_at.
"""
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg

from thidua_facts.read_model import load_facts
from thidua_facts.timeframe import Timeframe
from thidua_kernel.errors import NotFound

from . import views
from .domain.trace import Family, TraceSources, locate, trace
from .domain.trace_ntm import NTM_FAMILIES
from .domain.trace_programme import PROGRAMME_FAMILIES
from .domain.trace_records import RECORDS_FAMILIES
from .programme_queries import load_programme
from .trace_events import events_of, not_found


@dataclass(frozen=True)
class ReportKind:
    families: Sequence[Family]
    report: Callable[[asyncpg.Pool, str, Timeframe], Awaitable[dict[str, Any]]]


# Each report kind the trace covers: its figure families' rules and how it is computed.
KINDS: dict[str, ReportKind] = {
    "consolidated": ReportKind((*NTM_FAMILIES, *PROGRAMME_FAMILIES, *RECORDS_FAMILIES), views.consolidated_report),
}


async def sources_of(pool: asyncpg.Pool, province_code: str, tf: Timeframe, report: dict[str, Any]) -> TraceSources:
    """The facts of (as_of, known_at) the rules read: the same rows the report was computed from,
    both reads bounded by the same known_at."""
    facts = await load_facts(pool, tf.as_of, tf.known_at, province_code)
    return TraceSources(facts, await load_programme(pool, tf.as_of, tf.known_at), province_code, report)


def _families(kind: ReportKind) -> list[str]:
    return sorted({f.pattern for f in kind.families})


async def trace_figure(pool: asyncpg.Pool, kind_name: str, figure: str, province_code: str,
                       tf: Timeframe) -> dict[str, Any]:
    kind = KINDS.get(kind_name)
    if kind is None:
        raise NotFound("R2", f"không có báo cáo loại {kind_name} để truy vết",
                       f"no report of kind {kind_name} to trace", kind=kind_name, kinds=sorted(KINDS))
    report = await kind.report(pool, province_code, tf)
    located = locate(report, figure)
    if located is None:
        raise NotFound("R2", f"báo cáo {kind_name} không có số liệu {figure}",
                       f"the {kind_name} report has no figure {figure}", figure=figure, kind=kind_name,
                       families=_families(kind))
    traced = trace(kind.families, await sources_of(pool, province_code, tf, report), located)
    if traced is None:
        raise NotFound("R2", f"chưa có quy tắc truy vết cho nhóm số liệu {located.family}",
                       f"no trace rule yet for the figure family {located.family}", figure=figure,
                       family=located.family, value=located.value, families=_families(kind))
    events = await events_of(pool, traced.refs, tf)
    return {
        "kind": kind_name, **tf.as_json(), "figure": figure, "value": located.value,
        "family": traced.family.pattern, "reading": traced.family.reading, "constant": traced.family.constant,
        "events": events, "not_indexed": not_found(traced.refs, events),
    }

"""GET /reports/{kind}/trace: a figure of a report, its value, and the events behind it (issue 9).

The report is computed as the report's own endpoint computes it, for the same question; the
figure is located in it by its id (domain/figures.py); the family's rule names the events by
stream position from the facts that report was computed from (read again for the report's own
days, bounded by the same known_at); the events come from the event index and reporting's event
store, only those recorded by known_at.
"""
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from thidua_facts.timeframe import Timeframe
from thidua_kernel.errors import InvalidInput, NotFound

from . import summary_views, views
from .thematic_report import PLANS, evaluation_day
from .deps import Deps
from .domain.figures import flatten
from .domain.trace import Family, Located, Traced, TraceSources, locate, trace
from .award_queries import load_awards
from .domain.trace_awards import AWARDS_FAMILIES
from .domain.trace_ntm import NTM_FAMILIES
from .domain.trace_programme import PROGRAMME_FAMILIES
from .domain.trace_records import RECORDS_FAMILIES
from .domain.trace_summaries import YEARLY_FAMILIES
from .domain.trace_thematic import THEMATIC_FAMILIES
from .programme_queries import load_programme
from .trace_events import Found, events_of, found_of, not_found


@dataclass(frozen=True)
class TraceQuestion:
    """What the report was asked: (as_of, known_at) for R2, a year for R3, a plan for R4."""

    timeframe: Timeframe
    year: int | None = None
    plan: str | None = None
    province_code: str | None = None  # R2 only (its endpoint's parameter); R3, R4: the service's


Compute = Callable[[Any, Deps, TraceQuestion], Awaitable[tuple[dict[str, Any], TraceSources]]]


@dataclass(frozen=True)
class ReportKind:
    families: Sequence[Family]
    compute: Compute


async def _sources(pool: Any, deps: Deps, report: dict[str, Any], known_at: Any, start: date | None = None,
                   province: str | None = None) -> TraceSources:
    """The facts of the report's as_of (and of its first day, for a span) as known at known_at."""
    as_of, province = date.fromisoformat(report["as_of"]), province or deps.province_code
    facts = await deps.facts(as_of, known_at, province, assessments=True)
    first = None if start is None else await deps.facts(start, known_at, province, assessments=True)
    return TraceSources(facts, await load_programme(pool, as_of, known_at), province, report, first)


async def _consolidated(pool: Any, deps: Deps, q: TraceQuestion) -> tuple[dict[str, Any], TraceSources]:
    province = q.province_code or deps.province_code
    report = await views.consolidated_report(pool, province, q.timeframe, deps)
    sources = await _sources(pool, deps, report, q.timeframe.known_at, province=province)
    return report, replace(sources, awards=await load_awards(pool, q.timeframe.known_at))


def _asked(value: Any, name: str, kind: str) -> Any:
    if value is None:
        raise InvalidInput("INPUT-REQUIRED", f"báo cáo {kind} cần tham số {name}", f"the {kind} report needs {name}",
                           parameter=name)
    return value


async def _yearly(pool: Any, deps: Deps, q: TraceQuestion) -> tuple[dict[str, Any], TraceSources]:
    year = _asked(q.year, "year", "yearly-summary")
    report = await summary_views.yearly_summary_report(deps, pool, year, q.timeframe.known_at)
    return report, await _sources(pool, deps, report, q.timeframe.known_at, date.fromisoformat(report["start"]))


async def _thematic(pool: Any, deps: Deps, q: TraceQuestion) -> tuple[dict[str, Any], TraceSources]:
    plan = _asked(q.plan, "plan", "thematic")
    if plan not in PLANS:
        raise InvalidInput("INPUT-VALUE", f"không có kế hoạch {plan}", f"no plan {plan}", plans=list(PLANS))
    known_at = q.timeframe.known_at
    report = await summary_views.thematic(deps, pool, plan, known_at)
    sources = await _sources(pool, deps, report, known_at)
    day = evaluation_day(report["first_year"], report["last_year"], sources.facts.as_of)
    evaluation = None if day is None else await deps.facts(day, known_at, sources.province_code, assessments=True)
    return report, replace(sources, awards=await load_awards(pool, known_at), evaluation=evaluation)


# Each report kind the trace covers (its path under /reports): its families' rules and how it is computed.
KINDS: dict[str, ReportKind] = {
    "consolidated": ReportKind((*NTM_FAMILIES, *PROGRAMME_FAMILIES, *RECORDS_FAMILIES, *AWARDS_FAMILIES),
                               _consolidated),
    "yearly-summary": ReportKind(YEARLY_FAMILIES, _yearly),
    "thematic": ReportKind(THEMATIC_FAMILIES, _thematic),
}


def _families(kind: ReportKind) -> list[str]:
    return sorted({f.pattern for f in kind.families})


def _kind(kind_name: str) -> ReportKind:
    kind = KINDS.get(kind_name)
    if kind is None:
        raise NotFound("R2", f"không có báo cáo loại {kind_name} để truy vết",
                       f"no report of kind {kind_name} to trace", kind=kind_name, kinds=sorted(KINDS))
    return kind


async def trace_figure(pool: Any, deps: Deps, kind_name: str, figure: str, question: TraceQuestion) -> dict[str, Any]:
    kind = _kind(kind_name)
    report, sources = await kind.compute(pool, deps, question)
    located = locate(report, figure)
    if located is None:
        raise NotFound("R2", f"báo cáo {kind_name} không có số liệu {figure}",
                       f"the {kind_name} report has no figure {figure}", figure=figure, kind=kind_name,
                       families=_families(kind))
    traced = trace(kind.families, sources, located)
    if traced is None:
        raise NotFound("R2", f"chưa có quy tắc truy vết cho nhóm số liệu {located.family}",
                       f"no trace rule yet for the figure family {located.family}", figure=figure,
                       family=located.family, value=located.value, families=_families(kind))
    tf = Timeframe(sources.facts.as_of, question.timeframe.known_at)
    events = await events_of(pool, traced.refs, tf)
    return {
        "kind": kind_name, **tf.as_json(), "figure": figure, "value": located.value,
        "family": traced.family.pattern, "reading": traced.family.reading, "constant": traced.family.constant,
        "events": events, "not_indexed": not_found(traced.refs, events),
    }


def _trace_all(families: Sequence[Family], report: dict[str, Any], sources: TraceSources) -> tuple[
        dict[str, tuple[Located, Traced]], list[dict[str, Any]]]:
    """Every figure of the report run through its family's rule (pure CPU work: off the event loop)."""
    traced: dict[str, tuple[Located, Traced]] = {}
    untraced = []
    for figure in flatten(report):
        located = locate(report, figure)
        found = None if located is None else trace(families, sources, located)
        if located is None or found is None:
            untraced.append({"figure": figure, "family": located.family if located else None,
                             "value": located.value if located else None})
        else:
            traced[figure] = (located, found)
    return traced, untraced


async def trace_every_figure(pool: Any, deps: Deps, kind_name: str, question: TraceQuestion) -> dict[str, Any]:
    """Every figure of the report with its family, reading and event ids, in one computation: the
    report and its facts read once, every rule run on them (in the reports' worker thread: a
    province's report has over a thousand figures), the events of all read in one transaction;
    each event given once under `events` (a province's figures share hundreds)."""
    kind = _kind(kind_name)
    report, sources = await kind.compute(pool, deps, question)
    assert deps.reports is not None  # the composition root always gives it
    traced, untraced = await deps.reports.off_loop(_trace_all, kind.families, report, sources)
    tf = Timeframe(sources.facts.as_of, question.timeframe.known_at)
    refs = sorted({r for _, t in traced.values() for r in t.refs})
    found_events: Found = await found_of(pool, refs, tf)
    figures = {figure: {"value": located.value, "family": t.family.pattern, "reading": t.family.reading,
                        "constant": t.family.constant,
                        "events": [e["event_id"] for e in found_events.of(t.refs, tf.as_of)]}
               for figure, (located, t) in traced.items()}
    named = {event_id for f in figures.values() for event_id in f["events"]}
    return {"kind": kind_name, **tf.as_json(), "figures": figures,
            "events": {e["event_id"]: e for e in found_events.events if e["event_id"] in named},
            "untraced": untraced, "not_indexed": not_found(refs, found_events.events)}

"""Traceability (issue 9): which recorded events stand behind a figure of a report. Pure.

A figure id (figures.flatten) is located in the report's JSON: the list items it passes through
(a district's row, a target's row ...) and its family, the id with each list item's segment
replaced by "*" ("districts/*/rate"). A family has one rule: a pure function of the facts the
report was computed from and of the figure's own rows, naming the events behind the figure by
their stream position (StreamRef: aggregate type, aggregate id, stream version). Which events
those are is a reading per family, written beside each rule (trace_ntm.py, trace_programme.py).
"""
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Protocol

from thidua_facts.domain.hierarchy import Hierarchy
from thidua_facts.model import (
    AssessmentFact,
    Cluster,
    ClusterFact,
    CriteriaSetFact,
    RecognitionFact,
    TargetFact,
    UnitChange,
)

# The same segments as flatten names (private there: the one definition of a figure id).
from .figures import TIMEFRAME_KEYS, distinct, escape, identity
from .awards import AwardFactsKnown
from .programme import ProgrammeAt


WHOLE_STREAM = 0  # a version no event has: every event of the stream recorded by known_at, dated by as_of


@dataclass(frozen=True, order=True)
class StreamRef:
    """One event, by its stream position: the facts carry it on every row. Reporting's own
    records (periods, submissions, inspections, proposals) are folded from its event store, whole
    streams at a time: `whole` names all the events of one that were known and had happened."""

    aggregate_type: str
    aggregate_id: str
    version: int
    through: str = ""  # a whole stream's: the day its fold read to (ISO), "" = the trace's as_of

    @classmethod
    def whole(cls, aggregate_type: str, aggregate_id: str, through: date | None = None) -> "StreamRef":
        """Every event of the stream dated by `through` (default the trace's as_of); an id ending
        in "/": of every stream whose id starts with it (a period's submissions: "submission"/"2015-H1/")."""
        return cls(aggregate_type, aggregate_id, WHOLE_STREAM, through.isoformat() if through else "")


@dataclass(frozen=True)
class Located:
    """A figure found in a report: its value, its family and the list items on its path."""

    figure: str
    family: str
    value: Any
    items: tuple[dict[str, Any], ...]  # outermost first: e.g. a cluster's row, then its member's row
    leaf: str


class Facts(Protocol):
    """What the rules read of the shared facts of one (as_of, known_at): thidua_facts' FactsAt
    (a protocol here: the read model's module also holds its SQL loader, and the domain stays pure)."""

    @property
    def as_of(self) -> date: ...
    @property
    def known_at(self) -> datetime | None: ...
    @property
    def unit_changes(self) -> tuple[UnitChange, ...]: ...
    @property
    def recognitions(self) -> tuple[RecognitionFact, ...]: ...
    @property
    def clusters(self) -> tuple[ClusterFact, ...]: ...
    @property
    def assessments(self) -> Mapping[tuple[str, int], AssessmentFact]: ...
    def hierarchy(self, day: date | None = None) -> Hierarchy: ...
    def set_in_force(self) -> CriteriaSetFact | None: ...
    def criteria_met(self) -> set[tuple[str, int]]: ...
    def clusters_in_force(self) -> list[Cluster]: ...
    def known_targets(self) -> list[TargetFact]: ...


@dataclass(frozen=True)
class TraceSources:
    """What a report was computed from, at its (as_of, known_at)."""

    facts: Facts
    programme: ProgrammeAt
    province_code: str
    report: dict[str, Any]
    start: Facts | None = None  # a report over a span (R3, R4): the facts of its first day
    awards: AwardFactsKnown = field(default_factory=AwardFactsKnown)  # R2, R4: the award facts known at K
    evaluation: Facts | None = None  # R4 2011-2015: the facts of 31 Dec 2012 with their assessments (R5)


Rule = Callable[[TraceSources, Located], list[StreamRef]]


@dataclass(frozen=True)
class Family:
    pattern: str  # segments; "*" one list item or key, "a|b" one of these keys
    reading: str
    rule: Rule
    constant: bool = False  # a figure of the plan or of the code, not of any recorded event
    # A figure that is another section's figure (R5's findings): traced there, by that section's family.
    section: Callable[[TraceSources, "Located"], "Traced | None"] | None = None

    def matches(self, family: str) -> bool:
        """Segment by segment; a last segment "**" takes one or more segments."""
        want, got = self.pattern.split("/"), family.split("/")
        if want[-1] == "**" and len(got) >= len(want):
            want, got = want[:-1], got[:len(want) - 1]
        return len(want) == len(got) and all(w == "*" or g in w.split("|") for w, g in zip(want, got))


@dataclass(frozen=True)
class Traced:
    family: Family
    refs: list[StreamRef] = field(default_factory=list)


def locate(report: dict[str, Any], figure: str) -> Located | None:
    """The figure in the report, walked as figures.flatten names it, or None when it has no such figure."""
    node: Any = report
    items: list[dict[str, Any]] = []
    family: list[str] = []
    segments = figure.split("/")
    if segments[0] in TIMEFRAME_KEYS:
        return None
    for segment in segments:
        if isinstance(node, dict):
            by_key = {escape(str(k)): v for k, v in node.items()}
            if segment not in by_key:
                return None
            node = by_key[segment]
            family.append(segment)
        elif isinstance(node, list):
            named = [identity(item, index) for index, item in enumerate(node)]
            by_segment = {seg: (item, used) for seg, (_, used), item in zip(distinct(named), named, node)}
            if segment not in by_segment:
                return None
            node, used = by_segment[segment]
            if isinstance(node, dict):
                items.append(node)
                node = {k: v for k, v in node.items() if k not in used}  # its id, not figures of it
            family.append("*")
        else:
            return None
    if isinstance(node, (dict, list)):
        return None
    return Located(figure, "/".join(family), node, tuple(items), segments[-1])


def trace(families: Sequence[Family], sources: TraceSources, located: Located) -> Traced | None:
    """The events behind a located figure, by the first family that matches (None: no rule yet)."""
    for family in families:
        if family.matches(located.family):
            if family.section is not None:
                return _in_section(family, family.section(sources, located))
            return Traced(family, sorted(set(family.rule(sources, located))))
    return None


def _in_section(family: Family, inner: "Traced | None") -> "Traced | None":
    """Traced as the section's figure: its events, its reading after this family's, its constancy
    (None when the section's figure has no rule: the gap is the section's, and is said)."""
    if inner is None:
        return None
    return Traced(replace(family, reading=f"{family.reading}; there, {inner.family.pattern}: {inner.family.reading}",
                          constant=inner.family.constant), inner.refs)


def within(prefix: str, families: Sequence[Family]) -> tuple[Family, ...]:
    """Another report's families under `prefix` of this one (R4's `results` is R2's shape): each
    rule reads the part of the report under the prefix, as its own report."""
    def under(rule: Rule) -> Rule:
        return lambda s, at: rule(replace(s, report=s.report[prefix]), at)

    return tuple(replace(f, pattern=f"{prefix}/{f.pattern}", rule=under(f.rule)) for f in families)


def constant(_: TraceSources, __: Located) -> list[StreamRef]:
    """A figure of the plan itself (a minimum, a quota) or of the code: no event stands behind it."""
    return []

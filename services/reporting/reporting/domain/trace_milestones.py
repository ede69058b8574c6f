"""The trace rules of the R5 milestones' findings in the thematic report (thematic_milestones.py). Pure.

Reading: a milestone's finding is a section the report already has, computed on the milestone's
own day (`as_of`: its date, or the report's as_of when earlier), so each of its figures is traced
as the same figure of that section by that section's rule, on the facts and programme of that
day: the launch's registrations and province pilots (R2's), the pilot evaluation (R2's pilots, on
the facts of 31 Dec 2012 with their assessments), the roll-out's yearly points (the trend's points
of the same years) and its districts' reports (their periods' streams), a summary's results,
targets and year report (R2's and R1's) with its xã recognised in the plan (R3's recognitions
since the plan's start), phase 2's rate and recognitions (R3's, since 1 Jan 2016) and the sets in
force at its two ends. `status` stands on the events of the findings it is decided on (e.g. a
summary on the province's xã that day, the roll-out on its recognitions and submitted reports);
`not_yet` and the day are decided by dates alone (the question's, no event).
"""
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .figures import flatten
from .trace import Family, Located, StreamRef, Traced, TraceSources, constant, locate, trace
from .trace_ntm import NTM_FAMILIES
from .trace_programme import PROGRAMME_FAMILIES
from .trace_records import PERIOD
from .trace_refs import criteria_set_refs
from .trace_summaries import PLAN_FAMILIES, YEARLY_FAMILIES, judged_on, period_refs

PREFIX = 3  # "milestones", its code, "facts"


@dataclass(frozen=True)
class Finding:
    """A milestone's finding as a section of its own: the sources of its day, the section's report,
    the figure's id in it, and the families that trace it."""

    sources: TraceSources
    report: dict[str, Any]
    figure: str
    families: tuple[Family, ...]


def _on(s: TraceSources, day: date) -> TraceSources:
    """The report's sources read on an earlier day (the latest assessments are as_of's: dropped)."""
    return replace(s, facts=replace(s.facts, as_of=day, assessments={}),  # type: ignore[type-var]
                   programme=replace(s.programme, as_of=day))


def _spanning(s: TraceSources, day: date) -> TraceSources:
    """On the day, with the facts of the plan's first day as the span's start (R3's shape)."""
    start = date.fromisoformat(s.report["start"])
    return replace(_on(s, day), start=_on(s, start).facts)


def _launch(s: TraceSources, day: date, facts: dict[str, Any], rest: list[str]) -> Finding:
    report = {"movement_registrations": facts["movement_registrations"],
              "pilots": {"province_pilots": facts["province_pilots"]}}
    path = ["pilots", *rest] if rest[0] == "province_pilots" else rest
    return Finding(_on(s, day), report, "/".join(path), PROGRAMME_FAMILIES)


def _pilot_evaluation(s: TraceSources, day: date, facts: dict[str, Any], rest: list[str]) -> Finding:
    on_day = _on(s, day)
    if s.evaluation is not None:
        on_day = replace(on_day, facts=s.evaluation)
    return Finding(on_day, {"pilots": facts}, "/".join(["pilots", *rest]), PROGRAMME_FAMILIES)


def _rollout_report(s: TraceSources, at: Located) -> list[StreamRef]:
    return period_refs(s, at.items[-1]["period_code"], at.items[0]["code"])


ROLLOUT = (Family("rollout/districts/*/reports/*/*", "R1: the period's opening and the district's submission steps"
                  " to the day the period is judged on", _rollout_report),)


def _rollout(s: TraceSources, day: date, facts: dict[str, Any], rest: list[str]) -> Finding:
    if rest[0] == "province":
        path = ["trend", "province", "years", *rest[1:]]
    elif len(rest) > 2 and rest[2] == "reports":
        path = ["rollout", *rest]
    else:
        path = ["trend", *rest]
    return Finding(s, {**s.report, "rollout": facts}, "/".join(path), (*PLAN_FAMILIES, *ROLLOUT))


def _year_report_row(s: TraceSources, at: Located) -> list[StreamRef]:
    return period_refs(s, s.report["year_report"]["period_code"], at.items[-1]["unit_code"])


def _year_report(s: TraceSources, _: Located) -> list[StreamRef]:
    found = s.report["year_report"]
    return [] if found is None else period_refs(s, found["period_code"])


SUMMARY = (
    Family("year_report/late_units|missing_units/*/*", "R1: the period's opening and the unit's submission steps",
           _year_report_row),
    Family("year_report/**", "R1: the period's opening and every submission step of the period", _year_report),
    Family("year_report", "R1: no period of the year known at known_at: nothing", _year_report),
)


def _summary(s: TraceSources, day: date, facts: dict[str, Any], rest: list[str]) -> Finding:
    report = {"start": s.report["start"], **{k: facts[k] for k in ("province", "districts", "targets", "year_report")},
              "recognitions": {"recognised": facts["recognised_in_plan"]}}
    path = ["recognitions", "recognised", *rest[1:]] if rest[0] == "recognised_in_plan" else rest
    return Finding(_spanning(s, day), report, "/".join(path), (*NTM_FAMILIES, *YEARLY_FAMILIES, *SUMMARY))


def _set_at(s: TraceSources, at: Located) -> list[StreamRef]:
    facts = s.start if at.family.split("/")[1] == "start" and s.start is not None else s.facts
    return criteria_set_refs(facts)


def _opening(s: TraceSources, at: Located) -> list[StreamRef]:
    return [StreamRef.whole(PERIOD, at.value, judged_on(s))]


PHASE2 = (
    Family("criteria_sets/start|end/*", "P2: the publication of the set in force at that end", _set_at),
    Family("criteria_sets/start|end", "P2: no set in force at that end: nothing", _set_at),
    Family("periods/*", "R1: the period's opening", _opening),
)


def _phase2(s: TraceSources, day: date, facts: dict[str, Any], rest: list[str]) -> Finding:
    report = {"start": s.report["start"], "rates": {"province": facts["province"]},
              "recognitions": facts["recognitions"], "criteria_sets": facts["criteria_sets"],
              "periods": facts["periods"]}
    path = ["rates", *rest] if rest[0] == "province" else rest
    return Finding(_spanning(s, day), report, "/".join(path), (*YEARLY_FAMILIES, *PHASE2))


View = Callable[[TraceSources, date, dict[str, Any], list[str]], Finding]
VIEWS: dict[str, View] = {"2011-launch": _launch, "2012-pilot-evaluation": _pilot_evaluation,
                          "2013-2015-rollout": _rollout, "2015-summary": _summary, "2016-2020-phase2": _phase2,
                          "2020-final-summary": _summary}
# The findings `status` is decided on (thematic_milestones.BUILDERS), by their path in `facts`.
DECIDING: dict[str, Callable[[list[str]], bool]] = {
    "2011-launch": lambda p: p[0] in ("movement_registrations", "province_pilots"),
    "2012-pilot-evaluation": lambda p: p[0] == "province_pilots" or p[2:3] == ["pilot_communes"],
    "2013-2015-rollout": lambda p: (p[0] == "province" and p[2:] == ["change", "recognised"])
    or (p[2:3] == ["reports"] and p[-1] == "submitted"),
    "2015-summary": lambda p: p == ["province", "communes"],
    "2016-2020-phase2": lambda p: p[0] in ("recognitions", "criteria_sets"),
    "2020-final-summary": lambda p: p == ["province", "communes"],
}


def finding(s: TraceSources, at: Located) -> tuple[Finding, Located | None]:
    """The finding's figure located in its own section (None: that section has no such figure)."""
    row = at.items[0]
    rest = at.figure.split("/")[PREFIX:]
    found = VIEWS[row["code"]](s, date.fromisoformat(row["as_of"]), row["facts"], rest)
    found = replace(found, sources=replace(found.sources, report=found.report))  # the rules read the section
    return found, locate(found.report, found.figure)


def in_section(s: TraceSources, at: Located) -> Traced | None:
    """A finding's figure traced as its section's figure (None: the section has no rule for it)."""
    found, located = finding(s, at)
    return None if located is None else trace(found.families, found.sources, located)


def _finding(s: TraceSources, at: Located) -> list[StreamRef]:
    traced = in_section(s, at)
    return [] if traced is None else traced.refs


def _status(s: TraceSources, at: Located) -> list[StreamRef]:
    row = at.items[0]
    if row["facts"] is None:
        return []
    head = at.figure.rsplit("/", 1)[0]
    deciding = [f"{head}/facts/{figure}" for figure in flatten(row["facts"])
                if DECIDING[row["code"]](figure.split("/"))]
    return [r for figure in deciding if (located := locate(s.report, figure)) for r in _finding(s, located)]


MILESTONE_FAMILIES = (
    Family("milestones/*/as_of", "R5: the milestone's date, or the report's as_of when earlier (null: not yet), a"
           " figure of the question", constant, True),
    Family("milestones/*/facts", "R5: not yet (its date after as_of): no finding", constant, True),
    Family("milestones/*/status", "R5: the events of the findings it is decided on (not_yet: dates alone)", _status),
    Family("milestones/*/facts/**", "R5: the finding's figure traced as the same figure of its own section (R2's"
           " pilots, results and targets, R3's rates and recognitions since the plan's start, the trend's points,"
           " R1's periods) on the milestone's day", _finding, section=in_section),
)

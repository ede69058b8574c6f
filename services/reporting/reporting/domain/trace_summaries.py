"""The trace rules of the yearly summary (R3) and of the five-year thematic reports (R4, R5). Pure.
Where these reports repeat the consolidated report's shapes (targets, pilots, results, R6, R7),
its families serve; the rest is here. A figure of a span stands on the events of the days it
compares: a rate at the start on the rate's events that day, at the end on those at as_of, a
change on both; criteria gained or lost on the latest assessments at both ends of the (xã,
criterion) pairs that changed, and the set in force at each end. The periods of R3 and R4 are
judged on the day known_at falls on in Vietnam (summary_views.periods_of_years), not at as_of: their
streams are read to that day (a year's reports come after it ends)."""
from datetime import date

from thidua_facts.timeframe import VIETNAM

from .trace import Facts, Family, Located, StreamRef, TraceSources, constant, within
from .trace_ntm import NTM_FAMILIES
from .trace_programme import PROGRAMME_FAMILIES, plan_row, pledge_row
from .trace_records import PERIOD, RECORDS_FAMILIES, SUBMISSION
from .trace_refs import assessment_refs, criteria_set_refs, rate_refs, recognition_refs, unit_refs

QUESTION = "the question's own span (year or plan, known_at), not a recorded fact"


def _day(at: Located, key: str = "as_of") -> date:
    return date.fromisoformat(at.items[-1][key])


def _start(s: TraceSources) -> date:
    return date.fromisoformat(s.report["start"])


def _unit_code(s: TraceSources, at: Located) -> str:
    """The district of a district's row (its line's first item), else the province."""
    return at.items[0]["code"] if at.family.split("/")[1] == "districts" else s.province_code


def _rates_at(s: TraceSources, code: str, ends: str) -> list[StreamRef]:
    days = {"start": [_start(s)], "end": [s.facts.as_of], "change": [_start(s), s.facts.as_of]}[ends]
    return [r for day in days for r in rate_refs(s.facts, code, day)]


def _span_rate(s: TraceSources, at: Located) -> list[StreamRef]:
    segments = at.family.split("/")
    return _rates_at(s, _unit_code(s, at), segments[-2])


def _unit(s: TraceSources, at: Located) -> list[StreamRef]:
    return unit_refs(s.facts, [_unit_code(s, at)])


def _recognition(s: TraceSources, at: Located) -> list[StreamRef]:
    code = at.items[-1]["code"]
    return [*recognition_refs(s.facts, [code], _start(s)), *recognition_refs(s.facts, [code]),
            *unit_refs(s.facts, [code])]


def _changed_pairs(s: TraceSources, start: Facts) -> tuple[set[tuple[str, int]], set[tuple[str, int]]]:
    xa = {u.code for u in s.facts.hierarchy().province_rural_communes(s.province_code)}
    before, after = start.criteria_met(), s.facts.criteria_met()
    return {m for m in after - before if m[0] in xa}, {m for m in before - after if m[0] in xa}


def _criteria_change(s: TraceSources, at: Located) -> list[StreamRef]:
    if s.start is None:
        return []
    gained, lost = _changed_pairs(s, s.start)
    pairs = {"gained": gained, "lost": lost}[at.leaf]
    if at.items and "criterion" in at.items[-1] and "code" not in at.items[-1]:
        pairs = {p for p in pairs if p[1] == at.items[-1]["criterion"]}
    elif at.items:
        hierarchy, district = s.facts.hierarchy(), at.items[-1]["code"]
        pairs = {p for p in pairs if getattr(hierarchy.state(p[0]), "parent_code", None) == district}
    return [*criteria_set_refs(s.facts), *criteria_set_refs(s.start),
            *(r for facts in (s.facts, s.start) for c, n in sorted(pairs) for r in assessment_refs(facts, [c], [n]))]


def judged_on(s: TraceSources) -> date:
    """The day the periods of R3 and R4 are judged on: known_at's in Vietnam (as_of without one)."""
    known_at = s.facts.known_at
    return s.facts.as_of if known_at is None else known_at.astimezone(VIETNAM).date()


def period_refs(s: TraceSources, code: str, unit: str = "") -> list[StreamRef]:
    """The period's opening and its submission steps (a unit's, or every unit's) to the judging day."""
    day = judged_on(s)
    return [StreamRef.whole(PERIOD, code, day), StreamRef.whole(SUBMISSION, f"{code}/{unit}", day)]


def _period_all(s: TraceSources, at: Located) -> list[StreamRef]:
    return period_refs(s, at.items[0]["period_code"])


def _period_unit(s: TraceSources, at: Located) -> list[StreamRef]:
    return period_refs(s, at.items[0]["period_code"], at.items[-1]["unit_code"])


def _trend_point(s: TraceSources, at: Located) -> list[StreamRef]:
    return rate_refs(s.facts, _unit_code(s, at), _day(at))


def _line(s: TraceSources, at: Located) -> dict:
    """The trend line the figure is on: a district's row, or the province's."""
    return at.items[0] if at.family.split("/")[1] == "districts" else s.report["trend"]["province"]


def _trend_start(s: TraceSources, at: Located) -> list[StreamRef]:
    return rate_refs(s.facts, _unit_code(s, at), date.fromisoformat(_line(s, at)["start"]["as_of"]))


def _trend_change(s: TraceSources, at: Located) -> list[StreamRef]:
    line = _line(s, at)
    days = [date.fromisoformat(line["start"]["as_of"]), *(date.fromisoformat(p["as_of"]) for p in line["years"])]
    i = [p["year"] for p in line["years"]].index(at.items[-1]["year"])
    return [r for day in days[i:i + 2] for r in rate_refs(s.facts, _unit_code(s, at), day)]


JUDGED = "dated by the day known_at falls on in Vietnam (the day the period is judged on)"
PERIODIC = (
    Family("periodic_reports/*/as_of", "R1: the day the period is judged on (known_at's, in Vietnam), a figure of"
           " the question", constant, True),
    *(Family(f"periodic_reports/*/{units}/*/*", f"R1: the period's opening and the unit's submission steps {JUDGED}",
             _period_unit) for units in ("units", "late_units", "missing_units")),
    Family("periodic_reports/*/**", f"R1: the period's opening and every submission step of the period {JUDGED}",
           _period_all),
)
SPAN_RATE = "P5: the rate's events at the start, at the end, or both for a change"

YEARLY_FAMILIES = (
    Family("year|start|year_over", QUESTION, constant, True),
    Family("rates/province/code|name", "U8: the province's changes", _unit),
    Family("rates/province/start|end|change/*", SPAN_RATE, _span_rate),
    Family("rates/districts/*/name", "U8: the district's changes", _unit),
    Family("rates/districts/*/start|end|change/*", SPAN_RATE, _span_rate),
    Family("recognitions/recognised|revoked/*/*", "P4: the commune's deciding recognition fact at the start and at"
           " the end, and its changes", _recognition),
    Family("criteria/criteria_set/*", "P2: the publication of the set in force at the end",
           lambda s, _: criteria_set_refs(s.facts)),
    Family("criteria/gained|lost", "P3: the latest assessments at both ends of the pairs that changed, and the"
           " sets in force", _criteria_change),
    Family("criteria/by_district/*/gained|lost", "P3: as criteria/gained, for the district's xã", _criteria_change),
    Family("criteria/by_criterion/*/gained|lost", "P3: as criteria/gained, for the criterion", _criteria_change),
    Family("pledges/*/*", "U6: the pledge, the supporter's registration and the supported unit's changes",
           pledge_row),
    Family("plans/*/*", "U7: the deadline in force, the submission counted and the owner's record", plan_row),
    *PERIODIC, *NTM_FAMILIES, *PROGRAMME_FAMILIES, *RECORDS_FAMILIES,
)

# R4's own figures but the milestones' findings and the awards (trace_thematic.THEMATIC_FAMILIES).
PLAN_FAMILIES = (
    Family("plan|first_year|last_year|start|plan_over", QUESTION, constant, True),
    *within("results", NTM_FAMILIES),
    Family("trend/province/code|name", "U8: the province's changes", _unit),
    Family("trend/districts/*/name", "U8: the district's changes", _unit),
    *(family for line in ("trend/province", "trend/districts/*") for family in (
        Family(f"{line}/start/*", "P5: the rate's events on the plan's first day", _trend_start),
        Family(f"{line}/years/*/as_of|communes|recognised|rate", "P5: the rate's events on the point's day",
               _trend_point),
        Family(f"{line}/years/*/change/*", "P5: the rate's events on the point's day and the one before",
               _trend_change))),
    Family("milestones/*/code|title_vi|from|date", "R5: the plan's own timeline (section VI), not a recorded fact",
           constant, True),
)

"""The trace rules of the R2 section on nominations and awards (A8-A11), read from the awards topic.
Pure. Stream: "award_round"/<round code>, which carries the round's definition (RoundDefined) and
every step of its nominations; the award facts keep each step's stream version.

Readings: a round's own figures stand on its definition known at known_at (the latest, the one
shown); a nomination's (and an award's) on the steps that fold into where it stands at as_of:
its steps known at known_at, in stream order, up to the first dated after as_of (A11 dates each
step no earlier than the one before: nothing later had happened by then), from its latest
submission on (a nomination withdrawn or rejected and submitted again starts again); a count
stands on the steps of every nomination it counts. "as_of" is the awards section's own day where
it gives one (R4's: the day known_at falls on in Vietnam, plan_awards.py), else the report's.
"""
from datetime import date

from thidua_facts.model import visible

from .awards import rounds_known
from .trace import Family, Located, StreamRef, TraceSources

ROUND = "award_round"


def round_refs(s: TraceSources, code: str) -> list[StreamRef]:
    found = rounds_known(s.awards.rounds, s.facts.known_at).get(code)
    return [] if found is None else [StreamRef(ROUND, code, found.stream_version)]


def section_day(s: TraceSources) -> date:
    """The day the awards section stands at: its own `as_of` (R4), else the report's."""
    day = s.report["awards"].get("as_of")
    return s.facts.as_of if day is None else date.fromisoformat(day)


def nomination_refs(s: TraceSources, round_code: str, nomination_id: str) -> list[StreamRef]:
    """The steps that fold into the nomination's standing at the section's day (see the readings)."""
    day = section_day(s)
    steps = sorted((x for x in s.awards.steps if (x.round_code, x.nomination_id) == (round_code, nomination_id)
                    and visible(x.recorded_at, s.facts.known_at)),
                   key=lambda x: x.stream_version)
    folded = []
    for step in steps:
        if step.on_day > day:
            break
        folded = [step] if step.step == "submitted" else [*folded, step]
    return [StreamRef(ROUND, round_code, x.stream_version) for x in folded]


def _round_code(at: Located) -> str:
    return at.items[0]["code"]


def _round(s: TraceSources, at: Located) -> list[StreamRef]:
    return round_refs(s, _round_code(at))


def _counted(s: TraceSources, rounds: list[dict], status: str, kind: str | None = None) -> list[StreamRef]:
    return [r for row in rounds for n in row["nominations"] if n["status"] == status and kind in (None, n["award_kind"])
            for r in [*round_refs(s, row["code"]), *nomination_refs(s, row["code"], n["nomination_id"])]]


def _round_count(s: TraceSources, at: Located) -> list[StreamRef]:
    return [*_round(s, at), *_counted(s, [at.items[0]], at.leaf)]


def _kind_count(s: TraceSources, at: Located) -> list[StreamRef]:
    return [*_round(s, at), *_counted(s, [at.items[0]], at.leaf, at.items[1]["code"])]


def _nomination(s: TraceSources, at: Located) -> list[StreamRef]:
    return [*_round(s, at), *nomination_refs(s, _round_code(at), at.items[1]["nomination_id"])]


def _all_counted(s: TraceSources, at: Located) -> list[StreamRef]:
    return _counted(s, s.report["awards"]["rounds"], at.leaf)


AWARDS_FAMILIES = (
    Family("awards/rounds/*/*", "A8-A10: the round's definition known at known_at", _round),
    Family("awards/rounds/*/counts/*", "A11: the round's definition and the steps of every nomination counted",
           _round_count),
    Family("awards/rounds/*/by_kind/*/*", "A10: the round's definition (its award kinds)", _round),
    Family("awards/rounds/*/by_kind/*/counts/*", "A11: the round's definition and the steps of every nomination of"
           " the kind counted", _kind_count),
    Family("awards/rounds/*/nominations/*/*", "A11: the round's definition and the nomination's steps that fold into"
           " its standing at as_of, from its latest submission", _nomination),
    Family("awards/rounds/*/awards/*/*", "A11: the round's definition and the nomination's steps up to its decision"
           " and conferral by as_of", _nomination),
    Family("awards/counts/*", "A11: the steps of every nomination counted, in every round", _all_counted),
)

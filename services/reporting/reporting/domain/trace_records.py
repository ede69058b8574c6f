"""The trace rules of the R2 sections built from reporting's own records: periodic reporting (R1),
inspections (R6) and proposals (R7). Pure. These records are folded from reporting's event store
stream by stream, so a figure stands on whole streams (StreamRef.whole): every event of the
stream recorded by known_at and dated by as_of, the ones the fold read.

Streams: "reporting_period"/<code> (PeriodOpened), "submission"/<period>/<unit> (drafts,
submissions, returns, approvals, revisions), "inspection"/<code>, "proposal"/<code>.
"""
from .trace import Family, Located, StreamRef, TraceSources, constant
from .trace_programme import participant_refs
from .trace_refs import unit_refs

PERIOD, SUBMISSION, INSPECTION, PROPOSAL = "reporting_period", "submission", "inspection", "proposal"


def _period(s: TraceSources, at: Located) -> list[StreamRef]:
    return [StreamRef.whole(PERIOD, at.items[0]["period_code"])]


def _period_totals(s: TraceSources, at: Located) -> list[StreamRef]:
    row = at.items[0]
    return [*_period(s, at), *(StreamRef.whole(SUBMISSION, f"{row['period_code']}/{u['unit_code']}")
                               for u in row["units"])]


def _period_unit(s: TraceSources, at: Located) -> list[StreamRef]:
    return [*_period(s, at), StreamRef.whole(SUBMISSION, f"{at.items[0]['period_code']}/{at.items[-1]['unit_code']}")]


def _inspection(s: TraceSources, at: Located) -> list[StreamRef]:
    row = at.items[0]
    return [StreamRef.whole(INSPECTION, row["code"]), *unit_refs(s.facts, [row["unit_code"]])]


def _overdue(s: TraceSources, _: Located) -> list[StreamRef]:
    return [StreamRef.whole(INSPECTION, i["code"]) for i in s.report["inspections"]["inspections"]
            if i["overdue_actions"]]


def _overdue_action(s: TraceSources, at: Located) -> list[StreamRef]:
    """An overdue action listed on its own (R3's list): its inspection's steps and the visited unit."""
    row = at.items[0]
    return [StreamRef.whole(INSPECTION, row["inspection_code"]), *unit_refs(s.facts, [row["unit_code"]])]


def _proposal(s: TraceSources, at: Located) -> list[StreamRef]:
    row = at.items[0]
    code = row["proposer_code"]
    return [StreamRef.whole(PROPOSAL, row["code"]), *unit_refs(s.facts, [code]), *participant_refs(s, code)]


def _proposal_count(s: TraceSources, at: Located) -> list[StreamRef]:
    return [StreamRef.whole(PROPOSAL, p["code"]) for p in s.report["proposals"]["proposals"]
            if p["status"] == at.leaf]


OWN_STEPS = "the period's opening and"
RECORDS_FAMILIES = (
    Family("periodic_reporting/periods/*/*", "R1: the period's opening (its terms, who owes)", _period),
    Family("periodic_reporting/periods/*/province/*", f"R1: {OWN_STEPS} every owing unit's submission steps",
           _period_totals),
    Family("periodic_reporting/periods/*/by_kind/*/*", f"R1: {OWN_STEPS} every owing unit's submission steps",
           _period_totals),
    *(Family(f"periodic_reporting/periods/*/{units}/*/*", f"R1: {OWN_STEPS} the unit's submission steps (drafts,"
             " submissions, returns, approvals, revisions) dated by as_of", _period_unit)
      for units in ("units", "late_units", "missing_units")),
    Family("inspections/year", "R6: the year of as_of, a figure of the question", constant, True),
    Family("inspections/overdue_actions", "R6: the steps of every inspection listed with an action overdue",
           _overdue),
    Family("inspections/overdue_actions/*/*", "R6: an overdue action listed (R3): its inspection's record and actions"
           " marked done by as_of, and the visited unit's changes", _overdue_action),
    *(Family("inspections/inspections/*" + "/*" * depth, "R6: the inspection's record and its actions marked done"
             " by as_of, and the visited unit's changes", _inspection) for depth in (1, 2, 3)),
    Family("proposals/year", "R7: the year of as_of, a figure of the question", constant, True),
    Family("proposals/counts/*", "R7: the record and answer of every proposal listed with that status",
           _proposal_count),
    *(Family("proposals/proposals/*" + "/*" * depth, "R7: the proposal's record and its answer by as_of, and the"
             " proposer's record", _proposal) for depth in (1, 2)),
)

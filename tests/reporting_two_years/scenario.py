"""Two years of six-monthly reporting (2014-H1 … 2015-H2), each owing unit given a fate per period
by rotation, and the answers computed here from the fates' days alone (the oracle), not by the
service's code."""
from dataclasses import dataclass
from datetime import date, timedelta

GRACE = 5
PERIODS = (  # code, kind body, due
    ("2014-H1", {"kind": "half_year", "year": 2014, "half": 1}, date(2014, 7, 15)),
    ("2014-H2", {"kind": "half_year", "year": 2014, "half": 2}, date(2015, 1, 15)),
    ("2015-H1", {"kind": "half_year", "year": 2015, "half": 1}, date(2015, 7, 15)),
    ("2015-H2", {"kind": "half_year", "year": 2015, "half": 2}, date(2016, 1, 15)),
)
# Each fate: its steps as (command, days after the due date).
FATES = {
    "on_time": (("save-draft", -5), ("submit-report", -3), ("approve-submission", -1)),
    "in_grace": (("save-draft", 1), ("submit-report", 3)),
    "late": (("save-draft", 9), ("submit-report", 10)),
    "returned": (("save-draft", -6), ("submit-report", -5), ("return-submission", -4), ("save-draft", 7),
                 ("submit-report", 8), ("approve-submission", 9)),
    "revised": (("save-draft", -4), ("submit-report", -2), ("approve-submission", -1), ("revise", 15),
                ("submit-report", 16)),
    "missing": (),
}
DAY_FIELD = {"save-draft": "drafted_on", "revise": "drafted_on", "submit-report": "submitted_on",
             "return-submission": "returned_on", "approve-submission": "approved_on"}


@dataclass(frozen=True)
class Step:
    period: str
    unit: str
    command: str
    day: date


def fate_of(units: list[str], unit: str, period_index: int) -> str:
    names = list(FATES)
    return names[(units.index(unit) + period_index) % len(names)]


def steps(units: list[str]) -> list[Step]:
    """Every command of the two years, in the order of their days (as the board records them)."""
    found = []
    for index, (code, _, due) in enumerate(PERIODS):
        for unit in units:
            for command, offset in FATES[fate_of(units, unit, index)]:
                found.append(Step(code, unit, command, due + timedelta(days=offset)))
    return sorted(found, key=lambda s: (s.day, s.period, s.unit))


def counted_from(unit_steps: list[Step], as_of: date) -> date | None:
    """The oracle: submitted = the latest submission after the latest return (none of the fates
    returns an approved report), among the steps dated by as_of."""
    counted = None
    for step in unit_steps:
        if step.day > as_of:
            continue
        if step.command == "submit-report" and counted is None:
            counted = step.day
        elif step.command == "return-submission":
            counted = None
    return counted


def expected(units: list[str], kinds: dict[str, str], period_index: int, as_of: date) -> dict:
    code, _, due = PERIODS[period_index]
    deadline = due + timedelta(days=GRACE)
    all_steps = [s for s in steps(units) if s.period == code]
    rows = {}
    for unit in units:
        day = counted_from([s for s in all_steps if s.unit == unit], as_of)
        rows[unit] = (day is not None, day is not None and day <= deadline)

    def rates(members: list[str]) -> dict:
        submitted = sum(rows[u][0] for u in members)
        on_time = sum(rows[u][1] for u in members)
        return {"owed": len(members), "submitted": submitted, "on_time": on_time,
                "completeness_pct": round(100 * submitted / len(members), 1),
                "timeliness_pct": round(100 * on_time / len(members), 1)}

    return {
        "province": rates(units),
        "by_kind": {kind: rates([u for u in units if kinds[u] == kind]) for kind in sorted(set(kinds.values()))},
        "missing_units": sorted(u for u in units if not rows[u][0]),
        "late_units": sorted(u for u in units if (rows[u][0] and not rows[u][1]) or (not rows[u][0] and as_of > deadline)),
    }


def funds(units: list[str], unit: str, offset: int) -> int:
    """The funds a draft reports: told apart by unit and by the draft's day, so a total says which
    drafts were added."""
    return (units.index(unit) + 1) * 1_000_000 + 100 + offset


def expected_totals(units: list[str], period_index: int, as_of: date) -> dict:
    """The reports standing at as_of: the approved revision (its latest draft before the approval),
    else the one under review (submitted, not returned); a revision after approval is never
    approved in these fates, so never counts."""
    code, _, due = PERIODS[period_index]
    total = counted = approved = 0
    for unit in units:
        mine = [s for s in steps(units) if s.period == code and s.unit == unit and s.day <= as_of]
        approval = [s for s in mine if s.command == "approve-submission"]
        if approval:
            draft = [s for s in mine if s.command == "save-draft" and s.day <= approval[-1].day][-1]
            approved += 1
        elif counted_from(mine, as_of) is not None:
            draft = [s for s in mine if s.command == "save-draft"][-1]
        else:
            continue
        counted += 1
        total += funds(units, unit, (draft.day - due).days)
    return {"units": counted, "approved_units": approved,
            "funds_mobilised_vnd": {"total": total, "blank": 0}, "model_examples": {"total": 0, "blank": counted}}

"""R1/R2 totals of a period's reports (domain/totals.py): what counts at a date, blanks."""
from contracts.reporting import SubmissionFigures
from reporting.domain.submissions import SubmissionState, fold
from reporting.domain.totals import reported_totals


def drafted(revision: int, day: str, **figures) -> tuple[str, dict]:
    return ("SubmissionDrafted", {"period_code": "2015", "unit_code": "U", "revision": revision,
                                  "figures": SubmissionFigures(**figures).model_dump(), "narrative": "n",
                                  "drafted_on": day, "warnings": []})


def step(kind: str, field: str, revision: int, day: str, **extra) -> tuple[str, dict]:
    return (kind, {"period_code": "2015", "unit_code": "U", "revision": revision, field: day, **extra})


def state(unit: str, *events) -> SubmissionState:
    return fold("2015", unit, list(events))


def test_approved_revision_stands_until_the_next_is_approved_and_drafts_count_nothing():
    a = state("A", drafted(1, "2016-01-05", funds_mobilised_vnd=100, model_examples=2),
              step("SubmissionSubmitted", "submitted_on", 1, "2016-01-06"),
              step("SubmissionApproved", "approved_on", 1, "2016-01-07"),
              drafted(2, "2016-02-01", funds_mobilised_vnd=900, model_examples=3),
              step("SubmissionSubmitted", "submitted_on", 2, "2016-02-02"))
    b = state("B", drafted(1, "2016-01-05", funds_mobilised_vnd=50),
              step("SubmissionSubmitted", "submitted_on", 1, "2016-01-06"))
    c = state("C", drafted(1, "2016-01-05", funds_mobilised_vnd=7))
    d = state("D", drafted(1, "2016-01-05", funds_mobilised_vnd=7),
              step("SubmissionSubmitted", "submitted_on", 1, "2016-01-06"),
              step("SubmissionReturned", "returned_on", 1, "2016-01-08", reasons="r"))
    totals = reported_totals({"A": a, "B": b, "C": c, "D": d, "E": SubmissionState("2015", "E")},
                             {"A": "district", "B": "department", "C": "district", "D": "district"})
    assert totals["province"]["funds_mobilised_vnd"] == {"total": 150, "blank": 0}
    assert totals["province"]["model_examples"] == {"total": 2, "blank": 1}
    assert (totals["province"]["units"], totals["province"]["approved_units"]) == (2, 1)
    assert totals["by_kind"]["district"]["funds_mobilised_vnd"]["total"] == 100
    assert [(r["unit_code"], r["revision"], r["approved"]) for r in totals["units"]] == [("A", 1, True), ("B", 1, False)]


def test_a_second_revision_counts_once_approved():
    a = state("A", drafted(1, "2016-01-05", funds_mobilised_vnd=100),
              step("SubmissionSubmitted", "submitted_on", 1, "2016-01-06"),
              step("SubmissionApproved", "approved_on", 1, "2016-01-07"),
              drafted(2, "2016-02-01", funds_mobilised_vnd=900),
              step("SubmissionSubmitted", "submitted_on", 2, "2016-02-02"),
              step("SubmissionApproved", "approved_on", 2, "2016-02-03"))
    assert reported_totals({"A": a}, {"A": "district"})["province"]["funds_mobilised_vnd"]["total"] == 900

"""R1, pure: who owes a report, a period's terms, a submission's steps and revisions, validation
warnings with their figures, completeness and timeliness with the grace period."""
from datetime import date

import pytest

from contracts.reporting import SubmissionFigures
from thidua_kernel.errors import DomainRefusal

from reporting.domain.completeness import completeness, reported_on
from reporting.domain.periods import decide_open, reporters
from reporting.domain.submissions import decide_approve, decide_draft, decide_return, decide_submit, fold
from reporting.domain.validation import RecordedFigures, validate

PARTICIPANTS = [("SNN", "department", "20"), ("SGT", "department", None), ("HND", "mass_organisation", "20"),
                ("HND-180", "mass_organisation", "180"), ("MTTQ", "fatherland_front", "20"),
                ("CC", "subordinate_unit", "SNN"), ("DN", "enterprise", None), ("OUT", "department", "21")]
OWING = reporters(PARTICIPANTS, ["180", "181"], "20")
FIG = SubmissionFigures(communes_assessed=10, criteria_gained=5, communes_recognised=2)


def opened(due=date(2015, 7, 15), grace=5):
    return decide_open(None, "half_year", 2015, 1, due, grace, date(2015, 1, 5), OWING)


def test_who_owes_departments_province_organisations_and_districts():
    assert [(r.code, r.kind) for r in OWING] == [
        ("180", "district"), ("181", "district"), ("HND", "mass_organisation"), ("MTTQ", "fatherland_front"),
        ("SGT", "department"), ("SNN", "department")]


def test_a_period_opened_with_its_dates_once():
    period = opened()
    assert (period.code, period.starts_on, period.ends_on) == ("2015-H1", date(2015, 1, 1), date(2015, 6, 30))
    assert decide_open(period, "half_year", 2015, 1, date(2015, 7, 15), 5, date(2015, 2, 1), OWING) is None
    with pytest.raises(DomainRefusal) as other_terms:
        decide_open(period, "half_year", 2015, 1, date(2015, 7, 20), 5, date(2015, 1, 5), OWING)
    assert other_terms.value.rule == "R1" and other_terms.value.figures["due_on"] == "2015-07-15"
    with pytest.raises(DomainRefusal) as early:
        decide_open(None, "year", 2015, None, date(2015, 12, 1), 0, date(2015, 1, 5), OWING)
    assert early.value.figures["ends_on"] == "2015-12-31"
    with pytest.raises(DomainRefusal):
        decide_open(None, "half_year", 2015, None, date(2015, 12, 31), 0, date(2015, 1, 5), OWING)


def steps(*events):
    return fold("2015-H1", "180", [(type(e).__name__, e.model_dump(mode="json")) for e in events])


def test_draft_submit_return_approve_and_a_new_revision():
    s0 = steps()
    d1 = decide_draft(s0, FIG, "Báo cáo", date(2015, 7, 1), False, [])
    s1 = steps(d1)
    assert decide_draft(s1, FIG, "Báo cáo", date(2015, 7, 2), False, []) is None  # the same draft again
    sub = decide_submit(s1, date(2015, 7, 3))
    s2 = steps(d1, sub)
    with pytest.raises(DomainRefusal, match="awaits the board"):
        decide_draft(s2, FIG, "Sửa", date(2015, 7, 4), False, [])
    ret = decide_return(s2, date(2015, 7, 5), "Thiếu số liệu")
    d1b = decide_draft(steps(d1, sub, ret), FIG, "Đã sửa", date(2015, 7, 6), False, [])
    assert d1b.revision == 1
    sub2 = decide_submit(steps(d1, sub, ret, d1b), date(2015, 7, 7))
    ok = decide_approve(steps(d1, sub, ret, d1b, sub2), date(2015, 7, 8))
    approved = steps(d1, sub, ret, d1b, sub2, ok)
    with pytest.raises(DomainRefusal, match="approved and locked") as locked:
        decide_draft(approved, FIG, "Đổi", date(2015, 8, 1), False, [])
    assert locked.value.figures["revision"] == 1 and locked.value.figures["status"] == "approved"
    d2 = decide_draft(approved, FIG, "Đổi", date(2015, 8, 1), True, [])
    later = steps(d1, sub, ret, d1b, sub2, ok, d2)
    assert d2.revision == 2 and [r.status for r in later.revisions] == ["approved", "draft"]
    assert later.revisions[0].narrative == "Đã sửa"  # the earlier revision stays readable
    with pytest.raises(DomainRefusal, match="no new revision before approval"):
        decide_draft(later, FIG, "x", date(2015, 8, 2), True, [])
    with pytest.raises(DomainRefusal, match="only a submitted one"):
        decide_approve(later, date(2015, 8, 3))


def test_warnings_show_the_figures():
    inside = validate(SubmissionFigures(communes_assessed=2, communes_recognised=3, criteria_gained=50), None)
    assert [w.figures.get("at_most", w.figures.get("communes_recognised")) for w in inside] == [3, 38]
    against = validate(FIG, RecordedFigures(communes=12, recognised_in_period=1, criteria_gained=5, criteria_lost=0))
    assert [(w.figures["figure"], w.figures["reported"], w.figures["recorded"]) for w in against] == [
        ("communes_recognised", 2, 1)]
    assert "chênh 1" in against[0].message_vi and validate(FIG, None) == []


def test_completeness_and_timeliness_with_the_grace_period():
    period = opened()  # due 15/07, grace 5 days: on time until 20/07
    s = date
    history = {
        "180": [("SubmissionSubmitted", s(2015, 7, 10)), ("SubmissionApproved", s(2015, 7, 12))],
        "181": [("SubmissionSubmitted", s(2015, 7, 18))],  # within the grace period
        "SNN": [("SubmissionSubmitted", s(2015, 7, 10)), ("SubmissionReturned", s(2015, 7, 12)),
                ("SubmissionSubmitted", s(2015, 7, 25))],  # returned, resubmitted late
        "SGT": [("SubmissionSubmitted", s(2015, 7, 10)), ("SubmissionReturned", s(2015, 7, 12))],
        "HND": [("SubmissionSubmitted", s(2015, 8, 1))],
    }
    at = s(2015, 7, 31)
    result = completeness(period, {r.code: r.kind for r in OWING},
                          {u: reported_on(h, at) for u, h in history.items()}, at)
    assert result["province"] == {"owed": 6, "submitted": 3, "on_time": 2, "completeness_pct": 50.0,
                                  "timeliness_pct": 33.3}
    assert result["by_kind"]["district"]["on_time"] == 2 and result["by_kind"]["department"]["submitted"] == 1
    assert result["missing_units"] == ["HND", "MTTQ", "SGT"]
    assert result["late_units"] == ["HND", "MTTQ", "SGT", "SNN"]
    before = completeness(period, {}, {u: reported_on(h, s(2015, 7, 11)) for u, h in history.items()}, s(2015, 7, 11))
    assert before["province"]["submitted"] == 3 and before["late_units"] == [] and not before["overdue"]

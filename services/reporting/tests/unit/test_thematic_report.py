"""R4 and R5 on the hand-worked province of reporting/testing_summary.py: every figure checked
against an answer the test works out from the recorded history (fractions of recognised xã)."""
from datetime import date, datetime, timedelta
from fractions import Fraction

import pytest

from contracts.reporting import PeriodOpened
from thidua_kernel.errors import DomainRefusal

from reporting.domain.completeness import completeness
from reporting.domain.yearly import window
from reporting.testing import LATE_PILOT, VN, programme_at, programme_events
from reporting.testing_summary import CORRECTION, PROVINCE, facts_at
from reporting.thematic_report import PLANS, thematic_report

NOW = datetime(2026, 1, 1, 9, tzinfo=VN)
YEAR_2014 = PeriodOpened(code="2014", kind="year", year=2014, starts_on=date(2014, 1, 1), ends_on=date(2014, 12, 31),
                         due_on=date(2015, 1, 15), grace_days=5, opened_on=date(2014, 12, 1),
                         expected_units=["180", "181"])


def thematic(plan: str, known_at: datetime, periods: list | None = None) -> dict:
    first, last = PLANS[plan]
    span = window(first, last, known_at, "R4")
    pilots = facts_at(date(2012, 12, 31), known_at) if first == 2011 and span.as_of >= date(2012, 12, 31) else None
    return thematic_report(plan, span, facts_at(span.as_of, known_at, assessments=False), pilots,
                           programme_at(programme_events(), span.as_of, known_at), PROVINCE, periods or [])


def line(row: dict) -> list[tuple]:
    return [(p["year"], p["recognised"], p["communes"], p["rate"], p["change"]["recognised"], p["change"]["rate"])
            for p in row["years"]]


def expected(start: tuple[int, int], counts: list[tuple[int, int, int]]) -> list[tuple]:
    """(year, recognised, xã) → the line, each change worked out from the exact fractions."""
    rows, (before, of) = [], start
    for year, recognised, communes in counts:
        change = Fraction(recognised, communes) - Fraction(before, of)
        rows.append((year, recognised, communes, recognised / communes, recognised - before, float(change)))
        before, of = recognised, communes
    return rows


def test_first_plan_each_districts_rate_year_by_year():
    report = thematic("2011-2015", NOW)
    assert (report["as_of"], report["start"], report["plan_over"]) == ("2015-12-31", "2011-01-01", True)
    trend = {d["code"]: d for d in report["trend"]["districts"]}
    # 180 (a, b, c): a recognised in 2012, b in 2013; 181 (d, e): d recognised in 2014, revoked in 2015.
    assert trend["180"]["start"] == {"as_of": "2011-01-01", "communes": 3, "recognised": 0, "rate": 0.0}
    assert line(trend["180"]) == [(2011, 0, 3, 0.0, 0, 0.0), (2012, 1, 3, 1 / 3, 1, 1 / 3),
                                  (2013, 2, 3, 2 / 3, 1, float(Fraction(2, 3) - Fraction(1, 3))),
                                  (2014, 2, 3, 2 / 3, 0, 0.0), (2015, 2, 3, 2 / 3, 0, 0.0)]
    assert line(trend["181"]) == expected((0, 2), [(2011, 0, 2), (2012, 0, 2), (2013, 0, 2), (2014, 1, 2),
                                                           (2015, 0, 2)])
    assert line(report["trend"]["province"]) == expected((0, 5), [(2011, 0, 5), (2012, 1, 5), (2013, 2, 5),
                                                                          (2014, 3, 5), (2015, 2, 5)])
    assert [p["as_of"] for p in trend["181"]["years"]] == [f"{y}-12-31" for y in range(2011, 2016)]


def test_first_plan_results_at_its_end():
    results = thematic("2011-2015", NOW)["results"]
    assert (results["province"]["recognised"], results["province"]["communes"]) == (2, 5)
    assert [(d["code"], d["rate"], d["rank"], d["cluster"]["code"]) for d in results["districts"]] == [
        ("180", 2 / 3, 1, "border"), ("181", 0.0, 2, "inland")]
    assert [(c["code"], c["recognised"], c["communes"]) for c in results["clusters"]] == [
        ("border", 2, 3), ("inland", 0, 2)]
    assert [(t["unit_code"], t["year"], t["met"]) for t in results["targets"]] == [("181", 2015, False),
                                                                                  ("20", 2015, True)]


def test_first_plan_milestones_say_what_the_facts_say():
    report = thematic("2011-2015", NOW, [completeness(YEAR_2014, {"180": "district", "181": "district"},
                                                      {"180": date(2015, 1, 10), "181": None}, date(2015, 12, 31))
                                         | {"kind": "year", "year": 2014}])
    by_code = {m["code"]: m for m in report["milestones"]}
    assert list(by_code) == ["2011-launch", "2012-pilot-evaluation", "2013-2015-rollout", "2015-summary"]
    assert {m["status"] for m in by_code.values()} == {"recorded"}
    launch = by_code["2011-launch"]["facts"]
    # OUT registered the same day but belongs to another province; SNN registered only in 2012.
    assert [r["unit_code"] for r in launch["movement_registrations"]] == ["180"]
    assert [p["code"] for p in launch["province_pilots"]] == ["180", "a", "e"]
    pilots = by_code["2012-pilot-evaluation"]["facts"]
    # On 31 Dec 2012: a meets 19 and is recognised (20 Nov), e meets 1-10, b 1-5, c none.
    assert [(c["code"], c["criteria_met"], c["recognised"]) for c in pilots["province_pilot_communes"]] == [
        ("a", 19, True), ("e", 10, False)]
    assert [(d["code"], [(c["code"], c["criteria_met"]) for c in d["pilot_communes"]], d["below_minimum"])
            for d in pilots["districts"]] == [("180", [("b", 5), ("c", 0)], False), ("181", [("d", 0)], True)]
    rollout = {d["code"]: d for d in by_code["2013-2015-rollout"]["facts"]["districts"]}
    assert [p["year"] for p in rollout["181"]["years"]] == [2013, 2014, 2015]
    assert rollout["180"]["reports"] == [{"period_code": "2014", "submitted": True, "reported_on": "2015-01-10",
                                          "on_time": True}]
    assert rollout["181"]["reports"][0]["submitted"] is False
    summary = by_code["2015-summary"]["facts"]
    assert [(r["code"], r["decision_number"]) for r in summary["recognised_in_plan"]] == [
        ("a", "01/QĐ-UBND"), ("b", "02/QĐ-UBND")]  # d's recognition was revoked before the end
    assert (summary["province"]["recognised"], summary["year_report"]) == (2, None)
    assert report["periodic_reports"][0]["missing_units"] == ["181"]


def test_pilot_evaluation_as_known_before_the_late_pilot_was_entered():
    known_at = LATE_PILOT - timedelta(days=1)
    report = thematic("2011-2015", known_at)
    assert (report["as_of"], report["plan_over"]) == ("2013-02-28", False)
    by_code = {m["code"]: m for m in report["milestones"]}
    assert [(d["code"], d["count"], d["below_minimum"]) for d in by_code["2012-pilot-evaluation"]["facts"]["districts"]
            ] == [("180", 1, True), ("181", 1, True)]
    assert (by_code["2015-summary"]["status"], by_code["2015-summary"]["facts"]) == ("not_yet", None)
    assert by_code["2013-2015-rollout"]["as_of"] == "2013-02-28"
    assert [p["year"] for p in report["trend"]["province"]["years"]] == [2011, 2012, 2013]


def test_second_plan_with_the_merger_and_a_late_recognition():
    report = thematic("2016-2020", NOW)
    trend = {d["code"]: d for d in report["trend"]["districts"]}
    assert trend["180"]["start"]["rate"] == 2 / 3
    assert line(trend["180"]) == expected((2, 3), [(2016, 2, 3), (2017, 3, 3), (2018, 3, 3), (2019, 3, 3),
                                                           (2020, 3, 3)])
    # e merged into d on 1 Jan 2020: 181 has one xã in 2020 (the change in xã leaves recognised's change 0).
    assert [(p["year"], p["communes"], p["change"]["recognised"]) for p in trend["181"]["years"]][-2:] == [
        (2019, 2, 0), (2020, 1, 0)]
    province = report["trend"]["province"]
    assert province["years"][-1]["rate"] == 3 / 4 and province["years"][-1]["change"]["rate"] == float(
        Fraction(3, 4) - Fraction(3, 5))
    by_code = {m["code"]: m for m in report["milestones"]}
    phase2 = by_code["2016-2020-phase2"]["facts"]
    assert phase2["province"]["change"] == {"recognised": 1, "rate": float(Fraction(3, 4) - Fraction(2, 5))}
    assert [(r["code"], r["decision_number"]) for r in phase2["recognitions"]["recognised"]] == [("c", "05/QĐ-UBND")]
    assert (phase2["criteria_sets"]["start"]["set_id"], phase2["criteria_sets"]["end"]["set_id"]) == ("2009", "2016")
    final = by_code["2020-final-summary"]["facts"]
    assert [(t["unit_code"], t["year"], t["actual_rate"], t["met"]) for t in final["targets"]] == [
        ("20", 2020, 0.75, True)]


def test_second_plan_as_known_before_the_correction_is_reproduced():
    before = CORRECTION.replace(month=1)
    report = thematic("2016-2020", before)
    assert (report["as_of"], report["plan_over"]) == ("2019-01-01", False)
    assert line({"years": report["trend"]["districts"][0]["years"]})[1][:3] == (2017, 2, 3)
    assert {m["code"]: m["status"] for m in report["milestones"]} == {"2016-2020-phase2": "recorded",
                                                                       "2020-final-summary": "not_yet"}
    assert thematic("2016-2020", before) == report  # a pure function of (plan, known_at)


def test_a_plan_not_begun_is_refused_with_its_rule():
    with pytest.raises(DomainRefusal) as refused:
        window(2016, 2020, datetime(2015, 12, 31, 23, tzinfo=VN), "R4")
    assert refused.value.rule == "R4" and refused.value.figures["first_year"] == 2016
    # 2015-12-31T17:30Z is already 1 Jan 2016 in Vietnam.
    assert window(2016, 2020, datetime.fromisoformat("2015-12-31T17:30:00+00:00"), "R4").as_of == date(2016, 1, 1)

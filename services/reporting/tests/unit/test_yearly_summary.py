"""R3 on the hand-worked province of reporting/testing_summary.py: the year's rates and their
change, the decisions of the year, criteria gained and lost, targets, pilots and the programme
facts of the year, each checked against an answer worked out from the recorded history."""
from datetime import date, datetime
from fractions import Fraction

import pytest

from thidua_kernel.errors import DomainRefusal

from reporting.domain.yearly import window
from reporting.testing import VN, programme_at, programme_events
from reporting.testing_summary import CORRECTION, PROVINCE, facts_at
from reporting.yearly_report import yearly_summary

NOW = datetime(2026, 1, 1, 9, tzinfo=VN)
PERIODS = [{"period_code": "2013", "province": {"owed": 2}}]
INSPECTIONS = {"as_of": "x", "inspections": [{"code": "KT-1"}], "overdue_actions": []}
PROPOSALS = {"as_of": "x", "proposals": [], "counts": {"open": 0}}


def summary(year: int, known_at: datetime = NOW) -> dict:
    span = window(year, year, known_at, "R3")
    return yearly_summary(year, span, facts_at(span.start, known_at), facts_at(span.as_of, known_at),
                          programme_at(programme_events(), span.as_of, known_at), PROVINCE, PERIODS, INSPECTIONS,
                          PROPOSALS)


def figures(row: dict) -> tuple:
    return (row["start"]["recognised"], row["start"]["communes"], row["end"]["recognised"], row["end"]["communes"],
            row["change"]["recognised"], row["change"]["rate"])


def test_2013_rates_at_the_start_and_end_and_the_change():
    report = summary(2013)
    assert (report["as_of"], report["start"], report["year_over"]) == ("2013-12-31", "2013-01-01", True)
    rates = report["rates"]
    assert figures(rates["province"]) == (1, 5, 2, 5, 1, float(Fraction(2, 5) - Fraction(1, 5)))
    assert [(d["code"], figures(d)) for d in rates["districts"]] == [
        ("180", (1, 3, 2, 3, 1, float(Fraction(2, 3) - Fraction(1, 3)))), ("181", (0, 2, 0, 2, 0, 0.0))]
    assert report["recognitions"] == {"recognised": [{
        "code": "b", "name": "Xã Đề Thám", "district_code": "180", "effective_date": "2013-06-10",
        "decision_number": "02/QĐ-UBND"}], "revoked": []}


def test_2013_criteria_gained_and_lost_by_the_communes():
    criteria = summary(2013)["criteria"]
    # b gains 6..19 (it met 1-5 before); e loses criterion 3; a keeps its 19.
    gained, lost = 19 - 5, 1
    assert (criteria["gained"], criteria["lost"]) == (gained, lost)
    assert criteria["criteria_set"]["set_id"] == "2009"
    assert criteria["by_district"] == [{"code": "180", "gained": gained, "lost": 0},
                                       {"code": "181", "gained": 0, "lost": lost}]
    by_criterion = {c["criterion"]: (c["gained"], c["lost"]) for c in criteria["by_criterion"]}
    assert by_criterion == {n: (int(n >= 6), int(n == 3)) for n in range(1, 20)}


def test_2016_the_new_criteria_set_counts_the_old_ones_as_lost():
    criteria = summary(2016)["criteria"]
    # On 31 Dec 2016 the 2016 set is in force and nothing was assessed under it: every criterion met
    # under the 2009 set at the start (a 19, b 19, e 9) is lost.
    assert (criteria["criteria_set"]["set_id"], criteria["gained"], criteria["lost"]) == ("2016", 0, 19 + 19 + 9)


def test_2015_revocation_targets_and_the_years_own_programme_facts():
    report = summary(2015)
    assert report["recognitions"]["revoked"] == [{
        "code": "d", "name": "Xã Hoàng Văn Thụ", "district_code": "181", "effective_date": "2015-03-01",
        "decision_number": "04/QĐ-UBND"}]
    assert [(t["unit_code"], t["year"], t["recognised"], t["communes"], t["met"]) for t in report["targets"]] == [
        ("181", 2015, 0, 2, False), ("20", 2015, 2, 5, Fraction(2, 5) >= Fraction(1, 5))]
    assert (report["pledges"], report["movement_registrations"], report["plans"]) == ([], [], [])
    assert report["periodic_reports"] == PERIODS
    assert report["inspections"] == {"inspections": [{"code": "KT-1"}], "overdue_actions": []}


def test_2012_programme_facts_of_the_year_only():
    report = summary(2012)
    # SGT's pledge is of 2013, the others of 1 Jan 2012 (OUT, of another province, pledges to 180: listed,
    # as in R2). 180 registered in 2011, SNN in 2012.
    assert [(p["supporter_code"], p["supported_code"]) for p in report["pledges"]] == [
        ("CC", "a"), ("CC", "t"), ("OUT", "180"), ("SNN", "180"), ("TT", "d"), ("TT", "e")]
    assert [r["unit_code"] for r in report["movement_registrations"]] == ["SNN"]
    assert [p["plan_code"] for p in report["plans"]] == ["DA-SNN", "QH-180", "QH-181", "KH-SGT"]  # by due date
    assert [(c["code"], c["criteria_met"]) for c in report["pilots"]["province_pilot_communes"]] == [
        ("a", 19), ("e", 10)]


def test_a_year_not_over_is_read_on_the_day_of_known_at_and_reproduced():
    known_at = CORRECTION.replace(year=2017, month=7)
    report = summary(2017, known_at)
    assert (report["as_of"], report["year_over"]) == ("2017-07-01", False)
    assert report["recognitions"]["recognised"] == []  # c's May decision was entered only in 2019
    assert [r["code"] for r in summary(2017)["recognitions"]["recognised"]] == ["c"]
    assert summary(2017, known_at) == report


def test_a_year_not_begun_is_refused():
    with pytest.raises(DomainRefusal) as refused:
        summary(2027)
    assert refused.value.rule == "R3" and refused.value.status_code == 422
    assert window(2025, 2025, NOW, "R3").as_of == date(2025, 12, 31)

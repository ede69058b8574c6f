"""The trace rules of the yearly summary (R3) and the thematic reports (R4), pure, on the hand-worked
province of reporting/testing_summary.py: a span's rates stand on both ends, a trend point on its
day, criteria gained on the assessments at both ends; every figure of both reports has a rule but
the milestones' findings, which say they have none yet."""
from datetime import date, datetime

from reporting.domain.figures import flatten
from reporting.domain.trace import StreamRef, TraceSources, locate, trace
from reporting.domain.trace_summaries import THEMATIC_FAMILIES, YEARLY_FAMILIES
from reporting.domain.yearly import window
from reporting.testing import VN, programme_at, programme_events
from reporting.testing_summary import PROVINCE, facts_at
from reporting.thematic_report import PLANS, thematic_report
from reporting.yearly_report import yearly_summary

NOW = datetime(2026, 1, 1, 9, tzinfo=VN)
INSPECTIONS = {"inspections": [], "overdue_actions": 0}
PROPOSALS = {"proposals": [], "counts": {"open": 0}}
PERIODS = [{"period_code": "2013", "province": {"owed": 2}, "units": [{"unit_code": "180", "submitted": True}],
            "late_units": ["181"], "totals": {"province": {"communes_assessed": {"total": 5}}}}]


def yearly(year: int) -> TraceSources:
    span = window(year, year, NOW, "R3")
    start, end = facts_at(span.start, NOW), facts_at(span.as_of, NOW)
    programme = programme_at(programme_events(), span.as_of, NOW)
    report = yearly_summary(year, span, start, end, programme, PROVINCE, PERIODS, INSPECTIONS, PROPOSALS)
    return TraceSources(end, programme, PROVINCE, report, start)


def thematic(plan: str) -> TraceSources:
    first, last = PLANS[plan]
    span = window(first, last, NOW, "R4")
    end, programme = facts_at(span.as_of, NOW), programme_at(programme_events(), span.as_of, NOW)
    pilots = facts_at(date(2012, 12, 31), NOW) if first == 2011 else None
    report = thematic_report(plan, span, facts_at(span.as_of, NOW, assessments=False), pilots, programme, PROVINCE,
                             [])
    return TraceSources(end, programme, PROVINCE, report)


def refs(s: TraceSources, families, figure: str) -> list[StreamRef]:
    located = locate(s.report, figure)
    assert located is not None, figure
    traced = trace(families, s, located)
    assert traced is not None, located.family
    return traced.refs


def progress(code: str, version: int) -> StreamRef:
    return StreamRef("commune_progress", code, version)


def test_a_change_over_the_year_stands_on_the_rate_at_both_ends():
    s = yearly(2015)  # d (181) recognised 2014-09-01 (v1), revoked 2015-03-01 (v2)
    assert progress("d", 1) in refs(s, YEARLY_FAMILIES, "rates/districts/181/start/recognised")
    assert progress("d", 2) not in refs(s, YEARLY_FAMILIES, "rates/districts/181/start/recognised")
    assert refs(s, YEARLY_FAMILIES, "rates/districts/181/end/rate").count(progress("d", 2)) == 1
    change = refs(s, YEARLY_FAMILIES, "rates/districts/181/change/recognised")
    assert {progress("d", 1), progress("d", 2)} <= set(change) and progress("a", 1) not in change
    assert {progress("d", 1), progress("d", 2)} <= set(refs(s, YEARLY_FAMILIES, "recognitions/revoked/d/decision_number"))


def test_criteria_gained_stand_on_the_assessments_that_changed():
    s = yearly(2013)  # b meets 6-19 from 2013-05-01 (v2); e loses criterion 3 on 2013-08-01 (v2)
    gained = refs(s, YEARLY_FAMILIES, "criteria/gained")
    assert progress("b", 2) in gained and progress("e", 2) not in gained
    lost = refs(s, YEARLY_FAMILIES, "criteria/by_criterion/3/lost")
    assert set(lost) == {progress("e", 1), progress("e", 2), StreamRef("criteria_set", "2009", 1)}
    assert refs(s, YEARLY_FAMILIES, "criteria/by_district/180/lost") == [StreamRef("criteria_set", "2009", 1)]


def test_a_periods_figures_stand_on_its_opening_and_its_submissions():
    s, period = yearly(2013), StreamRef.whole("reporting_period", "2013")
    assert refs(s, YEARLY_FAMILIES, "periodic_reports/2013/units/180/submitted") == [
        period, StreamRef.whole("submission", "2013/180")]
    every = [period, StreamRef.whole("submission", "2013/")]  # every stream of the period's submissions
    assert refs(s, YEARLY_FAMILIES, "periodic_reports/2013/late_units/#0") == every
    assert refs(s, YEARLY_FAMILIES, "periodic_reports/2013/totals/province/communes_assessed/total") == every


def test_a_trend_point_stands_on_the_rate_of_its_day():
    s = thematic("2011-2015")
    assert progress("b", 1) not in refs(s, THEMATIC_FAMILIES, "trend/districts/180/years/2012/recognised")
    assert progress("b", 1) in refs(s, THEMATIC_FAMILIES, "trend/districts/180/years/2013/change/recognised")
    assert progress("a", 1) in refs(s, THEMATIC_FAMILIES, "trend/province/years/2012/rate")
    assert progress("d", 2) in refs(s, THEMATIC_FAMILIES, "results/districts/181/rate")


def test_every_figure_of_both_reports_has_a_rule_but_the_milestones_findings():
    for s, families in ((yearly(2013), YEARLY_FAMILIES), (yearly(2020), YEARLY_FAMILIES),
                        (thematic("2011-2015"), THEMATIC_FAMILIES), (thematic("2016-2020"), THEMATIC_FAMILIES)):
        without = set()
        for figure in flatten(s.report):
            located = locate(s.report, figure)
            assert located is not None, figure
            if trace(families, s, located) is None:
                without.add(located.family.split("/")[0] + "/" + located.family.split("/")[2])
        assert without <= {"milestones/as_of", "milestones/status", "milestones/facts"}, without

"""The trace rules of the yearly summary (R3) and the thematic reports (R4), pure, on the hand-worked
province of reporting/testing_summary.py: a span's rates stand on both ends, a trend point on its
day, criteria gained on the assessments at both ends; every figure of both reports has a rule
(the milestones' findings in test_trace_milestones.py)."""
from dataclasses import replace
from datetime import datetime

from reporting.award_testing import award_events, award_facts
from reporting.domain.figures import flatten
from reporting.domain.trace import StreamRef, TraceSources, locate, trace
from reporting.domain.trace_summaries import YEARLY_FAMILIES
from reporting.domain.trace_thematic import THEMATIC_FAMILIES
from reporting.domain.yearly import window
from reporting.testing import VN, programme_at, programme_events
from reporting.testing_summary import PROVINCE, facts_at
from reporting.plan_awards import plan_awards
from reporting.thematic_report import PLANS, evaluation_day, thematic_report
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


def thematic(plan: str, known_at: datetime = NOW) -> TraceSources:
    first, last = PLANS[plan]
    span = window(first, last, known_at, "R4")
    end, programme = facts_at(span.as_of, known_at), programme_at(programme_events(), span.as_of, known_at)
    day = evaluation_day(first, last, span.as_of)
    pilots = None if day is None else facts_at(day, known_at)
    report = thematic_report(plan, span, facts_at(span.as_of, known_at, assessments=False), pilots, programme, PROVINCE,
                             [])
    return TraceSources(end, programme, PROVINCE, report, evaluation=pilots)


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
    # Read to the day known_at falls on in Vietnam: the day the period is judged on, after the year.
    s, judged = yearly(2013), NOW.date()
    period = StreamRef.whole("reporting_period", "2013", judged)
    assert refs(s, YEARLY_FAMILIES, "periodic_reports/2013/units/180/submitted") == [
        period, StreamRef.whole("submission", "2013/180", judged)]
    every = [period, StreamRef.whole("submission", "2013/", judged)]  # every stream of the period's submissions
    assert refs(s, YEARLY_FAMILIES, "periodic_reports/2013/late_units/#0") == every
    assert refs(s, YEARLY_FAMILIES, "periodic_reports/2013/totals/province/communes_assessed/total") == every


def test_a_trend_point_stands_on_the_rate_of_its_day():
    s = thematic("2011-2015")
    assert progress("b", 1) not in refs(s, THEMATIC_FAMILIES, "trend/districts/180/years/2012/recognised")
    assert progress("b", 1) in refs(s, THEMATIC_FAMILIES, "trend/districts/180/years/2013/change/recognised")
    assert progress("a", 1) in refs(s, THEMATIC_FAMILIES, "trend/province/years/2012/rate")
    assert progress("d", 2) in refs(s, THEMATIC_FAMILIES, "results/districts/181/rate")


def test_every_figure_of_both_reports_has_a_rule():
    for s, families in ((yearly(2013), YEARLY_FAMILIES), (yearly(2020), YEARLY_FAMILIES),
                        (thematic("2011-2015"), THEMATIC_FAMILIES), (thematic("2016-2020"), THEMATIC_FAMILIES),
                        (thematic("2011-2015", datetime(2013, 7, 1, 9, tzinfo=VN)), THEMATIC_FAMILIES)):
        without = set()
        for figure in flatten(s.report):
            located = locate(s.report, figure)
            assert located is not None, figure
            if trace(families, s, located) is None:
                without.add(located.family)
        assert without == set(), without


def milestone(s: TraceSources, code: str, finding: str) -> list[StreamRef]:
    return refs(s, THEMATIC_FAMILIES, f"milestones/{code}/facts/{finding}")


def test_the_launch_and_the_pilot_evaluation_stand_on_their_designations_on_their_day():
    s = thematic("2011-2015")
    registration = milestone(s, "2011-launch", "movement_registrations/180/registered_on")
    assert StreamRef("movement", "180", 1) in registration
    pilot = milestone(s, "2011-launch", "province_pilots/a/effective_from")
    assert [r for r in pilot if r.aggregate_type == "pilot"] == [StreamRef("pilot", "province:a", 1)]
    # On 31 Dec 2012, e meets criteria 1-10 (assessed 2012-06-30, v1); it loses criterion 3 only on
    # 2013-08-01 (v2): its standing that day, on the assessments of that day, not the report's as_of.
    standing = milestone(s, "2012-pilot-evaluation", "province_pilot_communes/e/criteria_met")
    assert {StreamRef("pilot", "province:e", 1), StreamRef("criteria_set", "2009", 1), progress("e", 1)} <= set(
        standing) and progress("e", 2) not in standing
    status = refs(s, THEMATIC_FAMILIES, "milestones/2011-launch/status")
    assert set(registration) | set(pilot) <= set(status)


def test_the_rollout_is_the_trend_of_its_years_and_a_summary_the_results_of_its_day():
    s = thematic("2011-2015")
    assert milestone(s, "2013-2015-rollout", "province/2015/change/recognised") == refs(
        s, THEMATIC_FAMILIES, "trend/province/years/2015/change/recognised")
    assert progress("d", 2) in refs(s, THEMATIC_FAMILIES, "milestones/2013-2015-rollout/status")
    # d revoked 2015-03-01 (v2): the 2015 summary's district 181 stands on the revocation.
    assert progress("d", 2) in milestone(s, "2015-summary", "districts/181/recognised")
    recognised = milestone(s, "2015-summary", "recognised_in_plan/a/decision_number")
    assert progress("a", 1) in recognised and progress("b", 1) not in recognised
    assert milestone(s, "2015-summary", "year_report") == []  # no period of 2015 opened


def test_phase_two_stands_on_the_sets_at_both_ends_and_the_recognitions_of_the_phase():
    s = thematic("2016-2020")
    assert milestone(s, "2016-2020-phase2", "criteria_sets/start/set_id") == [StreamRef("criteria_set", "2009", 1)]
    assert milestone(s, "2016-2020-phase2", "criteria_sets/end/set_id") == [StreamRef("criteria_set", "2016", 1)]
    assert [r for r in milestone(s, "2016-2020-phase2", "recognitions/recognised/c/effective_date")
            if r.aggregate_id == "c" and r.aggregate_type == "commune_progress"]
    status = set(refs(s, THEMATIC_FAMILIES, "milestones/2016-2020-phase2/status"))
    assert {StreamRef("criteria_set", "2009", 1), StreamRef("criteria_set", "2016", 1)} <= status


def test_a_finding_is_traced_by_its_sections_family_and_not_yet_by_dates():
    s = thematic("2011-2015")
    minimum = trace(THEMATIC_FAMILIES, s, locate(s.report, "milestones/2012-pilot-evaluation/facts/minimum_per_district"))
    assert minimum.family.constant and minimum.refs == [] and "pilots/minimum_per_district: U5" in minimum.family.reading
    early = thematic("2011-2015", datetime(2013, 7, 1, 9, tzinfo=VN))
    located = locate(early.report, "milestones/2015-summary/facts")
    traced = trace(THEMATIC_FAMILIES, early, located)
    assert located.value is None and traced.family.constant and traced.refs == []
    assert refs(early, THEMATIC_FAMILIES, "milestones/2015-summary/status") == []


def test_a_plans_awards_are_traced_at_the_sections_own_day():
    s = thematic("2011-2015")  # as_of 2015-12-31; the round's steps are of 2016, its section at NOW's day
    known = award_facts(award_events())
    report = {**s.report, "awards": plan_awards(known, PROVINCE, 2011, 2015, NOW)}
    s = replace(s, report=report, awards=known)
    assert report["awards"]["as_of"] == NOW.date().isoformat()
    flag = refs(s, THEMATIC_FAMILIES, "awards/rounds/2011-2015/nominations/2011-2015%2Fco-huyen%2F180/status")
    assert len(flag) >= 3 and all(r.aggregate_type == "award_round" for r in flag)  # definition, steps to conferral
    assert trace(THEMATIC_FAMILIES, s, locate(report, "awards/as_of")).family.constant

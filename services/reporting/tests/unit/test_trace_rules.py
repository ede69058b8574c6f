"""The trace rules, pure: which events (by stream position) stand behind each figure family of the
consolidated report, on the hand-worked province of reporting/testing.py with NTM facts whose
stream versions are chosen here. A rule that named one stream too many or too few fails."""
from datetime import date, datetime, timedelta

import pytest

from thidua_facts.model import AssessmentFact, ClusterFact, CriteriaSetFact, CriterionInfo, RecognitionFact, TargetFact
from thidua_facts.read_model import FactsAt
from thidua_facts.testing import renamed

from reporting.domain.figures import flatten
from reporting.domain.trace import Family, StreamRef, TraceSources, locate, trace
from reporting.domain.trace_ntm import NTM_FAMILIES
from reporting.award_testing import award_events, award_facts
from reporting.domain.trace_awards import AWARDS_FAMILIES
from reporting.domain.trace_programme import PROGRAMME_FAMILIES
from reporting.domain.trace_records import RECORDS_FAMILIES
from reporting.testing import VN, at, programme_at, programme_events, unit_changes
from reporting.views import assemble_report

FAMILIES = (*NTM_FAMILIES, *PROGRAMME_FAMILIES, *RECORDS_FAMILIES, *AWARDS_FAMILIES)
RECOGNISED, REVOKED = date(2013, 6, 1), date(2015, 3, 1)
REVOCATION_RECORDED = datetime(2016, 2, 1, 9, tzinfo=VN)  # a revocation about 2015, entered in 2016
SET = CriteriaSetFact("2009", 2, at(date(2011, 1, 1)), "491/QĐ-TTg", date(2009, 4, 16),
                      tuple(CriterionInfo(n, "I", f"Tiêu chí {n}", f"C{n}") for n in range(1, 20)))


def unit(code: str, version: int) -> StreamRef:
    return StreamRef("unit", code, version)


def progress(code: str, version: int) -> StreamRef:
    return StreamRef("commune_progress", code, version)


def ntm_facts(as_of: date, known_at: datetime | None) -> FactsAt:
    """a: 19 criteria by one matrix (v1), recognised (v20), revoked (v21, entered late); b: 17
    criteria one by one (v1..v17); d: recognised (v5). 180 renamed (v2). A set re-published (v2)."""
    matrix = {("a", n): AssessmentFact("a", n, date(2013, 1, 1), 1, at(date(2013, 1, 1)), True, "2009")
              for n in range(1, 20)}
    singles = {("b", n): AssessmentFact("b", n, date(2014, 1, 1), n, at(date(2014, 1, 1)), True, "2009")
               for n in range(1, 18)}
    return FactsAt(
        as_of, known_at, (*unit_changes(), renamed("180", "Huyện Tràng Định mới", date(2013, 1, 1), 2)),
        recognitions=(RecognitionFact("a", RECOGNISED, 20, at(RECOGNISED), True, "1/QĐ-UBND", "2009"),
                      RecognitionFact("a", REVOKED, 21, REVOCATION_RECORDED, False, "9/QĐ-UBND"),
                      RecognitionFact("d", RECOGNISED, 5, at(RECOGNISED), True, "2/QĐ-UBND", "2009")),
        clusters=(ClusterFact("inland", date(2012, 1, 1), 1, at(date(2012, 1, 1)), ("180",), "cluster", "Cụm"),
                  ClusterFact("inland", date(2014, 1, 1), 2, at(date(2014, 1, 1)), ("180", "181"))),
        criteria_sets=(SET,),
        targets=(TargetFact("20", 2015, 0.2, 1, at(date(2012, 1, 1))),
                 TargetFact("20", 2015, 0.3, 2, at(date(2012, 2, 1)))),  # corrected
        assessments={**matrix, **singles} if as_of >= date(2014, 1, 1) else matrix,
    )


def sources(as_of: date = date(2015, 12, 31), known_at: datetime | None = None) -> TraceSources:
    facts = ntm_facts(as_of, known_at)
    programme = programme_at(programme_events(), as_of, known_at)
    awards = award_facts(award_events())
    return TraceSources(facts, programme, "20", assemble_report(facts, "20", programme, awards), awards=awards)


def refs(figure: str, s: TraceSources | None = None) -> tuple[Family, list[StreamRef]]:
    s = s or sources()
    located = locate(s.report, figure)
    assert located is not None, figure
    traced = trace(FAMILIES, s, located)
    assert traced is not None, located.family
    return traced.family, traced.refs


def test_a_districts_rate_stands_on_its_changes_its_xa_and_the_deciding_recognition_fact_known_then():
    family, now = refs("districts/180/rate")
    assert family.pattern.startswith("districts/*/")
    # 180's two changes; its xã a, b, c (not thị trấn t, not 181's); a's latest fact: the revocation.
    assert now == sorted([unit("180", 1), unit("180", 2), unit("a", 1), unit("b", 1), unit("c", 1), progress("a", 21)])
    _, before = refs("districts/180/rate", sources(known_at=REVOCATION_RECORDED - timedelta(seconds=1)))
    assert progress("a", 20) in before and progress("a", 21) not in before
    _, in_2012 = refs("districts/180/rate", sources(as_of=date(2012, 12, 31)))
    assert not any(r.aggregate_type == "commune_progress" for r in in_2012)  # nothing decided by then
    assert unit("180", 2) not in in_2012  # the renaming takes effect in 2013


def test_the_province_and_a_rank_stand_on_every_district():
    _, province = refs("province/recognised")
    assert {progress("a", 21), progress("d", 5), unit("20", 1), unit("181", 1), unit("d", 1)} <= set(province)
    assert unit("e", 2) not in province  # e merged away only in 2020
    assert unit("w", 1) not in province and unit("t", 1) not in province  # not xã: not counted
    _, rank = refs("districts/181/rank")
    assert progress("a", 21) in rank and progress("d", 5) in rank


def test_criteria_attainment_stands_on_the_latest_assessment_of_that_criterion_and_the_set_publication():
    _, attained = refs("criteria_attainment/5/communes_met")
    assert attained == sorted([progress("a", 1), progress("b", 5), StreamRef("criteria_set", "2009", 2)])
    _, bucket = refs("communes_by_criteria_met/17")  # b alone meets exactly 17
    assert bucket == sorted([*(progress("b", n) for n in range(1, 18)), StreamRef("criteria_set", "2009", 2)])
    _, near = refs("near_standard/b/criteria_met")
    assert progress("b", 17) in near and unit("b", 1) in near and progress("a", 1) not in near


def test_a_target_stands_on_its_latest_setting_and_the_rate_at_its_deadline():
    _, target = refs("targets/20+2015/actual_rate")
    assert StreamRef("target", "20-2015", 2) in target and StreamRef("target", "20-2015", 1) not in target
    assert progress("a", 21) in target and progress("d", 5) in target
    _, rate = refs("targets/20+2015/target_rate")
    assert rate == sorted([StreamRef("target", "20-2015", 2), unit("20", 1)])


def test_a_clusters_figures_stand_on_its_versions_in_force_and_its_members_rates():
    _, members = refs("clusters/inland/member_codes/#1")
    assert members == [StreamRef("cluster", "inland", 1), StreamRef("cluster", "inland", 2)]
    _, early = refs("clusters/inland/rate", sources(as_of=date(2013, 12, 31)))
    assert StreamRef("cluster", "inland", 2) not in early and unit("d", 1) not in early


def test_programme_figures_stand_on_their_registry_events():
    _, pilot = refs("pilots/districts/180/pilot_communes/b/recognised")
    assert StreamRef("pilot", "district:b", 1) in pilot and progress("b", 17) in pilot
    _, count = refs("pilots/districts/180/count")
    assert {StreamRef("pilot", "district:b", 1), StreamRef("pilot", "district:c", 1)} <= set(count)
    _, pledge = refs("pledges/pledges/CC+a/supported_name")
    assert pledge == sorted([StreamRef("pledge", "CC:a", 1), StreamRef("participant", "CC", 1), unit("a", 1)])
    _, plan = refs("plans/plans/KH-SGT/due_date")
    assert StreamRef("plan", "KH-SGT", 2) in plan and StreamRef("plan", "KH-SGT", 1) not in plan
    _, came = refs("plans/plans/QH-180/status")
    assert {StreamRef("plan", "QH-180", 1), StreamRef("plan", "QH-180", 2), unit("180", 1)} <= set(came)
    _, registered = refs("movement_registrations/SNN/registered_on")
    assert registered == sorted([StreamRef("movement", "SNN", 1), StreamRef("participant", "SNN", 1)])


def test_a_constant_of_the_plan_says_so_and_names_no_event():
    family, none = refs("pilots/minimum_per_district")
    assert family.constant and none == []


def test_a_nominations_figures_stand_on_the_steps_since_its_latest_submission():
    s, round_ = sources(date(2016, 12, 31)), StreamRef("award_round", "2011-2015", 1)
    # b: submitted (v4), withdrawn (v9), submitted again (v13), received (v14).
    _, b = refs("awards/rounds/2011-2015/nominations/2011-2015%2Fbk-xa%2Fb/status", s)
    assert b == [round_, StreamRef("award_round", "2011-2015", 13), StreamRef("award_round", "2011-2015", 14)]
    _, early = refs("awards/rounds/2011-2015/nominations/2011-2015%2Fbk-xa%2Fb/status", sources(date(2016, 2, 5)))
    assert early == [round_, StreamRef("award_round", "2011-2015", 4), StreamRef("award_round", "2011-2015", 9)]
    _, approved = refs("awards/counts/approved", s)  # cb1: submitted, received, reviewed, decided
    assert [r.version for r in approved] == [1, 5, 8, 12, 17]
    _, title = refs("awards/rounds/2011-2015/title_vi", s)
    assert title == [round_]


@pytest.mark.parametrize("as_of", [date(2012, 6, 30), date(2015, 12, 31), date(2016, 12, 31), date(2020, 6, 30)])
def test_every_figure_of_the_consolidated_report_has_a_rule(as_of):
    s = sources(as_of)
    for figure in flatten(s.report):
        located = locate(s.report, figure)
        assert located is not None and located.value == flatten(s.report)[figure], figure
        assert trace(FAMILIES, s, located) is not None, f"{figure}: no rule for {located.family}"


def test_what_is_not_a_figure_is_not_located():
    report = sources().report
    assert locate(report, "as_of") is None and locate(report, "districts/999/rate") is None
    assert locate(report, "districts/180") is None and locate(report, "province/rate/more") is None
    assert locate(report, "districts/180/code") is None  # the keys naming an item are its id (flatten)


def test_figures_of_reportings_own_records_stand_on_whole_streams_of_its_event_store():
    s = sources()
    units = [{"unit_code": "180", "kind": "district", "submitted": True}, {"unit_code": "SNN", "kind": "department",
                                                                          "submitted": False}]
    report = {**s.report, "periodic_reporting": {"periods": [{
        "period_code": "2015-H1", "kind": "half_year", "year": 2015, "half": 1, "province": {"owed": 2},
        "by_kind": {"district": {"owed": 1}}, "units": units, "late_units": [], "missing_units": [units[1]]}]},
        "inspections": {"year": 2015, "overdue_actions": 1, "inspections": [
            {"code": "TT-1", "unit_code": "a", "team": ["Lê Văn A"], "overdue_actions": ["HD-1"]}]},
        "proposals": {"year": 2015, "counts": {"open": 1}, "proposals": [
            {"code": "KN-1", "proposer_code": "SNN", "status": "open", "answer": None}]}}
    s = TraceSources(s.facts, s.programme, "20", report)
    period, whole = StreamRef.whole("reporting_period", "2015-H1"), StreamRef.whole
    assert refs("periodic_reporting/periods/2015-H1/kind", s)[1] == [period]
    assert refs("periodic_reporting/periods/2015-H1/missing_units/SNN/kind", s)[1] == sorted(
        [period, whole("submission", "2015-H1/SNN")])
    assert refs("periodic_reporting/periods/2015-H1/province/owed", s)[1] == sorted(
        [period, whole("submission", "2015-H1/180"), whole("submission", "2015-H1/SNN")])
    assert refs("inspections/inspections/TT-1/team/#0", s)[1] == sorted([whole("inspection", "TT-1"), unit("a", 1)])
    assert refs("inspections/overdue_actions", s)[1] == [whole("inspection", "TT-1")]
    assert refs("proposals/counts/open", s)[1] == [whole("proposal", "KN-1")]
    assert refs("proposals/proposals/KN-1/status", s)[1] == sorted(
        [whole("proposal", "KN-1"), StreamRef("participant", "SNN", 1)])
    family, none = refs("proposals/year", s)
    assert family.constant and none == []

"""P1-P4 at a date: latest assessments, the set in force, attainment, near standard, by hand."""
from datetime import date, timedelta

from thidua_facts.domain.criteria import (
    criteria_attainment,
    p4_criteria_met,
    criteria_met_counts,
    criteria_met_histogram,
    p3_latest_assessments,
    near_standard,
    p2_criteria_set_in_force,
)
from thidua_facts.domain.hierarchy import fold_units
from thidua_facts.model import AssessmentFact, CriteriaSetFact, CriterionInfo
from thidua_facts.testing import T0, registered

D = date(2014, 6, 30)


def assessed(commune: str, criterion: int, met: bool, day: date = D, version: int = 1, at=T0,
             set_id: str = "2009") -> AssessmentFact:
    return AssessmentFact(commune, criterion, day, version, at, met, set_id)


def published(set_id: str, since: date, version: int = 1, at=T0, decision: str = "") -> CriteriaSetFact:
    return CriteriaSetFact(set_id, version, at, decision or set_id, since,
                           (CriterionInfo(1, "I", f"Quy hoạch {set_id}", "Planning"),))


def test_the_latest_assessment_holds_and_criteria_can_be_lost_again():
    facts = [assessed("a", 1, True, date(2013, 1, 1), 1), assessed("a", 1, False, date(2014, 1, 1), 2),
             assessed("a", 2, True, date(2013, 1, 1), 3)]
    assert p3_latest_assessments(facts, date(2013, 6, 1), None)[("a", 1)].met is True
    latest = p3_latest_assessments(facts, date(2014, 1, 1), None)
    assert latest[("a", 1)].met is False and latest[("a", 2)].met is True
    assert p3_latest_assessments(facts, date(2012, 12, 31), None) == {}


def test_effective_date_orders_first_then_the_stream_version_whatever_the_recording_order():
    # A correction recorded later (version 3) about an earlier date does not beat a later date.
    facts = [assessed("a", 1, True, date(2014, 1, 1), 2), assessed("a", 1, False, date(2013, 1, 1), 3),
             assessed("a", 1, False, date(2014, 1, 1), 1)]
    assert p3_latest_assessments(facts, date(2015, 1, 1), None)[("a", 1)].stream_version == 2
    assert p3_latest_assessments(list(reversed(facts)), date(2015, 1, 1), None)[("a", 1)].stream_version == 2


def test_an_assessment_recorded_after_known_at_is_not_known_then():
    later = T0 + timedelta(days=400)
    facts = [assessed("a", 1, True, date(2013, 1, 1), 1), assessed("a", 1, False, date(2013, 1, 1), 2, at=later)]
    assert p3_latest_assessments(facts, D, later - timedelta(seconds=1))[("a", 1)].met is True
    assert p3_latest_assessments(facts, D, later)[("a", 1)].met is False


def test_the_set_in_force_is_the_latest_effective_then_the_later_first_published():
    sets = [published("2009", date(2009, 4, 16)), published("2016", date(2016, 10, 17), at=T0 + timedelta(days=1))]
    assert p2_criteria_set_in_force(sets, date(2009, 4, 15), None) is None
    assert p2_criteria_set_in_force(sets, D, None).set_id == "2009"
    assert p2_criteria_set_in_force(sets, date(2016, 10, 17), None).set_id == "2016"
    assert p2_criteria_set_in_force(sets, date(2017, 1, 1), T0).set_id == "2009"  # 2016 not yet published at K
    tie = [published("b", date(2016, 1, 1), at=T0), published("a", date(2016, 1, 1), at=T0 + timedelta(1))]
    assert p2_criteria_set_in_force(tie, date(2016, 1, 1), None).set_id == "a"  # first published later wins (P2)


def test_a_republication_corrects_the_set_from_when_it_was_recorded():
    later = T0 + timedelta(days=10)
    sets = [published("2009", date(2009, 4, 16), 1, decision="first"),
            published("2009", date(2009, 4, 16), 2, at=later, decision="corrected")]
    assert p2_criteria_set_in_force(sets, D, later - timedelta(seconds=1)).decision == "first"
    assert p2_criteria_set_in_force(sets, D, later).decision == "corrected"


def test_only_assessments_under_the_set_in_force_count_as_met():
    latest = p3_latest_assessments([assessed("a", 1, True), assessed("a", 2, True, set_id="2016"),
                                 assessed("a", 3, False)], D, None)
    assert p4_criteria_met(latest, "2009") == {("a", 1)}
    assert p4_criteria_met(latest, "2016") == {("a", 2)}
    assert p4_criteria_met(latest, None) == set()


def xa(codes: str) -> list:
    return sorted(fold_units([registered(c, "rural_commune", "101") for c in codes], D, None).values(),
                  key=lambda u: u.code)


def test_criteria_counts_only_existing_xa_and_real_criteria():
    xa_abc = xa("abc")
    met = [("a", 1), ("a", 2), ("b", 1), ("gone", 1), ("a", 20), ("a", 1)]  # a repeated pair counts once
    attained = criteria_attainment(xa_abc, met)
    assert attained[1] == 2 and attained[2] == 1 and attained[3] == 0 and set(attained) == set(range(1, 20))
    counts = criteria_met_counts(xa_abc, met)
    assert counts == {"a": 2, "b": 1, "c": 0}
    histogram = criteria_met_histogram(counts)
    assert histogram[0] == 1 and histogram[1] == 1 and histogram[2] == 1 and sum(histogram.values()) == 3
    assert list(histogram) == list(range(20))


def test_near_standard_is_17_or_18_met_and_not_recognised():
    counts = {"a": 17, "b": 18, "c": 19, "d": 16, "e": 18}
    assert [u.code for u in near_standard(xa("abcde"), counts, frozenset({"e"}))] == ["a", "b"]


def test_communes_lacking_a_criterion_are_those_not_meeting_it_under_the_set_in_force():
    from thidua_facts.domain.criteria import p5_communes_lacking
    units = fold_units([registered(c, "rural_commune", "180") for c in ("a", "b", "c", "d")], D, None)
    communes = sorted(units.values(), key=lambda u: u.code)
    latest = p3_latest_assessments([assessed("a", 1, True), assessed("b", 1, False), assessed("c", 1, True, set_id="2016"),
                                    assessed("d", 2, True)], D, None)
    lacking = p5_communes_lacking(communes, p4_criteria_met(latest, "2009"), 1)
    assert [u.code for u in lacking] == ["b", "c", "d"]  # not met; under another set; never assessed
    assert [u.code for u in p5_communes_lacking(communes, p4_criteria_met(latest, "2009"), 2)] == ["a", "b", "c"]

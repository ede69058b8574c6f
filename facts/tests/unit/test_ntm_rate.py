"""P5 rates and ranks, computed by hand on small provinces (moved here from awards and reporting)."""
import random
from datetime import date, timedelta

from thidua_facts.domain.hierarchy import Hierarchy
from thidua_facts.domain.ntm_rate import UnitRate, province_snapshot, rank_by_rate, p4_recognised_on
from thidua_facts.model import RecognitionFact
from thidua_facts.testing import T0, dissolved, moved, registered, renamed


def recognised(code: str, day: date, version: int = 1, at=T0) -> RecognitionFact:
    return RecognitionFact(code, day, version, at, True, f"{version}/QĐ")


def revoked(code: str, day: date, version: int = 2, at=T0) -> RecognitionFact:
    return RecognitionFact(code, day, version, at, False, f"{version}/QĐ")


def snapshot(changes, facts, day: date, province: str = "20"):
    return province_snapshot(Hierarchy.of(changes, day, None), p4_recognised_on(facts, day), province)


BASE = [registered("20", "province", None, name="Tỉnh Thử"), registered("101", "rural_district", "20", name="Huyện 101")]


def test_only_xa_count_in_the_rate_not_townships_or_wards():
    units = BASE + [registered(c, "rural_commune", "101") for c in "abc"] + [
        registered("tt", "township", "101"), registered("p", "ward", "101")]
    snap = snapshot(units, [recognised("a", date(2013, 1, 1)), recognised("tt", date(2013, 1, 1))], date(2014, 1, 1))
    assert snap.districts == (UnitRate("101", "Huyện 101", 3, 1),)  # 1 of 3 xã; the thị trấn is not a xã
    assert snap.province.communes == 3 and snap.province.recognised == 1 and snap.recognised == {"a"}


def test_recognition_holds_from_its_date_until_a_later_revocation():
    facts = [recognised("a", date(2013, 5, 1), 1), revoked("a", date(2014, 2, 1), 2),
             recognised("a", date(2016, 1, 1), 3)]
    assert p4_recognised_on(facts, date(2013, 4, 30)) == frozenset()
    assert p4_recognised_on(facts, date(2013, 5, 1)) == {"a"}
    assert p4_recognised_on(facts, date(2014, 1, 31)) == {"a"}
    assert p4_recognised_on(facts, date(2014, 2, 1)) == frozenset()
    assert p4_recognised_on(facts, date(2016, 1, 1)) == {"a"}


def test_the_order_facts_arrive_in_does_not_matter():
    facts = [recognised("a", date(2013, 5, 1), 1), revoked("a", date(2014, 2, 1), 2), recognised("b", date(2012, 1, 1))]
    shuffled = facts[:]
    random.Random(7).shuffle(shuffled)
    for day in (date(2013, 6, 1), date(2015, 1, 1)):
        assert p4_recognised_on(shuffled, day) == p4_recognised_on(facts, day)


def test_same_day_recognition_and_revocation_the_later_decision_wins():
    day = date(2015, 3, 1)
    assert p4_recognised_on([recognised("a", day, 1), revoked("a", day, 2)], day) == frozenset()
    assert p4_recognised_on([revoked("a", day, 1), recognised("a", day, 2)], day) == {"a"}


def test_a_revocation_without_a_recognition_changes_nothing():
    assert p4_recognised_on([revoked("a", date(2013, 1, 1))], date(2014, 1, 1)) == frozenset()


def test_a_revocation_recorded_later_is_unknown_before_it_was_recorded():
    later = T0 + timedelta(days=2000)
    facts = [recognised("a", date(2013, 1, 1), 1), revoked("a", date(2014, 1, 1), 2, at=later)]
    assert p4_recognised_on(facts, date(2015, 1, 1), known_at=later - timedelta(microseconds=1)) == {"a"}
    assert p4_recognised_on(facts, date(2015, 1, 1), known_at=later) == frozenset()


def test_a_commune_dissolved_before_the_date_leaves_both_numerator_and_denominator():
    units = BASE + [registered("a", "rural_commune", "101"), dissolved("a", date(2015, 1, 1), 2, successor="c"),
                    registered("b", "rural_commune", "101"), registered("c", "rural_commune", "101", date(2015, 1, 1))]
    facts = [recognised("a", date(2013, 1, 1))]
    before = snapshot(units, facts, date(2014, 12, 31)).districts[0]
    after = snapshot(units, facts, date(2015, 1, 1)).districts[0]
    assert (before.communes, before.recognised, before.rate) == (2, 1, 0.5)  # a and b; c not yet
    assert (after.communes, after.recognised, after.rate) == (2, 0, 0.0)  # b and c; a is gone


def test_a_township_retyped_as_xa_enters_the_denominator_from_that_date():
    units = BASE + [registered("a", "rural_commune", "101"), registered("tt", "township", "101"),
                    renamed("tt", "Xã T", date(2020, 1, 1), 2, unit_type="rural_commune")]
    facts = [recognised("a", date(2013, 1, 1))]
    assert snapshot(units, facts, date(2019, 12, 31)).districts[0].rate == 1.0
    assert snapshot(units, facts, date(2020, 1, 1)).districts[0].rate == 0.5


def test_a_xa_moved_to_another_district_counts_there_from_that_date():
    units = BASE + [registered("102", "rural_district", "20"), registered("a", "rural_commune", "101"),
                    registered("b", "rural_commune", "102"), moved("a", "102", date(2016, 1, 1), 2)]
    facts = [recognised("a", date(2013, 1, 1))]
    assert [(d.code, d.communes, d.recognised) for d in snapshot(units, facts, date(2015, 1, 1)).districts] == [
        ("101", 1, 1), ("102", 1, 0)]
    assert [(d.code, d.communes, d.recognised) for d in snapshot(units, facts, date(2016, 1, 1)).districts] == [
        ("101", 0, 0), ("102", 2, 1)]


def test_a_district_with_no_xa_has_no_rate_and_no_rank_and_comes_last():
    units = BASE + [registered("100", "city", "20"), registered("a", "rural_commune", "101"),
                    registered("p1", "ward", "100"), registered("p2", "ward", "100")]
    ranked = rank_by_rate(snapshot(units, [], date(2014, 1, 1)).districts)
    assert [(r.unit.code, r.unit.rate, r.rank) for r in ranked] == [("101", 0.0, 1), ("100", None, None)]


def test_ties_share_the_best_rank_and_the_next_rank_skips():
    rates = [UnitRate("104", "", 4, 0), UnitRate("103", "", 6, 2), UnitRate("102", "", 3, 1), UnitRate("101", "", 2, 1)]
    ranked = rank_by_rate(rates)
    # 1/2 first; 2/6 and 1/3 are equal (compared exactly) and share rank 2, by code; then 0 is 4th.
    assert [(r.unit.code, r.rank) for r in ranked] == [("101", 1), ("102", 2), ("103", 2), ("104", 4)]


def test_exact_fractions_not_floats_decide_ties():
    # 1/10 + 2/10 style float noise: 3/10 and 30/100 are equal, 29999/100000 is not.
    ranked = rank_by_rate([UnitRate("a", "", 10, 3), UnitRate("b", "", 100, 30), UnitRate("c", "", 100000, 29999)])
    assert [(r.unit.code, r.rank) for r in ranked] == [("a", 1), ("b", 1), ("c", 3)]


def test_everyone_tied_everyone_first():
    ranked = rank_by_rate([UnitRate("102", "", 3, 0), UnitRate("101", "", 5, 0)])
    assert [(r.unit.code, r.rank) for r in ranked] == [("101", 1), ("102", 1)]


def test_the_province_counts_its_xa_only_and_districts_existing_at_the_date():
    units = BASE + [registered("99", "province", None), registered("102", "rural_district", "20"),
                    dissolved("102", date(2020, 1, 1), 2), registered("901", "rural_district", "99"),
                    registered("a", "rural_commune", "101"), registered("b", "rural_commune", "102"),
                    registered("x", "rural_commune", "901"), registered("d", "rural_commune", "20")]
    facts = [recognised("a", date(2013, 1, 1)), recognised("x", date(2013, 1, 1))]
    snap = snapshot(units, facts, date(2021, 1, 1))
    assert [d.code for d in snap.districts] == ["101"]  # 102 no longer exists; 901 is another province's
    assert (snap.province.name, snap.province.communes, snap.province.recognised) == ("Tỉnh Thử", 3, 1)
    assert {u.code for u in snap.communes} == {"a", "b", "d"} and snap.rate_of("101").communes == 1
    assert snap.rate_of("20") is snap.province and snap.rate_of("901") is None


def test_units_registered_after_the_date_do_not_count():
    units = BASE + [registered("a", "rural_commune", "101", date(2016, 1, 1))]
    snap = snapshot(units, [recognised("a", date(2016, 6, 1))], date(2015, 12, 31))
    assert snap.districts[0].communes == 0 and snap.districts[0].rate is None

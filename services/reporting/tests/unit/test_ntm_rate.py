"""P5 rates and ranks, computed by hand on small provinces."""
import random
from datetime import date

from reporting.domain.model import RecognitionFact, Unit
from reporting.domain.ntm_rate import UnitRate, province_snapshot, rank_by_rate, recognised_on

START = date(2011, 1, 1)


def province(code: str = "20") -> Unit:
    return Unit(code, "province", "province", "Tỉnh Thử", None, START)


def district(code: str, name: str = "", parent: str = "20", to: date | None = None) -> Unit:
    return Unit(code, "district", "rural_district", name or f"Huyện {code}", parent, START, to)


def commune(code: str, parent: str, kind: str = "rural_commune", since: date = START, to: date | None = None) -> Unit:
    return Unit(code, "commune", kind, f"Xã {code}", parent, since, to)


def recognised(code: str, day: date, order: int = 1) -> RecognitionFact:
    return RecognitionFact(code, day, order, True)


def revoked(code: str, day: date, order: int = 2) -> RecognitionFact:
    return RecognitionFact(code, day, order, False)


def test_only_xa_count_in_the_rate_not_townships_or_wards():
    units = [province(), district("101"), commune("a", "101"), commune("b", "101"), commune("c", "101"),
             commune("tt", "101", "township"), commune("p", "101", "ward")]
    facts = [recognised("a", date(2013, 1, 1)), recognised("tt", date(2013, 1, 1))]
    snap = province_snapshot(units, facts, "20", date(2014, 1, 1))
    assert snap.districts == (UnitRate("101", "Huyện 101", 3, 1),)  # 1 of 3 xã; the thị trấn is not a xã
    assert snap.province.communes == 3 and snap.province.recognised == 1


def test_recognition_holds_from_its_date_until_a_later_revocation():
    facts = [recognised("a", date(2013, 5, 1), 1), revoked("a", date(2014, 2, 1), 2),
             recognised("a", date(2016, 1, 1), 3)]
    assert recognised_on(facts, date(2013, 4, 30)) == frozenset()
    assert recognised_on(facts, date(2013, 5, 1)) == {"a"}
    assert recognised_on(facts, date(2014, 1, 31)) == {"a"}
    assert recognised_on(facts, date(2014, 2, 1)) == frozenset()
    assert recognised_on(facts, date(2016, 1, 1)) == {"a"}


def test_the_order_facts_arrive_in_does_not_matter():
    facts = [recognised("a", date(2013, 5, 1), 1), revoked("a", date(2014, 2, 1), 2), recognised("b", date(2012, 1, 1))]
    shuffled = facts[:]
    random.Random(7).shuffle(shuffled)
    for day in (date(2013, 6, 1), date(2015, 1, 1)):
        assert recognised_on(shuffled, day) == recognised_on(facts, day)
    assert recognised_on(reversed(facts), date(2015, 1, 1)) == {"b"}


def test_same_day_recognition_and_revocation_the_later_decision_wins():
    day = date(2015, 3, 1)
    assert recognised_on([recognised("a", day, 1), revoked("a", day, 2)], day) == frozenset()
    assert recognised_on([revoked("a", day, 1), recognised("a", day, 2)], day) == {"a"}


def test_a_revocation_without_a_recognition_changes_nothing():
    assert recognised_on([revoked("a", date(2013, 1, 1))], date(2014, 1, 1)) == frozenset()


def test_a_commune_dissolved_before_the_date_leaves_both_numerator_and_denominator():
    units = [province(), district("101"), commune("a", "101", to=date(2015, 1, 1)), commune("b", "101"),
             commune("c", "101", since=date(2015, 1, 1))]  # c: the merged commune, from 2015
    facts = [recognised("a", date(2013, 1, 1))]
    before = province_snapshot(units, facts, "20", date(2014, 12, 31)).districts[0]
    after = province_snapshot(units, facts, "20", date(2015, 1, 1)).districts[0]
    assert (before.communes, before.recognised, before.rate) == (2, 1, 0.5)  # a and b; c not yet
    assert (after.communes, after.recognised, after.rate) == (2, 0, 0.0)  # b and c; a is gone


def test_a_district_with_no_xa_has_no_rate_and_no_rank_and_comes_last():
    units = [province(), district("101"), district("100", "Thành phố"), commune("a", "101"),
             commune("p1", "100", "ward"), commune("p2", "100", "ward")]
    snap = province_snapshot(units, [], "20", date(2014, 1, 1))
    ranked = rank_by_rate(snap.districts)
    assert [(r.unit.code, r.unit.rate, r.rank) for r in ranked] == [("101", 0.0, 1), ("100", None, None)]


def test_ties_share_the_best_rank_and_the_next_rank_skips():
    rates = [UnitRate("104", "", 4, 0), UnitRate("103", "", 6, 2), UnitRate("102", "", 3, 1), UnitRate("101", "", 2, 1)]
    ranked = rank_by_rate(rates)
    # 1/2 first; 2/6 and 1/3 are equal (compared exactly) and share rank 2, by code; then 0 is 4th.
    assert [(r.unit.code, r.rank) for r in ranked] == [("101", 1), ("102", 2), ("103", 2), ("104", 4)]


def test_everyone_tied_everyone_first():
    ranked = rank_by_rate([UnitRate("102", "", 3, 0), UnitRate("101", "", 5, 0)])
    assert [(r.unit.code, r.rank) for r in ranked] == [("101", 1), ("102", 1)]


def test_the_province_counts_its_xa_only_and_districts_existing_at_the_date():
    units = [province(), province("99"), district("101"), district("102", to=date(2020, 1, 1)),
             district("901", parent="99"), commune("a", "101"), commune("b", "102"), commune("x", "901"),
             commune("d", "20")]  # d: a xã directly under the province (after districts are abolished)
    facts = [recognised("a", date(2013, 1, 1)), recognised("x", date(2013, 1, 1))]
    snap = province_snapshot(units, facts, "20", date(2021, 1, 1))
    assert [d.code for d in snap.districts] == ["101"]  # 102 no longer exists; 901 is another province's
    assert (snap.province.name, snap.province.communes, snap.province.recognised) == ("Tỉnh Thử", 3, 1)
    assert {u.code for u in snap.communes} == {"a", "b", "d"}


def test_units_registered_after_the_date_do_not_count():
    units = [province(), district("101"), commune("a", "101", since=date(2016, 1, 1))]
    snap = province_snapshot(units, [recognised("a", date(2016, 6, 1))], "20", date(2015, 12, 31))
    assert snap.districts[0].communes == 0 and snap.districts[0].rate is None

"""The R2 sections beyond the rates, by hand: clusters, criteria, near standard, targets."""
from datetime import date
from fractions import Fraction

from reporting.domain.consolidated import (
    cluster_of_district,
    cluster_standings,
    criteria_attainment,
    criteria_met_counts,
    criteria_met_histogram,
    near_standard,
    target_progress,
)
from reporting.domain.model import Cluster, RecognitionFact, Target, Unit
from reporting.domain.ntm_rate import province_snapshot

START = date(2011, 1, 1)


def xa(code: str, parent: str = "101", to: date | None = None) -> Unit:
    return Unit(code, "commune", "rural_commune", f"Xã {code}", parent, START, to)


UNITS = [
    Unit("20", "province", "province", "Tỉnh Thử", None, START),
    Unit("101", "district", "rural_district", "Huyện Một", "20", START),
    Unit("102", "district", "rural_district", "Huyện Hai", "20", START),
    Unit("103", "district", "rural_district", "Huyện Ba", "20", START, date(2015, 1, 1)),
    xa("a"), xa("b"), xa("c", "102"), xa("d", "102"), xa("e", "102"), xa("f", "103", to=date(2015, 1, 1)),
]
FACTS = [RecognitionFact("a", date(2013, 1, 1), 1, True), RecognitionFact("c", date(2014, 6, 1), 1, True),
         RecognitionFact("f", date(2012, 1, 1), 1, True)]


def test_cluster_rate_sums_its_members_and_ranks_them_within_the_cluster():
    snap = province_snapshot(UNITS, FACTS, "20", date(2016, 1, 1))
    cluster = Cluster("noi-dia", "Cụm nội địa", ("102", "101", "103"))  # 103 no longer exists in 2016
    [standing] = cluster_standings([cluster], snap)
    assert (standing.rate.communes, standing.rate.recognised) == (5, 2)
    assert [(m.unit.code, m.rank) for m in standing.members] == [("101", 1), ("102", 2)]  # 1/2 > 1/3


def test_each_district_knows_its_cluster():
    c1, c2 = Cluster("bien-gioi", "Cụm biên giới", ("101",)), Cluster("noi-dia", "Cụm nội địa", ("102",))
    assert cluster_of_district([c2, c1]) == {"101": c1, "102": c2}


def test_criteria_counts_only_existing_xa_and_real_criteria():
    communes = [xa("a"), xa("b"), xa("c")]
    met = [("a", 1), ("a", 2), ("b", 1), ("gone", 1), ("a", 20), ("a", 1)]  # repeated pair counts once
    attained = criteria_attainment(communes, met)
    assert attained[1] == 2 and attained[2] == 1 and attained[3] == 0 and set(attained) == set(range(1, 20))
    counts = criteria_met_counts(communes, met)
    assert counts == {"a": 2, "b": 1, "c": 0}
    histogram = criteria_met_histogram(counts)
    assert histogram[0] == 1 and histogram[1] == 1 and histogram[2] == 1 and sum(histogram.values()) == 3
    assert list(histogram) == list(range(20))


def test_near_standard_is_17_or_18_met_and_not_recognised():
    communes = [xa("a"), xa("b"), xa("c"), xa("d"), xa("e")]
    counts = {"a": 17, "b": 18, "c": 19, "d": 16, "e": 18}
    assert [u.code for u in near_standard(communes, counts, frozenset({"e"}))] == ["a", "b"]


def test_targets_are_judged_at_their_deadline_or_so_far():
    snapshots = {}

    def snapshot_on(day: date):
        snapshots[day] = province_snapshot(UNITS, FACTS, "20", day)
        return snapshots[day]

    targets = [Target("20", 2013, 0.2), Target("102", 2015, 0.34), Target("20", 2020, 0.5), Target("999", 2015, 0.1)]
    progress = {(p.target.unit_code, p.target.year): p for p in target_progress(targets, snapshot_on, date(2016, 3, 1))}
    # 2013: at 31/12/2013 the province (101, 102, 103 existing) has a, f of 6 xã: 1/3 >= 0.2.
    p2013 = progress[("20", 2013)]
    assert (p2013.evaluated_on, p2013.deadline_passed, p2013.actual.recognised, p2013.actual.communes) == (
        date(2013, 12, 31), True, 2, 6)
    assert p2013.met is True
    # 2015: district 102 has c of c, d, e: 1/3 < 0.34.
    assert progress[("102", 2015)].met is False
    # 2020 is not due: judged so far, at as_of; a, c of 5 xã (103 dissolved in 2015): 0.4 < 0.5.
    p2020 = progress[("20", 2020)]
    assert (p2020.evaluated_on, p2020.deadline_passed, p2020.actual.rate, p2020.met) == (date(2016, 3, 1), False, 0.4, False)
    # An unknown unit has no rate: met is unknown, not False.
    assert progress[("999", 2015)].met is None and progress[("999", 2015)].actual is None


def test_a_target_equal_to_the_rate_is_met_exactly():
    units = [UNITS[0], UNITS[1], *(xa(c) for c in "abcde")]
    facts = [RecognitionFact("a", date(2013, 1, 1), 1, True)]
    [p] = target_progress([Target("101", 2015, 0.2)], lambda d: province_snapshot(units, facts, "20", d), date(2016, 1, 1))
    assert p.actual.exact_rate == Fraction(1, 5) and p.met is True  # 1/5 against 0.2 read as the decimal 1/5

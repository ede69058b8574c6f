"""U2 clusters and P5 targets at (as_of, known_at), by hand."""
from datetime import date, timedelta
from fractions import Fraction

from thidua_facts.domain.hierarchy import Hierarchy
from thidua_facts.domain.ntm_rate import province_snapshot, p4_recognised_on
from thidua_facts.domain.standings import (
    cluster_of_district,
    cluster_standings,
    clusters_in_force,
    target_progress,
    targets_known,
)
from thidua_facts.model import Cluster, ClusterFact, RecognitionFact, TargetFact
from thidua_facts.testing import T0, dissolved, registered

START = date(2011, 1, 1)
UNITS = [
    registered("20", "province", None, name="Tỉnh Thử"), registered("101", "rural_district", "20"),
    registered("102", "rural_district", "20"), registered("103", "rural_district", "20"),
    dissolved("103", date(2015, 1, 1), 2),
    *(registered(c, "rural_commune", "101") for c in "ab"), *(registered(c, "rural_commune", "102") for c in "cde"),
    registered("f", "rural_commune", "103"), dissolved("f", date(2015, 1, 1), 2),
]
FACTS = [RecognitionFact("a", date(2013, 1, 1), 1, T0, True), RecognitionFact("c", date(2014, 6, 1), 1, T0, True),
         RecognitionFact("f", date(2012, 1, 1), 1, T0, True)]


def snap(day: date):
    return province_snapshot(Hierarchy.of(UNITS, day, None), p4_recognised_on(FACTS, day), "20")


def formed(code: str, members, since: date, version: int = 1, at=T0, kind: str = "cluster", name: str = "Cụm"):
    return ClusterFact(code, since, version, at, tuple(members), kind, name)


def changed(code: str, members, since: date, version: int, at=T0):
    return ClusterFact(code, since, version, at, tuple(members))


def test_the_cluster_version_in_force_at_the_date_and_as_known():
    later = T0 + timedelta(days=100)
    facts = [formed("c1", ["101"], date(2012, 1, 1), name="Cụm nội địa"), changed("c1", ["101", "102"], date(2014, 1, 1), 2),
             changed("c1", ["102"], date(2013, 1, 1), 3, at=later), formed("k1", ["sở"], date(2012, 1, 1), kind="block")]
    assert clusters_in_force(facts, date(2011, 12, 31), None) == []
    assert clusters_in_force(facts, date(2012, 6, 1), None) == [Cluster("c1", "Cụm nội địa", ("101",))]
    assert clusters_in_force(facts, date(2013, 6, 1), None)[0].member_codes == ("102",)
    assert clusters_in_force(facts, date(2013, 6, 1), later - timedelta(seconds=1))[0].member_codes == ("101",)
    assert clusters_in_force(facts, date(2014, 6, 1), None)[0].member_codes == ("101", "102")  # blocks left out


def test_cluster_rate_sums_its_members_and_ranks_them_within_the_cluster():
    cluster = Cluster("noi-dia", "Cụm nội địa", ("102", "101", "103"))  # 103 no longer exists in 2016
    [standing] = cluster_standings([cluster], snap(date(2016, 1, 1)))
    assert (standing.rate.communes, standing.rate.recognised) == (5, 2)
    assert [(m.unit.code, m.rank) for m in standing.members] == [("101", 1), ("102", 2)]  # 1/2 > 1/3


def test_each_district_knows_its_cluster():
    c1, c2 = Cluster("bien-gioi", "Cụm biên giới", ("101",)), Cluster("noi-dia", "Cụm nội địa", ("102", "101"))
    assert cluster_of_district([c2, c1]) == {"101": c1, "102": c2}


def target(unit: str, year: int, rate: float, version: int = 1, at=T0) -> TargetFact:
    return TargetFact(unit, year, rate, version, at)


def rate_on(code: str, day: date):
    return snap(day).rate_of(code)


def test_the_latest_target_known_at_k_holds():
    later = T0 + timedelta(days=1)
    facts = [target("20", 2015, 0.2), target("20", 2015, 0.3, 2, later), target("101", 2013, 0.5)]
    assert [(t.unit_code, t.ntm_rate) for t in targets_known(facts, None)] == [("101", 0.5), ("20", 0.3)]
    assert [(t.unit_code, t.ntm_rate) for t in targets_known(facts, T0)] == [("101", 0.5), ("20", 0.2)]


def test_targets_are_judged_at_their_deadline_or_so_far():
    targets = [target("20", 2013, 0.2), target("102", 2015, 0.34), target("20", 2020, 0.5), target("999", 2015, 0.1)]
    progress = {(p.target.unit_code, p.target.year): p for p in target_progress(targets, rate_on, date(2016, 3, 1))}
    # 2013: at 31/12/2013 the province (101, 102, 103 existing) has a, f of 6 xã: 1/3 >= 0.2.
    p2013 = progress[("20", 2013)]
    assert (p2013.evaluated_on, p2013.deadline_passed, p2013.actual.recognised, p2013.actual.communes) == (
        date(2013, 12, 31), True, 2, 6)
    assert p2013.met is True
    assert progress[("102", 2015)].met is False  # c of c, d, e: 1/3 < 0.34
    # 2020 is not due: judged so far, at as_of; a, c of 5 xã (103 dissolved in 2015): 0.4 < 0.5.
    p2020 = progress[("20", 2020)]
    assert (p2020.evaluated_on, p2020.deadline_passed, p2020.actual.rate, p2020.met) == (
        date(2016, 3, 1), False, 0.4, False)
    assert progress[("999", 2015)].met is None and progress[("999", 2015)].actual is None  # unknown: not False


def test_a_target_equal_to_the_rate_is_met_exactly():
    units = [registered("20", "province", None), registered("101", "rural_district", "20"),
             *(registered(c, "rural_commune", "101") for c in "abcde")]
    facts = [RecognitionFact("a", date(2013, 1, 1), 1, T0, True)]

    def rate(code: str, day: date):
        return province_snapshot(Hierarchy.of(units, day, None), p4_recognised_on(facts, day), "20").rate_of(code)

    [p] = target_progress([target("101", 2015, 0.2)], rate, date(2016, 1, 1))
    assert p.actual.exact_rate == Fraction(1, 5) and p.met is True  # 1/5 against 0.2 read as the decimal 1/5

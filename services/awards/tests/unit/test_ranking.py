"""The ranking response, assembled from facts on a small province (no database)."""
from datetime import date, timedelta

from thidua_facts.model import ClusterFact, RecognitionFact
from thidua_facts.read_model import FactsAt
from thidua_facts.testing import T0, dissolved, registered

from awards.views import assemble_ranking, assemble_shortlist

UNITS = (
    registered("20", "province", None, name="Tỉnh Lạng Sơn"),
    registered("178", "city", "20", name="Thành phố Lạng Sơn"),
    registered("180", "rural_district", "20", name="Huyện Tràng Định"),
    registered("185", "rural_district", "20", name="Huyện Bắc Sơn"),
    registered("p", "ward", "178", name="Phường Chi Lăng"),
    registered("a", "rural_commune", "180"), registered("b", "rural_commune", "180"),
    registered("c", "rural_commune", "185"), registered("d", "rural_commune", "185"), dissolved("d", date(2014, 1, 1), 2),
)
LATE = T0 + timedelta(days=1600)  # the revocation of c was entered years after the others
RECOGNITIONS = (RecognitionFact("a", date(2013, 3, 1), 1, T0, True), RecognitionFact("c", date(2013, 3, 1), 1, T0, True),
                RecognitionFact("c", date(2015, 3, 1), 2, LATE, False))
CLUSTERS = (ClusterFact("border", date(2012, 1, 1), 1, T0, ("180",), "cluster", "Cụm 5 huyện biên giới"),
            ClusterFact("inland", date(2012, 1, 1), 1, T0, ("178", "185"), "cluster", "Cụm nội địa"))


def ranking(as_of: date, known_at=None) -> dict:
    return assemble_ranking(FactsAt(as_of, known_at, UNITS, RECOGNITIONS, CLUSTERS), "20")


def test_districts_are_ranked_with_cluster_candidates_and_notes():
    r = ranking(date(2014, 6, 30))
    # 185: c of c (d dissolved 2014) = 1/1; 180: a of a, b = 1/2; 178 has no xã: unranked, last.
    assert [(d["code"], d["recognised"], d["communes"], d["rank"], d["cluster"]["code"]) for d in r["districts"]] == [
        ("185", 1, 1, 1, "inland"), ("180", 1, 2, 2, "border"), ("178", 0, 0, None, "inland")]
    assert r["districts"][2]["rate"] is None
    assert r["province"] == {"code": "20", "name": "Tỉnh Lạng Sơn", "communes": 3, "recognised": 2, "rate": 2 / 3}
    assert r["candidates"] == {"A2": ["185"], "A5": ["180"]}
    assert r["as_of"] == "2014-06-30" and any("exemplary" in n["message_en"] for n in r["notes"])


def test_before_a_date_and_after_a_revocation():
    before = ranking(date(2013, 1, 1))
    assert [d["rank"] for d in before["districts"]] == [1, 1, None] and before["candidates"] == {"A2": [], "A5": []}
    after = ranking(date(2015, 3, 1))  # c revoked: 180 first, 185 at 0/1
    assert [(d["code"], d["rank"]) for d in after["districts"]] == [("180", 1), ("185", 2), ("178", None)]
    assert after["candidates"] == {"A2": ["180"], "A5": []}


def test_a_ranking_issued_before_the_revocation_was_entered_is_reproduced():
    issued = ranking(date(2015, 3, 1), known_at=LATE - timedelta(days=1))
    assert issued["candidates"] == {"A2": ["185"], "A5": ["180"]}
    assert issued["known_at"] == (LATE - timedelta(days=1)).isoformat()


def test_each_cluster_ranks_its_members_and_the_tie_rule_is_stated():
    r = ranking(date(2014, 6, 30))
    clusters = {c["code"]: [(m["code"], m["rank_in_cluster"]) for m in c["members"]] for c in r["clusters"]}
    assert clusters == {"border": [("180", 1)], "inland": [("185", 1), ("178", None)]}
    assert r["tie_rule"]["rule"] == "P5" and "1, 2, 2, 4" in r["tie_rule"]["message_vi"]


def test_the_shortlist_of_recognised_communes_by_district():
    facts = FactsAt(date(2014, 6, 30), None, UNITS, RECOGNITIONS, CLUSTERS)
    shortlist = assemble_shortlist(facts, "20")
    by_code = {d["code"]: d for d in shortlist["districts"]}
    assert [c["code"] for c in by_code["180"]["communes"]] == ["a"] and by_code["180"]["xa"] == 2
    assert by_code["185"]["communes"] == [{"code": "c", "name": "rural_commune c", "recognised_on": "2013-03-01",
                                           "decision_number": None}]
    later = assemble_shortlist(FactsAt(date(2015, 3, 1), None, UNITS, RECOGNITIONS, CLUSTERS), "20")
    assert {d["code"]: len(d["communes"]) for d in later["districts"]} == {"178": 0, "180": 1, "185": 0}

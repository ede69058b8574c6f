"""The ranking response, assembled from facts on a small province (no database)."""
from datetime import date

from awards.domain.model import Cluster, RecognitionFact, Unit
from awards.views import RankingFacts, assemble_ranking

START = date(2011, 1, 1)


def xa(code: str, parent: str, to: date | None = None) -> Unit:
    return Unit(code, "commune", "rural_commune", f"Xã {code}", parent, START, to)


FACTS = RankingFacts(
    units=[
        Unit("20", "province", "province", "Tỉnh Lạng Sơn", None, START),
        Unit("178", "district", "city", "Thành phố Lạng Sơn", "20", START),
        Unit("180", "district", "rural_district", "Huyện Tràng Định", "20", START),
        Unit("185", "district", "rural_district", "Huyện Bắc Sơn", "20", START),
        Unit("p", "commune", "ward", "Phường Chi Lăng", "178", START),
        xa("a", "180"), xa("b", "180"), xa("c", "185"), xa("d", "185", to=date(2014, 1, 1)),
    ],
    recognitions=[RecognitionFact("a", date(2013, 3, 1), 1, True), RecognitionFact("c", date(2013, 3, 1), 1, True),
                  RecognitionFact("c", date(2015, 3, 1), 2, False)],
    clusters=[Cluster("border", "Cụm 5 huyện biên giới", ("180",)), Cluster("inland", "Cụm nội địa", ("178", "185"))],
)


def test_districts_are_ranked_with_cluster_candidates_and_notes():
    r = assemble_ranking(FACTS, "20", date(2014, 6, 30))
    # 185: c of c (d dissolved 2014) = 1/1; 180: a of a, b = 1/2; 178 has no xã: unranked, last.
    assert [(d["code"], d["recognised"], d["communes"], d["rank"], d["cluster"]["code"]) for d in r["districts"]] == [
        ("185", 1, 1, 1, "inland"), ("180", 1, 2, 2, "border"), ("178", 0, 0, None, "inland")]
    assert r["districts"][2]["rate"] is None
    assert r["province"] == {"code": "20", "name": "Tỉnh Lạng Sơn", "communes": 3, "recognised": 2, "rate": 2 / 3}
    assert r["candidates"] == {"A2": ["185"], "A5": ["180"]}
    assert r["as_of"] == "2014-06-30" and any("exemplary" in n["message_en"] for n in r["notes"])


def test_before_a_date_and_after_a_revocation():
    before = assemble_ranking(FACTS, "20", date(2013, 1, 1))
    assert [d["rank"] for d in before["districts"]] == [1, 1, None] and before["candidates"] == {"A2": [], "A5": []}
    after = assemble_ranking(FACTS, "20", date(2015, 3, 1))  # c revoked: 180 first, 185 at 0/1
    assert [(d["code"], d["rank"]) for d in after["districts"]] == [("180", 1), ("185", 2), ("178", None)]
    assert after["candidates"] == {"A2": ["180"], "A5": []}

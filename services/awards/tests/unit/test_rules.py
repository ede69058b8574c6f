"""A2/A5 candidates from the P5 ranking, by hand."""
from thidua_facts.domain.ntm_rate import UnitRate, rank_by_rate

from awards.domain.rules import a2_candidates, a5_candidates


def ranking(*rates: tuple[str, int, int]):
    return rank_by_rate([UnitRate(code, "", communes, recognised) for code, communes, recognised in rates])


def test_rank_one_is_a2_ranks_two_and_three_are_a5():
    r = ranking(("181", 10, 5), ("182", 10, 4), ("183", 10, 3), ("184", 10, 2))
    assert a2_candidates(r) == ["181"] and a5_candidates(r) == ["182", "183"]


def test_a_tie_for_first_gives_two_a2_candidates_and_no_second_place():
    r = ranking(("181", 10, 5), ("182", 4, 2), ("183", 10, 3), ("184", 10, 2), ("185", 10, 1))
    # 1/2, 1/2 | 3/10 | 1/5 | 1/10 → ranks 1, 1, 3, 4, 5: A5 is the third-placed district alone.
    assert a2_candidates(r) == ["181", "182"] and a5_candidates(r) == ["183"]


def test_a_tie_for_third_gives_every_tied_district():
    r = ranking(("181", 10, 5), ("182", 10, 4), ("183", 10, 3), ("184", 10, 3), ("185", 10, 1))
    assert a5_candidates(r) == ["182", "183", "184"]


def test_no_recognised_xa_no_candidate_and_no_xa_no_rank():
    r = ranking(("181", 10, 0), ("182", 10, 0), ("178", 0, 0))
    assert [(x.unit.code, x.rank) for x in r] == [("181", 1), ("182", 1), ("178", None)]
    assert a2_candidates(r) == [] and a5_candidates(r) == []
    r = ranking(("181", 10, 1), ("182", 10, 0), ("183", 10, 0))
    assert a2_candidates(r) == ["181"] and a5_candidates(r) == []

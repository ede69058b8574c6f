"""A1: yearly emulation scores of a cluster's or block's members, refused outside the rules, ranked "1224"."""
import math

import pytest

from contracts.awards import EmulationScoreRecorded
from awards.domain.scores import decide_score, rank_scores
from thidua_kernel.errors import DomainRefusal

MEMBERS = {"180", "182", "183", "188", "189"}


def test_a_member_score_from_2012_is_recorded():
    event = decide_score(2012, "border", "cluster", MEMBERS, "180", 92.5, 18.0)
    assert event == EmulationScoreRecorded(year=2012, group_code="border", unit_code="180", score=92.5,
                                           movement_score=18.0)
    assert decide_score(2015, "khoi-1", "block", {"so-nn"}, "so-nn", 0.0, 0.0).score == 0.0


@pytest.mark.parametrize("year, kind, unit, score, movement", [
    (2011, "cluster", "180", 90.0, 10.0),       # before 2012
    (2013, None, "180", 90.0, 10.0),            # no such group
    (2013, "cluster", "181", 90.0, 10.0),       # not a member at 31/12
    (2013, "cluster", "180", -1.0, 0.0),        # negative
    (2013, "cluster", "180", 90.0, 91.0),       # the movement's part above the whole
    (2013, "cluster", "180", 90.0, -0.5),
    (2013, "cluster", "180", math.inf, 1.0),
    (2013, "cluster", "180", 90.0, math.nan),
])
def test_refusals_name_a1(year, kind, unit, score, movement):
    with pytest.raises(DomainRefusal) as refused:
        decide_score(year, "border", kind, MEMBERS, unit, score, movement)
    assert refused.value.rule == "A1"


def record(unit: str, score: float, movement: float = 1.0) -> EmulationScoreRecorded:
    return EmulationScoreRecorded(year=2014, group_code="border", unit_code=unit, score=score, movement_score=movement)


def test_ranking_is_competition_ranking_ties_by_code_and_the_last_record_counts():
    ranked = rank_scores([record("183", 80), record("180", 95), record("189", 95), record("182", 70),
                          record("188", 80), record("182", 96)])
    assert [(r["unit_code"], r["rank"], r["score"]) for r in ranked] == [
        ("182", 1, 96), ("180", 2, 95), ("189", 2, 95), ("183", 4, 80), ("188", 4, 80)]
    assert rank_scores([]) == []

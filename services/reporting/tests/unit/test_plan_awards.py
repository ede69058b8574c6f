"""R4: the plan's summary round in the thematic report, as it stands on the day of known_at
(plan_awards.py), over the hand-worked round of award_testing."""
from datetime import date

from reporting.award_testing import award_events, award_facts
from reporting.plan_awards import plan_awards
from reporting.testing import at


def test_the_plans_round_as_it_stands_on_the_day_known_at_falls_on():
    known_at = at(date(2016, 6, 2))
    section = plan_awards(award_facts(award_events()), "20", 2011, 2015, known_at)
    assert section["as_of"] == "2016-06-02"
    assert [r["code"] for r in section["rounds"]] == ["2011-2015"]  # not province 21's, not one opening in 2021
    counts = section["counts"]
    assert (counts["conferred"], counts["approved"], counts["rejected"], counts["received"]) == (1, 1, 1, 1)
    assert [a["nominee_code"] for a in section["rounds"][0]["awards"]] == ["CB1", "180"]


def test_before_the_decisions_and_outside_the_plan():
    early = plan_awards(award_facts(award_events()), "20", 2011, 2015, at(date(2016, 2, 5)))
    assert early["counts"]["approved"] == early["counts"]["conferred"] == 0
    assert early["counts"]["withdrawn"] == 1 and early["rounds"][0]["awards"] == []
    assert plan_awards(award_facts(award_events()), "20", 2016, 2020, at(date(2016, 6, 2)))["rounds"] == []

"""U3 participants and U6 pledges at (D, K): the pure readings and FactsAt's accessors."""
from datetime import date, timedelta

import pytest

from thidua_facts.domain.participants import u3_participants_on, u6_pledges_on
from thidua_facts.read_model import FactsAt
from thidua_facts.testing import T0, participant_fact, pledge_fact

LATER = T0 + timedelta(days=400)
PARTICIPANTS = (
    participant_fact("so-nn", "department", day=date(2011, 3, 1), name="Sở NN"),
    participant_fact("cc-tl", "subordinate_unit", "so-nn", day=date(2011, 3, 1)),
    # Renamed by a second registration from 2013, entered in 2012 (known then, effective later).
    participant_fact("so-nn", "department", day=date(2013, 1, 1), version=2, at=T0 + timedelta(days=30),
                     name="Sở Nông nghiệp và PTNT"),
    # A business person registered in 2012 but entered only at LATER.
    participant_fact("ong-a", "business_person", day=date(2012, 1, 1), at=LATER, address="Số 1, Lạng Sơn"),
)
PLEDGES = (
    pledge_fact("so-nn", "178", day=date(2011, 6, 1)),
    pledge_fact("cc-tl", "05986", day=date(2012, 6, 1), at=LATER),
    pledge_fact("cc-tl", "05989", day=date(2014, 1, 1)),
)


def test_a_registration_recorded_after_known_at_is_invisible():
    assert "ong-a" not in u3_participants_on(PARTICIPANTS, date(2015, 12, 31), T0 + timedelta(days=60))
    assert u3_participants_on(PARTICIPANTS, date(2015, 12, 31), LATER)["ong-a"].address == "Số 1, Lạng Sơn"
    assert "ong-a" in u3_participants_on(PARTICIPANTS, date(2015, 12, 31), None)  # None: everything recorded


def test_a_registration_effective_after_the_day_is_invisible():
    assert set(u3_participants_on(PARTICIPANTS, date(2011, 2, 28), None)) == set()
    assert set(u3_participants_on(PARTICIPANTS, date(2011, 3, 1), None)) == {"so-nn", "cc-tl"}
    assert set(u3_participants_on(PARTICIPANTS, date(2012, 1, 1), None)) == {"so-nn", "cc-tl", "ong-a"}


def test_the_latest_registration_of_a_code_wins():
    assert u3_participants_on(PARTICIPANTS, date(2012, 12, 31), None)["so-nn"].name == "Sở NN"  # not yet effective
    assert u3_participants_on(PARTICIPANTS, date(2013, 1, 1), None)["so-nn"].name == "Sở Nông nghiệp và PTNT"
    assert u3_participants_on(PARTICIPANTS, date(2013, 1, 1), T0)["so-nn"].name == "Sở NN"  # not yet recorded
    # Whatever order the rows come in.
    assert u3_participants_on(reversed(PARTICIPANTS), date(2014, 1, 1), None) == \
        u3_participants_on(PARTICIPANTS, date(2014, 1, 1), None)
    # Same effective day: the later stream version wins.
    same_day = (participant_fact("x", name="A", version=2), participant_fact("x", name="B", version=1))
    assert u3_participants_on(same_day, date(2011, 1, 1), None)["x"].name == "A"


def test_pledges_effective_by_the_day_and_known_at_known_at():
    pairs = lambda ps: [(p.supporter_code, p.supported_code) for p in ps]  # noqa: E731
    assert pairs(u6_pledges_on(PLEDGES, date(2011, 5, 31), None)) == []
    assert pairs(u6_pledges_on(PLEDGES, date(2013, 12, 31), None)) == [("cc-tl", "05986"), ("so-nn", "178")]
    assert pairs(u6_pledges_on(PLEDGES, date(2013, 12, 31), T0)) == [("so-nn", "178")]  # cc-tl's entered LATER
    assert pairs(u6_pledges_on(PLEDGES, date(2014, 1, 1), T0)) == [("cc-tl", "05989"), ("so-nn", "178")]


def test_a_pair_pledged_twice_is_listed_once_from_its_first_pledge():
    twice = (pledge_fact("s", "d", day=date(2014, 1, 1), version=2), pledge_fact("s", "d", day=date(2012, 1, 1)))
    [pledge] = u6_pledges_on(twice, date(2015, 1, 1), None)
    assert pledge.effective_from == date(2012, 1, 1) and pledge.stream_version == 1


def test_facts_at_answers_for_a_day_up_to_as_of_and_refuses_a_later_one():
    facts = FactsAt(date(2013, 12, 31), LATER, participants=PARTICIPANTS, pledges=PLEDGES)
    assert facts.participants_on()["so-nn"].name == "Sở Nông nghiệp và PTNT"
    assert facts.participants_on(date(2012, 6, 30))["so-nn"].name == "Sở NN"
    assert set(facts.participants_on(date(2012, 6, 30))) == {"so-nn", "cc-tl", "ong-a"}
    assert [p.supported_code for p in facts.pledges_on()] == ["05986", "178"]
    assert [p.supported_code for p in facts.pledges_on(date(2011, 12, 31))] == ["178"]
    with pytest.raises(ValueError, match="after the facts' as_of"):
        facts.pledges_on(date(2014, 1, 1))
    with pytest.raises(ValueError, match="after the facts' as_of"):
        facts.participants_on(date(2014, 1, 1))

"""Properties of the pure read model over random histories (hypothesis)."""
import random
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua_facts.read_model import FactsAt
from thidua_facts.testing_histories import ASK_DAYS, answers, histories, known_ats, pure_facts_at

PROPERTY = settings(max_examples=40, deadline=None)


@PROPERTY
@given(histories(), st.data())
def test_an_answer_never_changes_when_events_are_recorded_after_known_at(history, data):
    """(a) The answer for (as_of, known_at) from the events recorded by known_at is the answer from
    the whole history: appending events recorded later changes nothing."""
    cut = data.draw(st.integers(0, len(history)), label="events recorded by known_at")
    known_at = (history[cut - 1].recorded_at if cut else history[0].recorded_at - timedelta(hours=1)) \
        + timedelta(minutes=data.draw(st.integers(0, 59), label="minutes after the last of them"))
    for as_of in ASK_DAYS:
        assert answers(pure_facts_at(history[:cut], as_of, known_at)) == \
            answers(pure_facts_at(history, as_of, known_at))


@PROPERTY
@given(histories(), st.randoms(use_true_random=False))
def test_the_order_the_facts_are_read_in_does_not_matter(history, rng: random.Random):
    """Tables give rows in no particular order: every figure is a function of the set of facts."""
    for as_of in ASK_DAYS[1:]:
        for known_at in known_ats(history)[-2:]:
            facts = pure_facts_at(history, as_of, known_at)
            shuffle = lambda f: tuple(rng.sample(f, len(f)))  # noqa: E731
            shuffled = FactsAt(as_of, known_at, *map(shuffle, (
                facts.unit_changes, facts.recognitions, facts.clusters, facts.criteria_sets, facts.targets)),
                dict(rng.sample(list(facts.assessments.items()), len(facts.assessments))),
                shuffle(facts.participants), shuffle(facts.pledges))
            assert answers(shuffled) == answers(facts)

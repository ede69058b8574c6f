"""R7 decisions and the status of a proposal at a date (pure): readings in domain/proposals.py."""
from datetime import date, datetime, timezone

import pytest

from contracts.reporting import ProposalAnswered, ProposalRecorded
from reporting.domain.proposals import (
    ProposalState,
    decide_answer,
    decide_record,
    fold_proposal,
    matches,
    proposal_json,
    status_at,
)
from thidua_kernel.errors import DomainRefusal, NotFound

TODAY = date(2015, 6, 1)
T1 = datetime(2014, 3, 1, 3, tzinfo=timezone.utc)
T2 = datetime(2014, 5, 1, 3, tzinfo=timezone.utc)
DEPARTMENTS = {"SNV", "SNNPTNT"}
PROPOSAL = ProposalRecorded(code="KN-01", proposer_code="180", addressed_to=["SNV", "SNNPTNT"],
                            subject="Điều chỉnh tiêu chí 17", content="Đề nghị lùi thời hạn môi trường",
                            proposed_on=date(2014, 3, 1))
ANSWER = ProposalAnswered(proposal_code="KN-01", answer="Đồng ý lùi đến 2016", answered_on=date(2014, 5, 1),
                          accepted=True)


def rule_of(call) -> str:
    with pytest.raises((DomainRefusal, NotFound)) as refused:
        call()
    assert refused.value.message_vi and refused.value.message_en
    return refused.value.rule


def recorded(*more) -> ProposalState:
    return fold_proposal("KN-01", [("ProposalRecorded", PROPOSAL.model_dump(mode="json"), T1), *more])


def test_a_proposal_is_recorded_once():
    assert decide_record(ProposalState("KN-01"), PROPOSAL, TODAY, True, DEPARTMENTS) == PROPOSAL
    assert decide_record(recorded(), PROPOSAL, TODAY, True, DEPARTMENTS) is None
    other = PROPOSAL.model_copy(update={"subject": "Khác"})
    assert rule_of(lambda: decide_record(recorded(), other, TODAY, True, DEPARTMENTS)) == "R7"


@pytest.mark.parametrize("change, known", [
    ({"proposed_on": date(2015, 6, 2)}, True),
    ({}, False),
    ({"addressed_to": ["HND"]}, True),  # not a department
    ({"addressed_to": ["SNV", "SNV"]}, True),
    ({"addressed_to": []}, True),
    ({"proposer_code": "SNV", "addressed_to": ["SNV"]}, True),  # to itself
])
def test_a_wrong_proposal_is_refused_naming_r7(change, known):
    wrong = PROPOSAL.model_copy(update=change)
    assert rule_of(lambda: decide_record(ProposalState("KN-01"), wrong, TODAY, known, DEPARTMENTS)) == "R7"


def test_the_board_answers_once_between_the_proposal_and_today():
    assert decide_answer(recorded(), ANSWER, TODAY) == ANSWER
    answered = recorded(("ProposalAnswered", ANSWER.model_dump(mode="json"), T2))
    assert decide_answer(answered, ANSWER, TODAY) is None
    assert rule_of(lambda: decide_answer(answered, ANSWER.model_copy(update={"accepted": False}), TODAY)) == "R7"
    early = ANSWER.model_copy(update={"answered_on": date(2014, 2, 28)})
    assert rule_of(lambda: decide_answer(recorded(), early, TODAY)) == "R7"
    assert rule_of(lambda: decide_answer(ProposalState("KN-09"), ANSWER, TODAY)) == "R7"


def test_status_at_a_date_and_as_known_at_a_time():
    answered = recorded(("ProposalAnswered", ANSWER.model_dump(mode="json"), T2))
    assert status_at(answered, date(2014, 4, 30)) == "open"
    assert status_at(answered, date(2014, 5, 1)) == "accepted"
    assert status_at(fold_proposal("KN-01", [("ProposalRecorded", PROPOSAL.model_dump(mode="json"), T1),
                                             ("ProposalAnswered", ANSWER.model_dump(mode="json"), T2)], T1),
                     date(2015, 1, 1)) == "open"
    neutral = recorded(("ProposalAnswered", ANSWER.model_copy(update={"accepted": None}).model_dump(mode="json"), T2))
    assert status_at(neutral, TODAY) == "answered"
    assert matches("accepted", "answered") and matches("rejected", "answered") and not matches("open", "answered")
    view = proposal_json(answered, TODAY)
    assert view["answer"] == {"answer": "Đồng ý lùi đến 2016", "answered_on": "2014-05-01", "accepted": True}
    assert proposal_json(answered, date(2014, 4, 1))["answer"] is None

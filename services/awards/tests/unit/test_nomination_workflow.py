"""A11: the order of a nomination's steps; each out-of-order step refused naming A11 and the status."""
from datetime import date

import pytest

from awards.adapters.presets import preset
from awards.domain.decisions import (
    decide_confer,
    decide_decision,
    decide_receive,
    decide_review,
    decide_withdraw,
)
from awards.domain.round_state import fold_round
from awards.domain.testing import DAY, RoundLog, lang_son
from thidua_kernel.errors import DomainRefusal, NotFound

PRESET = preset("2011-2015")
FACTS = lang_son()
KIND, NOMINEE = "pm_certificate", "18001"  # Tràng Định nominates its recognised xã

STEPS = {
    "withdraw": lambda s, nid, day: decide_withdraw(s, nid, day, "Đơn vị xin rút"),
    "receive": lambda s, nid, day: decide_receive(s, nid, day),
    "review": lambda s, nid, day: decide_review(s, nid, True, "Tiêu biểu", day),
    "approve": lambda s, nid, day: decide_decision(s, nid, "approved", "Đủ", "1/QĐ", day, FACTS),
    "reject": lambda s, nid, day: decide_decision(s, nid, "rejected", "Chưa đủ", "1/QĐ", day, FACTS),
    "confer": lambda s, nid, day: decide_confer(s, nid, day, "BK-01"),
}
ALLOWED = {
    "submitted": {"withdraw", "receive"},
    "received": {"withdraw", "review"},
    "reviewed": {"withdraw", "review", "approve", "reject"},
    "approved": {"confer"},
    "rejected": set(),
    "withdrawn": set(),
    "conferred": set(),
}


def log_at(status: str) -> tuple[RoundLog, str]:
    log = RoundLog.of(PRESET, FACTS)
    log.submit(KIND, NOMINEE, "180")
    nid = log.nid(KIND, NOMINEE)
    if status in ("received", "reviewed", "approved", "conferred"):
        log.advance(nid, status)
    elif status == "withdrawn":
        log.append(decide_withdraw(log.state, nid, DAY, "rút"))
    elif status == "rejected":
        log.advance(nid, "reviewed")
        log.append(STEPS["reject"](log.state, nid, DAY))
    assert log.state.nominations[nid].status == status
    return log, nid


@pytest.mark.parametrize("status", sorted(ALLOWED))
@pytest.mark.parametrize("step", sorted(STEPS))
def test_each_step_from_each_status(status: str, step: str):
    log, nid = log_at(status)
    if step in ALLOWED[status]:
        event = STEPS[step](log.state, nid, DAY)
        assert event.nomination_id == nid
    else:
        with pytest.raises(DomainRefusal) as refused:
            STEPS[step](log.state, nid, DAY)
        assert refused.value.rule == "A11" and refused.value.figures["status"] == status
        assert f"({status})" in refused.value.message_vi and status in refused.value.message_en


@pytest.mark.parametrize("status", ["submitted", "received", "reviewed", "approved", "conferred"])
def test_an_active_nomination_cannot_be_submitted_again(status: str):
    log, nid = log_at(status)
    with pytest.raises(DomainRefusal) as refused:
        log.submit(KIND, NOMINEE, "180")
    assert refused.value.rule == "A11" and refused.value.figures["status"] == status


@pytest.mark.parametrize("status", ["withdrawn", "rejected"])
def test_a_withdrawn_or_rejected_nomination_may_be_submitted_again_and_keeps_its_history(status: str):
    log, nid = log_at(status)
    log.submit(KIND, NOMINEE, "180", on=date(2016, 2, 1))
    again = log.state.nominations[nid]
    assert again.status == "submitted" and again.exemplary is None and again.decision is None
    assert again.submitted_on == date(2016, 2, 1)
    assert [h.event_type for h in again.history][0] == "NominationSubmitted"
    assert [h.event_type for h in again.history][-1] == "NominationSubmitted" and len(again.history) > 2


def test_a_step_dated_before_the_previous_one_is_refused():
    log, nid = log_at("submitted")
    with pytest.raises(DomainRefusal) as refused:
        decide_receive(log.state, nid, date(2016, 1, 14))
    assert refused.value.rule == "A11" and refused.value.figures["previous"] == "2016-01-15"
    log.append(decide_receive(log.state, nid, date(2016, 1, 20)))
    with pytest.raises(DomainRefusal):
        decide_review(log.state, nid, True, "x", date(2016, 1, 19))


def test_a_step_on_an_unknown_nomination_is_not_found():
    log = RoundLog.of(PRESET, FACTS)
    with pytest.raises(NotFound) as missing:
        decide_receive(log.state, "2011-2015/pm_certificate/nope", DAY)
    assert missing.value.rule == "A11"


def test_the_council_may_revise_its_finding_and_the_latest_counts():
    log, nid = log_at("reviewed")
    log.append(decide_review(log.state, nid, False, "Xét lại: chưa tiêu biểu", date(2016, 1, 16)))
    state = log.state
    assert state.nominations[nid].exemplary is False and state.findings[NOMINEE].exemplary is False
    with pytest.raises(DomainRefusal) as refused:
        decide_decision(state, nid, "approved", "x", "2/QĐ", date(2016, 1, 17), FACTS)
    assert refused.value.rule == "A3" and refused.value.figures["outcome"] == "fail"
    rejected = decide_decision(state, nid, "rejected", "Không tiêu biểu", "2/QĐ", date(2016, 1, 17), FACTS)
    assert [v.outcome for v in rejected.verdicts][:2] == ["pass", "fail"]


def test_approval_needs_the_councils_finding_pending_is_refused():
    log = RoundLog.of(PRESET, FACTS)
    log.submit(KIND, NOMINEE, "180")
    nid = log.nid(KIND, NOMINEE)
    log.append(decide_receive(log.state, nid, DAY))
    # another nomination's review of a different nominee does not count; this one is still pending
    with pytest.raises(DomainRefusal) as refused:
        decide_decision(log.state, nid, "approved", "x", "3/QĐ", DAY, FACTS)
    assert refused.value.rule == "A11"  # not reviewed yet: out of order first


def test_history_records_every_step_with_actor_date_and_document():
    log, nid = log_at("conferred")
    history = fold_round(log.code, log.events).nominations[nid].history
    assert [h.event_type for h in history] == ["NominationSubmitted", "NominationReceived", "NominationReviewed",
                                               "NominationDecided", "AwardConferred"]
    assert history[0].actor == "180" and history[3].document_number == "125/QĐ-UBND"
    assert all(h.on == DAY for h in history)

"""The round folded from its stream: definition, prizes, findings, versions; as known at K (A8–A11);
facts changing between submission and decision (a revocation: flagged, approval refused)."""
from datetime import date, timedelta

import pytest

from awards.adapters.presets import preset
from awards.domain.decisions import decide_decision, decide_define_round, decide_set_prize
from awards.domain.round_state import RoundState, fold_round
from awards.domain.testing import DAY, RoundLog, lang_son, with_check_day
from awards.domain.views import current_verdicts, dashboard, flags, is_flagged
from thidua_kernel.errors import DomainRefusal, NotFound

PRESET = preset("2011-2015")


def test_an_empty_stream_is_an_undefined_round():
    state = fold_round("2011-2015", [])
    assert state == RoundState("2011-2015") and state.version == 0 and state.kind("x") is None


def test_define_the_same_round_again_changes_nothing_and_another_code_is_refused():
    state = fold_round("2011-2015", [])
    assert decide_define_round(state, PRESET) == PRESET
    log = RoundLog.of(PRESET, lang_son())
    assert decide_define_round(log.state, PRESET) is None
    changed = PRESET.model_copy(update={"nominations_due": date(2016, 4, 30)})
    assert decide_define_round(log.state, changed) == changed
    with pytest.raises(DomainRefusal) as other:
        decide_define_round(fold_round("2016-2020", []), PRESET)
    assert other.value.rule == "A10"


def test_a_new_definition_may_not_drop_a_kind_with_active_nominations():
    log = RoundLog.of(PRESET, lang_son())
    log.submit("pm_certificate", "18001", "180")
    kinds = [k.model_copy(update={"excludes": [e for e in k.excludes if e != "pm_certificate"]})
             for k in PRESET.award_kinds if k.code != "pm_certificate"]
    fewer = PRESET.model_copy(update={"award_kinds": kinds,
                                      "quotas": [q for q in PRESET.quotas if "pm_certificate" not in q.award_kinds]})
    with pytest.raises(DomainRefusal) as refused:
        decide_define_round(log.state, fewer)
    assert refused.value.rule == "A10" and refused.value.figures["award_kinds"] == ["pm_certificate"]


def test_a9g_prizes_set_later_by_a_resolution():
    log = RoundLog.of(PRESET, lang_son())
    prize = decide_set_prize(log.state, "provincial_flag_district", 200_000_000, "Tiền thưởng", "15/2012/NQ-HĐND")
    log.append(prize, document_number="15/2012/NQ-HĐND")
    assert log.state.prizes["provincial_flag_district"].amount_vnd == 200_000_000
    board = {k["code"]: k["prize"] for k in dashboard(log.state, log.facts)["kinds"]}
    assert board["provincial_flag_district"]["resolution"] == "15/2012/NQ-HĐND"
    assert board["government_flag"] == {"amount_vnd": 10_000_000_000, "set_later": False, "resolution": None,
                                        "description_vi": "01 công trình phúc lợi trị giá 10.000.000.000 đồng (mười tỷ đồng)"}
    with pytest.raises(DomainRefusal) as fixed:
        decide_set_prize(log.state, "government_flag", 1, None, "1/NQ")
    assert fixed.value.rule == "A9(g)"
    with pytest.raises(DomainRefusal):
        decide_set_prize(log.state, "provincial_flag_district", -1, None, "1/NQ")
    with pytest.raises(DomainRefusal) as unknown:
        decide_set_prize(log.state, "nope", 1, None, "1/NQ")
    assert unknown.value.rule == "A10"
    with pytest.raises(NotFound):
        decide_set_prize(fold_round("x", []), "nope", 1, None, "1/NQ")


def test_nominations_are_due_within_the_window_a8():
    log = RoundLog.of(PRESET, lang_son())
    for day in (date(2015, 9, 30), date(2016, 4, 1)):
        with pytest.raises(DomainRefusal) as late:
            log.submit("pm_certificate", "18001", "180", on=day)
        assert late.value.rule == "A8" and late.value.figures["nominations_due"] == "2016-03-31"
    log.submit("pm_certificate", "18001", "180", on=date(2016, 3, 31))


def test_fold_as_known_at_reproduces_every_earlier_state_and_verdict():
    log = RoundLog.of(PRESET, lang_son())
    log.submit("pm_certificate", "18001", "180")
    nid = log.nid("pm_certificate", "18001")
    log.advance(nid, "conferred")
    log.submit("provincial_certificate_individual", "cb-180-1", "180")
    for i, (_type, _payload, recorded_at, _actor, _doc) in enumerate(log.events, start=1):
        then = fold_round(log.code, log.events, known_at=recorded_at)
        assert then == fold_round(log.code, log.events[:i]) and then.version == i
        assert fold_round(log.code, log.events, known_at=recorded_at - timedelta(microseconds=1)).version == i - 1
    halfway = fold_round(log.code, log.events, known_at=log.events[2][2])
    assert halfway.nominations[nid].status == "received"
    assert [v.model_dump() for v in current_verdicts(halfway, halfway.nominations[nid], log.facts)] == \
        [v.model_dump() for v in halfway.nominations[nid].submitted_verdicts]


def test_a_revocation_between_submission_and_decision_flags_it_and_refuses_approval():
    log = RoundLog.of(PRESET, lang_son())
    log.submit("provincial_flag_district", "180", "20")
    log.advance(log.nid("provincial_flag_district", "180"), "reviewed")  # Tràng Định found exemplary
    log.submit("provincial_flag_commune", "18001", "180")
    nid = log.nid("provincial_flag_commune", "18001")
    log.advance(nid, "reviewed")
    state = log.state
    assert not is_flagged(state.nominations[nid], current_verdicts(state, state.nominations[nid], log.facts))
    decided_on = date(2016, 4, 20)
    later = with_check_day(log.facts, decided_on, revoked={"18001"})
    verdicts = current_verdicts(state, state.nominations[nid], later)
    assert is_flagged(state.nominations[nid], verdicts)
    (flag,) = flags(verdicts)
    assert flag.rule == "A6" and flag.figures["recognised_at_check"] is False
    with pytest.raises(DomainRefusal) as refused:
        decide_decision(state, nid, "approved", "x", "30/QĐ-UBND", decided_on, later)
    assert refused.value.rule == "A6" and "20/04/2016" in refused.value.message_vi
    assert any(v["outcome"] == "fail" for v in refused.value.figures["verdicts"])
    counts = next(k for k in dashboard(state, later)["kinds"] if k["code"] == "provincial_flag_commune")["counts"]
    assert counts["under_review"] == 1 and counts["flagged"] == 1
    rejected = decide_decision(state, nid, "rejected", "Bị thu hồi công nhận", "30/QĐ-UBND", decided_on, later)
    assert rejected.outcome == "rejected" and flags(rejected.verdicts)[0].rule == "A6"
    log.append(rejected)
    after = log.state.nominations[nid]
    assert not is_flagged(after, current_verdicts(log.state, after, later))  # decided: no longer a flag


def test_an_approved_not_yet_conferred_award_is_flagged_when_its_facts_fail():
    log = RoundLog.of(PRESET, lang_son())
    log.submit("pm_certificate", "18001", "180")
    nid = log.nid("pm_certificate", "18001")
    log.advance(nid, "approved")
    later = with_check_day(log.facts, date(2016, 5, 1), revoked={"18001"})
    nomination = log.state.nominations[nid]
    assert is_flagged(nomination, current_verdicts(log.state, nomination, later))
    log.advance(nid, "conferred", on=DAY)
    conferred = log.state.nominations[nid]
    assert not is_flagged(conferred, current_verdicts(log.state, conferred, later))

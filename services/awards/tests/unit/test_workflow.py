"""The A11 workflow through the handlers, on a round defined without code: each step in order,
each step out of order refused naming A11, every write's actor checked, retries idempotent."""
import json

import pytest

from awards.commands import DefineRound, LoadRoundPreset, RecordCouncilFinding, SetPrize, WithdrawNomination
from thidua_facts.timeframe import resolve
from thidua_kernel.errors import ThiduaError


async def refused(coro) -> tuple[int, str]:
    with pytest.raises(ThiduaError) as refusal:
        await coro
    return refusal.value.status_code, refusal.value.rule


async def test_a_round_defined_through_the_api_runs_its_nominations_to_the_award(world):
    assert (await world.define())["unchanged"] is True  # the same definition again: nothing appended
    flag = await world.submit("co-huyen", "185", "20")
    assert flag["nomination_id"] == "2016/co-huyen/185" and flag["status"] == "submitted"
    # A2: 185 ranks first (3/5 xã = 60%); "exemplary" awaits the council: pending is accepted.
    assert [(v["rule"], v["check"], v["outcome"]) for v in flag["verdicts"]][:2] == [
        ("A2", "highest_ntm_rate", "pass"), ("A2", "council_exemplary", "pending")]
    nid = flag["nomination_id"]
    await world.receive(nid)
    await world.review(nid, exemplary=True)
    decided = await world.decide(nid)
    assert decided["status"] == "approved" and all(v["outcome"] == "pass" for v in decided["verdicts"])
    assert (await world.confer(nid))["status"] == "conferred"
    assert [e.event_type for e in world.events()][1:] == [
        "NominationSubmitted", "NominationReceived", "NominationReviewed", "NominationDecided", "AwardConferred"]
    assert {e.actor.principal_id for e in world.events()} == {"ban-thi-dua"}


async def test_each_step_out_of_order_is_refused_naming_a11(world):
    nid = (await world.submit("co-huyen", "185", "20"))["nomination_id"]
    assert await refused(world.review(nid)) == (422, "A11")  # not yet received
    assert await refused(world.decide(nid)) == (422, "A11")
    assert await refused(world.confer(nid)) == (422, "A11")
    await world.receive(nid)
    assert await refused(world.receive(nid)) == (422, "A11")  # twice
    assert await refused(world.submit("co-huyen", "185", "20")) == (422, "A11")  # active already
    await world.review(nid)
    await world.decide(nid, "rejected")
    assert await refused(world.confer(nid)) == (422, "A11")  # rejected: nothing to confer
    late = WithdrawNomination(nomination_id=nid, reason="Rút", withdrawn_on="2016-12-21")
    assert await refused(world.run(world.nominations, "withdraw_nomination", late)) == (422, "A11")  # decided
    assert await refused(world.receive("2016/co-huyen/184")) == (404, "A11")  # never submitted
    assert await refused(world.submit("khong-co", "185", "20")) == (422, "A10")  # no such award kind


async def test_who_may_nominate_whom(world):
    # A district officer nominates only as its own district, and only inside it (AUTH-SCOPE).
    assert await refused(world.submit("bk-xa", "b1", "185", world.district_180)) == (403, "AUTH-SCOPE")
    assert await refused(world.submit("bk-xa", "b1", "180", world.district_180)) == (403, "AUTH-SCOPE")
    # A department officer: itself, its subordinate units and their staff; not a household of a xã.
    assert (await world.submit("bk-ca-nhan", "cb-1", "so-nn", world.department))["status"] == "submitted"
    assert await refused(world.submit("bk-ca-nhan", "hd-1", "so-nn", world.department)) == (403, "AUTH-SCOPE")
    assert await refused(world.submit("bk-so", "so-nn", "so-yt", world.department)) == (403, "AUTH-SCOPE")
    # The kind's nominators (A10): a district does not nominate for the district flag.
    assert await refused(world.submit("co-huyen", "185", "185", world.district_185)) == (422, "A10")
    # Only the board receives, reviews and decides the province's kinds.
    nid = (await world.submit("bk-xa", "a1", "180", world.district_180))["nomination_id"]
    assert await refused(world.receive(nid, world.district_180)) == (403, "AUTH-ROLE")
    # Viewers write nothing; withdrawal by another unit's officer is refused.
    redefine = DefineRound.model_validate({**world.round_body, "title_vi": "Khác"})
    assert await refused(world.run(world.handlers, "define_round", redefine, world.district_180)) == (403, "AUTH-ROLE")
    cmd = WithdrawNomination(nomination_id=nid, reason="Rút hồ sơ")
    assert await refused(world.run(world.nominations, "withdraw_nomination", cmd, world.district_185)) == (
        403, "AUTH-SCOPE")
    assert (await world.run(world.nominations, "withdraw_nomination", cmd, world.district_180))["status"] == "withdrawn"
    assert (await world.submit("bk-xa", "a1", "180", world.district_180))["status"] == "submitted"  # again


async def test_a_kind_decided_by_the_nominating_unit_is_handled_by_its_officer(world):
    nid = (await world.submit("gk-huyen", "a3", "180", world.district_180))["nomination_id"]
    assert await refused(world.receive(nid, world.district_185)) == (403, "AUTH-SCOPE")
    await world.through(nid, actor=world.district_180)
    assert (await world.decide(nid, actor=world.district_180))["status"] == "approved"
    assert (await world.confer(nid, actor=world.district_180))["status"] == "conferred"


async def test_a_retry_with_the_same_key_gets_the_same_answer_and_one_event(world):
    first = await world.submit("co-huyen", "185", "20", key="k-1")
    again = await world.submit("co-huyen", "185", "20", key="k-1")
    assert again == first and len(world.events("NominationSubmitted")) == 1
    assert await refused(world.submit("co-huyen", "184", "20", key="k-1")) == (409, "IDEMPOTENCY")


async def test_failing_checks_and_quotas_are_refused_naming_their_rule(world):
    # A2: Văn Quan 184 ranks 3rd; the refusal names A2 and carries every verdict.
    with pytest.raises(ThiduaError) as failed:
        await world.submit("co-huyen", "184", "20")
    assert failed.value.rule == "A2" and "Văn Quan" in failed.value.message_vi
    assert "thứ 3" in failed.value.message_vi, failed.value.message_vi
    # A9(e): Tràng Định has 5 xã: floor(5 × 20 / 100) = 1 commune certificate.
    await world.submit("bk-xa", "a1", "180", world.district_180)
    assert await refused(world.submit("bk-xa", "a2", "180", world.district_180)) == (422, "A9(e)")
    # A6: a xã not recognised.
    assert await refused(world.submit("bk-xa", "b4", "185", world.district_185)) == (422, "A6")
    # A4: so-yt pledged nothing.
    assert await refused(world.submit("bk-so", "so-yt", "20")) == (422, "A4")
    assert (await world.submit("bk-so", "so-nn", "so-nn", world.department))["status"] == "submitted"
    # A8: after the deadline.
    assert await refused(world.submit("bk-ca-nhan", "cb-1", "so-nn", world.department,
                                      submitted_on="2017-02-01")) == (422, "A8")


async def test_prizes_set_later_by_a_resolution(world):
    set_prize = SetPrize(round_code="2016", award_kind="bk-xa", amount_vnd=5_000_000, document_number="15/NQ-HĐND")
    answer = await world.run(world.handlers, "set_prize", set_prize)
    assert answer["amount_vnd"] == 5_000_000
    fixed = SetPrize(round_code="2016", award_kind="co-huyen", amount_vnd=1, document_number="16/NQ-HĐND")
    assert await refused(world.run(world.handlers, "set_prize", fixed)) == (422, "A9(g)")
    assert await refused(world.run(world.handlers, "set_prize", set_prize, world.district_180)) == (403, "AUTH-ROLE")
    detail = await world.views.round_detail(world.deps, "2016", _tf(world))
    assert detail["prizes"]["bk-xa"]["resolution"] == "15/NQ-HĐND"
    assert detail["definition"]["award_kinds"][0]["prize"]["amount_vnd"] == 10_000_000_000


def _tf(world, known_at=None):
    return resolve(world.clock, None, known_at)


async def test_the_2011_2015_preset_is_loaded_by_a_command(world):
    loaded = await world.run(world.handlers, "load_round_preset", LoadRoundPreset(preset="2011-2015"))
    assert (loaded["round_code"], loaded["preset"], loaded["unchanged"]) == ("2011-2015", "2011-2015", False)
    again = await world.run(world.handlers, "load_round_preset", LoadRoundPreset(preset="2011-2015"))
    assert again["unchanged"] is True and again["version"] == 1
    assert await refused(world.run(world.handlers, "load_round_preset", LoadRoundPreset(preset="2016-2020"))) == (
        404, "A10")
    listed = await world.views.list_rounds(world.deps, resolve(world.clock))
    assert [r["code"] for r in listed] == ["2011-2015", "2016"]
    # The preset's definition is a valid define-round body, its long kind codes included.
    body = world.deps.preset("2011-2015").model_dump(mode="json", exclude={"preset"})
    assert DefineRound.model_validate_json(json.dumps(body), strict=True).award_kinds
    long_kind = "provincial_certificate_department_individual"
    assert WithdrawNomination(nomination_id=f"2011-2015/{long_kind}/CB-1", reason="Rút").nomination_id


async def test_the_council_finds_a_district_exemplary_without_nominating_it(world):
    """A6 reads the council's finding on the commune's district: here no nomination of Tràng Định
    (180) is ever reviewed, so the finding is recorded on its own (CouncilFindingRecorded)."""
    nid = (await world.submit("bk-xa", "a1", "180", world.district_180))["nomination_id"]
    await world.through(nid)  # the commune's own review says nothing of its district
    assert await refused(world.decide(nid)) == (422, "A6")  # pending: the district's finding is missing
    finding = RecordCouncilFinding(round_code="2016", unit_code="180", exemplary=True,
                                   reasons="Huyện tiêu biểu", found_on="2016-12-05")
    assert await refused(world.run(world.handlers, "record_council_finding", finding, world.district_180)) == (
        403, "AUTH-ROLE")
    unknown = RecordCouncilFinding(round_code="2016", unit_code="999", exemplary=True, reasons="?")
    assert await refused(world.run(world.handlers, "record_council_finding", unknown)) == (404, "U3")
    assert (await world.run(world.handlers, "record_council_finding", finding))["exemplary"] is True
    decided = await world.decide(nid)
    assert decided["status"] == "approved"
    assert [v["outcome"] for v in decided["verdicts"] if v["check"] == "in_exemplary_district"] == ["pass"]
    assert len(world.events("CouncilFindingRecorded")) == 1

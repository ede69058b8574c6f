"""P4: recognition is a provincial decision after all criteria are met; it can be revoked."""
from datetime import date

import pytest

from thidua_kernel.errors import DomainRefusal, NotAuthorised


async def test_recognition_is_refused_while_a_criterion_is_not_met_naming_p4_and_the_criteria(scenario):
    await scenario.publish("2009")
    await scenario.assess_all(unmet=(7,))
    with pytest.raises(DomainRefusal) as refused:
        await scenario.recognise()
    assert refused.value.rule == "P4"
    assert refused.value.figures["criteria_not_met"] == [7] and refused.value.figures["met_count"] == 18
    assert "CommuneRecognised" not in scenario.types()


async def test_a_commune_meeting_all_19_criteria_is_recognised_by_the_province(scenario):
    await scenario.publish("2009")
    await scenario.assess_all()
    answer = await scenario.recognise(key="rec-1")
    assert answer["recognised"] is True and answer["criteria_set_id"] == "2009"
    assert await scenario.recognise(key="rec-1") == answer  # a retry: same answer, no second event
    recognised = scenario.store.events[-1]
    assert (recognised.event_type, recognised.aggregate_id, recognised.aggregate_version) == (
        "CommuneRecognised", "06034", 20)
    assert scenario.types().count("CommuneRecognised") == 1
    with pytest.raises(DomainRefusal) as twice:
        await scenario.recognise(day=date(2015, 1, 1), decision="2/QĐ-UBND")
    assert twice.value.rule == "P4" and twice.value.figures["decision_number"] == "1234/QĐ-UBND"


async def test_a_criterion_lost_before_the_decision_date_blocks_it_but_not_one_lost_after(scenario):
    await scenario.publish("2009")
    await scenario.assess_all(day=date(2014, 6, 1))
    await scenario.assess(3, met=False, day=date(2014, 11, 1))
    await scenario.assess(3, met=True, day=date(2013, 1, 1))  # back-dated: older, does not override
    with pytest.raises(DomainRefusal) as refused:
        await scenario.recognise(day=date(2014, 12, 1))
    assert refused.value.figures["criteria_not_met"] == [3]
    await scenario.recognise(day=date(2014, 10, 1))


async def test_assessments_under_an_older_set_do_not_count_under_the_newer_one(scenario):
    await scenario.publish("2009")
    await scenario.publish("2016")
    await scenario.assess_all(day=date(2015, 6, 1))
    with pytest.raises(DomainRefusal) as refused:
        await scenario.recognise(day=date(2017, 3, 1))
    assert refused.value.figures["criteria_set_id"] == "2016"
    assert refused.value.figures["never_assessed"] == list(range(1, 20))
    await scenario.assess_all(day=date(2017, 2, 1))
    assert (await scenario.recognise(day=date(2017, 3, 1)))["criteria_set_id"] == "2016"


async def test_only_the_province_board_recognises_and_never_a_ward(scenario):
    await scenario.publish("2009")
    await scenario.assess_all()
    with pytest.raises(NotAuthorised):
        await scenario.recognise(actor=scenario.district_180)
    with pytest.raises(DomainRefusal) as ward:
        await scenario.recognise(commune="05983", district="178")
    assert ward.value.rule == "U1" and ward.value.figures["unit_type"] == "ward"


async def test_a_recognition_can_be_revoked_only_while_in_effect_and_given_again_after(scenario):
    await scenario.publish("2009")
    await scenario.assess_all()
    with pytest.raises(DomainRefusal) as nothing:
        await scenario.revoke(day=date(2015, 1, 1))
    assert nothing.value.rule == "P4"
    await scenario.recognise(day=date(2014, 12, 1))
    with pytest.raises(DomainRefusal):
        await scenario.revoke(day=date(2014, 11, 30))  # before the recognition took effect
    await scenario.revoke(day=date(2016, 1, 1))
    await scenario.recognise(day=date(2016, 6, 1), decision="77/QĐ-UBND")
    assert scenario.types()[-3:] == ["CommuneRecognised", "RecognitionRevoked", "CommuneRecognised"]

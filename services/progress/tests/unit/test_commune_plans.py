"""P6: a commune's plan lists content areas of Decision 800/QĐ-TTg and criteria (P1)."""
from datetime import date

import pytest

from thidua_kernel.errors import DomainRefusal, IdempotencyKeyReused, NotAuthorised


async def test_a_plan_is_recorded_per_commune_and_period_and_revised_by_a_new_recording(scenario):
    first = await scenario.record_plan(content_areas=(9, 1, 2), criteria=(17, 1))
    assert first == {**first, "content_areas": [1, 2, 9], "criteria": [1, 17], "unchanged": False, "revision": 1}
    event = scenario.store.events[-1]
    assert (event.event_type, event.aggregate_type, event.aggregate_id) == (
        "CommunePlanRecorded", "commune_plan", "06034-2011-2015")
    assert event.payload == {
        "commune_code": "06034", "district_code": "180", "period": "2011-2015", "period_start": 2011,
        "period_end": 2015, "content_areas": [1, 2, 9], "criteria": [1, 17], "document_number": "15/QĐ-UBND",
        "approved_on": None}
    assert event.occurred_at.date() == date(2011, 1, 1)
    assert (await scenario.record_plan(content_areas=(1, 2, 9), criteria=(1, 17)))["unchanged"] is True
    assert (await scenario.record_plan(content_areas=range(1, 12), criteria=range(1, 20)))["revision"] == 2
    await scenario.record_plan(period="2012", approved_on=date(2012, 3, 1))
    assert [e.aggregate_id for e in scenario.store.events] == ["06034-2011-2015"] * 2 + ["06034-2012"]
    assert scenario.store.events[-1].occurred_at.date() == date(2012, 3, 1)


async def test_a_retry_with_the_same_key_gets_the_same_answer_and_no_second_event(scenario):
    first = await scenario.record_plan(key="p-1")
    assert await scenario.record_plan(key="p-1") == first
    assert len(scenario.store.events) == 1
    with pytest.raises(IdempotencyKeyReused):
        await scenario.record_plan(key="p-1", content_areas=(3,))


@pytest.mark.parametrize("content_areas, figures", [
    ((1, 12), {"unknown": [12], "repeated": [], "empty": False}),
    ((0, 2), {"unknown": [0], "repeated": [], "empty": False}),
    ((2, 2), {"unknown": [], "repeated": [2], "empty": False}),
    ((), {"unknown": [], "repeated": [], "empty": True}),
])
async def test_content_areas_outside_the_11_of_decision_800_are_refused_naming_p6(scenario, content_areas, figures):
    with pytest.raises(DomainRefusal) as refused:
        await scenario.record_plan(content_areas=content_areas)
    assert refused.value.rule == "P6" and refused.value.figures == {**figures, "allowed": list(range(1, 12))}
    assert scenario.store.events == []


@pytest.mark.parametrize("criteria, figures", [((1, 20), {"unknown": [20]}), ((0,), {"unknown": [0]}),
                                               ((3, 3), {"repeated": [3]})])
async def test_criteria_outside_1_to_19_are_refused_naming_p1(scenario, criteria, figures):
    with pytest.raises(DomainRefusal) as refused:
        await scenario.record_plan(criteria=criteria)
    assert refused.value.rule == "P1" and refused.value.figures.items() >= figures.items()
    assert scenario.store.events == []


@pytest.mark.parametrize("period", ["2015-2011", "2005-2010", "2011-2015-", "20112015", "2011–2015"])
async def test_a_period_that_is_not_a_year_or_a_span_from_2009_is_refused_naming_p6(scenario, period):
    with pytest.raises(DomainRefusal) as refused:
        await scenario.record_plan(period=period)
    assert refused.value.rule == "P6" and refused.value.figures["period"] == period
    assert scenario.store.events == []


@pytest.mark.parametrize("commune, district, period, rule, figure", [
    ("05983", "178", "2011-2015", "U1", ("unit_type", "ward")),
    ("06034", "181", "2011-2015", "U1", ("actual_parent_code", "180")),
    ("06031", "180", "2021-2025", "U8", ("effective_to", "2020-01-01")),  # merged away on 1 Jan 2020
])
async def test_plans_are_for_xa_under_their_district_existing_in_the_period(scenario, commune, district, period,
                                                                          rule, figure):
    with pytest.raises(DomainRefusal) as refused:
        await scenario.record_plan(commune=commune, district=district, period=period)
    assert refused.value.rule == rule and refused.value.figures[figure[0]] == figure[1]


async def test_a_commune_merged_away_inside_the_period_still_had_its_plan(scenario):
    assert (await scenario.record_plan(commune="06031", period="2016-2020"))["revision"] == 1


async def test_district_officers_record_plans_inside_their_district_only(scenario):
    await scenario.record_plan(actor=scenario.district_180)
    with pytest.raises(NotAuthorised):
        await scenario.record_plan(actor=scenario.district_181)
    with pytest.raises(NotAuthorised):
        await scenario.record_plan(actor=scenario.viewer)
    assert len(scenario.store.events) == 1

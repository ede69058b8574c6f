"""P2: a province declares the region whose thresholds apply to it."""
from datetime import date

import pytest

from thidua_kernel.errors import DomainRefusal, NotAuthorised, NotFound


async def test_lang_son_declares_the_northern_midlands_and_mountains_once(scenario):
    first = await scenario.declare_region()
    assert first["unchanged"] is False and first["region"] == "northern_midlands_mountains"
    assert (await scenario.declare_region())["unchanged"] is True
    event = scenario.store.events[-1]
    assert (event.event_type, event.aggregate_type, event.aggregate_id) == ("RegionDeclared", "province_region", "20")
    assert event.payload == {"province_code": "20", "region": "northern_midlands_mountains", "effective_from": None}
    assert event.occurred_at.date() == date(2009, 4, 16)


async def test_a_later_declaration_with_a_date_is_a_new_fact(scenario):
    await scenario.declare_region()
    await scenario.declare_region("red_river_delta", effective_from=date(2030, 1, 1))
    assert [e.aggregate_version for e in scenario.store.events] == [1, 2]


async def test_a_retry_with_the_same_key_gets_the_same_answer(scenario):
    first = await scenario.declare_region(key="r-1")
    assert await scenario.declare_region(key="r-1") == first
    assert len(scenario.store.events) == 1


@pytest.mark.parametrize("region", ["national", "tay_bac", "Trung du và miền núi phía Bắc"])
async def test_a_region_not_of_the_criteria_sets_is_refused_naming_p2(scenario, region):
    with pytest.raises(DomainRefusal) as refused:
        await scenario.declare_region(region)
    assert refused.value.rule == "P2" and "mekong_delta" in refused.value.figures["allowed"]
    assert scenario.store.events == []


async def test_only_a_known_province_declares_and_only_through_the_board(scenario):
    with pytest.raises(DomainRefusal) as district:
        await scenario.declare_region(province="180")
    assert district.value.rule == "U1" and district.value.figures["level"] == "district"
    with pytest.raises(NotFound) as unknown:
        await scenario.declare_region(province="99")
    assert unknown.value.rule == "U1"
    with pytest.raises(NotAuthorised):
        await scenario.declare_region(actor=scenario.district_180)
    assert scenario.store.events == []

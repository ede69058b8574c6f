"""P2: thresholds keyed by (criterion, indicator, region, year) of a set; entered by the province board."""
from datetime import date

import pytest

from thidua_kernel.errors import DomainRefusal, IdempotencyKeyReused, NotAuthorised, NotFound

from progress.adapters.builtin_sets import builtin_criteria_set
from progress.commands import PublishCriteriaSet
from progress.domain.model import Threshold
from progress.domain.thresholds import applicable, select
from progress.mapping import criteria_set_from_command

NMM = "northern_midlands_mountains"


def shipped(set_id: str):
    return criteria_set_from_command(PublishCriteriaSet.model_validate(builtin_criteria_set(set_id)))


def indicator(set_id: str, criterion: int, code: str):
    return shipped(set_id).criterion(criterion).indicator(code)


@pytest.mark.parametrize("set_id, criterion, code, region, year, value", [
    ("2009", 2, "2.2", NMM, 2014, 50), ("2009", 2, "2.2", "national", 2014, 70),
    ("2009", 2, "2.2", "red_river_delta", 2014, 70),  # no threshold of its own: the general one
    ("2009", 5, "5.1", NMM, 2012, 70), ("2009", 5, "5.1", "mekong_delta", 2012, 80),
    ("2016", 10, "10.1", NMM, 2020, 36), ("2016", 10, "10.1", "south_east", 2020, 45),
])
def test_the_shipped_thresholds_of_domain_md_apply_by_region_and_year(set_id, criterion, code, region, year, value):
    assert applicable(indicator(set_id, criterion, code).thresholds, region, year).value == value


def test_a_threshold_applies_from_its_year_on_and_the_latest_year_wins():
    income = indicator("2016", 10, "10.1").thresholds
    assert applicable(income, NMM, 2017) is None  # "36 by 2020" does not judge 2017
    ladder = [Threshold(NMM, 29, ">=", 2017), Threshold(NMM, 36, ">=", 2020), Threshold("national", 45, ">=")]
    assert [applicable(ladder, NMM, y).value for y in (2017, 2019, 2020, 2025)] == [29, 29, 36, 36]
    assert applicable(ladder, NMM, 2016) is None  # its own thresholds only, never the general one
    assert select(ladder, None, 2018) == [Threshold("national", 45, ">="), Threshold(NMM, 29, ">=", 2017)]
    assert select(ladder, "central_highlands", None) == [Threshold("national", 45, ">=")]


async def test_a_threshold_is_entered_on_the_sets_stream_once_per_content(scenario):
    await scenario.publish("2016")
    first = await scenario.set_threshold(10, "10.1", 29, set_id="2016", year=2017, unit="triệu đồng/người/năm")
    again = await scenario.set_threshold(10, "10.1", 29, set_id="2016", year=2017)
    assert (first["unchanged"], again["unchanged"]) == (False, True)
    event = scenario.store.events[-1]
    assert (event.event_type, event.aggregate_type, event.aggregate_id, event.aggregate_version) == (
        "ThresholdSet", "criteria_set", "2016", 2)
    assert event.payload == {"set_id": "2016", "criterion": 10, "indicator": "10.1", "region": NMM, "year": 2017,
                             "comparison": ">=", "value": 29.0, "unit": "triệu đồng/người/năm"}
    assert event.occurred_at.date() == date(2017, 1, 1)


async def test_equal_is_stored_as_double_equal_and_a_shipped_threshold_again_is_unchanged(scenario):
    await scenario.publish("2009")
    assert (await scenario.set_threshold(2, "2.2", 50, comparison=">="))["unchanged"] is True
    await scenario.set_threshold(9, "9.1", 0, region="national", comparison="=")
    assert scenario.store.events[-1].payload["comparison"] == "=="


async def test_entered_thresholds_survive_republishing_the_shipped_set(scenario):
    await scenario.publish("2009")
    await scenario.set_threshold(2, "2.2", 60)
    assert (await scenario.publish("2009"))["unchanged"] is True
    assert scenario.types() == ["CriteriaSetPublished", "ThresholdSet"]


async def test_a_retry_with_the_same_key_gets_the_same_answer_and_no_second_event(scenario):
    await scenario.publish("2009")
    first = await scenario.set_threshold(2, "2.2", 60, key="t-1")
    assert await scenario.set_threshold(2, "2.2", 60, key="t-1") == first
    assert scenario.types().count("ThresholdSet") == 1
    with pytest.raises(IdempotencyKeyReused):
        await scenario.set_threshold(2, "2.2", 65, key="t-1")


@pytest.mark.parametrize("kwargs, figure", [
    ({"criterion": 20, "indicator": "20.1"}, ("criterion", 20)),
    ({"criterion": 0, "indicator": "2.2"}, ("criterion", 0)),
    ({"criterion": 2, "indicator": "5.1"}, ("indicators", ["2.1", "2.2", "2.3", "2.4"])),
    ({"criterion": 2, "indicator": "2.2", "region": "tay_bac"}, ("region", "tay_bac")),
    ({"criterion": 2, "indicator": "2.2", "unit": "km"}, ("indicator_unit", "%")),
    ({"criterion": 2, "indicator": "2.2", "year": 2005}, ("effective_from", "2009-04-16")),
])
async def test_a_threshold_the_set_cannot_have_is_refused_naming_p2(scenario, kwargs, figure):
    await scenario.publish("2009")
    with pytest.raises(DomainRefusal) as refused:
        await scenario.set_threshold(**kwargs)
    assert refused.value.rule == "P2" and refused.value.figures[figure[0]] == figure[1]
    assert refused.value.message_vi and refused.value.message_en
    assert scenario.types() == ["CriteriaSetPublished"]


async def test_only_the_province_board_enters_thresholds_of_published_sets(scenario):
    with pytest.raises(NotFound) as missing:
        await scenario.set_threshold()
    assert missing.value.rule == "P2" and missing.value.figures["set_id"] == "2009"
    await scenario.publish("2009")
    with pytest.raises(NotAuthorised):
        await scenario.set_threshold(actor=scenario.district_180)
    assert scenario.types() == ["CriteriaSetPublished"]

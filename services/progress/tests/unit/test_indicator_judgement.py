"""P3 with P2: indicator values judged against the thresholds of the province's declared region."""
from datetime import date

import pytest

from thidua_kernel.errors import DomainRefusal


async def test_lang_son_roads_at_55_percent_meet_the_regional_50_not_the_general_70(scenario):
    await scenario.publish("2009")
    await scenario.declare_region()
    answer = await scenario.assess(2, indicator_values={"2.2": 55})
    assert answer["region"] == "northern_midlands_mountains"
    assert answer["indicators_judged"] == [{
        "indicator": "2.2", "value": 55.0, "threshold": 50.0, "comparison": ">=",
        "threshold_region": "northern_midlands_mountains", "threshold_year": None, "satisfied": True}]
    assert scenario.store.events[-1].payload["indicators_judged"][0]["satisfied"] is True


@pytest.mark.parametrize("criterion, values, failing", [
    (2, {"2.2": 45}, ("2.2", 45.0, 50.0)),
    (5, {"5.1": 65}, ("5.1", 65.0, 70.0)),
])
async def test_met_beside_a_failing_indicator_is_refused_naming_p3_with_the_figures(scenario, criterion, values,
                                                                                    failing):
    await scenario.publish("2009")
    await scenario.declare_region()
    with pytest.raises(DomainRefusal) as refused:
        await scenario.assess(criterion, met=True, indicator_values=values)
    figures = refused.value.figures
    assert refused.value.rule == "P3"
    assert (figures["indicator"], figures["value"], figures["threshold"]) == failing
    assert figures["region"] == "northern_midlands_mountains" and figures["criteria_set_id"] == "2009"
    assert "CriterionAssessed" not in scenario.types()


async def test_not_met_beside_a_failing_indicator_is_recorded_as_judged(scenario):
    await scenario.publish("2009")
    await scenario.declare_region()
    answer = await scenario.assess(2, met=False, indicator_values={"2.2": 45, "2.1": 100})
    assert [(j["indicator"], j["satisfied"]) for j in answer["indicators_judged"]] == [("2.2", False)]  # 2.1: none


async def test_without_a_declared_region_values_are_recorded_unjudged(scenario):
    await scenario.publish("2009")
    answer = await scenario.assess(2, met=True, indicator_values={"2.2": 45})
    assert (answer["region"], answer["indicators_judged"]) == (None, [])


async def test_values_not_supplied_are_not_judged(scenario):
    await scenario.publish("2009")
    await scenario.declare_region()
    answer = await scenario.assess(5, met=True)
    assert answer["indicators_judged"] == []


async def test_an_indicator_the_criterion_does_not_list_is_refused_naming_p2(scenario):
    await scenario.publish("2009")
    with pytest.raises(DomainRefusal) as refused:
        await scenario.assess(2, indicator_values={"5.1": 90, "2.2": 90})
    assert refused.value.rule == "P2" and refused.value.figures["unknown"] == ["5.1"]


async def test_income_is_judged_from_2020_on_and_by_entered_yearly_thresholds_before(scenario):
    await scenario.publish("2009")
    await scenario.publish("2016")
    await scenario.declare_region()
    assert (await scenario.assess(10, day=date(2017, 6, 1), indicator_values={"10.1": 25}))["indicators_judged"] == []
    with pytest.raises(DomainRefusal) as income_2020:
        await scenario.assess(10, day=date(2020, 6, 1), indicator_values={"10.1": 35})
    assert (income_2020.value.figures["threshold"], income_2020.value.figures["value"]) == (36.0, 35.0)
    await scenario.assess(10, day=date(2020, 6, 2), indicator_values={"10.1": 36})
    await scenario.set_threshold(10, "10.1", 28, set_id="2016", year=2017)
    with pytest.raises(DomainRefusal) as income_2017:
        await scenario.assess(10, day=date(2017, 6, 1), indicator_values={"10.1": 25})
    assert income_2017.value.rule == "P3" and income_2017.value.figures["failing"][0]["threshold_year"] == 2017


async def test_an_entered_threshold_replaces_the_shipped_one_with_the_same_key(scenario):
    await scenario.publish("2009")
    await scenario.declare_region()
    await scenario.set_threshold(2, "2.2", 60)
    with pytest.raises(DomainRefusal) as refused:
        await scenario.assess(2, indicator_values={"2.2": 55})
    assert refused.value.figures["threshold"] == 60.0


async def test_an_equality_threshold_judges_yes_no_indicators(scenario):
    await scenario.publish("2009")
    await scenario.declare_region()
    await scenario.set_threshold(9, "9.1", 0, region="national", comparison="=")
    await scenario.assess(9, indicator_values={"9.1": 0})
    with pytest.raises(DomainRefusal) as refused:
        await scenario.assess(9, indicator_values={"9.1": 3})
    assert refused.value.figures["comparison"] == "=="


@pytest.mark.parametrize("value", [100.5, 250])
async def test_a_percentage_over_100_is_refused_naming_p3_and_nothing_is_recorded(scenario, value):
    await scenario.publish("2009")
    await scenario.declare_region()
    with pytest.raises(DomainRefusal) as refused:
        await scenario.assess(2, met=False, indicator_values={"2.2": value, "2.1": 40})
    assert refused.value.rule == "P3"
    assert refused.value.figures["outside"] == [{"indicator": "2.2", "value": value, "unit": "%"}]
    assert "CriterionAssessed" not in scenario.types()


async def test_a_percentage_of_exactly_100_is_recorded(scenario):
    await scenario.publish("2009")
    await scenario.declare_region()
    answer = await scenario.assess(2, met=True, indicator_values={"2.2": 100})
    assert answer["indicators_judged"][0]["value"] == 100.0


async def test_a_threshold_over_100_percent_is_refused_naming_p3(scenario):
    await scenario.publish("2009")
    with pytest.raises(DomainRefusal) as refused:
        await scenario.set_threshold(2, "2.2", 120)
    assert refused.value.rule == "P3" and refused.value.figures["outside"][0]["value"] == 120
    assert "ThresholdSet" not in scenario.types()

"""P5: targets are data (unit, year, rate), set by the province board."""
import pytest

from thidua_kernel.errors import DomainRefusal, NotAuthorised, NotFound

from progress.commands import SetTarget


async def set_target(scenario, unit_code="20", year=2015, rate=0.2, actor=None):
    cmd = SetTarget(unit_code=unit_code, year=year, ntm_rate=rate)
    return await scenario.handlers.set_target(scenario.deps, scenario.ctx(actor or scenario.board), cmd)


async def test_a_target_is_recorded_once_per_content_on_its_own_stream(scenario):
    assert (await set_target(scenario))["unchanged"] is False
    assert (await set_target(scenario))["unchanged"] is True
    await set_target(scenario, rate=0.25)
    assert [(e.aggregate_id, e.aggregate_version) for e in scenario.store.events] == [("20-2015", 1), ("20-2015", 2)]


@pytest.mark.parametrize("unit_code, year, rate, rule", [
    ("06034", 2015, 0.2, "P5"), ("20", 2015, 1.5, "P5"), ("20", 1990, 0.5, "P5")])
async def test_targets_are_rates_of_the_province_or_a_district(scenario, unit_code, year, rate, rule):
    with pytest.raises(DomainRefusal) as refused:
        await set_target(scenario, unit_code, year, rate)
    assert refused.value.rule == rule
    assert scenario.store.events == []


async def test_only_the_board_sets_targets_on_known_units(scenario):
    with pytest.raises(NotAuthorised):
        await set_target(scenario, "180", actor=scenario.district_180)
    with pytest.raises(NotFound) as missing:
        await set_target(scenario, "999")
    assert missing.value.rule == "U1"

"""P3 with U1, U8, P1, P2 and authorisation: what an assessment needs, and what a refusal says."""
import asyncio
from datetime import date

import pytest

from thidua_kernel.errors import DomainRefusal, IdempotencyKeyReused, NotAuthorised, NotFound
from thidua_kernel.memory_store import InMemoryEventStore

from progress.commands import AssessCriterion


async def test_an_assessment_is_recorded_under_the_set_in_force_on_its_date(scenario):
    await scenario.publish("2009")
    await scenario.publish("2016")
    first = await scenario.assess(2, day=date(2014, 6, 1), evidence="12/BC-UBND",
                                  indicator_values={"2.2": 55.0})
    second = await scenario.assess(2, met=False, day=date(2017, 1, 10))
    assert (first["criteria_set_id"], second["criteria_set_id"]) == ("2009", "2016")
    events = [e for e in scenario.store.events if e.aggregate_type == "commune_progress"]
    assert [(e.aggregate_id, e.aggregate_version) for e in events] == [("06034", 1), ("06034", 2)]
    assert events[0].payload["indicator_values"] == {"2.2": 55.0} and events[0].payload["evidence"] == "12/BC-UBND"


@pytest.mark.parametrize("criterion", [0, 20, -3])
async def test_a_criterion_outside_1_to_19_is_refused_naming_p1(scenario, criterion):
    await scenario.publish("2009")
    with pytest.raises(DomainRefusal) as refused:
        await scenario.assess(criterion)
    assert refused.value.rule == "P1" and refused.value.figures["criterion"] == criterion
    assert scenario.types() == ["CriteriaSetPublished"]


async def test_no_set_in_force_yet_is_refused_naming_p2(scenario):
    with pytest.raises(DomainRefusal) as refused:
        await scenario.assess(1)
    assert refused.value.rule == "P2" and scenario.store.events == []


@pytest.mark.parametrize("commune, district, error, rule, figure", [
    ("99999", "180", NotFound, "U1", ("code", "99999")),
    ("06034", "181", DomainRefusal, "U1", ("actual_parent_code", "180")),
    ("05983", "178", DomainRefusal, "U1", ("unit_type", "ward")),
    ("06040", "180", DomainRefusal, "U1", ("unit_type", "township")),
])
async def test_units_are_checked_by_code_and_parent_and_must_be_xa(scenario, commune, district, error, rule, figure):
    await scenario.publish("2009")
    with pytest.raises(error) as refused:
        await scenario.assess(1, commune=commune, district=district)
    assert refused.value.rule == rule and refused.value.figures[figure[0]] == figure[1]
    assert scenario.types() == ["CriteriaSetPublished"]


@pytest.mark.parametrize("day", [date(2010, 12, 31), date(2020, 1, 1)])
async def test_a_commune_that_did_not_exist_on_the_date_is_refused_naming_u8(scenario, day):
    await scenario.publish("2009")
    with pytest.raises(DomainRefusal) as refused:
        await scenario.assess(1, commune="06031", day=day)
    assert refused.value.rule == "U8"


async def test_district_officers_assess_only_inside_their_district_and_viewers_never(scenario):
    await scenario.publish("2009")
    await scenario.assess(1, actor=scenario.district_180)
    with pytest.raises(NotAuthorised):
        await scenario.assess(1, actor=scenario.district_181)
    with pytest.raises(NotAuthorised):
        await scenario.assess(1, actor=scenario.viewer)
    with pytest.raises(DomainRefusal) as lying:  # claims its own district for another's commune
        await scenario.assess(1, actor=scenario.district_181, district="181")
    assert lying.value.rule == "U1"
    assert scenario.types() == ["CriteriaSetPublished", "CriterionAssessed"]


async def test_a_retry_with_the_same_idempotency_key_gets_the_same_answer_and_no_second_event(scenario):
    await scenario.publish("2009")
    first = await scenario.assess(4, key="k-1")
    again = await scenario.assess(4, key="k-1")
    assert again == first
    assert scenario.types().count("CriterionAssessed") == 1
    with pytest.raises(IdempotencyKeyReused):
        await scenario.assess(5, key="k-1")


class GatedStore(InMemoryEventStore):
    """Both commands read the commune's stream before either writes: the race the kernel must settle."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.readers = 0
        self.both_read = asyncio.Event()

    async def load(self, aggregate_type: str, aggregate_id: str):
        history = await super().load(aggregate_type, aggregate_id)
        if aggregate_type == "commune_progress" and self.readers < 2:  # the two decides, not append's check
            self.readers += 1
            if self.readers == 2:
                self.both_read.set()
            await asyncio.wait_for(self.both_read.wait(), timeout=5)
        return history


async def test_of_two_concurrent_assessments_at_one_version_one_conflicts_and_lands_after_one_retry(
    clock, units, scenario
):
    """Both read version 0 before either writes: the store refuses the second append (conflict) and
    the kernel's `execute` decides it once more on fresh data, so it lands at version 2."""
    store = GatedStore("progress", clock)
    deps = scenario.fake_deps(store, units)
    await type(scenario)(deps, store).publish("2009")

    def assess(n: int):
        cmd = AssessCriterion(commune_code="06034", district_code="180", criterion=n, met=True,
                              effective_date=date(2014, 1, 1))
        return scenario.handlers.assess_criterion(deps, scenario.ctx(), cmd)

    results = await asyncio.gather(assess(1), assess(2))
    assert sorted(r["events"][0]["aggregate_version"] for r in results) == [1, 2]
    assessed = [e for e in store.events if e.event_type == "CriterionAssessed"]
    assert [e.aggregate_version for e in assessed] == [1, 2]
    assert sorted(e.payload["criterion"] for e in assessed) == [1, 2]

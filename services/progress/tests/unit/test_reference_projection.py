"""ReferenceProjection.prepare: pure, over light envelopes, keeping only its own event types; a
blue/green build's instances (its and CachedNtmFacts') tell no cache."""
from datetime import date

from thidua_facts.projection import NtmFacts
from thidua_facts.testing import registered
from thidua_kernel.light_envelope import decode_light

from progress.adapters.units import CachedNtmFacts, UnitHierarchyCache
from progress.reference_projection import ReferenceProjection


def light(store):
    return [decode_light(e.model_dump_json().encode()) for e in store.events]


async def test_prepare_keeps_publications_thresholds_regions_and_plans_and_skips_the_rest(scenario):
    await scenario.publish("2009")
    await scenario.set_threshold(2, "2.2", 60, year=2012)
    await scenario.declare_region()
    await scenario.assess(1)
    await scenario.record_plan(approved_on=date(2011, 9, 1))
    rows = ReferenceProjection().prepare(light(scenario.store))
    assert [len(rows.publications), len(rows.thresholds), len(rows.regions), len(rows.plans)] == [1, 1, 1, 1]
    assert rows.thresholds[0][1:3] == ("2009", 2) and rows.thresholds[0][4:] == (
        2, "2.2", "northern_midlands_mountains", 2012, ">=", 60.0, "%")
    assert rows.regions[0][1:4] == ("20", "northern_midlands_mountains", None)
    plan = rows.plans[0]
    assert plan[1:4] == ("06034-2011-2015", "06034", "180") and plan[7:9] == ([1, 2, 9], [1, 2, 17])
    assert isinstance(plan[-1], str) and plan[-1].startswith("2015-06-01")  # recorded_at, ISO


class NoDatabase:
    async def execute(self, *args) -> None:
        return None

    async def executemany(self, *args) -> None:
        return None


async def test_the_sets_a_batch_touches_are_told_to_the_commands_cache(scenario, units):
    other_process = scenario.fake_deps(scenario.store, units)  # its own cache, filled before the writes
    await scenario.publish("2009")
    assert [s.set_id for s in await other_process.criteria_sets.published()] == ["2009"]
    await scenario.publish("2016")
    await scenario.set_threshold(2, "2.2", 60, year=2012)
    assert [s.set_id for s in await other_process.criteria_sets.published()] == ["2009"]  # not told yet
    told: list[str] = []
    projection = ReferenceProjection(on_set_changed=lambda set_id: (told.append(set_id),
                                                                    other_process.criteria_sets.invalidate(set_id)))
    await projection.write(NoDatabase(), projection.prepare(light(scenario.store)[1:]))
    assert sorted(told) == ["2009", "2016"]
    published = {s.set_id: s for s in await other_process.criteria_sets.published()}
    assert sorted(published) == ["2009", "2016"] and published["2009"].stream_version == 2


async def test_a_blue_green_builds_instances_tell_no_cache_and_the_unit_cache_reads_the_switched_version(scenario):
    told: list[str] = []
    live = ReferenceProjection(on_set_changed=told.append, on_region_changed=told.append)
    await scenario.publish("2009")
    await scenario.declare_region()
    build = live.for_blue_green()
    await build.write(NoDatabase(), build.prepare(light(scenario.store)))
    assert build is not live and told == []  # kernel blue_green.py: the build has no side effect

    cache = UnitHierarchyCache()
    facts = CachedNtmFacts(cache)
    cache.fill([registered("180", "rural_district", "20")])
    assert cache.get("180") is not None
    assert type(facts.for_blue_green()) is NtmFacts  # writes the facts only, teaching no cache
    await facts.after_switch(NoDatabase())
    assert not cache.loaded and cache.get("180") is None  # read again from the now-live table at next use

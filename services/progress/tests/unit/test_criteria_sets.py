"""P1, P2: criteria sets are data, published once per content, complete, in their groups."""
import asyncio
import unicodedata
from datetime import date, datetime, timedelta, timezone

import pytest

from thidua_kernel.errors import DomainRefusal, NotAuthorised, NotFound

from progress.adapters.builtin_sets import builtin_criteria_set
from progress.adapters.criteria_sets import CriteriaSetCache, memory_criteria_set_ids
from progress.commands import PublishCriteriaSet
from progress.domain.model import GROUP_OF_CRITERION, CriteriaSet, PublishedSet
from progress.domain.rules import p2_set_in_force
from progress.mapping import criteria_set_from_command


@pytest.mark.parametrize("set_id, decision, effective_from", [
    ("2009", "491/QĐ-TTg", "2009-04-16"), ("2016", "1980/QĐ-TTg", "2016-10-17")])
def test_the_shipped_sets_have_19_criteria_in_their_groups_in_nfc(set_id, decision, effective_from):
    data = builtin_criteria_set(set_id)
    assert (data["set_id"], data["decision"], data["effective_from"]) == (set_id, decision, effective_from)
    assert [c["number"] for c in data["criteria"]] == list(range(1, 20))
    assert all(c["group"] == GROUP_OF_CRITERION[c["number"]] for c in data["criteria"])
    for c in data["criteria"]:
        assert c["name_vi"] == unicodedata.normalize("NFC", c["name_vi"])
    assert data["criteria"][1]["name_vi"] == "Giao thông"


async def test_publishing_the_builtin_set_appends_once_then_answers_unchanged(scenario):
    first = await scenario.publish("2009")
    again = await scenario.publish("2009")
    assert first["unchanged"] is False and again["unchanged"] is True
    assert scenario.types() == ["CriteriaSetPublished"]
    event = scenario.store.events[0]
    assert (event.aggregate_type, event.aggregate_id) == ("criteria_set", "2009")
    assert event.payload["criteria"][17]["name_vi"] == "Hệ thống tổ chức chính trị xã hội vững mạnh"
    roads = next(i for i in event.payload["criteria"][1]["indicators"] if i["code"] == "2.2")
    assert roads["thresholds"][1] == {
        "region": "northern_midlands_mountains", "comparison": ">=", "value": 50.0, "year": None}


async def test_a_set_missing_a_criterion_is_refused_naming_p1(scenario):
    data = builtin_criteria_set("2009")
    data["criteria"] = data["criteria"][:18]
    data["criteria"][4] = {**data["criteria"][4], "group": "III"}
    with pytest.raises(DomainRefusal) as refused:
        await scenario.handlers.publish_criteria_set(scenario.deps, scenario.ctx(), PublishCriteriaSet.model_validate(data))
    assert refused.value.rule == "P1"
    assert refused.value.figures["missing"] == [19] and refused.value.figures["misgrouped"] == [5]
    assert scenario.store.events == []


async def test_only_the_province_board_publishes_and_unknown_builtin_sets_are_not_found(scenario):
    with pytest.raises(NotAuthorised):
        await scenario.publish("2009", actor=scenario.district_180)
    with pytest.raises(NotFound) as missing:
        await scenario.publish("2030")
    assert missing.value.rule == "P2"
    assert scenario.store.events == []


def test_the_set_in_force_is_the_latest_effective_on_or_before_the_date():
    s2009, s2016 = (criteria_set_from_command(PublishCriteriaSet.model_validate(builtin_criteria_set(i)))
                    for i in ("2009", "2016"))
    first = datetime(2016, 1, 1, tzinfo=timezone.utc)
    published = [PublishedSet(s2009, 1, first), PublishedSet(s2016, 1, first)]
    with pytest.raises(DomainRefusal) as none_yet:
        p2_set_in_force(published, date(2009, 4, 15))
    assert none_yet.value.rule == "P2"
    assert p2_set_in_force(published[::-1], date(2016, 10, 16)) == s2009
    assert p2_set_in_force(published, date(2016, 10, 17)) == s2016
    correction = CriteriaSet("2016b", "x", s2016.effective_from, s2016.criteria)
    later = PublishedSet(correction, 1, first + timedelta(days=1))
    assert p2_set_in_force([later, *published], date(2020, 1, 1)) == correction  # first published later wins a tie


async def test_a_set_published_by_this_process_counts_for_the_very_next_command(scenario):
    await scenario.publish("2009")
    assert (await scenario.assess(1, day=date(2017, 1, 10)))["criteria_set_id"] == "2009"
    await scenario.publish("2016")  # the cache was filled above: the publication invalidates it
    assert (await scenario.assess(1, day=date(2017, 1, 10)))["criteria_set_id"] == "2016"


class _YieldingStore:
    """The store, but each load lets the event loop run other tasks first (as a real round trip does)."""

    def __init__(self, store) -> None:
        self._store = store

    async def load(self, aggregate_type: str, aggregate_id: str):
        await asyncio.sleep(0)
        return await self._store.load(aggregate_type, aggregate_id)


async def test_commands_arriving_together_at_a_fresh_cache_all_see_the_published_set(scenario):
    await scenario.publish("2009")
    cache = CriteriaSetCache(_YieldingStore(scenario.store), memory_criteria_set_ids(scenario.store))
    seen = await asyncio.gather(*(cache.published() for _ in range(4)))
    assert [[s.set_id for s in sets] for sets in seen] == [["2009"]] * 4

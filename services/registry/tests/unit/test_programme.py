"""U7 plans and deadlines, A4 movement registration, U2 clusters and blocks over time."""
from datetime import date

import pytest

from registry.commands import ChangeClusterMembers, FormCluster, RegisterMovement, SetPlanDeadline, SubmitPlan
from registry.domain.programme import cluster_from_events
from thidua_facts.domain.programme import u7_plan_status
from thidua_kernel.errors import DomainRefusal, NotAuthorised


async def refusal_of(registry, coro):
    before = registry.count()
    with pytest.raises(DomainRefusal) as refused:
        await coro
    assert registry.count() == before
    return refused.value.rule


def deadline(plan_code, owner, due, title="Đề án xây dựng nông thôn mới"):
    return SetPlanDeadline(plan_code=plan_code, owner_code=owner, title=title, due_date=due)


@pytest.mark.parametrize("submitted, as_of, status", [
    (date(2012, 1, 20), date(2012, 2, 1), "submitted_on_time"),
    (date(2012, 2, 10), date(2012, 3, 1), "submitted_late"),
    (date(2012, 2, 10), date(2012, 2, 5), "missing"),  # it came later, but not by the day asked about
    (None, date(2012, 1, 15), "pending"),
    (None, date(2012, 1, 31), "pending"),
    (None, date(2012, 2, 1), "missing"),
])
def test_a_plans_status_depends_on_the_day_asked_about(submitted, as_of, status):
    assert u7_plan_status(date(2012, 1, 31), submitted, as_of) == status


async def test_a_plan_comes_once_against_its_deadline(lang_son):
    await lang_son.run("set_plan_deadline", deadline("KH-180-2012", "180", "2012-02-29"))
    assert (await lang_son.run("set_plan_deadline", deadline("KH-180-2012", "180", "2012-02-29")))["unchanged"]
    submitted = await lang_son.run("submit_plan", SubmitPlan(plan_code="KH-180-2012", submitted_on="2012-03-05",
                                                             document_number="15/KH-UBND"), lang_son.district_180)
    assert submitted["on_time"] is False
    again = SubmitPlan(plan_code="KH-180-2012", submitted_on="2012-03-06", document_number="16/KH-UBND")
    assert await refusal_of(lang_son, lang_son.run("submit_plan", again)) == "U7"
    moved = deadline("KH-180-2012", "180", "2012-03-31")
    assert await refusal_of(lang_son, lang_son.run("set_plan_deadline", moved)) == "U7"
    unknown = SubmitPlan(plan_code="KH-X", submitted_on="2012-03-06", document_number="1/KH")
    assert await refusal_of(lang_son, lang_son.run("submit_plan", unknown)) == "U7"
    nobody = deadline("KH-Y", "SXD", "2012-03-31")
    assert await refusal_of(lang_son, lang_son.run("set_plan_deadline", nobody)) == "U8"


async def test_a_district_officer_submits_its_own_districts_plans_only(lang_son):
    await lang_son.run("set_plan_deadline", deadline("KH-181-2012", "181", "2012-02-29"))
    with pytest.raises(NotAuthorised):
        await lang_son.run("submit_plan", SubmitPlan(plan_code="KH-181-2012", submitted_on="2012-02-01",
                                                     document_number="1/KH"), lang_son.district_180)
    with pytest.raises(NotAuthorised):
        await lang_son.run("set_plan_deadline", deadline("KH-180-2013", "180", "2013-02-28"), lang_son.district_180)


async def test_a_unit_registers_with_the_movement_once(lang_son):
    register = RegisterMovement(unit_code="180", registered_on="2012-01-10")
    await lang_son.run("register_movement", register, lang_son.district_180)
    assert (await lang_son.run("register_movement", register))["unchanged"]
    later = RegisterMovement(unit_code="180", registered_on="2012-02-10")
    assert await refusal_of(lang_son, lang_son.run("register_movement", later)) == "A4"
    before_it_existed = RegisterMovement(unit_code="06034", registered_on="2010-02-10")
    assert await refusal_of(lang_son, lang_son.run("register_movement", before_it_existed)) == "U8"
    with pytest.raises(NotAuthorised):
        await lang_son.run("register_movement", RegisterMovement(unit_code="181", registered_on="2012-01-10"),
                           lang_son.district_180)


async def test_cluster_members_change_over_time(lang_son):
    await lang_son.run("form_cluster", FormCluster(code="border", name="Cụm 5 huyện biên giới", member_codes=["180"],
                                                   effective_from="2012-01-01"))
    await lang_son.run("change_cluster_members", ChangeClusterMembers(code="border", member_codes=["180", "187"],
                                                                      effective_from="2016-01-01"))
    history = [(e.event_type, e.payload) for e in lang_son.store.events if e.aggregate_type == "cluster"]
    cluster = cluster_from_events(history)
    assert cluster.members_on(date(2015, 12, 31)) == ("180",)
    assert cluster.members_on(date(2016, 1, 1)) == ("180", "187") and cluster.members_on(date(2011, 1, 1)) == ()
    same = ChangeClusterMembers(code="border", member_codes=["187", "180"], effective_from="2017-01-01")
    assert (await lang_son.run("change_cluster_members", same))["unchanged"]
    too_early = ChangeClusterMembers(code="border", member_codes=["181"], effective_from="2011-06-01")
    assert await refusal_of(lang_son, lang_son.run("change_cluster_members", too_early)) == "U2"
    a_commune = ChangeClusterMembers(code="border", member_codes=["180", "06034"], effective_from="2017-01-01")
    assert await refusal_of(lang_son, lang_son.run("change_cluster_members", a_commune)) == "U2"
    unknown = ChangeClusterMembers(code="inland", member_codes=["181"], effective_from="2017-01-01")
    assert await refusal_of(lang_son, lang_son.run("change_cluster_members", unknown)) == "U2"


async def test_blocks_group_departments_that_exist_on_the_date(lang_son):
    await lang_son.participant("SNNPTNT", "department", "20")
    await lang_son.participant("SXD", "department", "20", effective_from="2013-01-01")
    block = FormCluster(code="khoi-kinh-te", kind="block", name="Khối các cơ quan kinh tế",
                        member_codes=["SNNPTNT", "SXD"], effective_from="2012-01-01")
    assert await refusal_of(lang_son, lang_son.run("form_cluster", block)) == "U2"  # SXD not there yet
    await lang_son.run("form_cluster", block.model_copy(update={"effective_from": date(2013, 1, 1)}))
    with_district = ChangeClusterMembers(code="khoi-kinh-te", member_codes=["SNNPTNT", "180"],
                                         effective_from="2014-01-01")
    assert await refusal_of(lang_son, lang_son.run("change_cluster_members", with_district)) == "U2"

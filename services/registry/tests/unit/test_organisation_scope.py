"""A department officer records its own organisation's support pledges (U6) and plans (U7), its
subordinate units' included, and nothing of another organisation (AUTH-SCOPE, nothing written)."""
import pytest

from contracts.envelope import Actor
from registry.commands import PledgeSupport, SetPlanDeadline, SubmitPlan
from thidua_kernel.errors import DomainRefusal, NotAuthorised

SNN = Actor(principal_id="so-nong-nghiep", role="department_officer", scope="SNNPTNT")


@pytest.fixture
async def organisations(lang_son):
    await lang_son.participant("SNNPTNT", "department", "20")
    await lang_son.participant("CCPTNT", "subordinate_unit", "SNNPTNT")
    await lang_son.participant("HND", "mass_organisation", "20")
    await lang_son.participant("HD-06034-001", "household", "06034")
    for plan, owner in (("KH-SNN", "SNNPTNT"), ("KH-CC", "CCPTNT"), ("KH-HND", "HND"), ("KH-180", "180")):
        await lang_son.run("set_plan_deadline", SetPlanDeadline(plan_code=plan, owner_code=owner,
                                                                title=f"Kế hoạch {owner}", due_date="2012-03-31"))
    return lang_son


async def refused(registry, handler: str, cmd, actor: Actor) -> str:
    before = registry.count()
    with pytest.raises(NotAuthorised) as refusal:
        await registry.run(handler, cmd, actor)
    assert registry.count() == before
    return refusal.value.rule


def pledge(supporter: str, supported: str) -> PledgeSupport:
    return PledgeSupport(supporter_code=supporter, supported_code=supported, effective_from="2012-02-01")


def plan(code: str) -> SubmitPlan:
    return SubmitPlan(plan_code=code, submitted_on="2012-03-20", document_number=f"{code}/KH")


async def test_a_department_officer_pledges_for_its_own_organisation_only(organisations):
    answer = await organisations.run("pledge_support", pledge("SNNPTNT", "180"), SNN)
    assert (answer["supporter_code"], answer["supported_code"], len(answer["events"])) == ("SNNPTNT", "180", 1)
    await organisations.run("pledge_support", pledge("CCPTNT", "06034"), SNN)  # its subordinate unit
    assert [(p["supporter_code"], p["supported_code"]) for p in organisations.payloads("SupportPledged")] == [
        ("SNNPTNT", "180"), ("CCPTNT", "06034")]
    assert await refused(organisations, "pledge_support", pledge("HND", "181"), SNN) == "AUTH-SCOPE"
    assert await refused(organisations, "pledge_support", pledge("NOBODY", "181"), SNN) == "AUTH-SCOPE"
    # the rules still hold for its own pledges
    with pytest.raises(DomainRefusal) as u6:
        await organisations.run("pledge_support", pledge("SNNPTNT", "06034"), SNN)
    assert u6.value.rule == "U6"


async def test_a_district_officer_still_records_no_pledge_and_the_board_any(organisations):
    district = organisations.district_180
    assert await refused(organisations, "pledge_support", pledge("SNNPTNT", "180"), district) == "AUTH-ROLE"
    assert await refused(organisations, "pledge_support", pledge("HND", "180"), organisations.viewer) == "AUTH-ROLE"
    await organisations.run("pledge_support", pledge("HND", "181"))


async def test_a_department_officer_submits_its_own_organisations_plans_only(organisations):
    assert (await organisations.run("submit_plan", plan("KH-SNN"), SNN))["on_time"] is True
    await organisations.run("submit_plan", plan("KH-CC"), SNN)
    assert [p["plan_code"] for p in organisations.payloads("PlanSubmitted")] == ["KH-SNN", "KH-CC"]
    assert await refused(organisations, "submit_plan", plan("KH-HND"), SNN) == "AUTH-SCOPE"
    assert await refused(organisations, "submit_plan", plan("KH-180"), SNN) == "AUTH-SCOPE"
    # the district officer keeps its own district's plans, and no organisation's
    await organisations.run("submit_plan", plan("KH-180"), organisations.district_180)
    assert await refused(organisations, "submit_plan", plan("KH-HND"), organisations.district_180) == "AUTH-SCOPE"


async def test_a_department_officer_sets_no_deadline(organisations):
    moved = SetPlanDeadline(plan_code="KH-SNN", owner_code="SNNPTNT", title="Kế hoạch", due_date="2012-04-30")
    assert await refused(organisations, "set_plan_deadline", moved, SNN) == "AUTH-ROLE"

"""U3 participants, U4/U5 pilots, U6 support pledges."""
import pytest

from registry.commands import DesignatePilot, PledgeSupport, RegisterUnit
from thidua_kernel.errors import DomainRefusal, NotAuthorised


async def refusal_of(registry, coro):
    before = registry.count()
    with pytest.raises(DomainRefusal) as refused:
        await coro
    assert registry.count() == before
    return refused.value.rule


async def test_each_kind_of_participant_carries_what_identifies_it(lang_son):
    await lang_son.participant("SNNPTNT", "department", "20", name="Sở Nông nghiệp và Phát triển nông thôn")
    await lang_son.participant("CCPTNT", "subordinate_unit", "SNNPTNT", name="Chi cục Phát triển nông thôn")
    await lang_son.participant("HD-06034-001", "household", "06034", name="Hộ ông Hoàng Văn A")
    await lang_son.participant("DN-01", "business_person", name="Bà Nguyễn Thị B",
                               address="Số 1 Trần Đăng Ninh, Lạng Sơn")
    await lang_son.participant("MTTQ-180", "fatherland_front", "180", name="Ủy ban MTTQ huyện Tràng Định")
    assert [p["kind"] for p in lang_son.payloads("ParticipantRegistered")] == [
        "department", "subordinate_unit", "household", "business_person", "fatherland_front"]
    assert await refusal_of(lang_son, lang_son.participant("DN-02", "business_person")) == "U3"
    assert await refusal_of(lang_son, lang_son.participant("HD-x", "household")) == "U3"
    assert await refusal_of(lang_son, lang_son.participant("HD-y", "household", "05983")) == "U3"  # a ward
    assert await refusal_of(lang_son, lang_son.participant("CC-x", "subordinate_unit", "06034")) == "U3"
    assert await refusal_of(lang_son, lang_son.participant("SNN-2", "department", "180")) == "U3"
    assert await refusal_of(lang_son, lang_son.participant("HD-z", "household", "06034",
                                                           effective_from="2010-01-01")) == "U8"
    assert await refusal_of(lang_son, lang_son.participant("06034", "enterprise")) == "U4"
    assert await refusal_of(lang_son, lang_son.participant("SNNPTNT", "department", "20")) == "U4"


async def test_a_district_officer_registers_participants_inside_its_district_only(lang_son):
    await lang_son.participant("HD-06034-002", "household", "06034", lang_son.district_180)
    with pytest.raises(NotAuthorised) as scope:
        await lang_son.participant("HD-06100-001", "household", "06100", lang_son.district_180)
    assert scope.value.rule == "AUTH-SCOPE"
    with pytest.raises(NotAuthorised) as role:
        await lang_son.participant("SXD", "department", None, lang_son.district_180)
    assert role.value.rule == "AUTH-ROLE"


async def test_province_pilots_are_districts_and_xa_and_district_pilots_are_its_own_xa(lang_son):
    answer = await lang_son.run("designate_pilot", DesignatePilot(unit_code="06034", level="province",
                                                                   effective_from="2012-01-01"))
    assert answer["designated_by"] == "20"
    await lang_son.run("designate_pilot", DesignatePilot(unit_code="180", level="province",
                                                         effective_from="2012-01-01"))
    again = await lang_son.run("designate_pilot", DesignatePilot(unit_code="180", level="province",
                                                                  effective_from="2012-02-01"))
    assert again["unchanged"]
    ward = DesignatePilot(unit_code="05983", level="province", effective_from="2012-01-01")
    assert await refusal_of(lang_son, lang_son.run("designate_pilot", ward)) == "U4"
    own = await lang_son.run("designate_pilot", DesignatePilot(unit_code="06046", level="district",
                                                                effective_from="2012-03-01"), lang_son.district_180)
    assert own["designated_by"] == "180"
    township = DesignatePilot(unit_code="06040", level="district", effective_from="2012-03-01")
    assert await refusal_of(lang_son, lang_son.run("designate_pilot", township, lang_son.district_180)) == "U5"
    with pytest.raises(NotAuthorised):
        await lang_son.run("designate_pilot", DesignatePilot(unit_code="06100", level="district",
                                                              effective_from="2012-03-01"), lang_son.district_180)
    with pytest.raises(NotAuthorised):
        await lang_son.run("designate_pilot", DesignatePilot(unit_code="06046", level="province",
                                                              effective_from="2012-03-01"), lang_son.district_180)


async def test_a_pilot_must_exist_on_its_date(lang_son):
    await lang_son.run("register_unit", RegisterUnit(code="06113", unit_type="rural_commune", name="Xã Tô Hiệu",
                                                     parent_code="181", effective_from="2011-01-01"))
    await lang_son.run("designate_pilot", DesignatePilot(unit_code="06113", level="province",
                                                         effective_from="2011-12-16"))
    early = DesignatePilot(unit_code="06113", level="district", effective_from="2010-06-01")
    assert await refusal_of(lang_son, lang_son.run("designate_pilot", early)) == "U8"


async def test_departments_support_districts_and_subordinate_units_support_communes(lang_son):
    await lang_son.participant("SNNPTNT", "department", "20")
    await lang_son.participant("CCPTNT", "subordinate_unit", "SNNPTNT")
    await lang_son.participant("DN-01", "enterprise")

    async def pledge(supporter, supported, day="2012-01-01"):
        cmd = PledgeSupport(supporter_code=supporter, supported_code=supported, effective_from=day)
        return await lang_son.run("pledge_support", cmd)

    await pledge("SNNPTNT", "180")
    await pledge("CCPTNT", "06034")
    await pledge("CCPTNT", "06040")  # a thị trấn may be supported too
    assert (await pledge("CCPTNT", "06034"))["unchanged"]
    assert await refusal_of(lang_son, pledge("SNNPTNT", "06034")) == "U6"
    assert await refusal_of(lang_son, pledge("CCPTNT", "05983")) == "U6"
    assert await refusal_of(lang_son, pledge("CCPTNT", "180")) == "U6"
    assert await refusal_of(lang_son, pledge("DN-01", "180")) == "U6"
    assert await refusal_of(lang_son, pledge("SXD", "180")) == "U6"
    assert await refusal_of(lang_son, pledge("SNNPTNT", "181", "2010-01-01")) == "U6"  # supporter not yet there
    assert await refusal_of(lang_son, pledge("SNNPTNT", "189")) == "U8"
    with pytest.raises(NotAuthorised):
        await lang_son.run("pledge_support", PledgeSupport(supporter_code="SNNPTNT", supported_code="181",
                                                           effective_from="2012-01-01"), lang_son.district_180)

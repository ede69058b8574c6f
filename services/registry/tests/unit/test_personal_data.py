"""Issue 11: individuals sealed with a key per person; erasure destroys the key and records it."""
import dataclasses
from datetime import datetime, timezone

import pytest

from registry.commands import ErasePersonalData
from registry.handlers import erase_personal_data
from thidua_kernel.messages import CommandContext, NewEvent, StreamAppend
from thidua_kernel.errors import DomainRefusal, NotAuthorised, NotFound
from thidua_kernel.sealing import PersonalData, unseal

NOW = datetime(2020, 5, 4, 3, 0, tzinfo=timezone.utc)


@pytest.fixture
async def people(lang_son):
    lang_son.deps = dataclasses.replace(lang_son.deps, now=lambda: NOW)
    await lang_son.participant("SNNPTNT", "department", "20", name="Sở Nông nghiệp và Phát triển nông thôn")
    await lang_son.participant("HD-1", "household", "06034", name="Hộ ông Hoàng Văn A", address="Thôn Nà Pàn")
    await lang_son.participant("DN-1", "business_person", name="Bà Nguyễn Thị B", address="Số 1 Trần Đăng Ninh")
    return lang_son


def erase(code: str = "HD-1") -> ErasePersonalData:
    return ErasePersonalData(participant_code=code, document_number="15/QĐ-UBND", reason="Yêu cầu của người dân")


def registered(people, code: str) -> dict:
    return next(p for p in people.payloads("ParticipantRegistered") if p["code"] == code)


async def test_an_individual_is_recorded_sealed_under_its_own_key_and_an_organisation_in_clear(people):
    household, business = registered(people, "HD-1"), registered(people, "DN-1")
    assert household["name"] is None and household["address"] is None and business["name"] is None
    assert "Hoàng" not in str(household) and "Trần Đăng Ninh" not in str(business)
    key_id, key = await people.deps.keys.key_of("HD-1")
    assert household["personal_data"].startswith(f"pd1.{key_id}.")
    assert unseal(household["personal_data"], key, "HD-1") == PersonalData("Hộ ông Hoàng Văn A", "Thôn Nà Pàn")
    assert (await people.deps.keys.key_of("DN-1"))[0] != key_id
    department = registered(people, "SNNPTNT")
    assert department["name"] == "Sở Nông nghiệp và Phát triển nông thôn" and department["personal_data"] is None
    assert [e.schema_version for e in people.store.events if e.event_type == "ParticipantRegistered"] == [2, 2, 2]


async def test_a_sealed_individual_still_holds_its_code(people):
    with pytest.raises(DomainRefusal) as taken:
        await people.participant("HD-1", "household", "06034")
    assert taken.value.rule == "U4" and "Hoàng" not in taken.value.message_en


async def test_erasure_destroys_the_key_records_one_event_and_is_idempotent(people):
    before = list(people.store.events)
    ctx = CommandContext(actor=people.board, reason=erase().reason, document_number=erase().document_number)
    answer = await erase_personal_data(people.deps, ctx, erase())  # as the HTTP route passes reason
    assert answer["personal_data_erased"] is True
    assert (await people.deps.keys.key_of("HD-1"))[1] is None
    assert people.store.events[:len(before)] == before  # nothing recorded is touched
    erased = people.store.events[len(before):]
    assert [(e.event_type, e.payload, e.document_number) for e in erased] == [
        ("PersonalDataErased", {"code": "HD-1"}, "15/QĐ-UBND")]
    assert erased[0].reason == "Yêu cầu của người dân" and erased[0].occurred_at == NOW
    again = await people.run("erase_personal_data", erase())
    assert again["unchanged"] is True and people.count() == len(before) + 1
    assert (await people.deps.keys.key_of("DN-1"))[1] is not None  # the other person keeps theirs


async def test_only_an_individual_known_to_the_registry_and_only_by_the_board(people):
    with pytest.raises(NotFound) as unknown:
        await people.run("erase_personal_data", erase("HD-404"))
    assert unknown.value.rule == "U3"
    with pytest.raises(DomainRefusal) as organisation:
        await people.run("erase_personal_data", erase("SNNPTNT"))
    assert organisation.value.rule == "U3"
    for actor in (people.district_180, people.viewer):
        with pytest.raises(NotAuthorised) as role:
            await people.run("erase_personal_data", erase(), actor)
        assert role.value.rule == "AUTH-ROLE"
    assert (await people.deps.keys.key_of("HD-1"))[1] is not None


async def test_a_person_recorded_in_clear_before_sealing_is_erased_by_a_tombstone(people):
    legacy = {"code": "HD-OLD", "kind": "household", "name": "Hộ bà Lý Thị C", "parent_code": "06034",
              "address": None, "effective_from": "2011-06-01"}
    await people.store.append(people.ctx(), [StreamAppend("participant", "HD-OLD", 0, (
        NewEvent("ParticipantRegistered", legacy, NOW, 1),))])
    answer = await people.run("erase_personal_data", erase("HD-OLD"))
    assert answer["personal_data_erased"] is True
    assert await people.deps.keys.destroyed(["HD-OLD", "HD-1"]) == {"HD-OLD"}
    with pytest.raises(DomainRefusal) as reused:  # the code stays taken (U4), its key never made
        await people.participant("HD-OLD", "household", "06034")
    assert reused.value.rule == "U4"

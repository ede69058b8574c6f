"""Issue 11, crypto-shredding of a log recorded before it (registry/import_sealing.py), on the
session's real PostgreSQL and Kafka: an old deployment's log, with two individuals registered as
version 1 (names and addresses in clear) and one of them erased, is imported into a fresh
registry: no name or address is left in clear in its store, the one kept is readable by the
board, the erased one by nobody; a second import changes nothing; and an import refused (a
store that is not fresh) destroys no key of that store's people."""
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import asyncpg
import pytest
import pytest_asyncio

from thidua_deploy.in_process import eventually, new_stack_id, provisioned_kafka, provisioned_urls, running
from thidua_kernel.kafka_access import KafkaAccess

pytestmark = pytest.mark.asyncio(loop_scope="module")

TOKENS = Path(__file__).resolve().parents[4] / "tests" / "tokens.test.json"
BOARD = "demo-province-board"
UNITS = ({"code": "20", "unit_type": "province", "name": "Tỉnh Lạng Sơn"},
         {"code": "180", "unit_type": "rural_district", "name": "Huyện Tràng Định", "parent_code": "20"},
         {"code": "06034", "unit_type": "rural_commune", "name": "Xã Chi Lăng", "parent_code": "180"})
HOUSEHOLD = {"code": "HO-0603402", "kind": "household", "name": "Hộ bà Lương Thị Mai", "parent_code": "06034",
             "address": "Thôn Nà Lầu, xã Chi Lăng", "effective_from": "2012-01-01"}
BUSINESS = {"code": "DN-TRAN-2", "kind": "business_person", "name": "Trần Quang Khải",
            "address": "Số 7 đường Lê Lợi, thành phố Lạng Sơn", "effective_from": "2012-01-01"}
SECRETS = ("Lương Thị Mai", "Nà Lầu", "Trần Quang Khải", "Lê Lợi")


def auth() -> dict:
    return {"Authorization": f"Bearer {BOARD}"}


async def ok(client, path: str, body: dict) -> dict:
    answer = await client.post(path, json=body, headers=auth())
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def envelope(event_type: str, code: str, version: int, payload: dict, **extra) -> dict:
    """An event as an older registry recorded it (schema_version 1 unless said)."""
    return {"event_id": str(uuid.uuid4()), "event_type": event_type, "schema_version": 1,
            "aggregate_type": "participant", "aggregate_id": code, "aggregate_version": version,
            "occurred_at": "2012-01-01T00:00:00+00:00", "recorded_at": "2012-01-05T02:00:00+00:00",
            "actor": {"principal_id": "ban-thi-dua-khen-thuong", "role": "province_board", "scope": "20"},
            "reason": None, "document_number": None, "correlation_id": str(uuid.uuid4()), "causation_id": None,
            "producer": "registry", "payload": payload, **extra}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def old_and_new(kafka_admin: KafkaAccess, database_url: str, pg_role_passwords: Path
                      ) -> AsyncIterator[SimpleNamespace]:
    old_id, new_id = new_stack_id(), new_stack_id()
    old_urls, new_urls = (provisioned_urls(database_url, pg_role_passwords, i) for i in (old_id, new_id))
    old_kafka, new_kafka = (provisioned_kafka(kafka_admin, i) for i in (old_id, new_id))
    async with (running("registry", old_kafka["registry"], old_urls["registry"], TOKENS, old_id, None) as (_, old),
                running("registry", new_kafka["registry"], new_urls["registry"], TOKENS, new_id, None) as (_, new)):
        for body in UNITS:
            await ok(old, "/commands/register-unit", {**body, "effective_from": "2011-01-01"})
        await ok(old, "/commands/register-participant", {**HOUSEHOLD, "code": "HO-LIVE"})  # sealed (v2)
        exported = (await old.get("/events/export", params={"limit": 100}, headers=auth())).json()["events"]
        log = [e for e in exported if e["aggregate_type"] == "unit"] + [
            envelope("ParticipantRegistered", HOUSEHOLD["code"], 1, HOUSEHOLD),
            envelope("ParticipantRegistered", BUSINESS["code"], 1, BUSINESS),
            envelope("PersonalDataErased", BUSINESS["code"], 2, {"code": BUSINESS["code"]}, schema_version=1,
                     document_number="15/QĐ-UBND", reason="Yêu cầu xóa dữ liệu cá nhân")]
        db = await asyncpg.connect(database_url)
        try:
            yield SimpleNamespace(old=old, new=new, log=log, db=db, schema=f"registry_{new_id}")
        finally:
            await db.close()


async def participants(client) -> dict[str, dict]:
    answer = await client.get("/participants", params={"as_of": "2016-01-01"}, headers=auth())
    assert answer.status_code == 200, answer.text
    return {p["code"]: p for p in answer.json()}


async def test_an_old_log_imported_keeps_no_name_in_clear_and_the_erased_person_unreadable(old_and_new):
    s = old_and_new
    first = await ok(s.new, "/events/import", {"after": None, "events": s.log})
    assert first == {"imported": len(s.log), "skipped": 0}
    stored = [r[0] for r in await s.db.fetch(f"SELECT envelope::text FROM {s.schema}.events ORDER BY position")]
    assert len(stored) == len(s.log) and not [x for x in SECRETS if any(x in text for text in stored)]
    exported = (await s.new.get("/events/export", params={"limit": 100}, headers=auth())).json()["events"]
    assert [e["event_id"] for e in exported] == [e["event_id"] for e in s.log]  # same ids, same order
    registrations = [e for e in exported if e["event_type"] == "ParticipantRegistered"]
    assert [(e["schema_version"], e["payload"]["name"], e["payload"]["personal_data"][:4]) for e in registrations] == [
        (2, None, "pd1."), (2, None, "pd1.")]

    async def read() -> bool:
        return {HOUSEHOLD["code"], BUSINESS["code"]} <= set(await participants(s.new))

    await eventually(read)
    seen = await participants(s.new)
    assert (seen[HOUSEHOLD["code"]]["name"], seen[HOUSEHOLD["code"]]["address"]) == (
        HOUSEHOLD["name"], HOUSEHOLD["address"])
    assert seen[BUSINESS["code"]]["personal_data_erased"] is True
    assert seen[BUSINESS["code"]]["name"] != BUSINESS["name"]

    again = await ok(s.new, "/events/import", {"after": None, "events": s.log})
    assert again == {"imported": 0, "skipped": len(s.log)}


async def test_a_refused_import_destroys_no_key_of_the_store_it_was_sent_to(old_and_new):
    s = old_and_new
    erase_live = envelope("PersonalDataErased", "HO-LIVE", 2, {"code": "HO-LIVE"})
    refused = await s.old.post("/events/import", json={"after": None, "events": [erase_live]}, headers=auth())
    assert refused.status_code == 409 and refused.json()["error"]["rule"] == "OPS-IMPORT", refused.text
    assert (await participants(s.old))["HO-LIVE"]["name"] == HOUSEHOLD["name"]
    bad = envelope("ParticipantRegistered", "HO-BAD", 1, {"code": "HO-BAD", "kind": "household"})
    answer = await s.new.post("/events/import", json={"after": s.log[-1]["event_id"], "events": [bad]},
                              headers=auth())
    assert answer.status_code == 422 and answer.json()["error"]["rule"] == "OPS-IMPORT", answer.text

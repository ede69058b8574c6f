"""Issue 11, crypto-shredding, on the session's real PostgreSQL and Kafka: registry and awards in
this process, each as its own database role and Kafka principal (as awards' integration tests).

A household and a business person are registered: their names and addresses reach neither the
topic nor the events table in clear (raw bytes searched); the roles allowed personal data read
them in the registry and in awards, a viewer gets them withheld. One is erased: from then on it
is unreadable for every role in both services, also after the registry's projection is rebuilt
from offset 0, while the other stays readable; its events are byte for byte what they were; a
second erasure changes nothing; a role other than the province board is refused.
"""
import json
import re
import unicodedata
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import asyncpg
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer, TopicPartition

from contracts.topics import REGISTRY_EVENTS
from thidua_deploy.in_process import eventually, new_stack_id, provisioned_kafka, provisioned_urls, running
from thidua_kernel.kafka_access import KafkaAccess
from thidua_kernel.key_store import PgKeyStore

pytestmark = pytest.mark.asyncio(loop_scope="module")

TOKENS = Path(__file__).resolve().parents[4] / "tests" / "tokens.test.json"
BOARD, DISTRICT_180, VIEWER, DEPARTMENT = (
    "demo-province-board", "demo-district-180", "demo-viewer", "demo-department-snn")
HOUSEHOLD = {"code": "HO-0603401", "kind": "household", "name": "Hộ ông Hoàng Văn Thắng", "parent_code": "06034",
             "address": "Thôn Bản Châu, xã Chi Lăng", "effective_from": "2012-01-01"}
BUSINESS = {"code": "DN-NGUYEN-1", "kind": "business_person", "name": "Nguyễn Thị Phượng Hằng",
            "address": "Số 18 đường Bà Triệu, thành phố Lạng Sơn", "effective_from": "2012-01-01"}
SECRETS = ("Hoàng Văn Thắng", "Bản Châu", "Phượng Hằng", "Bà Triệu")
NOMINATION = {"round_code": "ca-nhan-thu", "award_kind": "bk-ca-nhan", "nominee_code": HOUSEHOLD["code"],
              "nominating_unit": "180", "submitted_on": "2016-01-15",
              "achievement_file": {"justification": "Hộ tiêu biểu hiến đất làm đường giao thông nông thôn",
                                   "figures": {}, "attachments": []}}
ROUND = {
    "code": "ca-nhan-thu", "title_vi": "Khen thưởng cá nhân thử", "title_en": "A trial individual round",
    "kind": "summary", "period_from": 2011, "period_to": 2015, "reference_date": "2015-12-31",
    "nominations_open": "2016-01-01", "nominations_due": "2016-03-31", "province_code": "20",
    "award_kinds": [{"code": "bk-ca-nhan", "name_vi": "Bằng khen cá nhân", "name_en": "Individual certificate",
                     "level": "provincial", "nominee_kinds": ["household", "business_person"],
                     "nominated_by": ["district"], "checks": [{"rule": "A7", "check": "individual_standard"}]}],
}


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


async def ok(client, path: str, body: dict, token: str = BOARD) -> dict:
    answer = await client.post(path, json=body, headers=auth(token))
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shredding(kafka_admin: KafkaAccess, database_url: str, pg_role_passwords: Path
                    ) -> AsyncIterator[SimpleNamespace]:
    stack_id = new_stack_id()
    urls = provisioned_urls(database_url, pg_role_passwords, stack_id)
    kafka = provisioned_kafka(kafka_admin, stack_id)
    async with (running("registry", kafka["registry"], urls["registry"], TOKENS, stack_id, None) as (_, registry),
                running("awards", kafka["awards"], urls["awards"], TOKENS, stack_id, None) as (_, awards)):
        for body in ({"code": "20", "unit_type": "province", "name": "Tỉnh Lạng Sơn"},
                     {"code": "180", "unit_type": "rural_district", "name": "Huyện Tràng Định", "parent_code": "20"},
                     {"code": "06034", "unit_type": "rural_commune", "name": "Xã Chi Lăng", "parent_code": "180"}):
            await ok(registry, "/commands/register-unit", {**body, "effective_from": "2011-01-01"})
        for body in (HOUSEHOLD, BUSINESS):
            await ok(registry, "/commands/register-participant", body)
        await ok(awards, "/commands/define-round", ROUND)
        db = await asyncpg.connect(database_url)
        try:
            yield SimpleNamespace(registry=registry, awards=awards, db=db, schema=f"registry_{stack_id}",
                                  awards_schema=f"awards_{stack_id}", database_url=database_url,
                                  topic=f"t{stack_id}.{REGISTRY_EVENTS}", kafka_admin=kafka_admin)
        finally:
            await db.close()


async def participants(s, token: str, **params) -> dict[str, dict]:
    answer = await s.registry.get("/participants", params={"as_of": "2016-01-01", **params}, headers=auth(token))
    assert answer.status_code == 200, answer.text
    return {p["code"]: p for p in answer.json()}


async def nominees(s, token: str) -> dict[str, dict]:
    answer = await s.awards.get(f"/rounds/{ROUND['code']}/candidates", params={"award_kind": "bk-ca-nhan"},
                                headers=auth(token))
    assert answer.status_code == 200, answer.text
    return {row["nominee"]["code"]: row["nominee"] for row in answer.json()}


async def nomination(s, token: str) -> dict:
    answer = await s.awards.get(f"/rounds/{ROUND['code']}/nominations", headers=auth(token))
    assert answer.status_code == 200, answer.text
    [row] = answer.json()
    return row["nominee"]


async def raw_topic(kafka: KafkaAccess, topic: str) -> list[bytes]:
    """Every record value on `topic`, as the bytes Kafka holds."""
    consumer = AIOKafkaConsumer(**kafka.aiokafka(), enable_auto_commit=False)
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or range(3))]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends, values = await consumer.end_offsets(tps), []
        while any([await consumer.position(tp) < ends[tp] for tp in tps]):
            for batch in (await consumer.getmany(timeout_ms=500)).values():
                values += [r.value for r in batch]
        return values
    finally:
        await consumer.stop()


async def person_events(s, code: str) -> list[tuple]:
    return [tuple(r) for r in await s.db.fetch(
        f"SELECT position, event_id, stream_version, event_type, recorded_at, envelope::text FROM {s.schema}.events"
        " WHERE stream_id = $1 ORDER BY position", f"participant:{code}")]


async def test_no_name_or_address_in_clear_on_the_topic_or_in_the_events_table(shredding):
    s = shredding
    await eventually(lambda: _both_listed(s))
    values = await raw_topic(s.kafka_admin, s.topic)
    registrations = [v for v in values if b"ParticipantRegistered" in v]
    assert len(registrations) == 2
    stored = b"".join(r["envelope"].encode() for r in await s.db.fetch(
        f"SELECT envelope::text AS envelope FROM {s.schema}.events"))
    for secret in SECRETS:
        for form in _forms(secret):
            assert form not in b"".join(values) and form not in stored, secret
    assert all(re.search(rb'"personal_data": ?"pd1\.', v) for v in registrations)
    keys = await s.db.fetchval(f"SELECT count(*) FROM {s.schema}.personal_keys WHERE key IS NOT NULL")
    assert keys == 2 and not any(b"personal_keys" in v for v in values)


def _forms(secret: str) -> list[bytes]:
    """The bytes a name could hide as: UTF-8, JSON's \\u escapes, without diacritics."""
    plain = "".join(c for c in unicodedata.normalize("NFD", secret) if not unicodedata.combining(c))
    return [secret.encode("utf-8"), json.dumps(secret).strip('"').encode("ascii"),
            plain.replace("đ", "d").replace("Đ", "D").encode("ascii")]


async def _both_listed(s) -> bool:
    return {HOUSEHOLD["code"], BUSINESS["code"]} <= set(await participants(s, BOARD))


async def test_allowed_roles_read_the_names_and_a_viewer_gets_them_withheld(shredding):
    s = shredding
    board = await participants(s, BOARD)
    assert (board[HOUSEHOLD["code"]]["name"], board[HOUSEHOLD["code"]]["address"]) == (
        HOUSEHOLD["name"], HOUSEHOLD["address"])
    assert board[BUSINESS["code"]]["address"] == BUSINESS["address"]
    district = await participants(s, DISTRICT_180)
    assert district[HOUSEHOLD["code"]]["name"] == HOUSEHOLD["name"]  # a household of its district
    assert district[BUSINESS["code"]]["personal_data_withheld"] is True  # outside its district
    viewer = await participants(s, VIEWER)
    assert all(viewer[c]["name"] is None and viewer[c]["personal_data_withheld"] for c in viewer)
    assert list(await participants(s, BOARD, name="hoang van thang")) == [HOUSEHOLD["code"]]  # unsealed search
    assert await participants(s, VIEWER, name="hoang van thang") == {}

    async def awards_lists_them() -> dict:
        found = await nominees(s, BOARD)
        return found if {HOUSEHOLD["code"], BUSINESS["code"]} <= set(found) else {}

    in_awards = await eventually(awards_lists_them)
    assert in_awards[HOUSEHOLD["code"]]["name"] == HOUSEHOLD["name"]
    assert in_awards[BUSINESS["code"]]["name"] == BUSINESS["name"]
    assert all(n["name"] is None and n["personal_data_withheld"] for n in (await nominees(s, VIEWER)).values())
    # The district nominates its household: awards' own event names it by code, never by name.
    await ok(s.awards, "/commands/submit-nomination", NOMINATION, DISTRICT_180)
    assert (await nomination(s, BOARD))["name"] == HOUSEHOLD["name"]
    assert (await nomination(s, VIEWER))["name"] is None
    awards_events = await s.db.fetchval(f"SELECT string_agg(envelope::text, '') FROM {s.awards_schema}.events")
    assert HOUSEHOLD["code"] in awards_events and not any(f in awards_events.encode() for f in _forms(SECRETS[0]))


async def test_a_role_other_than_the_province_board_may_not_erase(shredding):
    s = shredding
    body = {"participant_code": HOUSEHOLD["code"], "document_number": "01/QĐ-UBND", "reason": "Yêu cầu xóa"}
    for token in (VIEWER, DISTRICT_180, DEPARTMENT):
        refused = await s.registry.post("/commands/erase-personal-data", json=body, headers=auth(token))
        assert refused.status_code == 403 and refused.json()["error"]["rule"] == "AUTH-ROLE", refused.text
    not_individual = await s.registry.post("/commands/erase-personal-data", headers=auth(BOARD),
                                           json={**body, "participant_code": "180"})
    assert not_individual.status_code == 404 and not_individual.json()["error"]["rule"] == "U3"
    assert (await participants(s, BOARD))[HOUSEHOLD["code"]]["name"] == HOUSEHOLD["name"]


async def test_an_erased_person_is_unreadable_everywhere_and_its_events_unchanged(shredding):
    s = shredding
    code = HOUSEHOLD["code"]
    before = await person_events(s, code)
    body = {"participant_code": code, "document_number": "15/QĐ-UBND", "reason": "Yêu cầu xóa dữ liệu cá nhân"}
    erased = await ok(s.registry, "/commands/erase-personal-data", body)
    assert erased["personal_data_erased"] is True and len(erased["events"]) == 1
    assert await s.db.fetchval(f"SELECT key IS NULL FROM {s.schema}.personal_keys WHERE owner_code = $1", code)

    async def erased_in_registry() -> bool:
        return (await participants(s, VIEWER))[code]["personal_data_erased"] is True

    await eventually(erased_in_registry)
    await _unreadable_everywhere(s, code)
    after = await person_events(s, code)
    assert after[:len(before)] == before  # the registration's bytes, position and id unchanged
    assert [e[3] for e in after[len(before):]] == ["PersonalDataErased"]
    assert all(secret.encode() not in after[-1][5].encode() for secret in SECRETS)

    again = await ok(s.registry, "/commands/erase-personal-data", body)
    assert again.get("unchanged") is True and again["events"] == []
    assert await person_events(s, code) == after


async def test_a_rebuild_from_offset_0_keeps_the_erased_person_unreadable(shredding):
    s = shredding
    code = HOUSEHOLD["code"]
    started = await s.registry.post("/projections/unit_directory/rebuild", headers=auth(BOARD))
    assert started.status_code == 202, started.text

    async def rebuilt() -> bool:
        status = (await s.registry.get("/projections/unit_directory", headers=auth(BOARD))).json()
        return status["state"] == "caught_up" and await _both_listed(s)

    await eventually(rebuilt)
    await _unreadable_everywhere(s, code)


async def test_the_key_table_leaves_a_tombstone_for_a_person_who_never_had_a_key(shredding):
    """Erasing a person recorded in clear before sealing (a v1 event) marks them with a tombstone,
    which awards reads as erased; a destroyed key is never made again."""
    s = shredding
    pool = await asyncpg.create_pool(s.database_url, min_size=1, max_size=1)
    try:
        store = PgKeyStore(pool, f"{s.schema}.personal_keys")
        assert await store.destroy("HD-CLEAR") is False and await store.destroy("HD-CLEAR") is False
        assert await store.destroyed(["HD-CLEAR", HOUSEHOLD["code"], BUSINESS["code"]]) == {
            "HD-CLEAR", HOUSEHOLD["code"]}
        assert (await store.key_of(HOUSEHOLD["code"]))[1] is None
    finally:
        await pool.close()


async def _unreadable_everywhere(s, code: str) -> None:
    for token in (BOARD, DISTRICT_180, VIEWER, DEPARTMENT):
        shown = await participants(s, token)
        assert (shown[code]["name"], shown[code]["address"], shown[code]["personal_data_erased"]) == (
            None, None, True), token
        assert shown[BUSINESS["code"]]["personal_data_erased"] is False
        candidates = await nominees(s, token)
        assert candidates[code]["name"] is None and candidates[code]["personal_data_erased"] is True, token
        assert candidates[BUSINESS["code"]]["personal_data_erased"] is False
        nominated = await nomination(s, token)
        assert nominated["name"] is None and nominated["personal_data_erased"] is True, token
        for secret in SECRETS[:2]:
            for answer in (await s.registry.get("/participants", headers=auth(token)),
                           await s.awards.get(f"/rounds/{ROUND['code']}/candidates",
                                              params={"award_kind": "bk-ca-nhan"}, headers=auth(token)),
                           await s.awards.get(f"/rounds/{ROUND['code']}/nominations", headers=auth(token))):
                assert secret not in answer.text, token
    assert await participants(s, BOARD, name="hoang van thang") == {}
    board = await participants(s, BOARD)
    assert board[BUSINESS["code"]]["name"] == BUSINESS["name"]  # the other person stays readable
    assert (await nominees(s, BOARD))[BUSINESS["code"]]["name"] == BUSINESS["name"]

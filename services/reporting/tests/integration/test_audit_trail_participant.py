"""The audit trail of a participant (U3), over the real broker and database: an individual
registered by the board and later erased (crypto-shredding) has a trail of its own stream, asked
as `participant` (or `unit`: one code space, U4), with who, when, why and the decision; the rows
indexed before the participant subject existed are brought to what a rebuild writes by
migration 006."""
from pathlib import Path

import pytest

pytestmark = pytest.mark.asyncio(loop_scope="function")

BOARD, VIEWER = "demo-province-board", "demo-viewer"
HOUSEHOLD = {"code": "HO-0603401", "kind": "household", "name": "Hộ ông Hoàng Văn Thắng", "parent_code": "06034",
             "address": "Thôn Bản Châu, xã Chi Lăng", "effective_from": "2012-01-01", "document_number": "3/QĐ-UBND"}
ERASURE = {"participant_code": HOUSEHOLD["code"], "document_number": "15/QĐ-UBND",
           "reason": "Yêu cầu xóa dữ liệu cá nhân"}
MIGRATION = Path(__file__).resolve().parents[2] / "migrations" / "006_participant_subjects.sql"


def as_(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


async def ok(client, name: str, body: dict) -> dict:
    answer = await client.post(f"/commands/{name}", json=body, headers=as_(BOARD))
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


async def test_a_participant_has_a_trail_of_its_own_stream(stack) -> None:
    s = await stack(("registry", BOARD), ("reporting", VIEWER))
    registry, api = s.clients["registry"], s.clients["reporting"]
    for body in ({"code": "20", "unit_type": "province", "name": "Tỉnh Lạng Sơn"},
                 {"code": "180", "unit_type": "rural_district", "name": "Huyện Tràng Định", "parent_code": "20"},
                 {"code": "06034", "unit_type": "rural_commune", "name": "Xã Chi Lăng", "parent_code": "180"}):
        await ok(registry, "register-unit", {**body, "effective_from": "2011-01-01"})
    registered = (await ok(registry, "register-participant", HOUSEHOLD))["events"][0]["event_id"]
    erased = (await ok(registry, "erase-personal-data", ERASURE))["events"][0]["event_id"]
    path = f"/audit/participant/{HOUSEHOLD['code']}"

    async def both_indexed() -> bool:
        answer = await api.get(path, headers=as_(BOARD))
        return answer.status_code == 200 and answer.json()["total"] == 2

    await s.wait_until(both_indexed)
    trail = (await api.get(path, headers=as_(BOARD))).json()
    assert [(e["event_id"], e["type"]) for e in trail["events"]] == [
        (registered, "ParticipantRegistered"), (erased, "PersonalDataErased")]
    first, last = trail["events"]
    assert (first["document_number"], first["day"], first["service"]) == ("3/QĐ-UBND", "2012-01-01", "registry")
    assert (last["document_number"], last["reason"], last["actor"]["role"]) == (
        "15/QĐ-UBND", "Yêu cầu xóa dữ liệu cá nhân", "province_board")
    assert trail["subject"] == {"kind": "participant", "id": HOUSEHOLD["code"]}
    as_unit = (await api.get(f"/audit/unit/{HOUSEHOLD['code']}", headers=as_(BOARD))).json()
    assert [e["event_id"] for e in as_unit["events"]] == [registered, erased]
    # Not the person's data: the trail says who acted and why, never the name or address.
    assert HOUSEHOLD["name"] not in str(trail) and "Bản Châu" not in str(trail)

    # Rows indexed before the participant subject existed: migration 006 gives them what a rebuild writes.
    table = f"{s.schema}.event_index"
    written = await s.db.fetch(f"SELECT event_id, subjects FROM {table} WHERE aggregate_type = 'participant'"
                               " ORDER BY event_id")
    await s.db.execute(f"UPDATE {table} SET subjects = '{{}}' WHERE aggregate_type = 'participant'")
    await s.db.execute(f"SET search_path = {s.schema}")
    await s.db.execute(MIGRATION.read_text())
    await s.db.execute(MIGRATION.read_text())  # a second run changes nothing
    await s.db.execute("RESET search_path")
    assert await s.db.fetch(f"SELECT event_id, subjects FROM {table} WHERE aggregate_type = 'participant'"
                            " ORDER BY event_id") == written
    assert [list(r["subjects"]) for r in written] == [[f"unit:{HOUSEHOLD['code']}"]] * 2

    for asked, status, rule in ((f"/audit/participant/NOBODY", 404, "U3"), ("/audit/participant/a b", 422, "U3")):
        answer = await api.get(asked)
        assert (answer.status_code, answer.json()["error"]["rule"]) == (status, rule), answer.text

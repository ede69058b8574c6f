"""R1 over the real broker and database: registry and reporting in this process (ASGI), reporting
learning the units and participants only from the registry's topic. A period opened by the board
(who owes computed from the registry), drafts, submissions, a return, an approval and a new
revision, refusals naming their rule with nothing written, an idempotent retry, and completeness
and timeliness at several dates and as known at an earlier moment, and every event on the
reporting topic, read with the published contracts."""
import asyncio
from pathlib import Path

import asyncpg
import pytest

from contracts.envelope import EventEnvelope
from contracts.reporting import EVENT_TYPES
from contracts.topics import REPORTING_EVENTS
from thidua_deploy.in_process import (eventually, new_stack_id, provisioned_kafka, provisioned_urls,
                                       record_province_and_organisations, running)
from thidua_deploy.isolated import read_topic
from thidua_kernel.kafka_access import KafkaAccess

pytestmark = pytest.mark.asyncio(loop_scope="function")

TOKENS = Path(__file__).resolve().parents[4] / "tests" / "tokens.test.json"
BOARD, D180, D185, VIEWER = "demo-province-board", "demo-district-180", "demo-district-185", "demo-viewer"
PERIOD = {"kind": "half_year", "year": 2015, "half": 1, "due_on": "2015-07-15", "grace_days": 5,
          "opened_on": "2015-01-05"}


def draft(unit: str, narrative: str, day: str | None = None, **extra) -> dict:
    body = {"period_code": "2015-H1", "unit_code": unit, "narrative": narrative,
            "figures": {"communes_assessed": 5, "criteria_gained": 3,
                        "funds_mobilised_vnd": {"value": 12, "unit": "tỷ đồng"}}, **extra}
    return {**body, "drafted_on": day} if day else body


def step(unit: str, field: str | None = None, day: str | None = None, **extra) -> dict:
    return {"period_code": "2015-H1", "unit_code": unit, **({field: day} if field else {}), **extra}


async def test_a_period_reported_returned_approved_and_revised(kafka_admin: KafkaAccess, database_url: str,
                                                                pg_role_passwords: Path) -> None:
    stack_id = new_stack_id()
    urls = provisioned_urls(database_url, pg_role_passwords, stack_id)
    kafka = provisioned_kafka(kafka_admin, stack_id)
    async with (running("registry", kafka["registry"], urls["registry"], TOKENS, stack_id, BOARD) as (_, registry),
                running("reporting", kafka["reporting"], urls["reporting"], TOKENS, stack_id, None) as (_, api)):
        db = await asyncpg.connect(database_url)
        try:
            await _scenario(registry, api, db, f"reporting_{stack_id}")
            await _published(kafka_admin, f"t{stack_id}.{REPORTING_EVENTS}", db, f"reporting_{stack_id}")
        finally:
            await db.close()


async def _published(kafka: KafkaAccess, topic: str, db, schema: str) -> None:
    """Every recorded event reaches REPORTING_EVENTS once, readable with the published contracts."""
    recorded = await db.fetchval(f'SELECT count(*) FROM "{schema}".events')

    async def all_there() -> list | None:
        records = await asyncio.to_thread(read_topic, kafka, topic)
        return records if len(records) >= recorded else None

    await eventually(all_there)
    records = await asyncio.to_thread(read_topic, kafka, topic)
    assert len({r["event_id"] for r in records}) == len(records) == recorded
    for record in records:
        envelope = EventEnvelope.model_validate({k: v for k, v in record.items() if k not in ("partition", "offset")})
        EVENT_TYPES[envelope.event_type].model_validate(envelope.payload)
        assert envelope.producer == "reporting" and envelope.actor.principal_id
    assert {r["aggregate_type"] for r in records} == {"reporting_period", "submission"}


async def _scenario(registry, api, db, schema: str) -> None:
    async def post(name: str, body: dict, token: str, key: str | None = None):
        headers = {"Authorization": f"Bearer {token}", **({"Idempotency-Key": key} if key else {})}
        return await api.post(f"/commands/{name}", json=body, headers=headers)

    async def ok(name: str, body: dict, token: str = BOARD, key: str | None = None) -> dict:
        answer = await post(name, body, token, key)
        assert answer.status_code == 201, answer.text
        return answer.json()

    async def refused(name: str, body: dict, token: str = BOARD) -> tuple[int, str]:
        before = await db.fetchval(f'SELECT count(*) FROM "{schema}".events')
        answer = await post(name, body, token)
        assert await db.fetchval(f'SELECT count(*) FROM "{schema}".events') == before  # nothing written
        error = answer.json()["error"]
        assert error["message_vi"] and error["message_en"]
        return answer.status_code, error["rule"]

    async def get(path: str, **params) -> dict:
        answer = await api.get(path, params=params, headers={"Authorization": f"Bearer {VIEWER}"})
        assert answer.status_code == 200, answer.text
        return answer.json()

    await record_province_and_organisations(registry)

    async def reporting_knows_them() -> bool:
        participants = await db.fetchval(f'SELECT count(DISTINCT code) FROM "{schema}".ntm_participants')
        report = await get("/reports/consolidated", as_of="2015-01-05")
        return participants == 3 and len(report["districts"]) == 11

    await eventually(reporting_knows_them)

    # R1: the board opens the period; who owes is the registry's at the opening date.
    assert await refused("open-period", PERIOD, D180) == (403, "AUTH-ROLE")
    opened = await ok("open-period", PERIOD, key="open-2015-H1")
    assert opened["period_code"] == "2015-H1" and len(opened["expected_units"]) == 14
    assert {"SNNPTNT", "HND", "MTTQ", "180", "185"} <= set(opened["expected_units"])
    assert await ok("open-period", PERIOD, key="open-2015-H1") == opened  # the retry: the first answer
    assert (await ok("open-period", PERIOD))["unchanged"] is True
    assert await refused("open-period", {**PERIOD, "due_on": "2015-07-20"}) == (422, "R1")

    # Refusals, each naming its rule, nothing written.
    assert await refused("save-draft", draft("185", "x"), D180) == (403, "AUTH-SCOPE")
    assert await refused("save-draft", draft("180", "x", "2015-07-01"), D180) == (403, "AUTH-ROLE")
    assert await refused("save-draft", {**draft("180", "x"), "period_code": "2016-H1"}) == (422, "R1")
    assert await refused("save-draft", draft("SNNPTNT-X", "x")) == (422, "R1")
    assert await refused("save-draft", draft("180", "x", "2014-12-01")) == (422, "R1")  # before the opening
    status, rule = await refused("save-draft", {**draft("180", "x"), "figures": {"funds_mobilised_vnd": -1}})
    assert status == 422 and rule.startswith("INPUT")
    wrong_unit = {"funds_mobilised_vnd": {"value": 12, "unit": "USD"}}
    assert await refused("save-draft", {**draft("180", "x"), "figures": wrong_unit}) == (422, "R1")
    assert await refused("save-draft", draft("180", "x"), VIEWER) == (403, "AUTH-ROLE")
    assert await refused("submit-report", step("180")) == (422, "R1")  # nothing drafted yet

    # 185 (by the board, from its paper file): drafted, submitted, returned, corrected, approved.
    first = await ok("save-draft", draft("185", "Báo cáo 6 tháng đầu năm", "2015-07-08"))
    warning = first["warnings"][0]["figures"]  # no criterion recorded in the facts: a difference shown
    assert (warning["figure"], warning["reported"], warning["recorded"]) == ("criteria_gained", 3, 0)
    await ok("submit-report", step("185", "submitted_on", "2015-07-10"))
    assert await refused("approve-submission", step("185", "approved_on", "2015-07-11"), D185) == (403, "AUTH-ROLE")
    await ok("return-submission", step("185", "returned_on", "2015-07-12", reasons="Thiếu số liệu quỹ"))
    await ok("save-draft", draft("185", "Báo cáo đã bổ sung", "2015-07-13"))
    await ok("submit-report", step("185", "submitted_on", "2015-07-14"))
    approved = await ok("approve-submission", step("185", "approved_on", "2015-07-16"))
    assert await refused("save-draft", draft("185", "Sửa sau phê duyệt", "2015-08-01")) == (422, "R1")
    revised = await ok("save-draft", draft("185", "Sửa sau phê duyệt", "2015-08-01", new_revision=True))
    assert revised["revision"] == 2

    # SNNPTNT within the grace period; 180 by its own officer, today (long after the deadline).
    await ok("save-draft", draft("SNNPTNT", "Báo cáo của Sở", "2015-07-17"))
    await ok("submit-report", step("SNNPTNT", "submitted_on", "2015-07-18"))
    await ok("save-draft", draft("180", "Báo cáo muộn"), D180)
    await ok("submit-report", step("180"), D180)

    one = await get("/periods/2015-H1/submissions/185", revision=1)
    assert (one["status"], one["narrative"], one["revisions"]) == ("approved", "Báo cáo đã bổ sung", 2)
    assert one["figures"]["funds_mobilised_vnd"] == 12_000_000_000
    assert (await get("/periods/2015-H1/submissions/185"))["status"] == "draft"
    # Who did each step (auth.principal_shown): the office to a viewer and to another district,
    # the account to the district concerned (180's steps were recorded by its own officer).
    async def actors(token: str) -> set[tuple]:
        answer = await api.get("/periods/2015-H1/submissions/180", headers={"Authorization": f"Bearer {token}"})
        return {(e["actor"]["principal_id"] is None, e["actor"]["scope"], e["actor"]["principal_withheld"])
                for e in answer.json()["history"]}

    assert await actors(VIEWER) == await actors(D185) == {(True, "180", True)}
    assert await actors(D180) == {(False, "180", False)}
    assert [p["code"] for p in await get("/periods")] == ["2015-H1"]
    statuses = {s["unit_code"]: s["status"] for s in (await get("/periods/2015-H1"))["submissions"]}
    assert (statuses["185"], statuses["SNNPTNT"], statuses["180"], statuses["HND"]) == (
        "draft", "submitted", "submitted", "missing")

    mid = await get("/periods/2015-H1/completeness", as_of="2015-07-31")
    assert mid["province"] == {"owed": 14, "submitted": 2, "on_time": 2, "completeness_pct": 14.3,
                               "timeliness_pct": 14.3}
    assert mid["by_kind"]["department"]["on_time"] == 1 and mid["by_kind"]["district"]["owed"] == 11
    assert "180" in mid["missing_units"] and "HND" in mid["late_units"] and "185" not in mid["late_units"]
    now = await get("/periods/2015-H1/completeness")
    assert (now["province"]["submitted"], now["province"]["on_time"]) == (3, 2) and "180" in now["late_units"]
    returned = await get("/periods/2015-H1/completeness", as_of="2015-07-13")
    assert returned["province"]["submitted"] == 0  # 185 was returned then: not counted
    earlier = await get("/periods/2015-H1/completeness", as_of="2015-07-31", known_at=approved["recorded_at"])
    assert earlier["province"]["submitted"] == 1  # as known when 185 was approved: SNNPTNT not yet recorded

"""Issue 9's traceability over the real broker and database: registry, progress and reporting in
this process, reporting learning everything from the topics. A district's rate is traced to the
exact events published on the registry and progress topics (the units' registrations, a
recognition, and a later revocation that an earlier known_at does not see); an unknown figure
is a 404 naming R2 with the families known; the event index rebuilt from offset 0 is the same."""
import asyncio
from pathlib import Path

import asyncpg
import pytest

from contracts.topics import PROGRESS_EVENTS, REGISTRY_EVENTS
from thidua_deploy.in_process import (eventually as wait_until, new_stack_id, provisioned_kafka, provisioned_urls,
                                      running)
from thidua_deploy.isolated import read_topic
from thidua_deploy.recorded_history import recognised_then_revoked
from thidua_kernel.kafka_access import KafkaAccess

pytestmark = pytest.mark.asyncio(loop_scope="function")

TOKENS = Path(__file__).resolve().parents[4] / "tests" / "tokens.test.json"
BOARD, VIEWER = "demo-province-board", "demo-viewer"
DISTRICT = "180"  # Tràng Định
AS_OF = "2015-12-31"


async def test_a_districts_rate_is_traced_to_the_published_events(kafka_admin: KafkaAccess, database_url: str,
                                                                  pg_role_passwords: Path) -> None:
    stack_id = new_stack_id()
    urls = provisioned_urls(database_url, pg_role_passwords, stack_id)
    kafka = provisioned_kafka(kafka_admin, stack_id)
    async with (running("registry", kafka["registry"], urls["registry"], TOKENS, stack_id, BOARD) as (_, registry),
                running("progress", kafka["progress"], urls["progress"], TOKENS, stack_id, BOARD) as (_, progress),
                running("reporting", kafka["reporting"], urls["reporting"], TOKENS, stack_id, VIEWER) as (_, api)):
        commune, recognised, revoked = await recognised_then_revoked(registry, progress, DISTRICT)

        async def trace(known_at: str | None = None, figure: str = f"districts/{DISTRICT}/rate") -> dict:
            params = {"figure": figure, "as_of": AS_OF, **({"known_at": known_at} if known_at else {})}
            answer = await api.get("/reports/consolidated/trace", params=params)
            assert answer.status_code == 200, answer.text
            return answer.json()

        async def revocation_seen() -> bool:
            return any(e["type"] == "RecognitionRevoked" for e in (await trace())["events"])

        await wait_until(revocation_seen)  # so every event of the history is on the topics by now
        published = await _published(kafka_admin, stack_id)
        # The district's registration and those of its xã (thị trấn are not counted in a rate, U1).
        units = {r["event_id"] for r in published if r["aggregate_type"] == "unit" and (
            r["aggregate_id"] == DISTRICT
            or (r["payload"].get("parent_code"), r["payload"].get("unit_type")) == (DISTRICT, "rural_commune"))}
        now = await trace()
        assert now["value"] == 0.0 and now["family"] == "districts/*/communes|recognised|rate"
        assert {e["event_id"] for e in now["events"]} == units | {revoked["event_id"]}
        assert now["not_indexed"] == [] and now["reading"].startswith("P5")
        revocation = next(e for e in now["events"] if e["type"] == "RecognitionRevoked")
        assert revocation["aggregate"] == {"type": "commune_progress", "id": commune}
        assert (revocation["day"], revocation["document_number"]) == ("2015-06-01", "9/QĐ-UBND")
        # The account that recorded it: withheld from a viewer (the office shown), read by the board.
        assert revocation["actor"] == {"principal_id": None, "role": "province_board", "scope": "20",
                                       "principal_withheld": True}
        as_board = await api.get("/reports/consolidated/trace", headers={"Authorization": f"Bearer {BOARD}"},
                                 params={"figure": f"districts/{DISTRICT}/rate", "as_of": AS_OF})
        shown = next(e for e in as_board.json()["events"] if e["event_id"] == revocation["event_id"])["actor"]
        assert shown["principal_id"] and shown["principal_withheld"] is False
        assert revocation["recorded_at"] == revoked["recorded_at"]

        # Known just before the revocation was recorded: the recognition decides, the rate is 1/n.
        before = await trace(known_at=recognised["recorded_at"])
        assert {e["event_id"] for e in before["events"]} == units | {recognised["event_id"]}
        assert before["value"] == 1 / (len(units) - 1)

        # Attainment of a criterion: the district's matrix (one event for the xã) and the set's publication.
        attained = await trace(figure="criteria_attainment/5/communes_met")
        assert attained["value"] == 1 and {e["event_id"] for e in attained["events"]} == {
            r["event_id"] for r in published if r["event_type"] in ("CriteriaAssessed", "CriteriaSetPublished")}

        await _summaries(api, recognised, revoked)
        await _refusals(api)
        await _rebuild_gives_the_same_index(api, database_url, f"reporting_{stack_id}")


async def _summaries(api, recognised: dict, revoked: dict) -> None:
    """R3 and R4 traced as their own endpoints ask (year, plan), reporting's own events included."""
    board = {"Authorization": f"Bearer {BOARD}"}
    steps = []
    for name, body in (("open-period", {"kind": "half_year", "year": 2015, "half": 1, "due_on": "2015-07-15",
                                        "grace_days": 5, "opened_on": "2015-01-05"}),
                       ("save-draft", {"period_code": "2015-H1", "unit_code": DISTRICT, "narrative": "Báo cáo",
                                       "figures": {"communes_assessed": 1}, "drafted_on": "2015-07-08"}),
                       ("submit-report", {"period_code": "2015-H1", "unit_code": DISTRICT,
                                          "submitted_on": "2015-07-10"})):
        answer = await api.post(f"/commands/{name}", json=body, headers=board)
        assert answer.status_code == 201, answer.text
        steps.append(answer.json()["events"][0]["event_id"])

    async def trace(kind: str, figure: str, **question) -> dict:
        answer = await api.get(f"/reports/{kind}/trace", params={"figure": figure, **question})
        assert answer.status_code == 200, answer.text
        return answer.json()

    submitted = await trace("yearly-summary", f"periodic_reports/2015-H1/units/{DISTRICT}/submitted", year=2015)
    assert submitted["value"] is True and [e["event_id"] for e in submitted["events"]] == steps
    assert [e["type"] for e in submitted["events"]] == ["PeriodOpened", "SubmissionDrafted", "SubmissionSubmitted"]
    change = await trace("yearly-summary", f"rates/districts/{DISTRICT}/change/recognised", year=2015)
    assert change["value"] == -1 and {recognised["event_id"], revoked["event_id"]} <= {
        e["event_id"] for e in change["events"]}
    point = await trace("thematic", f"trend/districts/{DISTRICT}/years/2014/recognised", plan="2011-2015")
    assert point["value"] == 1 and recognised["event_id"] in {e["event_id"] for e in point["events"]}
    assert revoked["event_id"] not in {e["event_id"] for e in point["events"]}  # effective only in 2015
    missing = await api.get("/reports/yearly-summary/trace", params={"figure": "year"})
    assert missing.status_code == 422 and missing.json()["error"]["rule"] == "INPUT-REQUIRED"


async def _published(kafka: KafkaAccess, stack_id: str) -> list[dict]:
    records = []
    for topic in (REGISTRY_EVENTS, PROGRESS_EVENTS):
        records += await asyncio.to_thread(read_topic, kafka, f"t{stack_id}.{topic}")
    return records


async def _refusals(api) -> None:
    unknown = await api.get("/reports/consolidated/trace", params={"figure": "districts/999/rate"})
    error = unknown.json()["error"]
    assert unknown.status_code == 404 and error["rule"] == "R2"
    assert "districts/*/rank" in error["figures"]["families"] and error["message_vi"]
    kind = await api.get("/reports/no-such-report/trace", params={"figure": "x"})
    assert kind.status_code == 404 and kind.json()["error"]["figures"]["kinds"] == [
        "consolidated", "thematic", "yearly-summary"]
    constant = await api.get("/reports/consolidated/trace", params={"figure": "pilots/minimum_per_district"})
    assert constant.json()["constant"] is True and constant.json()["events"] == []


async def _rebuild_gives_the_same_index(api, database_url: str, schema: str) -> None:
    db = await asyncpg.connect(database_url)

    async def indexed_all() -> bool:
        """Reporting's own events reach the index from its topic: all published (the outbox empty),
        then all applied (no lag)."""
        if await db.fetchval(f'SELECT count(*) FROM "{schema}".outbox'):
            return False
        state = (await api.get("/projections/event_index")).json()
        return state["state"] == "caught_up" and state["lag"] == 0

    try:
        await wait_until(indexed_all)
        rows = f'SELECT * FROM "{schema}".event_index ORDER BY event_id'
        before = await db.fetch(rows)
        answer = await api.post("/projections/event_index/rebuild", headers={"Authorization": f"Bearer {BOARD}"})
        assert answer.status_code == 202, answer.text

        async def rebuilt() -> bool:
            state = (await api.get("/projections/event_index")).json()
            return state["state"] == "caught_up" and bool((state.get("rebuild") or {}).get("finished_at"))

        await wait_until(rebuilt)
        assert [tuple(r) for r in await db.fetch(rows)] == [tuple(r) for r in before] and len(before) > 200
    finally:
        await db.close()

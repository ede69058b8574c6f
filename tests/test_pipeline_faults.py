"""No record and no outage stops the pipeline (issue 7), on real service processes.

- A non-JSON record and a record with an invalid payload on each consumed topic are
  dead-lettered by every projection that reads them; the projections go on, later events are
  applied, and the replay route answers (province board only).
- PostgreSQL stopped and started again under running services, and Kafka likewise: the relay and
  the projections come back by themselves; every command accepted before, during and after is on
  Kafka once and in the projections once.
- An outbox deeper than its limit: commands get 503 with Retry-After (rule BACKPRESSURE).
"""
import asyncio
import uuid
from collections import Counter
from pathlib import Path

import asyncpg
import orjson

from contracts.topics import PROGRESS_EVENTS, REGISTRY_EVENTS
from thidua_deploy._util import free_port
from thidua_deploy.isolated import Stack, put_records, read_topic, wait_until
from thidua_deploy.kafka import start_kafka
from thidua_deploy.postgres import start_postgres

TOKENS = Path(__file__).resolve().parent / "tokens.test.json"
IMPORT = {"province_code": "20", "effective_from": "2011-01-01"}
FAST_RESTARTS = {"THIDUA_BACKOFF_INITIAL_S": "0.1", "THIDUA_BACKOFF_MAX_S": "1"}
# Who reads what: a projection reading an event type dead-letters an invalid payload of it; every
# projection of a topic dead-letters a record that is not JSON.
READERS = {
    REGISTRY_EVENTS: {("registry", "unit_directory"), ("progress", "ntm_facts"), ("awards", "ntm_facts"),
                      ("reporting", "ntm_facts"), ("reporting", "programme_facts")},
    PROGRESS_EVENTS: {("progress", "ntm_facts"), ("progress", "progress_view"), ("progress", "progress_reference"),
                      ("awards", "ntm_facts"), ("reporting", "ntm_facts")},
}
INVALID = {  # (event type, payload failing its contract), and the projections that read that type
    REGISTRY_EVENTS: ("UnitRegistered", {"code": 7, "level": ["district"]},
                      {("registry", "unit_directory"), ("progress", "ntm_facts"), ("awards", "ntm_facts"),
                       ("reporting", "ntm_facts")}),
    PROGRESS_EVENTS: ("TargetSet", {"unit_code": "180", "year": "next", "ntm_rate": "NaN"},
                      {("progress", "progress_view"), ("progress", "ntm_facts"), ("awards", "ntm_facts"),
                       ("reporting", "ntm_facts")}),
}


def _envelope(event_type: str, payload: dict, aggregate_id: str) -> bytes:
    return orjson.dumps({
        "event_id": str(uuid.uuid4()), "event_type": event_type, "aggregate_type": "unit",
        "aggregate_id": aggregate_id, "aggregate_version": 1, "occurred_at": "2012-01-01T00:00:00Z",
        "recorded_at": "2012-01-01T00:00:00Z", "actor": {"principal_id": "x", "role": "province_board", "scope": "20"},
        "correlation_id": str(uuid.uuid4()), "producer": "forged", "payload": payload})


def _post(client, command: str, body: dict, expect: int = 201) -> dict:
    answer = client.post(f"/commands/{command}", json=body)
    assert answer.status_code == expect, answer.text
    return answer.json()


def _participant(n: int) -> dict:
    return {"code": f"PX{n}", "kind": "department", "parent_code": "20", "name": f"Sở thử {n}",
            "effective_from": "2011-01-01"}


def _projections(stack: Stack, service: str) -> dict[str, dict]:
    with stack.client(service) as c:
        return {p["projection"]: p for p in c.get("/projections").json()}


def _all_caught_up(stack: Stack, services) -> bool:
    return all(p["lag"] == 0 for s in services for p in _projections(stack, s).values())


def _once_each(stack: Stack, topic: str, expected: int) -> None:
    records = wait_until(lambda: (r := read_topic(stack.kafka, stack.topic(topic))) and len(r) >= expected and r, 60)
    counts = Counter(r["event_id"] for r in records)
    assert len(records) == expected and set(counts.values()) == {1}, counts.most_common(3)


def test_poisoned_and_invalid_records_are_dead_lettered_by_every_reader_and_the_pipeline_goes_on(stack):
    stack.start_all()
    for topic, (event_type, payload, _) in INVALID.items():
        put_records(stack.kafka, stack.topic(topic), [(b"20", b"\xffnot json at all"),
                                                      (b"20", _envelope(event_type, payload, "20"))])
    with stack.client("registry") as c:
        _post(c, "import-province-units", IMPORT)  # good events after the bad ones
    services = ("registry", "progress", "awards", "reporting")
    wait_until(lambda: _all_caught_up(stack, services), 90)

    for topic, readers in READERS.items():
        _, _, reading_type = INVALID[topic]
        for service, name in readers:
            with stack.client(service) as c:
                status = c.get(f"/projections/{name}").json()
            letters = [d for d in status["dead_letter_records"] if d["topic"] == stack.topic(topic)]
            assert {"JSON" in d["error"] or "json" in d["error"] for d in letters if d["value_preview"].startswith(
                "\ufffdnot json")} == {True}, (service, name, letters)
            expected = 2 if (service, name) in reading_type else 1
            assert len(letters) == expected, (service, name, letters)
            assert {d["reason"] for d in letters} <= {"unreadable", "rejected"}
            assert all(d["offset"] in (0, 1) and d["partition"] >= 0 for d in letters)
    for service in services:
        with stack.client(service) as c:
            assert c.get("/health").status_code == 200
    with stack.client("registry") as c:
        assert len(c.get("/units").json()) == 206  # the good events after the bad ones are applied
        with stack.client("registry", token="demo-viewer") as viewer:
            assert viewer.post("/projections/unit_directory/dead-letters/replay").status_code == 403
        replay = c.post("/projections/unit_directory/dead-letters/replay")
        assert replay.status_code == 200 and replay.json()["replayed"] == 0 and replay.json()["still_failing"] == 2
    assert '"projection dead-lettered a record"' in stack.log("progress")


def test_an_outbox_deeper_than_its_limit_answers_503_with_retry_after_until_it_drains(stack):
    stack.start("registry", THIDUA_RELAY_ENABLED="false", THIDUA_OUTBOX_LIMIT="100")
    with stack.client("registry") as c:
        _post(c, "import-province-units", IMPORT)  # 206 events in the outbox, none relayed
        refused = c.post("/commands/register-participant", json=_participant(1))
        assert refused.status_code == 503 and refused.headers["retry-after"] == "2"
        error = refused.json()["error"]
        assert error["rule"] == "BACKPRESSURE" and error["figures"]["outbox_depth"] == 206
    stack.kill("registry")
    stack.start("registry", THIDUA_OUTBOX_LIMIT="100")
    with stack.client("registry") as c:
        wait_until(lambda: c.post("/commands/register-participant", json=_participant(1)).status_code == 201, 30)
    _once_each(stack, REGISTRY_EVENTS, 207)


def test_postgresql_restarted_under_running_services_relay_and_projections_recover_by_themselves(
        tmp_path, kafka_admin):
    port = free_port()
    data, log = tmp_path / "pg", tmp_path / "pg.log"
    pg = start_postgres(data, port, log, durable=False)
    stack = Stack(tmp_path / "run", kafka_admin, pg.dsn, TOKENS)
    try:
        for service in ("registry", "progress"):
            stack.start(service, **FAST_RESTARTS)
        with stack.client("registry") as c:
            _post(c, "import-province-units", IMPORT)
            _post(c, "register-participant", _participant(1))
        pg.stop()
        with stack.client("registry") as c:
            down = wait_until(lambda: (h := c.get("/health")).status_code == 503 and "outbox-relay" in h.json()["down"]
                              and h.json(), 30)
            relay = down["tasks"]["outbox-relay"]
            assert relay["state"] == "down" and relay["down_since"] and relay["last_error"], down
            during = c.post("/commands/register-participant", json=_participant(2))
            assert during.status_code == 503 and during.json()["error"]["rule"] == "UNAVAILABLE", during.text
        pg = start_postgres(data, port, log, durable=False)
        for service in ("registry", "progress"):
            with stack.client(service) as c:
                health = wait_until(lambda: (h := c.get("/health")).status_code == 200 and h.json(), 60)
                assert all(t["state"] == "up" for t in health["tasks"].values()), health
        with stack.client("registry") as c:
            assert health and c.get("/health").json()["tasks"]["outbox-relay"]["restarts"] >= 1
            _post(c, "register-participant", _participant(3))
        _once_each(stack, REGISTRY_EVENTS, 208)
        wait_until(lambda: _all_caught_up(stack, ("registry", "progress")), 60)
        assert _count(pg.dsn, f"registry_{stack.id}", "participants") == 2
        assert _count(pg.dsn, f"progress_{stack.id}", "ntm_unit_changes") == 206
    finally:
        stack.stop_all()
        pg.stop()


def test_kafka_unreachable_then_back_loses_and_doubles_nothing(tmp_path, database_url, pg_role_passwords):
    port, controller = free_port(), free_port()
    data, log = tmp_path / "kafka", tmp_path / "kafka.log"
    kafka = start_kafka(data, port, controller, log, fast_jvm=True)
    stack = Stack(tmp_path / "run", kafka.access, database_url, TOKENS, pg_role_passwords)
    try:
        stack.start("registry", THIDUA_RELAY_ACK_TIMEOUT_S="2", **FAST_RESTARTS)
        with stack.client("registry") as c:
            _post(c, "import-province-units", IMPORT)
            _post(c, "register-participant", _participant(1))
            _once_each(stack, REGISTRY_EVENTS, 207)
            kafka.stop()
            _post(c, "register-participant", _participant(2))  # PostgreSQL is there: accepted
            _post(c, "register-participant", _participant(3))
            # The relay goes down (Kafka does not acknowledge); the projection may too (offsets unknown).
            down = wait_until(lambda: (h := c.get("/health")).status_code == 503 and "outbox-relay" in h.json()["down"]
                              and h.json(), 30)
            assert down["tasks"]["outbox-relay"]["last_error"] and down["tasks"]["outbox-relay"]["down_since"], down
            kafka = start_kafka(data, port, controller, log, fast_jvm=True)
            _post(c, "register-participant", _participant(4))
            _once_each(stack, REGISTRY_EVENTS, 210)
            wait_until(lambda: len(c.get("/participants").json()) == 4 and _all_caught_up(stack, ("registry",)), 60)
            health = wait_until(lambda: (h := c.get("/health")).status_code == 200 and h.json(), 60)
            assert all(t["state"] == "up" for t in health["tasks"].values()), health
            assert health["tasks"]["outbox-relay"]["restarts"] >= 1
        assert _count(database_url, f"registry_{stack.id}", "participants") == 4
    finally:
        stack.stop_all()
        kafka.stop()


def _count(dsn: str, schema: str, table: str) -> int:
    async def count() -> int:
        conn = await asyncpg.connect(dsn)
        try:
            return await conn.fetchval(f'SELECT count(*) FROM "{schema}".{table}')
        finally:
            await conn.close()

    return asyncio.run(count())

"""Kill real service processes at the worst moments; nothing is lost and nothing is doubled."""
from collections import Counter

from contracts.topics import REGISTRY_EVENTS
from thidua_deploy.isolated import read_topic, wait_until

IMPORT = {"province_code": "20", "effective_from": "2011-01-01"}


def _once_each(stack, expected: int) -> list[dict]:
    topic = stack.topic(REGISTRY_EVENTS)
    records = wait_until(lambda: (r := read_topic(stack.kafka, topic)) and len(r) >= expected and r, 60)
    counts = Counter(r["event_id"] for r in records)
    assert len(records) == expected and set(counts.values()) == {1}, counts.most_common(3)
    return records


def test_events_committed_before_a_kill_reach_kafka_once_after_restart(stack):
    stack.start("registry", THIDUA_RELAY_ENABLED="false")
    with stack.client("registry") as c:
        assert c.post("/commands/import-province-units", json=IMPORT).status_code == 201
    stack.kill("registry")  # committed in PostgreSQL, never published
    stack.start("registry")
    _once_each(stack, 206)


def test_a_kill_between_publish_and_outbox_delete_does_not_publish_twice(stack):
    stack.start("registry", THIDUA_CRASH_AT="after_publish")
    with stack.client("registry") as c:
        assert c.post("/commands/import-province-units", json=IMPORT).status_code == 201
    assert stack.wait_exit("registry") == 86  # died right after Kafka acknowledged, before the delete
    stack.start("registry")
    records = _once_each(stack, 206)
    by_unit = {r["aggregate_id"]: r for r in records}
    assert by_unit["06034"]["payload"]["parent_code"] == "180"


def test_a_projection_killed_mid_batch_equals_a_rebuild_from_offset_zero(stack):
    stack.start("registry", THIDUA_CRASH_AT="projection_mid_batch")
    with stack.client("registry") as c:
        assert c.post("/commands/import-province-units", json=IMPORT).status_code == 201
    assert stack.wait_exit("registry") == 86
    stack.start("registry")
    with stack.client("registry") as c:
        after_crash = wait_until(lambda: (u := c.get("/units").json()) and len(u) == 206 and u, 60)
        assert c.post("/projections/unit_directory/rebuild").status_code == 202
        rebuilt = wait_until(lambda: (u := c.get("/units").json()) and len(u) == 206 and u, 60)
        assert rebuilt == after_crash
    _once_each(stack, 206)

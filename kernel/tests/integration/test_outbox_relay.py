"""Every committed event reaches Kafka exactly once, in order per aggregate, across a crash."""
import asyncio
from collections import Counter, defaultdict
from datetime import datetime, timezone

import orjson
import pytest

from thidua_kernel.outbox import OutboxRelay
from thidua_kernel.supervision import cancelled


async def test_events_reach_kafka_once_after_a_crash_between_publish_and_outbox_delete(
    store, pool, broker, topic, kafka_admin, ctx, one_event, helpers, topic_reader
):
    for n in range(60):
        stream = f"agg-{n % 12}"
        await store.append(ctx(), [one_event(stream, n // 12, n)])

    crashing = OutboxRelay(pool, broker, kafka_admin, topic, "kernel-test",
                           batch_size=25, crash_at=helpers.crash_at("after_publish"))
    with pytest.raises(helpers.Crash):
        await crashing.run()
    assert await pool.fetchval("SELECT count(*) FROM outbox") == 60  # published 25, deleted none

    relay = OutboxRelay(pool, broker, kafka_admin, topic, "kernel-test", batch_size=25)
    task = asyncio.create_task(relay.run())
    try:
        await helpers.wait_until(lambda: _outbox_empty(pool))
    finally:
        await cancelled(task)
    records = await topic_reader(kafka_admin, topic, 60)
    envelopes = [orjson.loads(r.value) for r in records]
    assert len(records) == 60
    assert set(Counter(e["event_id"] for e in envelopes).values()) == {1}
    versions = defaultdict(list)
    for record, env in zip(records, envelopes):
        assert record.key.decode() == env["aggregate_id"]
        versions[(record.partition, env["aggregate_id"])].append(env["aggregate_version"])
    assert all(v == sorted(v) for v in versions.values())
    assert len({agg for _, agg in versions}) == 12


async def test_a_second_relay_waits_while_the_first_holds_the_lock(
    store, pool, broker, topic, kafka_admin, ctx, one_event, helpers, topic_reader
):
    first = asyncio.create_task(OutboxRelay(pool, broker, kafka_admin, topic, "kernel-test").run())
    second = asyncio.create_task(
        OutboxRelay(pool, broker, kafka_admin, topic, "kernel-test", idle_poll_s=0.05).run()
    )
    try:
        for n in range(20):
            await store.append(ctx(), [one_event(f"x-{n}", 0, n)])
        await helpers.wait_until(lambda: _outbox_empty(pool))
    finally:
        await cancelled(first, second)
    records = await topic_reader(kafka_admin, topic, 20)
    assert len(records) == 20


async def _outbox_empty(pool) -> bool:
    return await pool.fetchval("SELECT count(*) FROM outbox") == 0


async def test_a_notify_for_rows_already_taken_costs_no_select(
    store, pool, broker, topic, kafka_admin, ctx, one_event, helpers, topic_reader
):
    relay = OutboxRelay(pool, broker, kafka_admin, topic, "kernel-test", idle_poll_s=60)
    task = asyncio.create_task(relay.run())
    try:
        await helpers.wait_until(lambda: _selected(relay, 1))  # the first, empty SELECT at start
        await store.append(ctx(), [one_event("late", 0)])
        await helpers.wait_until(lambda: _outbox_empty(pool))
        taken = await pool.fetchval("SELECT max(position) FROM events")
        before = relay.selects
        # The NOTIFY of a commit whose rows the relay took already (it came late): no SELECT.
        await pool.execute("SELECT pg_notify('thidua_outbox', $1)", str(taken))
        await store.append(ctx(), [one_event("new", 0)])  # a new commit: exactly one SELECT
        await helpers.wait_until(lambda: _outbox_empty(pool))
        await helpers.wait_until(lambda: _selected(relay, before + 1))
    finally:
        await cancelled(task)
    assert len(await topic_reader(kafka_admin, topic, 2)) == 2
    assert relay.selects == before + 1 and relay.empty_selects == 1


async def _selected(relay, count: int) -> bool:
    return relay.selects >= count


async def test_a_record_kafka_refuses_fails_the_relay_visibly_and_it_is_retried_with_backoff_not_left_dead(
    store, pool, topic, kafka_admin, ctx, one_event, helpers, topic_reader
):
    from aiokafka.admin import AIOKafkaAdminClient
    from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
    from faststream.kafka import KafkaBroker

    from contracts.topics import MAX_RECORD_BYTES, TOPIC_MAX_MESSAGE_BYTES
    from thidua_kernel.clock import SystemClock
    from thidua_kernel.messages import NewEvent, StreamAppend
    from thidua_kernel.supervision import Backoff, Supervisor

    admin = AIOKafkaAdminClient(**kafka_admin.aiokafka())
    await admin.start()
    try:  # the limits are set together: a topic takes a batch around the producer's largest record
        described = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
        configs = {c[0]: c[1] for c in described[0].resources[0][4]}
        assert int(configs["max.message.bytes"]) == TOPIC_MAX_MESSAGE_BYTES > MAX_RECORD_BYTES
    finally:
        await admin.close()

    await store.append(ctx(), [one_event("agg-0", 0, 0)])
    occurred = datetime(2012, 1, 1, tzinfo=timezone.utc)
    # The edge and the store keep events far below the producer's limit (limits.MAX_EVENT_BYTES):
    # a producer with a small limit stands in for a record Kafka would refuse all the same.
    big = StreamAppend("counter", "agg-1", 0, (NewEvent("Counted", {"n": 1, "blob": "x" * 5_000}, occurred),))
    await store.append(ctx(), [big])
    await store.append(ctx(), [one_event("agg-2", 0, 2)])
    broker = KafkaBroker(kafka_admin.servers, acks="all", enable_idempotence=True, max_request_size=4_000,
                         security=kafka_admin.faststream_security())
    await broker.start()
    supervisor = Supervisor(SystemClock(), Backoff(initial_s=0.05, maximum_s=0.2))
    supervisor.start("outbox-relay", OutboxRelay(pool, broker, kafka_admin, topic, "kernel-test").run)
    try:
        async def retried() -> dict | None:
            relay = supervisor.health()["tasks"]["outbox-relay"]
            return relay if relay["state"] == "down" and relay["restarts"] >= 2 else None

        relay = await helpers.wait_until(retried)
        assert "MessageSizeTooLarge" in relay["last_error"] and relay["down_since"]
        assert not supervisor.health()["ok"] and not supervisor.tasks["outbox-relay"].done()
        records = await topic_reader(kafka_admin, topic, 1)
        # The event before it is on Kafka once (each restart skips it: published, row kept with
        # its batch); the one after it waits its turn: order per aggregate and partition is kept.
        assert [orjson.loads(r.value)["aggregate_id"] for r in records] == ["agg-0"]
        assert await pool.fetchval("SELECT count(*) FROM outbox") == 3
    finally:
        await supervisor.stop_all()
        await broker.stop()

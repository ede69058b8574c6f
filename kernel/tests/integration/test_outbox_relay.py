"""Every committed event reaches Kafka exactly once, in order per aggregate, across a crash."""
import asyncio
from collections import Counter, defaultdict

import orjson
import pytest

from thidua_kernel.outbox import OutboxRelay


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
        task.cancel()
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
        first.cancel()
        second.cancel()
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
        task.cancel()
    assert len(await topic_reader(kafka_admin, topic, 2)) == 2
    assert relay.selects == before + 1 and relay.empty_selects == 1


async def _selected(relay, count: int) -> bool:
    return relay.selects >= count

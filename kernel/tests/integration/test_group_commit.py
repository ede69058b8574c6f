"""Group commit and the stream-version cache keep every guarantee of a lone append."""
import asyncio
from datetime import datetime, timezone

import pytest

from thidua_kernel.clock import ManualClock
from thidua_kernel.commands import Decision, execute, request_hash
from thidua_kernel.errors import ConcurrencyConflict
from thidua_kernel.eventstore import IdempotencyRace, PostgresEventStore

T0 = datetime(2012, 1, 1, tzinfo=timezone.utc)


def batches(store) -> int:
    """How many transactions the store's appends took (one per batch)."""
    return store._committer.batches_sent


async def test_a_conflict_in_one_command_of_a_batch_leaves_the_others_committed(store, pool, ctx, one_event):
    results = await asyncio.gather(
        store.append(ctx("k-p1"), [one_event("p", 0, 1)]),
        store.append(ctx("k-p2"), [one_event("p", 0, 2)]),  # same expected version: loses
        store.append(ctx("k-q"), [one_event("q", 0, 3)]),
        store.append(ctx("k-r"), [one_event("r", 0, 4), one_event("r2", 0, 5)]),
        return_exceptions=True,
    )
    assert [type(r).__name__ for r in results] == ["tuple", "ConcurrencyConflict", "tuple", "tuple"]
    assert results[1].figures == {"streams": ["counter:p"], "stream": "counter:p", "found": 1}
    assert batches(store) == 1
    assert [e.payload["n"] for e in await store.load("counter", "p")] == [1]
    assert await pool.fetchval("SELECT count(*) FROM events") == 4
    committed = await pool.fetchval("SELECT array_agg(position ORDER BY position) FROM events")
    assert await pool.fetchval("SELECT array_agg(position ORDER BY position) FROM outbox") == committed
    keys = await pool.fetchval("SELECT array_agg(key ORDER BY key) FROM idempotency")
    assert keys == ["k-p1", "k-q", "k-r"]  # the losing command's key is not taken


async def test_one_idempotency_key_twice_in_one_batch_appends_once(store, pool, ctx, one_event):
    results = await asyncio.gather(
        store.append(ctx("same"), [one_event("i1", 0)]),
        store.append(ctx("same"), [one_event("i2", 0)]),
        return_exceptions=True,
    )
    assert isinstance(results[0], tuple) and isinstance(results[1], IdempotencyRace)
    assert batches(store) == 1
    assert await pool.fetchval("SELECT count(*) FROM events") == 1
    assert await pool.fetchval("SELECT count(*) FROM outbox") == 1


async def test_concurrent_retries_through_execute_get_one_answer_within_and_across_batches(store, pool, ctx, one_event):
    async def decide() -> Decision:
        return Decision([one_event("j", await store.version("counter", "j"))], {"note": "once"})

    within = await asyncio.gather(*(execute(store, ctx("key-j"), "Count", {}, decide) for _ in range(8)))
    across = await execute(store, ctx("key-j"), "Count", {}, decide)
    assert all(answer == within[0] for answer in [*within, across])
    assert within[0]["recorded_at"] == "2012-01-01T00:00:00Z"
    assert within[0]["events"][0]["recorded_at"] == "2012-01-01T00:00:00Z"
    assert await pool.fetchval("SELECT count(*) FROM events") == 1


async def test_a_conflicting_command_records_no_idempotency_key_so_its_retry_can_land(store, pool, ctx, one_event):
    await store.append(ctx(), [one_event("m", 0)])
    with pytest.raises(ConcurrencyConflict):
        await store.append(ctx("key-m"), [one_event("m", 0)])
    assert await pool.fetchval("SELECT count(*) FROM idempotency") == 0
    await store.append(ctx("key-m"), [one_event("m", 1)])
    assert [e.aggregate_version for e in await store.load("counter", "m")] == [1, 2]


async def test_many_concurrent_commands_on_many_streams_share_few_transactions(store, pool, ctx, one_event):
    await asyncio.gather(*(store.append(ctx(f"many-{n}"), [one_event(f"s{n}", 0)]) for n in range(200)))
    assert await pool.fetchval("SELECT count(*) FROM events") == 200
    assert await pool.fetchval("SELECT count(*) FROM outbox") == 200
    assert await pool.fetchval("SELECT count(*) FROM idempotency") == 200
    assert batches(store) < 20


async def test_a_stale_cached_version_costs_one_retry_never_a_wrong_append(store, pool, ctx, one_event):
    other_process = PostgresEventStore(pool, "kernel-test", ManualClock(T0))
    await store.append(ctx(), [one_event("v", 0, 1)])
    await other_process.append(ctx(), [one_event("v", 1, 2)])
    assert await store.version("counter", "v") == 1  # from memory: this process saw version 1
    assert await store.version("counter", "v", fresh=True) == 2
    await store.append(ctx(), [one_event("w", 0)])
    await other_process.append(ctx(), [one_event("w", 1)])  # store's entry for w is stale (1, not 2)
    decisions = 0

    async def decide() -> Decision:
        nonlocal decisions
        decisions += 1
        return Decision([one_event("w", await store.version("counter", "w"), 3)])

    answer = await execute(store, ctx(), "Count", {}, decide)
    assert decisions == 2 and answer["events"][0]["aggregate_version"] == 3
    assert [e.aggregate_version for e in await store.load("counter", "w")] == [1, 2, 3]


async def test_a_second_conflict_after_the_retry_reaches_the_caller(store, ctx, one_event):
    await store.append(ctx(), [one_event("x", 0)])

    async def decide() -> Decision:
        return Decision([one_event("x", 0)])  # always stale

    with pytest.raises(ConcurrencyConflict):
        await execute(store, ctx(), "Count", {}, decide)
    assert len(await store.load("counter", "x")) == 1


async def test_concurrent_recalls_share_a_select_and_each_gets_its_own_answer(store, ctx, one_event):
    def decide_for(stream: str):
        async def decide() -> Decision:
            return Decision([one_event(stream, 0)], {"stream": stream})
        return decide

    firsts = await asyncio.gather(*(execute(store, ctx(f"r-{n}"), "Count", {"n": n}, decide_for(f"r{n}"))
                                    for n in range(30)))
    before = store._recaller.batches_sent
    recalled = await asyncio.gather(*(store.recall(f"r-{n}", request_hash("Count", {"n": n})) for n in range(30)),
                                    store.recall("never-used", "x"))
    assert store._recaller.batches_sent - before == 1
    assert recalled[:30] == firsts and recalled[30] is None
    assert [a["stream"] for a in recalled[:30]] == [f"r{n}" for n in range(30)]

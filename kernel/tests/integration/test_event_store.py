"""The write side's guarantees, against a real PostgreSQL server."""
import asyncio

import pytest

from thidua_kernel.commands import Decision, execute
from thidua_kernel.errors import ConcurrencyConflict, IdempotencyKeyReused


async def test_only_one_of_many_concurrent_appends_at_one_version_succeeds(store, ctx, one_event):
    results = await asyncio.gather(
        *(store.append(ctx(), [one_event("a", 0, n)]) for n in range(25)), return_exceptions=True
    )
    successes = [r for r in results if not isinstance(r, Exception)]
    conflicts = [r for r in results if isinstance(r, ConcurrencyConflict)]
    assert len(successes) == 1 and len(conflicts) == 24
    assert [e.aggregate_version for e in await store.load("counter", "a")] == [1]


async def test_concurrent_commands_that_retry_on_conflict_all_land_once_in_order(store, ctx, one_event):
    async def increment(n: int) -> None:
        while True:
            version = len(await store.load("counter", "b"))
            try:
                await store.append(ctx(), [one_event("b", version, n)])
                return
            except ConcurrencyConflict:
                continue

    await asyncio.gather(*(increment(n) for n in range(20)))
    events = await store.load("counter", "b")
    assert [e.aggregate_version for e in events] == list(range(1, 21))
    assert sorted(e.payload["n"] for e in events) == list(range(20))


async def test_a_retried_command_gets_the_same_answer_and_no_second_event(store, ctx, one_event):
    async def decide() -> Decision:
        version = len(await store.load("counter", "c"))
        return Decision([one_event("c", version)], {"note": "first"})

    first = await execute(store, ctx("key-1"), "Count", {"x": 1}, decide)
    second = await execute(store, ctx("key-1"), "Count", {"x": 1}, decide)
    assert first == second
    assert len(await store.load("counter", "c")) == 1


async def test_concurrent_retries_with_one_key_append_once(store, ctx, one_event):
    async def decide() -> Decision:
        return Decision([one_event(f"d-{id(asyncio.current_task())}", 0)])

    answers = await asyncio.gather(*(execute(store, ctx("key-2"), "Count", {}, decide) for _ in range(10)))
    assert len({a["events"][0]["event_id"] for a in answers}) == 1
    assert await store._pool.fetchval("SELECT count(*) FROM events") == 1


async def test_a_reused_key_with_another_command_is_refused(store, ctx, one_event):
    async def decide() -> Decision:
        return Decision([one_event("e", len(await store.load("counter", "e")))])

    await execute(store, ctx("key-3"), "Count", {"x": 1}, decide)
    with pytest.raises(IdempotencyKeyReused):
        await execute(store, ctx("key-3"), "Count", {"x": 2}, decide)


async def test_concurrent_appends_to_many_streams_all_land_with_their_outbox_rows(store, pool, ctx, one_event):
    await asyncio.gather(*(store.append(ctx(), [one_event(f"s{n}", 0)]) for n in range(30)))
    assert await pool.fetchval("SELECT count(*) FROM events") == 30
    assert await pool.fetchval("SELECT count(*) FROM outbox JOIN events USING (position)") == 30

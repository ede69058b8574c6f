"""Supervised tasks: restarted after every failure with bounded, jittered exponential backoff;
health says which task is down, since when, its last error and how often it was restarted."""
import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from thidua_kernel.clock import ManualClock
from thidua_kernel.supervision import Backoff, Supervisor, cancelled

T0 = datetime(2026, 12, 2, tzinfo=timezone.utc)


class FakeSleep:
    """Records each delay and moves the clock by it, instead of waiting."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)
        self.clock.advance(timedelta(seconds=delay))


def test_backoff_doubles_up_to_its_bound_and_jitters_between_half_and_all_of_it():
    backoff = Backoff(initial_s=0.5, maximum_s=4.0)
    assert [backoff.delay(n, 1.0) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert [backoff.delay(n, 0.0) for n in range(4)] == [0.25, 0.5, 1.0, 2.0]
    assert backoff.delay(10_000, 0.5) == 3.0  # no overflow, still bounded


async def test_a_failing_task_is_restarted_with_backoff_and_health_says_it_is_down_until_it_is_up():
    clock = ManualClock(T0)
    sleep = FakeSleep(clock)
    supervisor = Supervisor(clock, Backoff(initial_s=1.0, maximum_s=8.0), sleep=sleep, unit_random=lambda: 1.0)
    runs: list[int] = []
    seen_down: list[dict] = []
    release = asyncio.Event()

    async def flaky(ready) -> None:
        runs.append(len(runs))
        if len(runs) <= 5:
            if len(runs) == 3:
                seen_down.append(supervisor.health())
            raise ConnectionRefusedError(f"PostgreSQL away (try {len(runs)})")
        ready()
        await release.wait()

    supervisor.start("projection:p", flaky)
    try:
        async def up() -> bool:
            return supervisor.health()["ok"] and len(runs) == 6

        for _ in range(200):
            if await up():
                break
            await asyncio.sleep(0)
        assert len(runs) == 6
        assert sleep.delays == [1.0, 2.0, 4.0, 8.0, 8.0]
        down = seen_down[0]
        assert not down["ok"] and down["down"] == ["projection:p"]
        assert down["tasks"]["projection:p"] == {
            "state": "down", "down_since": T0.isoformat(timespec="milliseconds"),
            "last_error": "ConnectionRefusedError: PostgreSQL away (try 2)",
            "last_error_at": (T0 + timedelta(seconds=1)).isoformat(timespec="milliseconds"), "restarts": 2}
        health = supervisor.health()
        assert health["tasks"]["projection:p"]["state"] == "up" and health["tasks"]["projection:p"]["restarts"] == 5
        assert health["tasks"]["projection:p"]["last_error"] == "ConnectionRefusedError: PostgreSQL away (try 5)"
    finally:
        await supervisor.stop_all()
    assert supervisor.tasks == {}


async def test_the_backoff_starts_over_after_a_run_that_lasted_the_longest_delay():
    clock = ManualClock(T0)
    sleep = FakeSleep(clock)
    supervisor = Supervisor(clock, Backoff(initial_s=1.0, maximum_s=4.0), sleep=sleep, unit_random=lambda: 1.0)
    runs: list[int] = []
    done = asyncio.Event()

    async def task(ready) -> None:
        runs.append(1)
        if len(runs) == 2:
            clock.advance(timedelta(seconds=9))  # this run was stuck for long before it was ready: no reset
        if len(runs) == 4:
            ready()
            clock.advance(timedelta(seconds=4))  # this run went well for a while, then failed
        if len(runs) == 6:
            done.set()
            return
        raise RuntimeError("Kafka unreachable")

    supervisor.start("outbox-relay", task)
    await asyncio.wait_for(done.wait(), 5)
    await asyncio.sleep(0)
    assert sleep.delays == [1.0, 2.0, 4.0, 1.0, 2.0]
    assert supervisor.health()["tasks"]["outbox-relay"]["state"] == "finished"
    await supervisor.stop_all()


async def _swallowing_close(closing: asyncio.Event) -> None:
    """What aiokafka's client close() does: await its own cancelled task under
    suppress(CancelledError), which swallows a cancellation of the caller too."""
    inner = asyncio.create_task(asyncio.sleep(3600))
    closing.set()
    try:
        await inner
    except asyncio.CancelledError:
        pass
    inner.cancel()


async def test_a_stop_whose_cancellation_a_library_loses_ends_the_task_instead_of_restarting_it():
    supervisor = Supervisor(ManualClock(T0), Backoff(initial_s=0.01, maximum_s=0.01))
    closing = asyncio.Event()
    runs: list[int] = []

    async def relay(ready) -> None:  # fails at once on a refused record; its consumer's close loses the cancel
        runs.append(1)
        ready()
        await _swallowing_close(closing)
        raise RuntimeError("MessageSizeTooLargeError")

    supervisor.start("outbox-relay", relay)
    await asyncio.wait_for(closing.wait(), 5)
    task = supervisor.tasks["outbox-relay"]
    await asyncio.wait_for(supervisor.stop_all(), 5)
    assert task.done() and task.cancelled() and runs == [1]  # ended, not restarted


async def test_a_task_that_goes_on_after_a_lost_cancellation_is_cancelled_again_until_it_ends():
    supervisor = Supervisor(ManualClock(T0), stop_repeat_s=0.05)
    closing = asyncio.Event()
    idle_waits: list[int] = []

    async def relay(ready) -> None:  # the cancel lost in a close, then the relay's idle loop goes on
        ready()
        await _swallowing_close(closing)
        while True:
            idle_waits.append(1)
            await asyncio.sleep(3600)

    supervisor.start("outbox-relay", relay)
    await asyncio.wait_for(closing.wait(), 5)
    await asyncio.wait_for(supervisor.stop("outbox-relay"), 5)
    assert idle_waits == [1] and supervisor.tasks == {}


async def test_a_task_that_never_ends_fails_the_stop_naming_it_rather_than_hanging():
    stubborn, started = asyncio.Event(), asyncio.Event()

    async def ignores_every_cancel() -> None:
        started.set()
        while not stubborn.is_set():
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                continue

    task = asyncio.create_task(ignores_every_cancel(), name="stubborn-relay")
    await asyncio.wait_for(started.wait(), 5)
    try:
        with pytest.raises(RuntimeError, match="stubborn-relay"):
            await cancelled(task, deadline_s=0.2, repeat_s=0.05)
    finally:
        stubborn.set()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_a_task_that_timed_out_inside_a_library_is_still_restarted_after_a_failure():
    """async_timeout (aiokafka's getmany, its connections) cancels the current task on a timeout,
    turns the CancelledError into TimeoutError and never uncancels: the task's cancelling() count
    stays up although nobody stops it. A later failure must still be restarted."""
    supervisor = Supervisor(ManualClock(T0), Backoff(initial_s=0.01, maximum_s=0.01))
    runs: list[int] = []
    again = asyncio.Event()

    async def relay(ready) -> None:
        runs.append(1)
        if len(runs) == 2:
            again.set()
            await asyncio.sleep(3600)
        ready()
        asyncio.current_task().cancel()  # what async_timeout's expiry does
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            pass  # async_timeout raises TimeoutError here; aiokafka's getmany returns nothing
        raise RuntimeError("MessageSizeTooLargeError")

    supervisor.start("outbox-relay", relay)
    try:
        await asyncio.wait_for(again.wait(), 5)
        assert runs == [1, 1] and supervisor.health()["tasks"]["outbox-relay"]["restarts"] == 1
    finally:
        await asyncio.wait_for(supervisor.stop_all(), 5)

"""Supervised background tasks: after any failure a task is restarted with backoff, never left dead.

The outbox relay and every projection run under a `Supervisor`. A run that raises (PostgreSQL
restarted or unreachable, Kafka unreachable, a record Kafka refuses) is logged with its error,
the task is marked down (since when, last error, restart count: GET /health), and it starts
again after an exponential, jittered and bounded delay. A task says it is up again through the
`ready` callback its run receives (the relay once it holds its lock and reads Kafka, a runner
once its consumer is assigned). The backoff starts over only after a run that got ready and
lasted at least the longest delay, so a task that fails at start or right after (a record
refused on every try) keeps waiting the longest delay rather than spinning. Clock, sleep and random are injected (tests).
"""
import asyncio
import random
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog

from .clock import Clock

log = structlog.get_logger("thidua.supervision")

Ready = Callable[[], None]
RunFactory = Callable[[Ready], Awaitable[None]]


@dataclass(frozen=True)
class Backoff:
    """Delay before restart n (0-based): min(maximum, initial × factor^n), jittered to between
    half of it and all of it ("equal jitter": never zero, never above the bound)."""

    initial_s: float = 0.2
    maximum_s: float = 10.0
    factor: float = 2.0

    def delay(self, attempt: int, unit_random: float) -> float:
        ceiling = min(self.maximum_s, self.initial_s * self.factor ** min(attempt, 64))
        return ceiling / 2 + unit_random * ceiling / 2


@dataclass
class TaskState:
    started_at: datetime
    up: bool = False
    down_since: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    restarts: int = 0
    finished: bool = False

    def as_dict(self) -> dict[str, Any]:
        iso = lambda t: t.isoformat(timespec="milliseconds") if t else None  # noqa: E731
        state = "finished" if self.finished else "up" if self.up else "down" if self.down_since else "starting"
        return {"state": state, "down_since": iso(self.down_since), "last_error": self.last_error,
                "last_error_at": iso(self.last_error_at), "restarts": self.restarts}


class Supervisor:
    def __init__(self, clock: Clock, backoff: Backoff = Backoff(),
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
                 unit_random: Callable[[], float] = random.random, stop_repeat_s: float = 5.0) -> None:
        self._clock = clock
        self._stop_repeat_s = stop_repeat_s
        self._backoff = backoff
        self._sleep = sleep
        self._random = unit_random
        self.tasks: dict[str, asyncio.Task] = {}
        self.states: dict[str, TaskState] = {}

    def start(self, name: str, run: RunFactory) -> None:
        """Run `run(ready)` under supervision as task `name` (a task of that name must be stopped first)."""
        self.states[name] = TaskState(started_at=self._clock.now())
        self.tasks[name] = asyncio.create_task(self._supervise(name, run), name=name)

    async def stop(self, name: str) -> None:
        task = self.tasks.pop(name, None)
        self.states.pop(name, None)
        if task is not None:
            await cancelled(task, repeat_s=self._stop_repeat_s)

    async def stop_all(self) -> None:
        for name in list(self.tasks):
            await self.stop(name)

    def health(self) -> dict[str, Any]:
        tasks = {name: state.as_dict() for name, state in sorted(self.states.items())}
        down = [name for name, t in tasks.items() if t["state"] == "down"]
        return {"ok": not down, "down": down, "tasks": tasks}

    async def _supervise(self, name: str, run: RunFactory) -> None:
        state = self.states[name]
        attempt = 0
        ready_at: list = []

        def ready() -> None:
            state.up, state.down_since = True, None
            ready_at[:] = [self._clock.now()]

        while True:
            ready_at.clear()
            try:
                await run(ready)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - any failure: recorded, logged, restarted
                if self.tasks.get(name) is not asyncio.current_task():  # stopped; its cancel lost (cancelled())
                    raise asyncio.CancelledError(f"{name} stopped") from exc
                now = self._clock.now()
                if ready_at and (now - ready_at[0]).total_seconds() >= self._backoff.maximum_s:
                    attempt = 0  # it ran well for a while: this is a new outage
                delay = self._backoff.delay(attempt, self._random())
                attempt += 1
                state.up = False
                state.down_since = state.down_since or now
                state.last_error, state.last_error_at = f"{type(exc).__name__}: {exc}"[:1000], now
                # The stack once per outage (not at every retry), as plain text: a renderer that
                # shows locals would print whole batches (a refused 1 MB record, say).
                stack = "".join(traceback.format_exception(exc))[-4000:] if attempt == 1 else None
                log.error("background task failed: restarting after backoff", task=name, error=state.last_error,
                          retry_in_s=round(delay, 3), restarts=state.restarts, down_since=str(state.down_since),
                          traceback=stack)
                await self._sleep(delay)
                state.restarts += 1
                continue
            state.up, state.finished = False, True
            log.info("background task finished", task=name)
            return


async def cancelled(*tasks: asyncio.Task, deadline_s: float = 30.0, repeat_s: float = 5.0) -> None:
    """Cancel `tasks` and return once every one has ended; one still running after `deadline_s`
    raises naming it (a stop never hangs). A task still running `repeat_s` after a cancellation is
    cancelled again: long enough for a task to unwind (a projection's last commit, its fetch
    thread) without a second cancel cutting its clean-up short.

    One cancellation is not always enough: a library can lose it. aiokafka's close() awaits its
    own cancelled background task under `suppress(CancelledError)`, which also swallows a
    cancellation of the caller; a relay stopped while its start-up consumer closed went on
    relaying, failing and being restarted, and the stop waited forever (a CI run hung 900 s on
    it). So the request is repeated until the task ends, and a supervised run that raises while
    its stop is pending ends instead of being restarted. (Not `Task.cancelling()`: async_timeout,
    which aiokafka uses, cancels the current task on a timeout and never uncancels it, so that
    count stays up in a task no one is stopping.)"""
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline_s
    running = {task for task in tasks if not task.done()}
    while running:
        if loop.time() >= end:
            names = ", ".join(sorted(task.get_name() for task in running))
            raise RuntimeError(f"tasks still running {deadline_s}s after being cancelled: {names}")
        for task in running:
            task.cancel()
        _, running = await asyncio.wait(running, timeout=min(repeat_s, max(end - loop.time(), 0.01)))
    await asyncio.gather(*tasks, return_exceptions=True)

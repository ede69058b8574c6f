"""A bounded command load whose client retries like a real one.

Each command carries its own `Idempotency-Key`; on a connection error, a timeout or a 5xx
answer the client sends the very same request again (same key, same body) after a short
backoff, until the service acknowledges it (2xx) or the retry deadline passes. So a command
whose first attempt was committed just before a crash is answered from the idempotency record
on the retry, never appended twice. Any 4xx is final: the drill's commands are all valid, so a
4xx is counted as refused and fails the drill.
"""
from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

BACKOFF_S = (0.05, 0.1, 0.2, 0.4, 0.8)  # then 0.8 s between attempts


@dataclass(frozen=True)
class Command:
    service: str
    path: str
    body: dict[str, Any]
    key: str


@dataclass
class Outcome:
    command: Command
    attempts: int = 0
    status: int | None = None  # the last answer's status (None: no answer at all)
    event_ids: list[str] = field(default_factory=list)
    answer: str = ""  # the last answer's body, for a refusal's report

    @property
    def acknowledged(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def retried(self) -> bool:
        return self.attempts > 1


@dataclass
class LoadResult:
    outcomes: list[Outcome]

    @property
    def acknowledged(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.acknowledged]

    @property
    def refused(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status is not None and 400 <= o.status < 500]

    def figures(self) -> dict[str, int]:
        return {"sent": len(self.outcomes), "acknowledged": len(self.acknowledged),
                "retried": sum(o.retried for o in self.outcomes),
                "attempts": sum(o.attempts for o in self.outcomes), "refused": len(self.refused)}


class RetryingLoad:
    """Sends `commands` in order from `workers` concurrent clients, spread evenly over `seconds`
    (those not started by then are not sent); each is retried until acknowledged or
    `retry_deadline` seconds after its first attempt. Runs in a thread of its own (`start`,
    `join`), so the caller can kill and restart processes meanwhile."""

    def __init__(self, urls: dict[str, str], token: str, commands: Sequence[Command], seconds: float,
                 workers: int = 4, retry_deadline: float = 90.0) -> None:
        self._urls = urls
        self._headers = {"Authorization": f"Bearer {token}"}
        self._commands = list(commands)
        self._seconds = seconds
        self._workers = workers
        self._retry_deadline = retry_deadline
        self._outcomes: list[Outcome] = []
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._main, name="fault-load", daemon=True)

    @property
    def sent(self) -> int:
        """Commands sent so far (readable from the caller's thread while the load runs)."""
        return len(self._outcomes)

    @property
    def attempts(self) -> int:
        return sum(o.attempts for o in list(self._outcomes))

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def start(self) -> RetryingLoad:
        self._thread.start()
        return self

    def join(self) -> LoadResult:
        # Bounded: the sending window, then the last command's retry deadline, then some slack.
        self._thread.join(self._seconds + self._retry_deadline + 30)
        if self._thread.is_alive():
            raise TimeoutError("the command load did not finish within its deadlines")
        if self._failure is not None:
            raise self._failure
        return LoadResult(self._outcomes)

    def _main(self) -> None:
        try:
            asyncio.run(self._run())
        except BaseException as exc:  # handed to join(): the caller's thread fails with it
            self._failure = exc

    async def _run(self) -> None:
        queue: asyncio.Queue[Command] = asyncio.Queue()
        for command in self._commands:
            queue.put_nowait(command)
        interval = self._seconds / max(1, len(self._commands))
        started = time.monotonic()
        limits = httpx.Limits(max_connections=self._workers)
        async with httpx.AsyncClient(headers=self._headers, timeout=10, trust_env=False, limits=limits) as client:
            async def worker() -> None:
                while not queue.empty():
                    command = queue.get_nowait()
                    due = started + interval * len(self._outcomes)
                    if due - started >= self._seconds:
                        return
                    await asyncio.sleep(max(0.0, due - time.monotonic()))
                    outcome = Outcome(command)
                    self._outcomes.append(outcome)
                    await self._send(client, outcome)

            await asyncio.gather(*(worker() for _ in range(self._workers)))

    async def _send(self, client: httpx.AsyncClient, outcome: Outcome) -> None:
        command = outcome.command
        url = self._urls[command.service] + command.path
        headers = {"Idempotency-Key": command.key}
        deadline = time.monotonic() + self._retry_deadline
        while True:
            outcome.attempts += 1
            try:
                response = await client.post(url, json=command.body, headers=headers)
            except httpx.TransportError:  # refused, reset, timed out: the command may or may not be in
                outcome.status = None
            else:
                outcome.status, outcome.answer = response.status_code, response.text[:500]
                if response.status_code < 500:
                    if response.is_success:
                        outcome.event_ids = [e["event_id"] for e in response.json().get("events", [])]
                    return
            if time.monotonic() >= deadline:
                return
            await asyncio.sleep(BACKOFF_S[min(outcome.attempts, len(BACKOFF_S)) - 1])

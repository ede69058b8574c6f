"""Group commit: concurrent appends of one process share one transaction and one round trip
(and concurrent idempotency recalls one SELECT).

No fixed linger: a lone append is sent at once. While a batch is in flight, the appends that
arrive queue up; when it returns, everything queued meanwhile goes as the next batch. So under
load a batch is as large as the traffic of one round trip, and at rest the latency is that of a
single append. Each command keeps its own outcome (thidua_append_batch runs each in a savepoint):
a conflict or an idempotency race fails that command only.
"""
import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

import asyncpg

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")

# Each command of a batch is a subtransaction; PostgreSQL keeps 64 per transaction in shared
# memory before it spills to pg_subtrans (slow for every snapshot), so a batch stays below that.
MAX_BATCH = 60

BATCH_SQL = (
    "SELECT thidua_append_batch($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb[], $10,"
    " $11, $12, $13, $14::jsonb[], $15)"
)


@dataclass(frozen=True)
class PendingAppend:
    """One command's append, already encoded: streams with expected versions, events, idempotency."""

    streams: Sequence[tuple[str, int]]
    events: Sequence[tuple]  # (event_id, stream_id, version, event_type, recorded_at, envelope_json)
    idempotency_key: str | None
    principal_id: str
    request_hash: str
    response_json: str


class Coalescer(Generic[Item, Outcome]):
    """Requests that arrive while one batch is in flight go together as the next batch.

    `send(items)` answers one outcome per item, in order. No fixed linger: a lone request is
    sent at once (on the next turn of the event loop).
    """

    def __init__(self, send: Callable[[list[Item]], Awaitable[Sequence[Outcome]]], max_batch: int) -> None:
        self._send = send
        self._max_batch = max_batch
        self._queue: list[tuple[Item, asyncio.Future]] = []
        self._flusher: asyncio.Task | None = None
        self.batches_sent = 0  # for tests and the benchmark: requests ÷ batches = the grouping

    async def submit(self, item: Item) -> Outcome:
        future = asyncio.get_running_loop().create_future()
        self._queue.append((item, future))
        if self._flusher is None:
            # A task of its own, so a caller that goes away (client disconnect) never strands
            # the others; it ends when the queue is empty, and the next submit starts another.
            self._flusher = asyncio.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        batch: list[tuple[Item, asyncio.Future]] = []
        try:
            while self._queue:
                batch, self._queue = self._queue[:self._max_batch], self._queue[self._max_batch:]
                self.batches_sent += 1
                try:
                    outcomes = await self._send([item for item, _ in batch])
                except Exception as exc:  # each waiter gets the failure; the next batch still goes
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                for (_, future), outcome in zip(batch, outcomes):
                    if not future.done():
                        future.set_result(outcome)
        except asyncio.CancelledError:  # the process is stopping: nobody waits for ever
            for _, future in [*batch, *self._queue]:
                future.cancel()
            self._queue = []
            raise
        finally:
            self._flusher = None


class GroupCommitter(Coalescer[PendingAppend, str]):
    """Appends: outcome 'ok', 'conflict[:found:stream]' or 'idempotency-race' per command."""

    def __init__(self, pool: asyncpg.Pool, clock_now: Callable[[], datetime]) -> None:
        async def send(batch: list[PendingAppend]) -> Sequence[str]:
            return await pool.fetchval(BATCH_SQL, *batch_arguments(batch, clock_now()))

        super().__init__(send, MAX_BATCH)


class GroupRecaller(Coalescer[str, "tuple[str, str] | None"]):
    """Idempotency recalls: the keys asked for at one moment in one SELECT; per key its
    (request hash, answer JSON) or None. A read taken together with others' is only a read
    taken a moment later: it can see more commits, never fewer (the append settles any race)."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        async def send(keys: list[str]) -> list[tuple[str, str] | None]:
            rows = await pool.fetch(
                "SELECT key, request_hash, response::text FROM idempotency WHERE key = ANY($1::text[])", keys
            )
            found = {r[0]: (r[1], r[2]) for r in rows}
            return [found.get(key) for key in keys]

        super().__init__(send, 1000)


def batch_arguments(batch: Sequence[PendingAppend], now: datetime) -> list:
    """The flat arrays of thidua_append_batch: command c owns a slice ending at s_upto[c], e_upto[c]."""
    s_streams, s_expected, s_upto = [], [], []
    e_ids, e_streams, e_versions, e_types, e_recorded, e_envelopes, e_upto = [], [], [], [], [], [], []
    keys, principals, hashes, responses = [], [], [], []
    for append in batch:
        for stream, expected in append.streams:
            s_streams.append(stream)
            s_expected.append(expected)
        s_upto.append(len(s_streams))
        for event_id, stream, version, event_type, recorded_at, envelope in append.events:
            e_ids.append(event_id)
            e_streams.append(stream)
            e_versions.append(version)
            e_types.append(event_type)
            e_recorded.append(recorded_at)
            e_envelopes.append(envelope)
        e_upto.append(len(e_ids))
        keys.append(append.idempotency_key)
        principals.append(append.principal_id)
        hashes.append(append.request_hash)
        responses.append(append.response_json)
    return [s_streams, s_expected, s_upto, e_ids, e_streams, e_versions, e_types, e_recorded, e_envelopes,
            e_upto, keys, principals, hashes, responses, now]

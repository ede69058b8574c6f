"""The projection runner's consume loop (ProjectionRunner mixes it in): fetch in the consumer's
own thread, prepare, and commit per lane (per partition for a partition_parallel projection),
for ever or up to given ends; and when it is caught up. projection.py tells the whole story."""
import asyncio
import gc
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from confluent_kafka import Consumer, TopicPartition

from .kafka_consumer import at_end, fetch_by_partition, high_watermarks
from .projection_batches import Batch

# Under sustained load: how often a busy projection checks it has applied what was there a moment ago.
CAUGHT_UP_CHECK_S = 1.0


class ConsumeLoop:
    """ProjectionRunner's `_consume` and its steps; the runner supplies the projection, the
    batch writer, `_commit`, `_mark_caught_up` and `caught_up`."""

    async def _consume(self, consumer: Consumer, kafka: ThreadPoolExecutor, tps: list[TopicPartition],
                       until: dict[tuple[str, int], int] | None = None) -> None:
        """Apply the partitions from their positions: for ever, or until each reaches `until`."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(kafka, consumer.assign, tps)
        starts = {(tp.topic, tp.partition): tp.offset for tp in tps}
        behind = None if until is None else dict(until)  # the caller passes only partitions behind
        # Each partition has at most one batch being committed while the next records are
        # fetched and prepared; with partition_parallel the partitions commit side by side.
        # (Fetching batch n + 1 while batch n decodes was measured slower: the two threads
        # then fight over the GIL.)
        committing: dict[Any, asyncio.Task] = {}
        fetching: asyncio.Future | None = None
        # Under a load that never lets a fetch come back empty (a projection started, or a
        # blue/green version built, while commands keep coming) "at the end now" may never hold:
        # caught up is then having applied every record that was there when last looked (`mark`).
        mark: dict[tuple[str, int], int] | None = None
        looked = loop.time()
        try:
            while behind is None or behind:
                if fetching is None:
                    fetching = loop.run_in_executor(kafka, self._fetch, consumer)
                batches = await fetching
                fetching = None
                if until is not None:
                    batches = _within(batches, until)
                _raise_first_failure(committing.values())
                if batches:
                    if behind is not None:
                        for key, records in batches.items():
                            if key in behind and records[-1].offset() + 1 >= behind[key]:
                                del behind[key]
                    for lane, part in self._lanes(batches):
                        prepared = self._prepare(part)
                        previous = committing.get(lane)
                        if previous is not None:
                            await previous
                        committing[lane] = asyncio.create_task(self._commit(prepared))
                    if behind is None and not self.caught_up.is_set() and loop.time() - looked >= CAUGHT_UP_CHECK_S:
                        looked = loop.time()
                        await asyncio.gather(*committing.values())  # what was taken is applied
                        committing.clear()
                        if mark is not None and await loop.run_in_executor(kafka, at_end, consumer, starts, mark):
                            self._mark_caught_up()
                        mark = await loop.run_in_executor(kafka, high_watermarks, consumer)
                else:
                    if committing:
                        await asyncio.gather(*committing.values())
                        committing.clear()
                    # An empty fetch alone proves nothing (a partition's first fetch may still be
                    # on its way): caught up is every assigned partition at its end offset.
                    if behind is None and not self.caught_up.is_set() and await loop.run_in_executor(
                            kafka, at_end, consumer, starts):
                        self._mark_caught_up()
            await asyncio.gather(*committing.values())
        finally:
            pending = [t for t in committing.values() if not t.done()]
            for task in pending:
                task.cancel()
            await asyncio.gather(*committing.values(), return_exceptions=True)
            if fetching is not None:
                # Records fetched but not applied are dropped: whatever runs next seeks to the
                # offsets committed in PostgreSQL.
                await asyncio.gather(fetching, return_exceptions=True)

    def _lanes(self, batches: dict) -> list[tuple[Any, dict]]:
        if self._parallel:
            return [(tp, {tp: records}) for tp, records in batches.items()]
        return [(None, batches)]

    def _fetch(self, consumer: Consumer) -> dict[tuple[str, int], list]:
        return fetch_by_partition(consumer, self._batch, self._projection.name)

    def _prepare(self, batches: dict) -> Batch:
        # A batch allocates tens of thousands of acyclic objects; the cyclic collector would walk
        # them again and again (a replay ran 3x slower with it on). Paused for the batch only.
        paused = gc.isenabled()
        gc.disable()
        try:
            return self._writer.decode_and_prepare(batches)
        finally:
            if paused:
                gc.enable()


def _within(batches: dict, until: dict[tuple[str, int], int]) -> dict:
    """Only the records before each partition's end: a fetch may bring records past it."""
    kept = {}
    for key, records in batches.items():
        end = until.get(key)
        part = records if end is None or records[-1].offset() < end else [r for r in records if r.offset() < end]
        if part:
            kept[key] = part
    return kept


def _raise_first_failure(tasks) -> None:
    # A lane whose commit failed stops the runner now, not when that partition's next batch comes.
    for task in tasks:
        if task.done() and not task.cancelled() and task.exception() is not None:
            task.result()

"""A long replay (ProjectionRunner mixes it in): far behind, catch up to the ends seen now with
bigger batches, the projection's before_replay first, and for a partition_parallel projection
with helper_processes the partitions split by lag over helper processes (replay_helpers.py)."""
import asyncio
from concurrent.futures import ThreadPoolExecutor

import structlog
from confluent_kafka import OFFSET_BEGINNING, Consumer

from .kafka_consumer import positions, watermarks
from .replay_helpers import balance, helper_processes, join_helpers

log = structlog.get_logger("thidua.projection")

# A replay this far behind is a long one: before_replay / after_replay around it, and bigger
# batches (fewer transactions and thread hand-offs per event).
LONG_REPLAY_EVENTS = 200_000
REPLAY_BATCH = 20_000
# One this far behind is also split over helper processes (partition_parallel projections):
# Python's decoding and row building, not Kafka or PostgreSQL, bound one process. A helper
# costs ~2-4 s to start on a busy 2-core machine (imports), so it pays only for long replays
# (measured under load: 300,000 events 7.8 s alone, 8.8 s with a helper; 1 M about even).
HELPER_MIN_EVENTS = 1_000_000


class ReplaySplit:
    """ProjectionRunner's `_long_replay`; the runner supplies the pool, projection, settings and `_consume`."""

    async def _long_replay(self, consumer: Consumer, kafka: ThreadPoolExecutor,
                           partitions: list[tuple[str, int]], stored: dict) -> bool:
        """Far behind (a rebuild, a new projection): catch up to the ends seen now, with the
        projection's `before_replay` first (e.g. drop an index, built again once at the end),
        and for a partition_parallel projection the partitions split by lag over processes,
        each applying its own partitions with their own offsets, this process included."""
        loop = asyncio.get_running_loop()
        ends, lags = {}, {}
        for topic, p in partitions:
            low, high = await loop.run_in_executor(kafka, watermarks, consumer, topic, p)
            ends[(topic, p)], lags[(topic, p)] = high, high - stored.get((topic, p), low)
        if sum(lags.values()) < LONG_REPLAY_EVENTS:
            return False
        before = getattr(self._projection, "before_replay", None)
        if before is not None:
            async with self._pool.acquire() as conn:
                await before(conn)
        behind = {key: lag for key, lag in lags.items() if lag > 0}
        helpers_pay = (self._parallel and getattr(self._projection, "helper_processes", False)
                       and self._database_url and self._processes > 1 and sum(lags.values()) >= HELPER_MIN_EVENTS)
        groups = balance(behind, self._processes if helpers_pay else 1)
        schema = await self._pool.fetchval("SELECT current_schema()")
        batch = max(self._max_records, REPLAY_BATCH)
        specs = [{"database_url": self._database_url, "schema": schema, "kafka": self._kafka,
                  "projection": self._projection, "max_records": batch,
                  "partitions": [(t, p, stored.get((t, p), OFFSET_BEGINNING), ends[(t, p)]) for t, p in group]}
                 for group in groups[1:]]
        log.info("projection replaying", projection=self._projection.name, events=sum(lags.values()),
                 processes=[[f"{t}[{p}]" for t, p in g] for g in groups])
        async with helper_processes(specs, self._projection.name) as helpers:
            mine = groups[0]
            self._batch = batch
            try:
                await self._consume(consumer, kafka, positions(mine, stored), {key: ends[key] for key in mine})
            finally:
                self._batch = self._max_records
            log.info("projection replayed its share", projection=self._projection.name, helpers=len(helpers))
            await join_helpers(helpers, self._projection.name)
        return True

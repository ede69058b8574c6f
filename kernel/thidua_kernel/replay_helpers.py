"""Helper processes for a long replay: a partition_parallel projection's partitions split by lag.

Python's decoding and row building, not Kafka or PostgreSQL, bound one process; each helper
applies its own partitions with their own offsets (committed with their rows), then exits.
"""
import asyncio
import multiprocessing
import os
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from concurrent.futures import ThreadPoolExecutor

import structlog
from confluent_kafka import TopicPartition

from .db import create_pool
from .kafka_consumer import projection_consumer
from .logs import configure_logging

log = structlog.get_logger("thidua.projection")


def balance(lags: dict[tuple[str, int], int], processes: int) -> list[list[tuple[str, int]]]:
    """Partitions into at most `processes` groups of about equal lag, largest first (greedy)."""
    groups: list[list[tuple[str, int]]] = [[] for _ in range(min(processes, len(lags)))]
    totals = [0] * len(groups)
    for key, lag in sorted(lags.items(), key=lambda item: -item[1]):
        i = totals.index(min(totals))
        groups[i].append(key)
        totals[i] += lag
    return [g for _, g in sorted(zip(totals, groups), key=lambda item: -item[0]) if g]


def helper_main(spec: dict) -> None:
    """A helper process: its partitions up to their ends, then exit (0 when all committed)."""
    _die_with_parent(spec["parent"])
    configure_logging(*spec["log"])
    asyncio.run(_helper(spec))


async def _helper(spec: dict) -> None:
    from .projection import ProjectionRunner  # the runner starts helpers: imported when one runs

    log.info("projection helper started", projection=spec["projection"].name, partitions=spec["partitions"])
    keys = [(t, p) for t, p, _, _ in spec["partitions"]]
    pool = await create_pool(spec["database_url"], spec["schema"], min_size=1, max_size=len(keys) + 1)
    kafka = ThreadPoolExecutor(1, thread_name_prefix="projection-helper")
    runner = ProjectionRunner(pool, spec["kafka"], spec["projection"], max_records=spec["max_records"])
    consumer = projection_consumer(spec["kafka"], runner.name)
    try:
        tps = [TopicPartition(t, p, start) for t, p, start, _ in spec["partitions"]]
        await runner._consume(consumer, kafka, tps, {(t, p): end for t, p, _, end in spec["partitions"]})
        log.info("projection helper replayed its share", projection=runner.name, events=runner.applied)
    finally:
        consumer.close()
        kafka.shutdown(wait=False)
        await pool.close()


def _die_with_parent(parent: int) -> None:
    """A helper must not outlive the process that split the replay: a restarted one would give
    the same partitions to new helpers, and two writers of one partition would double rows.
    Linux kills it with its parent (PR_SET_PDEATHSIG); elsewhere it at least checks at start."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError) as exc:  # no prctl (not Linux): the check below remains
        log.warning("projection helper cannot ask to die with its parent", error=repr(exc))
    if os.getppid() != parent:
        os._exit(1)


@asynccontextmanager
async def helper_processes(specs: list[dict], projection: str) -> AsyncIterator[list]:
    """One spawned helper per spec (its partitions, offsets and ends); on leaving, whatever is still
    alive is stopped: a helper stopped half-way is a crash mid-batch, its transaction rolls back
    with its offsets."""
    spawn = multiprocessing.get_context("spawn")
    logging = (os.environ.get("THIDUA_LOG_FORMAT", "console"), os.environ.get("THIDUA_LOG_LEVEL", "WARNING"))
    helpers = []
    try:
        for spec in specs:
            helper = spawn.Process(target=helper_main, args=({**spec, "parent": os.getpid(), "log": logging},),
                                   daemon=True, name=f"projection-{projection}-helper")
            helper.start()
            helpers.append(helper)
        yield helpers
    finally:
        loop = asyncio.get_running_loop()
        for helper in helpers:
            if helper.is_alive():
                helper.terminate()
        for helper in helpers:
            await loop.run_in_executor(None, helper.join)


async def join_helpers(helpers: list, projection: str) -> None:
    """Wait for each helper; one that failed fails the replay (its supervisor starts it again)."""
    loop = asyncio.get_running_loop()
    for helper in helpers:
        await loop.run_in_executor(None, helper.join)
        log.info("projection helper done", projection=projection, pid=helper.pid, exit_code=helper.exitcode)
        if helper.exitcode != 0:
            raise RuntimeError(f"projection helper {helper.pid} failed (exit code {helper.exitcode})")

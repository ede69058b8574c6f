"""Kafka admin helpers over aiokafka: readiness probe and idempotent topic creation."""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Iterable

from aiokafka.admin import AIOKafkaAdminClient

from thidua_kernel.kafka_access import KafkaAccess
from thidua_kernel.kafka_admin import ensure_topics

from ._util import port_open, run_sync, split_hostport



async def probe_kafka(access: KafkaAccess, timeout_ms: int = 3000, brokers: int = 1) -> bool:
    """One attempt: does the cluster answer a metadata request listing `brokers` brokers?"""
    host, port = split_hostport(access.bootstrap.split(",")[0], 9092)
    if not await asyncio.to_thread(port_open, host, port, 0.5):
        return False
    admin = AIOKafkaAdminClient(**access.aiokafka(), request_timeout_ms=timeout_ms)
    quiet = logging.getLogger("aiokafka")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # connection errors while booting are expected
    try:
        await admin.start()
        cluster = await admin.describe_cluster()
        return len(cluster.get("brokers") or ()) >= brokers
    except Exception:  # noqa: BLE001 - any failure means "not ready yet"
        return False
    finally:
        try:
            await admin.close()
        except Exception:  # noqa: BLE001
            pass
        quiet.setLevel(level)


async def create_topics_async(
    access: KafkaAccess, names: Iterable[str], partitions: int = 3, timeout: float = 30.0
) -> None:
    """Create topics (the cluster's default replication, retention.ms=-1: kept forever); existing
    ones are left alone.

    Returns once every topic has a leader for each partition.
    """
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return
    await ensure_topics(access, wanted, partitions)
    admin = AIOKafkaAdminClient(**access.aiokafka(), request_timeout_ms=int(timeout * 1000))
    await admin.start()
    try:
        deadline = time.monotonic() + timeout
        while True:
            described = await admin.describe_topics(wanted)
            ready = [
                t for t in described
                if t["error_code"] == 0 and t["partitions"]
                and all(p["leader"] >= 0 for p in t["partitions"])
            ]
            if len(ready) == len(wanted):
                return
            if time.monotonic() >= deadline:
                missing = sorted(set(wanted) - {t["topic"] for t in ready})
                raise TimeoutError(f"topics without leaders after {timeout}s: {missing}")
            await asyncio.sleep(0.1)
    finally:
        await admin.close()


def create_topics(access: KafkaAccess, names: Iterable[str], partitions: int = 3) -> None:
    """Sync wrapper of create_topics_async (works inside a running event loop too)."""
    names = list(names)
    run_sync(lambda: create_topics_async(access, names, partitions))

"""Kafka admin helpers over aiokafka: readiness probe and idempotent topic creation."""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import for_code

from ._util import port_open, run_sync, split_hostport

TOPIC_ALREADY_EXISTS = 36
KEEP_FOREVER = {"retention.ms": "-1"}


async def probe_kafka(bootstrap: str, timeout_ms: int = 3000) -> bool:
    """One attempt: does the cluster answer a metadata request listing at least one broker?"""
    host, port = split_hostport(bootstrap, 9092)
    if not await asyncio.to_thread(port_open, host, port, 0.5):
        return False
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=timeout_ms)
    quiet = logging.getLogger("aiokafka")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # connection errors while booting are expected
    try:
        await admin.start()
        cluster = await admin.describe_cluster()
        return bool(cluster.get("brokers"))
    except Exception:  # noqa: BLE001 - any failure means "not ready yet"
        return False
    finally:
        try:
            await admin.close()
        except Exception:  # noqa: BLE001
            pass
        quiet.setLevel(level)


async def create_topics_async(
    bootstrap: str, names: Iterable[str], partitions: int = 3, timeout: float = 30.0
) -> None:
    """Create topics (replication 1, retention.ms=-1: kept forever); existing ones are left alone.

    Returns once every topic has a leader for each partition.
    """
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=int(timeout * 1000))
    await admin.start()
    try:
        new = [NewTopic(n, partitions, 1, topic_configs=dict(KEEP_FOREVER)) for n in wanted]
        response = await admin.create_topics(new, timeout_ms=int(timeout * 1000))
        for item in response.topic_errors:
            name, code = item[0], item[1]
            if code not in (0, TOPIC_ALREADY_EXISTS):
                raise for_code(code)(f"create topic {name!r}: {item[2] if len(item) > 2 else ''}")
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


def create_topics(bootstrap: str, names: Iterable[str], partitions: int = 3) -> None:
    """Sync wrapper of create_topics_async (works inside a running event loop too)."""
    names = list(names)
    run_sync(lambda: create_topics_async(bootstrap, names, partitions))

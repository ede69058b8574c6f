"""Commands through the HTTP API: throughput, latency to Kafka, and freshness in reporting."""
import asyncio
import time
from dataclasses import dataclass, field

import asyncpg
import aiohttp
from aiokafka import AIOKafkaConsumer, TopicPartition

from contracts.topics import HEADER_EVENT_ID, PARTITIONS


@dataclass
class Timings:
    sent: dict[str, float] = field(default_factory=dict)
    accepted: dict[str, float] = field(default_factory=dict)
    on_kafka: dict[str, tuple[float, int, int]] = field(default_factory=dict)
    visible: dict[str, float] = field(default_factory=dict)


async def watch_kafka(bootstrap: str, topic: str, timings: Timings, ready: asyncio.Event) -> None:
    """Note when each event reaches the topic (arrival time, partition, offset)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in range(PARTITIONS)]
        consumer.assign(tps)
        await consumer.seek_to_end(*tps)
        for tp in tps:
            await consumer.position(tp)
        ready.set()
        while True:
            for records in (await consumer.getmany(timeout_ms=100)).values():
                now = time.perf_counter()
                for r in records:
                    event_id = dict(r.headers)[HEADER_EVENT_ID].decode()
                    timings.on_kafka[event_id] = (now, r.partition, r.offset)
    finally:
        await consumer.stop()


async def watch_projection(pool: asyncpg.Pool, projection: str, topic: str, timings: Timings) -> None:
    """Note when the reporting projection's committed offsets pass each event's offset."""
    while True:
        rows = await pool.fetch(
            "SELECT partition, next_offset FROM projection_offsets WHERE projection = $1 AND topic = $2",
            projection, topic,
        )
        now = time.perf_counter()
        done = {r["partition"]: r["next_offset"] for r in rows}
        for event_id, (_, partition, offset) in list(timings.on_kafka.items()):
            if event_id not in timings.visible and done.get(partition, 0) > offset:
                timings.visible[event_id] = now
        await asyncio.sleep(0.002)


async def send_commands(base_url: str, token: str, work: list[list[dict]], timings: Timings) -> float:
    """Each worker sends its own communes' commands one after another; returns commands/s.

    aiohttp, not httpx, on the client side: the load generator shares the machine's two cores
    with the services, and httpx alone capped a run at about 500 requests/s.
    """
    headers = {"Authorization": f"Bearer {token}"}

    async def worker(session: aiohttp.ClientSession, bodies: list[dict]) -> None:
        for body in bodies:
            t0 = time.perf_counter()
            async with session.post(f"{base_url}/commands/assess-criterion", json=body, headers=headers) as response:
                answer = await response.json()
            t1 = time.perf_counter()
            if response.status >= 400:
                raise RuntimeError(f"command refused: {response.status} {answer}")
            event_id = answer["events"][0]["event_id"]
            timings.sent[event_id], timings.accepted[event_id] = t0, t1

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=len(work))) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session, bodies) for bodies in work))
        return sum(len(w) for w in work) / (time.perf_counter() - started)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summarise(timings: Timings, commands_per_s: float) -> dict:
    to_kafka = [(timings.on_kafka[e][0] - timings.sent[e]) * 1000 for e in timings.sent if e in timings.on_kafka]
    fresh = [(timings.visible[e] - timings.accepted[e]) * 1000 for e in timings.accepted if e in timings.visible]
    http = [(timings.accepted[e] - timings.sent[e]) * 1000 for e in timings.sent]
    return {
        "commands": len(timings.sent),
        "commands_per_s": round(commands_per_s, 1),
        "command_p50_ms": round(percentile(to_kafka, 50), 2),
        "command_p99_ms": round(percentile(to_kafka, 99), 2),
        "http_accept_p50_ms": round(percentile(http, 50), 2),
        "http_accept_p99_ms": round(percentile(http, 99), 2),
        "freshness_p50_ms": round(percentile(fresh, 50), 2),
        "freshness_p99_ms": round(percentile(fresh, 99), 2),
        "freshness_samples": len(fresh),
    }

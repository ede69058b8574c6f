"""Commands through the HTTP API: throughput, latency to Kafka, freshness in reporting, CPU shares.

The load generator is wrk with a Lua script (bench/assess.lua): a few µs of CPU per request, so
the machine's two cores go to the services, the broker and the database, not to the generator.
Send times travel in each request's X-Correlation-Id (which the relay copies into the Kafka
record's headers), so the Kafka watcher needs nothing from the generator but its answers' event
ids and receive times, written once when wrk ends.
"""
import asyncio
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

import asyncpg
import psutil
from aiokafka import AIOKafkaConsumer, TopicPartition

from contracts.topics import HEADER_CORRELATION_ID, HEADER_EVENT_ID, PARTITIONS
from thidua_kernel.kafka_access import KafkaAccess

LUA = Path(__file__).resolve().parent / "assess.lua"


def ensure_wrk() -> str:
    """wrk's path; installed with apt-get (Debian package `wrk`) when missing, else a clear failure."""
    found = shutil.which("wrk")
    if found:
        return found
    if shutil.which("apt-get") and os.geteuid() == 0:
        for step in (["apt-get", "install", "-y", "-q", "wrk"], ["apt-get", "update", "-q"],
                     ["apt-get", "install", "-y", "-q", "wrk"]):
            subprocess.run(step, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
            found = shutil.which("wrk")
            if found:
                break
    if not found:
        raise SystemExit("bench: the load generator wrk is missing; install the Debian package `wrk`"
                         " (apt-get install wrk) and run again")
    return found


def sent_ns(correlation_id: str) -> int:
    """The send time the Lua script packed into the correlation id's first 64 bits."""
    return UUID(correlation_id).int >> 64


@dataclass
class Timings:
    accepted: dict[str, int] = field(default_factory=dict)  # event id -> answer received (ns)
    on_kafka: dict[str, tuple[int, int]] = field(default_factory=dict)  # event id -> (sent ns, on Kafka ns)
    by_partition: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # (offset, event id), ascending
    visible: dict[str, int] = field(default_factory=dict)  # event id -> projection offset passed it (ns)


async def watch_kafka(kafka: KafkaAccess, topic: str, timings: Timings, ready: asyncio.Event) -> None:
    """Note when each event reaches the topic, with the send time from its correlation id."""
    consumer = AIOKafkaConsumer(**kafka.aiokafka(), enable_auto_commit=False)
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in range(PARTITIONS)]
        consumer.assign(tps)
        await consumer.seek_to_end(*tps)
        for tp in tps:
            await consumer.position(tp)
        ready.set()
        while True:
            for tp, records in (await consumer.getmany(timeout_ms=100, max_records=5000)).items():
                now = time.monotonic_ns()
                ordered = timings.by_partition.setdefault(tp.partition, [])
                for r in records:
                    headers = dict(r.headers)
                    event_id = headers[HEADER_EVENT_ID].decode()
                    timings.on_kafka[event_id] = (sent_ns(headers[HEADER_CORRELATION_ID].decode()), now)
                    ordered.append((r.offset, event_id))
    finally:
        await consumer.stop()


async def watch_projection(pool: asyncpg.Pool, projection: str, topic: str, timings: Timings,
                           interval_s: float = 0.025) -> None:
    """Note when the projection's committed offsets pass each event: one small SELECT per tick,
    and each event looked at once (a cursor per partition over offsets in ascending order)."""
    cursor: dict[int, int] = {}
    while True:
        rows = await pool.fetch(
            "SELECT partition, next_offset FROM projection_offsets WHERE projection = $1 AND topic = $2",
            projection, topic,
        )
        now = time.monotonic_ns()
        for partition, next_offset in rows:
            ordered = timings.by_partition.get(partition, [])
            i = cursor.get(partition, 0)
            while i < len(ordered) and ordered[i][0] < next_offset:
                timings.visible[ordered[i][1]] = now
                i += 1
            cursor[partition] = i
        await asyncio.sleep(interval_s)


@dataclass
class WrkRun:
    seconds: float
    requests: int
    refused: list[str]
    cpu_s: float


async def run_wrk(wrk: str, base_url: str, token: str, communes: list[tuple[str, str]], seconds: float,
                  connections: int, threads: int, work_dir: Path, timings: Timings) -> WrkRun:
    work_dir.mkdir(parents=True, exist_ok=True)
    communes_file, out = work_dir / "communes.txt", work_dir / f"wrk-{time.monotonic_ns()}.out"
    communes_file.write_text("".join(f"{c} {d}\n" for c, d in communes))
    proc = subprocess.Popen(
        [wrk, "-t", str(threads), "-c", str(connections), "-d", f"{max(1, round(seconds))}s", "--timeout", "10s",
         "-s", str(LUA), base_url, "--", str(communes_file), token, str(threads)],
        env={**os.environ, "THIDUA_WRK_OUT": str(out)}, stdout=subprocess.DEVNULL,
    )
    # wait4 gives the child's own CPU time (user + system): the load generator's cost.
    _, status, usage = await asyncio.to_thread(os.wait4, proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"wrk failed with exit code {proc.returncode}")
    refused: list[str] = []
    duration_us = requests = 0
    for line in out.read_text().splitlines():
        kind, _, rest = line.partition(" ")
        if kind == "summary":
            duration_us, requests = (int(x) for x in rest.split()[:2])
        elif kind == "refused":
            refused.append(rest)
        else:
            timings.accepted[kind] = int(rest)
    return WrkRun(duration_us / 1e6, requests, refused, usage.ru_utime + usage.ru_stime)


class CpuMeter:
    """CPU seconds of named processes over a span; a server's children (PostgreSQL's backends,
    those that ended too, through the postmaster's children times) count as the server's."""

    def __init__(self, pids: dict[str, int | None], own: str = "bench") -> None:
        self._roots = {name: psutil.Process(pid) for name, pid in pids.items() if pid}
        self._own = own
        self._start = self._read()

    def _read(self) -> dict[str, float]:
        # This process's own time only: its children are the servers measured on their own.
        own = psutil.Process().cpu_times()
        totals = {self._own: own.user + own.system}
        for name, root in self._roots.items():
            total = 0.0
            for proc in [root, *root.children(recursive=True)]:
                try:
                    t = proc.cpu_times()
                except psutil.NoSuchProcess:
                    continue
                total += t.user + t.system + (t.children_user + t.children_system if proc is root else 0.0)
            totals[name] = total
        return totals

    def spent(self, **more: float) -> dict[str, float]:
        """CPU seconds per process since the meter was made, plus `more` measured otherwise."""
        end = self._read()
        return {**{name: end[name] - self._start.get(name, 0.0) for name in end}, **more}


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summarise(timings: Timings, run: WrkRun, cpu: dict[str, float]) -> dict:
    accepted = timings.accepted
    to_kafka = [(timings.on_kafka[e][1] - timings.on_kafka[e][0]) / 1e6 for e in accepted if e in timings.on_kafka]
    http = [(accepted[e] - timings.on_kafka[e][0]) / 1e6 for e in accepted if e in timings.on_kafka]
    fresh = [(timings.visible[e] - accepted[e]) / 1e6 for e in accepted if e in timings.visible]
    commands = len(accepted)
    total_cpu = sum(cpu.values())
    return {
        "commands": commands,
        "commands_refused": run.requests - commands,
        "commands_per_s": round(commands / run.seconds, 1) if run.seconds else 0.0,
        "command_p50_ms": round(percentile(to_kafka, 50), 2),
        "command_p99_ms": round(percentile(to_kafka, 99), 2),
        "http_accept_p50_ms": round(percentile(http, 50), 2),
        "http_accept_p99_ms": round(percentile(http, 99), 2),
        "freshness_p50_ms": round(percentile(fresh, 50), 2),
        "freshness_p99_ms": round(percentile(fresh, 99), 2),
        "freshness_samples": len(fresh),
        "loadgen_cpu_share": round(cpu.get("wrk", 0.0) / total_cpu, 3) if total_cpu else None,
        "cpu_ms_per_command": {name: round(s * 1000 / commands, 3) for name, s in sorted(cpu.items())} if commands else {},
    }

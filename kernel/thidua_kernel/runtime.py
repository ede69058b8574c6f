"""What every service runs besides its HTTP routes: pool, event store, relay, projections."""
import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import structlog
from faststream.kafka import KafkaBroker

from contracts.topics import PARTITIONS

from .clock import Clock
from .db import create_pool, migrate
from .eventstore import PostgresEventStore
from .kafka_admin import end_offsets, ensure_topics
from .outbox import OutboxRelay
from .projection import Projection, ProjectionRunner
from .settings import ServiceSettings, crash_hook

log = structlog.get_logger("thidua.runtime")


@dataclass
class Runtime:
    settings: ServiceSettings
    pool: asyncpg.Pool
    broker: KafkaBroker
    store: PostgresEventStore
    runners: dict[str, ProjectionRunner]
    tasks: dict[str, asyncio.Task] = field(default_factory=dict)
    # What a service's composition root wires once for the process's life (handlers, caches).
    wired: dict[str, Any] = field(default_factory=dict)
    # The clock the store records with: read routes default "now" (known_at) to the same clock.
    clock: Clock | None = None

    def spawn(self, name: str, coro: Any) -> None:
        task = asyncio.create_task(coro, name=name)
        task.add_done_callback(_report_death)
        self.tasks[name] = task

    def health(self) -> dict[str, Any]:
        dead = {n: repr(t.exception()) for n, t in self.tasks.items() if t.done() and not t.cancelled()}
        return {"ok": not dead, "failed": dead, "tasks": sorted(self.tasks)}

    async def projection_status(self, name: str | None = None) -> list[dict[str, Any]]:
        """Per projection (or only `name`): its state, lag (events on Kafka not yet committed
        with its rows) and its last rebuild (start, events applied so far, finish)."""
        rows = await self.pool.fetch("SELECT projection, topic, partition, next_offset FROM projection_offsets")
        stored = {(r["projection"], r["topic"], r["partition"]): r["next_offset"] for r in rows}
        result = []
        for projection, runner in self.runners.items():
            if name is not None and projection != name:
                continue
            ends = await end_offsets(self.settings.kafka_access(), list(runner.topics))
            lag = sum(end - stored.get((projection, t, p), 0) for (t, p), end in ends.items())
            task = self.tasks.get(f"projection:{projection}")
            failed = task is not None and task.done() and not task.cancelled() and task.exception() is not None
            rebuild = None
            if runner.rebuild_started_at is not None:
                # From the committed offsets, not the runner's counter: helper processes of a long
                # replay commit their partitions' offsets too (and a rebuild starts at offset 0).
                applied = sum(o for (n, _, _), o in stored.items() if n == projection)
                rebuild = {"started_at": runner.rebuild_started_at, "events_applied": applied,
                           "finished_at": runner.rebuild_finished_at, "seconds": runner.rebuild_seconds}
            result.append({"projection": projection, "state": "failed" if failed else runner.state, "lag": lag,
                           "end_offsets": sum(ends.values()), "rebuild": rebuild})
        return result

    async def stop(self) -> None:
        for task in self.tasks.values():
            task.cancel()
        await asyncio.gather(*self.tasks.values(), return_exceptions=True)
        await self.broker.stop()
        await self.pool.close()


def _report_death(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("background task died", task=task.get_name(), exc_info=task.exception())


async def start_runtime(
    settings: ServiceSettings,
    *,
    schema: str,
    topic: str,
    migrations: Path | Sequence[Path],
    projections: Sequence[Projection],
    clock: Clock,
) -> Runtime:
    """`migrations`: the service's folder, or several (e.g. a shared read model's, then its own),
    applied in the order given after the kernel's."""
    pool = await create_pool(settings.database_url, schema + settings.schema_suffix)
    await migrate(pool, *((migrations,) if isinstance(migrations, Path) else migrations))
    prefix = settings.topic_prefix
    kafka = settings.kafka_access()
    # Only the topics this service touches: on a cluster with ACLs it may create no other.
    used = [prefix + topic, *(prefix + t for p in projections for t in p.topics)]
    await ensure_topics(kafka, list(dict.fromkeys(used)), PARTITIONS)
    broker = KafkaBroker(
        kafka.servers,
        acks="all",
        enable_idempotence=True,
        linger_ms=2,
        client_id=f"thidua-{schema}",
        security=kafka.faststream_security(),
    )
    await broker.start()
    crash_at = crash_hook(settings.crash_at)
    runners = {
        p.name: ProjectionRunner(pool, kafka, p, crash_at=crash_at, topic_prefix=prefix,
                                 database_url=settings.database_url, clock=clock)
        for p in projections
    }
    runtime = Runtime(settings, pool, broker, PostgresEventStore(pool, schema, clock), runners, clock=clock)
    if settings.relay_enabled:
        relay = OutboxRelay(
            pool, broker, kafka, prefix + topic,
            producer=schema + settings.schema_suffix, crash_at=crash_at
        )
        runtime.spawn("outbox-relay", relay.run())
    for name, runner in runners.items():
        runtime.spawn(f"projection:{name}", runner.run())
    log.info("service runtime started", schema=schema, topic=prefix + topic, projections=list(runners))
    return runtime

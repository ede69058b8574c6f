"""What every service runs besides its HTTP routes: pool, event store, relay, projections."""
import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import structlog
from faststream.kafka import KafkaBroker

from contracts.topics import HEADER_SEAL_SIGNATURE, MAX_RECORD_BYTES, PARTITIONS, dead_letter_topic, seals_topic

from . import dead_letters
from .backpressure import OutboxDepth
from .clock import Clock, SystemClock
from .db import create_pool, migrate
from .eventstore import PostgresEventStore
from .kafka_access import KafkaAccess
from .kafka_admin import end_offsets, ensure_topics
from .kafka_consumer import dead_letter_producer
from .outbox import OutboxRelay
from .projection import Projection, ProjectionRunner
from .seal_format import SealKeyFile
from .sealer import Sealer
from .settings import ServiceSettings, crash_hook
from .supervision import Backoff, RunFactory, Supervisor, cancelled

log = structlog.get_logger("thidua.runtime")


@dataclass
class Runtime:
    settings: ServiceSettings
    pool: asyncpg.Pool
    broker: KafkaBroker | None
    store: PostgresEventStore
    runners: dict[str, ProjectionRunner]
    # What a service's composition root wires once for the process's life (handlers, caches).
    wired: dict[str, Any] = field(default_factory=dict)
    # The clock the store records with: read routes default "now" (known_at) to the same clock.
    clock: Clock | None = None
    supervisor: Supervisor | None = None
    dead_letter_topic: str = ""  # the service's (contracts.topics.dead_letter_topic), prefixed
    topics: list[str] = field(default_factory=list)  # every topic it writes or reads, prefixed
    producer_stop_s: float = 10.0  # at stop, how long the relay's producer may wait for acknowledgements

    def __post_init__(self) -> None:
        if self.supervisor is None:
            self.supervisor = Supervisor(self.clock or SystemClock())

    @property
    def tasks(self) -> dict:
        return self.supervisor.tasks

    def spawn(self, name: str, run: RunFactory) -> None:
        """Run `run(ready)` as a supervised task: restarted with backoff after any failure."""
        self.supervisor.start(name, run)

    def health(self) -> dict[str, Any]:
        return self.supervisor.health()

    def add_projection(self, projection: Projection) -> ProjectionRunner:
        """Run `projection` under supervision, its dead letters to the service's topic."""
        settings, kafka = self.settings, self.settings.kafka_access()
        publisher = dead_letters.DeadLetterPublisher(
            self.pool, lambda: dead_letter_producer(kafka, f"thidua-dead-letters-{projection.name}"),
            self.dead_letter_topic, projection.name)
        runner = ProjectionRunner(self.pool, kafka, projection,
                                  crash_at=crash_hook(settings.crash_at), topic_prefix=settings.topic_prefix,
                                  database_url=settings.database_url, clock=self.clock,
                                  dead_letter_publisher=publisher)
        self.runners[runner.name] = runner
        self.spawn(f"projection:{runner.name}", runner.run)
        return runner

    async def projection_status(self, name: str | None = None) -> list[dict[str, Any]]:
        """Per projection (or only `name`): its state, lag (events on Kafka not yet committed
        with its rows), its last rebuild (start, events applied so far, finish) and its dead
        letters (waiting, replayed; with `name`, the latest ones listed)."""
        rows = await self.pool.fetch("SELECT projection, topic, partition, next_offset FROM projection_offsets")
        stored = {(r["projection"], r["topic"], r["partition"]): r["next_offset"] for r in rows}
        letters = await dead_letters.summary(self.pool)
        tasks = self.health()["tasks"]
        result = []
        for projection, runner in self.runners.items():
            if name is not None and projection != name:
                continue
            ends = await end_offsets(self.settings.kafka_access(), list(runner.topics))
            lag = sum(end - stored.get((projection, t, p), 0) for (t, p), end in ends.items())
            task = tasks.get(f"projection:{projection}", {})
            rebuild = None
            if runner.rebuild_started_at is not None:
                # From the committed offsets, not the runner's counter: helper processes of a long
                # replay commit their partitions' offsets too (and a rebuild starts at offset 0).
                applied = sum(o for (n, _, _), o in stored.items() if n == projection)
                rebuild = {"started_at": runner.rebuild_started_at, "events_applied": applied,
                           "finished_at": runner.rebuild_finished_at, "seconds": runner.rebuild_seconds}
            entry = {"projection": projection, "state": "down" if task.get("state") == "down" else runner.state,
                     "lag": lag, "end_offsets": sum(ends.values()), "rebuild": rebuild,
                     "dead_letters": letters.get(projection, {"waiting": 0, "replayed": 0}), "task": task or None}
            if name is not None:
                entry["dead_letter_records"] = await dead_letters.listing(self.pool, projection)
            result.append(entry)
        return result

    async def topic_status(self) -> list[dict[str, Any]]:
        """Each topic the service writes or reads: its partitions' end offsets and their sum."""
        topics = list(dict.fromkeys([*self.topics, *(t for r in self.runners.values() for t in r.topics)]))
        ends = await end_offsets(self.settings.kafka_access(), topics)
        return [{"topic": topic, "end_offsets": {p: end for (t, p), end in sorted(ends.items()) if t == topic},
                 "events": sum(end for (t, _), end in ends.items() if t == topic)} for topic in topics]

    async def stop(self) -> None:
        await self.supervisor.stop_all()
        if "blue_green" in self.wired:  # blue_green_runs.py: the new versions' pools
            await self.wired["blue_green"].close()
        for runner in self.runners.values():
            runner.close()
        if self.broker is not None:
            # With Kafka away the producer would wait for ever for its last acknowledgements. Not
            # wait_for: a cancel aiokafka's close loses would make it wait all the same (cancelled()).
            stopping = asyncio.create_task(self.broker.stop(), name="relay-producer-stop")
            if (await asyncio.wait({stopping}, timeout=self.producer_stop_s))[0]:
                stopping.result()
            else:
                log.warning("relay producer stopped without its last acknowledgements (Kafka away)")
                await cancelled(stopping, repeat_s=self.producer_stop_s)
        await self.pool.close()


def relay_producer(kafka: KafkaAccess, schema: str) -> KafkaBroker:
    return KafkaBroker(
        kafka.servers,
        security=kafka.faststream_security(),
        acks="all",
        enable_idempotence=True,
        linger_ms=2,
        max_request_size=MAX_RECORD_BYTES,
        client_id=f"thidua-{schema}",
    )


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
    letters_topic = prefix + dead_letter_topic(schema)
    seals = prefix + seals_topic(schema)
    # Only the topics this service touches: on a cluster with ACLs it may create no other.
    used = [prefix + topic, letters_topic, seals, *(prefix + t for p in projections for t in p.topics)]
    await ensure_topics(kafka, list(dict.fromkeys(used)), PARTITIONS)
    supervisor = Supervisor(clock, Backoff(settings.backoff_initial_s, settings.backoff_max_s))
    store = PostgresEventStore(pool, schema, clock)
    store.outbox_depth = OutboxDepth(settings.outbox_limit, settings.outbox_retry_after_s)
    store.outbox_depth.measured(await pool.fetchval("SELECT count(*) FROM outbox"))
    # One producer for the process's life, across the relay's restarts: records it holds while
    # Kafka is away are delivered (idempotently, in order) when Kafka is back, and the relay's
    # next run waits for them before it reads what Kafka has (outbox.py).
    broker = relay_producer(kafka, schema)
    await broker.start()
    runtime = Runtime(settings, pool, broker, store, {}, clock=clock, supervisor=supervisor,
                      dead_letter_topic=letters_topic, topics=list(dict.fromkeys(used)))
    if settings.relay_enabled:
        relay = OutboxRelay(pool, broker, kafka, prefix + topic,
                            producer=schema + settings.schema_suffix, crash_at=crash_hook(settings.crash_at),
                            depth=store.outbox_depth,
                            ack_timeout_s=settings.relay_ack_timeout_s)
        runtime.spawn("outbox-relay", relay.run)
    if settings.seal_key_file is not None:
        runtime.spawn("sealer", start_sealer(runtime, schema, seals).run)
    for projection in projections:
        runtime.add_projection(projection)
    log.info("service runtime started", schema=schema, topic=prefix + topic, projections=list(runtime.runners),
             dead_letter_topic=letters_topic)
    return runtime


def start_sealer(runtime: Runtime, schema: str, topic: str) -> Sealer:
    """The service's sealer, publishing with the relay's producer (one record per seal, key =
    the service, so the seals topic keeps them in order in one partition)."""
    settings = runtime.settings

    async def publish(number: int, body: bytes, signature: bytes) -> None:
        await runtime.broker.publish(body, topic, key=schema.encode(),
                                     headers={HEADER_SEAL_SIGNATURE: signature.hex(), "seal_number": str(number)})

    keys = SealKeyFile(settings.seal_key_file)
    keys.current()  # read now: a missing or unsafe key file stops the start, not a later seal
    return Sealer(runtime.pool, keys, schema + settings.schema_suffix,
                  runtime.clock, publish, interval_s=settings.seal_interval_s, max_events=settings.seal_max_events)

"""Tamper evidence on the real PostgreSQL and Kafka: chains written by the append path, a seal,
verify passing; then each kind of tampering, done directly in PostgreSQL (the append-only trigger
lifted, as a superuser could) or on a copy of the topic, named by verify: which event, where; and
`both`, the table against the topic, naming what each alone cannot see."""
import asyncio
import dataclasses
import json
import os
import sys
from datetime import datetime, timezone

import asyncpg
import orjson
import pytest
from aiokafka import AIOKafkaProducer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contracts.topics import HEADER_HASH, HEADER_PREV_HASH, HEADER_SEAL_SIGNATURE, events_topic, seals_topic
from thidua_kernel.chain import GENESIS, link
from thidua_kernel.clock import ManualClock
from thidua_kernel.db import KERNEL_MIGRATIONS, create_pool, migrate
from thidua_kernel.eventstore import PostgresEventStore
from thidua_kernel.kafka_admin import ensure_topics, read_records
from thidua_kernel.messages import NewEvent, StreamAppend
from thidua_kernel.outbox import OutboxRelay
from thidua_kernel.seal_format import load_signing_key, new_key_file
from thidua_kernel.sealer import Sealer
from thidua_kernel.verify import verify_both, verify_store, verify_topic

T0 = datetime(2012, 1, 1, tzinfo=timezone.utc)
KEY = Ed25519PrivateKey.generate()


async def record_history(store, ctx) -> None:
    """Streams a (5 events, two of them in one command), b (3), c (1), some appended concurrently
    so they share group-commit batches."""
    await store.append(ctx(), [StreamAppend("counter", "a", 0, (NewEvent("Counted", {"n": 1}, T0),
                                                                NewEvent("Counted", {"n": 2}, T0)))])
    await asyncio.gather(*(store.append(ctx(), [StreamAppend("counter", s, 0, (NewEvent("Counted", {"n": 0}, T0),))])
                           for s in ("b", "c")))
    for n in range(3, 6):
        await asyncio.gather(
            store.append(ctx(), [StreamAppend("counter", "a", n - 1, (NewEvent("Counted", {"n": n}, T0),))]),
            *([store.append(ctx(), [StreamAppend("counter", "b", n - 2, (NewEvent("Counted", {"n": n}, T0),))])]
              if n < 5 else []))


async def sealed_history(pool, store, ctx, publish=None, relay=None) -> Sealer:
    """The history, published (by `relay`, else taken out of the outbox as the relay would), sealed."""
    await record_history(store, ctx)
    await (relay() if relay else relayed(pool))
    sealer = Sealer(pool, KEY, "kernel-test", ManualClock(T0), publish)
    assert await sealer.seal_once() == 1
    return sealer


async def relayed(pool) -> None:
    """What the relay does once Kafka has the events, for tests that need no topic."""
    await pool.execute("DELETE FROM outbox")


async def event_id(pool, stream: str, version: int) -> str:
    return str(await pool.fetchval("SELECT event_id FROM events WHERE stream_id = $1 AND stream_version = $2",
                                   f"counter:{stream}", version))


FORGED = "00000000-0000-4000-8000-00000000f0f0"


async def forged_successor(pool, stream: str) -> tuple[int, str, bytes, bytes]:
    """A well-formed event FORGED after the stream's last, chained correctly onto it: (version,
    body as jsonb text, prev_hash, hash)."""
    last = await pool.fetchrow("SELECT event_id::text, stream_version, envelope::text AS body, hash FROM events"
                               " WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1", f"counter:{stream}")
    version = last["stream_version"] + 1
    body = last["body"].replace(last["event_id"], FORGED).replace(
        f'"aggregate_version": {version - 1}', f'"aggregate_version": {version}')
    return version, body, last["hash"], link(last["hash"], body.encode())


async def insert_forged(pool, stream: str) -> int:
    """What a writer to `events` could do without lifting any trigger: append a chained event
    (no outbox row, so no relay). Its position."""
    version, body, prev, hash_ = await forged_successor(pool, stream)
    return await pool.fetchval(
        "INSERT INTO events (event_id, stream_id, stream_version, event_type, recorded_at, envelope, prev_hash, hash)"
        " VALUES ($1, $2, $3, 'Counted', now(), $4::jsonb, $5, $6) RETURNING position",
        FORGED, f"counter:{stream}", version, body, prev, hash_)


async def tamper(pool: asyncpg.Pool, *statements: tuple) -> None:
    """What an intruder with the owner's or a superuser's rights could do: lift the append-only
    trigger for one transaction."""
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("ALTER TABLE events DISABLE TRIGGER events_append_only")
        for sql, *args in statements:
            await conn.execute(sql, *args)
        await conn.execute("ALTER TABLE events ENABLE TRIGGER events_append_only")


async def test_appends_chain_every_stream_and_a_sealed_store_verifies(pool, store, ctx):
    sealer = await sealed_history(pool, store, ctx)
    rows = await pool.fetch("SELECT stream_id, envelope::text AS body, prev_hash, hash FROM events"
                            " ORDER BY stream_id, stream_version")
    previous: dict[str, bytes] = {}
    for r in rows:
        expected_prev = previous.get(r["stream_id"], GENESIS)
        assert r["prev_hash"] == expected_prev and r["hash"] == link(expected_prev, r["body"].encode())
        previous[r["stream_id"]] = r["hash"]
    report = await verify_store(pool, KEY.public_key())
    assert report.ok and (report.events, report.streams, report.seals, report.unsealed_events) == (9, 3, 1, 0)
    assert sorted(h[:2] for h in report.last_seal["heads"]) == [["counter:a", 5], ["counter:b", 3], ["counter:c", 1]]

    await store.append(ctx(), [StreamAppend("counter", "c", 1, (NewEvent("Counted", {"n": 9}, T0),))])
    later = await verify_store(pool, KEY.public_key())
    assert later.ok and later.unsealed_events == 1  # newer than the last seal: not a fault
    assert await sealer.seal_once() == 0  # not on Kafka yet: a seal holds only what the topic has
    await relayed(pool)
    assert await sealer.seal_once() == 1
    sealed = await verify_store(pool, KEY.public_key())
    assert sealed.ok and sealed.seals == 2 and sealed.unsealed_events == 0
    assert [h[:2] for h in sealed.last_seal["heads"]] == [["counter:c", 2]]  # only what changed


async def test_one_command_across_streams_chains_each_onto_its_own_head(pool, store, ctx):
    await store.append(ctx(), [StreamAppend("counter", s, 0, (NewEvent("Counted", {"n": 0}, T0),)) for s in "ab"])
    await store.append(ctx(), [  # as a district matrix: many streams, some with several events, one new
        StreamAppend("counter", "a", 1, (NewEvent("Counted", {"n": 1}, T0), NewEvent("Counted", {"n": 2}, T0))),
        StreamAppend("counter", "b", 1, (NewEvent("Counted", {"n": 1}, T0),)),
        StreamAppend("counter", "d", 0, (NewEvent("Counted", {"n": 1}, T0),))])
    report = await verify_store(pool, KEY.public_key())
    assert report.ok and (report.events, report.streams) == (6, 3)


async def test_history_recorded_before_the_chain_gets_its_hashes_from_the_migration(pool, store, ctx):
    await record_history(store, ctx)
    chained = await pool.fetch("SELECT position, prev_hash, hash FROM events ORDER BY position")
    # Migration 007's backfill, on a store as it was before 007 (columns empty).
    backfill = (KERNEL_MIGRATIONS / "007_event_hash_chain.sql").read_text().split("-- The hashes of one command")[0]
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("ALTER TABLE events DISABLE TRIGGER events_append_only;"
                           " ALTER TABLE events ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL;"
                           " UPDATE events SET prev_hash = NULL, hash = NULL;"
                           " ALTER TABLE events ENABLE TRIGGER events_append_only")
        await conn.execute(backfill)
    assert await pool.fetch("SELECT position, prev_hash, hash FROM events ORDER BY position") == chained
    assert await pool.fetchval("SELECT count(*) FROM events WHERE hash IS NULL") == 0


@pytest.mark.parametrize("case", ["payload updated", "event deleted", "forged event inserted", "versions swapped",
                                  "newest altered after its seal", "newest deleted after its seal"])
async def test_verify_names_the_event_tampered_with_in_postgresql(pool, store, ctx, case):
    await sealed_history(pool, store, ctx)
    a2, a3, a5 = [await event_id(pool, "a", v) for v in (2, 3, 5)]
    if case == "payload updated":
        await tamper(pool, ("UPDATE events SET envelope = jsonb_set(envelope, '{payload,n}', '99')"
                            " WHERE event_id = $1", a3))
        expected = {("AUDIT-CHAIN", "altered", a3, 3)}
    elif case == "event deleted":
        await tamper(pool, ("DELETE FROM events WHERE event_id = $1", a3))
        expected = {("AUDIT-LINK", "removed", await event_id(pool, "a", 4), 3)}
    elif case == "forged event inserted":
        forged = FORGED
        prev = await pool.fetchval("SELECT hash FROM events WHERE event_id = $1", a2)
        body = (await pool.fetchval("SELECT envelope::text FROM events WHERE event_id = $1", a3)).replace(
            a3, forged)  # a well-formed event at version 3, chained correctly onto version 2
        await tamper(pool,
                     ("UPDATE events SET stream_version = -stream_version WHERE stream_id = 'counter:a'"
                      " AND stream_version >= 3",),
                     ("UPDATE events SET stream_version = 1 - stream_version WHERE stream_version < 0",),
                     ("INSERT INTO events (event_id, stream_id, stream_version, event_type, recorded_at, envelope,"
                      " prev_hash, hash) VALUES ($1, 'counter:a', 3, 'Counted', now(), $2::jsonb, $3, $4)",
                      forged, body, prev, link(prev, body.encode())))
        expected = {("AUDIT-LINK", "inserted", forged, 3)}
    elif case == "versions swapped":
        await tamper(pool, ("UPDATE events SET stream_version = -1 WHERE event_id = $1", a2),
                     ("UPDATE events SET stream_version = 2 WHERE event_id = $1", a3),
                     ("UPDATE events SET stream_version = 3 WHERE event_id = $1", a2))
        expected = {("AUDIT-FIELD", "version", a3, 2), ("AUDIT-FIELD", "version", a2, 3)}
    elif case == "newest altered after its seal":  # its own hash recomputed: only the seal shows it
        body = (await pool.fetchval("SELECT envelope::text FROM events WHERE event_id = $1", a5)).replace(
            '"n": 5', '"n": 50')
        prev = await pool.fetchval("SELECT prev_hash FROM events WHERE event_id = $1", a5)
        await tamper(pool, ("UPDATE events SET envelope = $2::jsonb, hash = $3 WHERE event_id = $1",
                            a5, body, link(prev, body.encode())))
        expected = {("AUDIT-SEAL", "altered", a5, 5)}
    else:
        await tamper(pool, ("DELETE FROM events WHERE event_id = $1", a5))
        expected = {("AUDIT-SEAL", "missing", None, 5)}
    report = await verify_store(pool, KEY.public_key())
    named = {(f.rule, f.kind, f.event_id, f.version) for f in report.findings}
    assert not report.ok and expected <= named, report.as_dict()["findings"]
    assert {f.stream for f in report.findings} == {"counter:a"}
    assert all(f.where.startswith("kernel_") and ".events" in f.where for f in report.findings)


async def test_an_altered_or_removed_seal_is_named(pool, store, ctx):
    sealer = await sealed_history(pool, store, ctx)
    await store.append(ctx(), [StreamAppend("counter", "c", 1, (NewEvent("Counted", {"n": 9}, T0),))])
    await relayed(pool)
    await sealer.seal_once()
    body = await pool.fetchval("SELECT body FROM seals WHERE seal_number = 2")
    forged = body.replace('"counter:c",2', '"counter:c",3')
    await pool.execute("UPDATE seals SET body = $1 WHERE seal_number = 2", forged)
    report = await verify_store(pool, KEY.public_key())
    assert [f.rule for f in report.findings] == ["AUDIT-SEAL-SIGNATURE"]
    assert report.findings[0].where.endswith(".seals seal 2") and "signature" in report.findings[0].message_en
    await pool.execute("UPDATE seals SET body = $1 WHERE seal_number = 2", body)
    assert (await verify_store(pool, KEY.public_key())).ok
    await pool.execute("DELETE FROM seals WHERE seal_number = 1")
    report = await verify_store(pool, KEY.public_key())
    assert [f.rule for f in report.findings] == ["AUDIT-SEAL-SIGNATURE"]
    assert "seal number 2 where 1" in report.findings[0].message_en


async def test_the_sealer_seals_once_enough_events_are_on_kafka_and_splits_a_large_seal(
        pool, store, ctx, helpers, broker, topic, kafka_admin):
    published: list[int] = []

    async def publish(number: int, body: bytes, signature: bytes) -> None:
        published.append(number)

    sealer = Sealer(pool, KEY, "kernel-test", ManualClock(T0), publish, interval_s=3600, max_events=9,
                    poll_s=0.02, max_heads=2)
    tasks = [asyncio.create_task(sealer.run()),
             asyncio.create_task(OutboxRelay(pool, broker, kafka_admin, topic, "kernel-test").run())]
    try:
        await record_history(store, ctx)  # 9 events in 3 streams: two seals of at most 2 heads
        await helpers.wait_until(lambda: _published(published, [1, 2]))
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 30)
    report = await verify_store(pool, KEY.public_key())
    assert report.ok and report.seals == 2 and report.unsealed_events == 0
    assert await pool.fetchval("SELECT bool_and(published) FROM seals")


async def _published(published: list[int], wanted: list[int]) -> bool:
    return published == wanted


@pytest.mark.parametrize("case", ["record altered", "record dropped", "records reordered"])
async def test_verify_names_the_record_tampered_with_on_a_copy_of_the_topic(
        pool, store, ctx, broker, topic, kafka_admin, helpers, case):
    seals = f"{topic}-seals"
    await ensure_topics(kafka_admin, [seals, f"{topic}-copy"], 3)

    await sealed_history(pool, store, ctx, publisher(broker, seals),
                         relay=lambda: relay_all(pool, broker, kafka_admin, topic, helpers))
    public = KEY.public_key()
    assert (await verify_topic(kafka_admin, topic, seals, public)).ok

    records = await read_records(kafka_admin, topic)
    a = [r for r in records if r.key == b"a"]
    a2, a3 = a[1], a[2]
    copy = list(records)
    if case == "record altered":
        altered = dataclasses.replace(a3, value=a3.value.replace(b'"n": 3', b'"n": 33'))
        copy[copy.index(a3)] = altered
        expected = ("AUDIT-CHAIN", "altered", altered)
    elif case == "record dropped":
        copy.remove(a3)
        expected = ("AUDIT-LINK", "removed", a[3])
    else:
        i, j = copy.index(a2), copy.index(a3)
        copy[i], copy[j] = a3, a2
        expected = ("AUDIT-LINK", "reordered", a3)
    await _produce(kafka_admin, f"{topic}-copy", copy)
    report = await verify_topic(kafka_admin, f"{topic}-copy", seals, public)
    rule, kind, record = expected
    event = orjson.loads(record.value)["event_id"]
    found = [f for f in report.findings if (f.rule, f.kind, f.event_id) == (rule, kind, event)]
    assert found, report.as_dict()["findings"]
    offset = [r for r in copy if r.partition == record.partition].index(record)
    assert found[0].where == f"{topic}-copy partition {record.partition} offset {offset}"
    assert {f.stream for f in report.findings} == {"counter:a"}


def publisher(broker, seals: str):
    async def publish(number: int, body: bytes, signature: bytes) -> None:
        await broker.publish(body, seals, key=b"kernel-test", headers={HEADER_SEAL_SIGNATURE: signature.hex()})

    return publish


async def relay_all(pool, broker, kafka, topic: str, helpers) -> None:
    """Run the outbox relay until every event is on `topic`."""
    relay = asyncio.create_task(OutboxRelay(pool, broker, kafka, topic, "kernel-test").run())
    try:
        await helpers.wait_until(lambda: _outbox_empty(pool))
    finally:
        relay.cancel()
        await asyncio.wait_for(asyncio.gather(relay, return_exceptions=True), 30)


async def _produce(kafka, topic: str, records) -> None:
    producer = AIOKafkaProducer(**kafka.aiokafka(), acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for r in records:
            await producer.send_and_wait(topic, r.value, key=r.key, partition=r.partition, headers=list(r.headers))
    finally:
        await producer.stop()


async def _outbox_empty(pool) -> bool:
    return await pool.fetchval("SELECT count(*) FROM outbox") == 0


async def test_the_verify_command_exits_0_on_a_sound_log_and_1_naming_the_event_tampered_with(
        database_url, unique, tmp_path, ctx, broker, kafka_admin, helpers):
    """python -m thidua_kernel.verify as an auditor runs it: the service's schema and topics from
    the services' own variables, the public key from its file."""
    key_file = tmp_path / "progress.pem"
    new_key_file(key_file)
    prefix = f"t{unique}."
    events, seals = prefix + events_topic("progress"), prefix + seals_topic("progress")
    await ensure_topics(kafka_admin, [events, seals], 3)
    pool = await create_pool(database_url, f"progress_{unique}")
    try:
        await migrate(pool)
        store = PostgresEventStore(pool, "progress", ManualClock(T0))
        await record_history(store, ctx)
        await relay_all(pool, broker, kafka_admin, events, helpers)
        await Sealer(pool, load_signing_key(key_file), "progress", ManualClock(T0),
                     publisher(broker, seals)).seal_once()
        env = {**os.environ, **kafka_admin.env(), "DATABASE_URL": database_url,
               "THIDUA_SCHEMA_SUFFIX": f"_{unique}", "THIDUA_TOPIC_PREFIX": prefix}
        public = str(key_file.with_suffix(".pub.pem"))
        for source in ("pg", "kafka", "both"):
            code, out = await _verify_command(env, "--source", source, "--public-key", public)
            assert code == 0 and "OK: every chain and seal holds" in out, out
        assert "9 records on the topic cross-checked" in out
        await insert_forged(pool, "c")
        assert (await _verify_command(env, "--source", "pg", "--public-key", public))[0] == 0
        code, out = await _verify_command(env, "--source", "both", "--public-key", public, "--json")
        assert code == 1 and [(f["rule"], f["kind"], f["event_id"], f["stream"], f["version"])
                              for f in json.loads(out)["findings"]] == [
            ("AUDIT-CROSS", "missing-on-kafka", FORGED, "counter:c", 2)], out
        await tamper(pool, ("DELETE FROM events WHERE event_id = $1", FORGED))
        a3 = await event_id(pool, "a", 3)
        await tamper(pool, ("UPDATE events SET envelope = jsonb_set(envelope, '{payload,n}', '7') WHERE event_id = $1",
                            a3))
        code, out = await _verify_command(env, "--source", "pg", "--public-key", public, "--json")
        findings = json.loads(out)["findings"]
        assert code == 1 and [(f["rule"], f["event_id"], f["stream"], f["version"]) for f in findings] == [
            ("AUDIT-CHAIN", a3, "counter:a", 3)]
        assert findings[0]["where"].startswith(f"progress_{unique}.events position ")
    finally:
        await pool.close()


async def _verify_command(env: dict[str, str], *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "thidua_kernel.verify", "--service", "progress", *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, _ = await asyncio.wait_for(process.communicate(), 120)
    return process.returncode, out.decode()


async def test_both_passes_a_sound_log_and_names_an_event_inserted_in_postgresql_that_the_topic_lacks(
        pool, store, ctx, broker, topic, kafka_admin, helpers):
    seals = f"{topic}-seals"
    await ensure_topics(kafka_admin, [seals], 3)
    sealer = await sealed_history(pool, store, ctx, publisher(broker, seals),
                                  relay=lambda: relay_all(pool, broker, kafka_admin, topic, helpers))
    public = KEY.public_key()
    report = await verify_both(pool, kafka_admin, topic, seals, public)
    assert report.ok and (report.source, report.events, report.records) == ("both", 9, 9), report.as_dict()

    position = await insert_forged(pool, "c")  # after the last seal, chained: PostgreSQL alone holds
    assert (await verify_store(pool, public)).ok
    schema = await pool.fetchval("SELECT current_schema()")
    crossed = [("AUDIT-CROSS", "missing-on-kafka", FORGED, "counter:c", 2,
                f"{schema}.events position {position}; not on {topic}")]
    report = await verify_both(pool, kafka_admin, topic, seals, public)
    assert _named(report) == crossed
    assert report.findings[0].message_vi.startswith("đã phát hành")

    assert await sealer.seal_once() == 1  # the next seal vouches for it, as the README says
    sealed = await verify_store(pool, public)
    assert sealed.ok and sealed.unsealed_events == 0
    named = _named(await verify_both(pool, kafka_admin, topic, seals, public))
    assert crossed[0] in named and ("AUDIT-SEAL", "missing", None, "counter:c", 2) in [n[:5] for n in named]


@pytest.mark.parametrize("case", ["record forged", "record altered", "record dropped"])
async def test_both_names_a_topic_copy_that_differs_from_the_store(
        pool, store, ctx, broker, topic, kafka_admin, helpers, case):
    seals, copy_topic = f"{topic}-seals", f"{topic}-copy"
    await ensure_topics(kafka_admin, [seals, copy_topic], 3)
    await sealed_history(pool, store, ctx, publisher(broker, seals),
                         relay=lambda: relay_all(pool, broker, kafka_admin, topic, helpers))
    records = await read_records(kafka_admin, topic)
    schema = await pool.fetchval("SELECT current_schema()")
    a3 = next(r for r in records if r.key == b"a" and orjson.loads(r.value)["aggregate_version"] == 3)
    a3_id, a3_position = orjson.loads(a3.value)["event_id"], await pool.fetchval(
        "SELECT position FROM events WHERE stream_id = 'counter:a' AND stream_version = 3")
    copy = list(records)
    if case == "record forged":  # chained correctly onto stream c on the topic: only the store lacks it
        version, body, prev, hash_ = await forged_successor(pool, "c")
        c1 = next(r for r in records if r.key == b"c")
        copy.append(dataclasses.replace(c1, value=body.encode(), headers=(
            (HEADER_PREV_HASH, prev.hex().encode()), (HEADER_HASH, hash_.hex().encode()))))
        offset = sum(1 for r in records if r.partition == c1.partition)
        expected = ("AUDIT-CROSS", "missing-in-store", FORGED, "counter:c", 2,
                    f"{copy_topic} partition {c1.partition} offset {offset}; not in {schema}.events")
    elif case == "record altered":
        copy[copy.index(a3)] = dataclasses.replace(a3, value=a3.value.replace(b'"n": 3', b'"n": 33'))
        offset = [r for r in records if r.partition == a3.partition].index(a3)
        expected = ("AUDIT-CROSS", "differs", a3_id, "counter:a", 3,
                    f"{schema}.events position {a3_position}; {copy_topic} partition {a3.partition} offset {offset}")
    else:
        copy.remove(a3)
        expected = ("AUDIT-CROSS", "missing-on-kafka", a3_id, "counter:a", 3,
                    f"{schema}.events position {a3_position}; not on {copy_topic}")
    await _produce(kafka_admin, copy_topic, copy)
    report = await verify_both(pool, kafka_admin, copy_topic, seals, KEY.public_key())
    crossed = [n for n in _named(report) if n[0] == "AUDIT-CROSS"]
    assert crossed == [expected], report.as_dict()["findings"]
    if case == "record forged":  # the copy's own chain and seals hold: only the cross-check sees it
        assert len(report.findings) == 1


def _named(report) -> list[tuple]:
    return [(f.rule, f.kind, f.event_id, f.stream, f.version, f.where) for f in report.findings]

"""Tamper evidence in PostgreSQL: chains written by the append path, a seal, verify passing; then
each kind of tampering, done directly in PostgreSQL (the append-only trigger lifted, as a
superuser could), named by verify: which event, where. Helpers: conftest.py's `evidence`."""
import asyncio
import json

import pytest

from thidua_kernel.chain import GENESIS, link
from thidua_kernel.clock import ManualClock
from thidua_kernel.db import KERNEL_MIGRATIONS
from thidua_kernel.messages import NewEvent, StreamAppend
from thidua_kernel.outbox import OutboxRelay
from thidua_kernel.seal_format import load_public_keys, load_signing_key, new_key_file, rotate_key_file
from thidua_kernel.sealer import Sealer
from thidua_kernel.verify import verify_store
from thidua_kernel.supervision import cancelled


async def test_appends_chain_every_stream_and_a_sealed_store_verifies(evidence, pool, store, ctx):
    sealer = await evidence.sealed_history(pool, store, ctx)
    rows = await pool.fetch("SELECT stream_id, envelope::text AS body, prev_hash, hash FROM events"
                            " ORDER BY stream_id, stream_version")
    previous: dict[str, bytes] = {}
    for r in rows:
        expected_prev = previous.get(r["stream_id"], GENESIS)
        assert r["prev_hash"] == expected_prev and r["hash"] == link(expected_prev, r["body"].encode())
        previous[r["stream_id"]] = r["hash"]
    report = await verify_store(pool, evidence.KEY.public_key())
    assert report.ok and (report.events, report.streams, report.seals, report.unsealed_events) == (9, 3, 1, 0)
    assert sorted(h[:2] for h in report.last_seal["heads"]) == [["counter:a", 5], ["counter:b", 3], ["counter:c", 1]]

    await store.append(ctx(), [StreamAppend("counter", "c", 1, (NewEvent("Counted", {"n": 9}, evidence.T0),))])
    later = await verify_store(pool, evidence.KEY.public_key())
    assert later.ok and later.unsealed_events == 1  # newer than the last seal: not a fault
    assert await sealer.seal_once() == 0  # not on Kafka yet: a seal holds only what the topic has
    await evidence.relayed(pool)
    assert await sealer.seal_once() == 1
    sealed = await verify_store(pool, evidence.KEY.public_key())
    assert sealed.ok and sealed.seals == 2 and sealed.unsealed_events == 0
    assert [h[:2] for h in sealed.last_seal["heads"]] == [["counter:c", 2]]  # only what changed


async def test_one_command_across_streams_chains_each_onto_its_own_head(evidence, pool, store, ctx):
    t0 = evidence.T0
    await store.append(ctx(), [StreamAppend("counter", s, 0, (NewEvent("Counted", {"n": 0}, t0),)) for s in "ab"])
    await store.append(ctx(), [  # as a district matrix: many streams, some with several events, one new
        StreamAppend("counter", "a", 1, (NewEvent("Counted", {"n": 1}, t0), NewEvent("Counted", {"n": 2}, t0))),
        StreamAppend("counter", "b", 1, (NewEvent("Counted", {"n": 1}, t0),)),
        StreamAppend("counter", "d", 0, (NewEvent("Counted", {"n": 1}, t0),))])
    report = await verify_store(pool, evidence.KEY.public_key())
    assert report.ok and (report.events, report.streams) == (6, 3)


async def test_history_recorded_before_the_chain_gets_its_hashes_from_the_migration(evidence, pool, store, ctx):
    await evidence.record_history(store, ctx)
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
async def test_verify_names_the_event_tampered_with_in_postgresql(evidence, pool, store, ctx, case):
    await evidence.sealed_history(pool, store, ctx)
    a2, a3, a5 = [await evidence.event_id(pool, "a", v) for v in (2, 3, 5)]
    if case == "payload updated":
        await evidence.tamper(pool, ("UPDATE events SET envelope = jsonb_set(envelope, '{payload,n}', '99')"
                            " WHERE event_id = $1", a3))
        expected = {("AUDIT-CHAIN", "altered", a3, 3)}
    elif case == "event deleted":
        await evidence.tamper(pool, ("DELETE FROM events WHERE event_id = $1", a3))
        expected = {("AUDIT-LINK", "removed", await evidence.event_id(pool, "a", 4), 3)}
    elif case == "forged event inserted":
        forged = evidence.FORGED
        prev = await pool.fetchval("SELECT hash FROM events WHERE event_id = $1", a2)
        body = (await pool.fetchval("SELECT envelope::text FROM events WHERE event_id = $1", a3)).replace(
            a3, forged)  # a well-formed event at version 3, chained correctly onto version 2
        await evidence.tamper(
            pool,
            ("UPDATE events SET stream_version = -stream_version WHERE stream_id = 'counter:a'"
             " AND stream_version >= 3",),
            ("UPDATE events SET stream_version = 1 - stream_version WHERE stream_version < 0",),
            ("INSERT INTO events (event_id, stream_id, stream_version, event_type, recorded_at, envelope,"
             " prev_hash, hash) VALUES ($1, 'counter:a', 3, 'Counted', now(), $2::jsonb, $3, $4)",
             forged, body, prev, link(prev, body.encode())))
        expected = {("AUDIT-LINK", "inserted", forged, 3)}
    elif case == "versions swapped":
        await evidence.tamper(pool, ("UPDATE events SET stream_version = -1 WHERE event_id = $1", a2),
                              ("UPDATE events SET stream_version = 2 WHERE event_id = $1", a3),
                              ("UPDATE events SET stream_version = 3 WHERE event_id = $1", a2))
        expected = {("AUDIT-FIELD", "version", a3, 2), ("AUDIT-FIELD", "version", a2, 3)}
    elif case == "newest altered after its seal":  # its own hash recomputed: only the seal shows it
        body = (await pool.fetchval("SELECT envelope::text FROM events WHERE event_id = $1", a5)).replace(
            '"n": 5', '"n": 50')
        prev = await pool.fetchval("SELECT prev_hash FROM events WHERE event_id = $1", a5)
        await evidence.tamper(pool, ("UPDATE events SET envelope = $2::jsonb, hash = $3 WHERE event_id = $1",
                                     a5, body, link(prev, body.encode())))
        expected = {("AUDIT-SEAL", "altered", a5, 5)}
    else:
        await evidence.tamper(pool, ("DELETE FROM events WHERE event_id = $1", a5))
        expected = {("AUDIT-SEAL", "missing", None, 5)}
    report = await verify_store(pool, evidence.KEY.public_key())
    named = {(f.rule, f.kind, f.event_id, f.version) for f in report.findings}
    assert not report.ok and expected <= named, report.as_dict()["findings"]
    assert {f.stream for f in report.findings} == {"counter:a"}
    assert all(f.where.startswith("kernel_") and ".events" in f.where for f in report.findings)


async def test_an_altered_or_removed_seal_is_named(evidence, pool, store, ctx):
    sealer = await evidence.sealed_history(pool, store, ctx)
    await store.append(ctx(), [StreamAppend("counter", "c", 1, (NewEvent("Counted", {"n": 9}, evidence.T0),))])
    await evidence.relayed(pool)
    await sealer.seal_once()
    body = await pool.fetchval("SELECT body FROM seals WHERE seal_number = 2")
    forged = body.replace('"counter:c",2', '"counter:c",3')
    await pool.execute("UPDATE seals SET body = $1 WHERE seal_number = 2", forged)
    report = await verify_store(pool, evidence.KEY.public_key())
    assert [f.rule for f in report.findings] == ["AUDIT-SEAL-SIGNATURE"]
    assert report.findings[0].where.endswith(".seals seal 2") and "signature" in report.findings[0].message_en
    await pool.execute("UPDATE seals SET body = $1 WHERE seal_number = 2", body)
    assert (await verify_store(pool, evidence.KEY.public_key())).ok
    await pool.execute("DELETE FROM seals WHERE seal_number = 1")
    report = await verify_store(pool, evidence.KEY.public_key())
    assert [f.rule for f in report.findings] == ["AUDIT-SEAL-SIGNATURE"]
    assert "seal number 2 where 1" in report.findings[0].message_en


async def test_the_sealer_seals_once_enough_events_are_on_kafka_and_splits_a_large_seal(
        evidence, pool, store, ctx, helpers, broker, topic, kafka_admin):
    published: list[int] = []

    async def publish(number: int, body: bytes, signature: bytes) -> None:
        published.append(number)

    sealer = Sealer(pool, evidence.KEY, "kernel-test", ManualClock(evidence.T0), publish, interval_s=3600, max_events=9,
                    poll_s=0.02, max_heads=2)
    tasks = [asyncio.create_task(sealer.run()),
             asyncio.create_task(OutboxRelay(pool, broker, kafka_admin, topic, "kernel-test").run())]
    try:
        await evidence.record_history(store, ctx)  # 9 events in 3 streams: two seals of at most 2 heads
        await helpers.wait_until(lambda: _published(published, [1, 2]))
    finally:
        await cancelled(*tasks)
    report = await verify_store(pool, evidence.KEY.public_key())
    assert report.ok and report.seals == 2 and report.unsealed_events == 0
    assert await pool.fetchval("SELECT bool_and(published) FROM seals")


async def _published(published: list[int], wanted: list[int]) -> bool:
    return published == wanted




async def test_seals_signed_before_and_after_a_key_rotation_verify_with_the_published_keys(
        evidence, pool, store, ctx, tmp_path):
    key_file = tmp_path / "kernel-test.pem"
    new_key_file(key_file)
    await evidence.record_history(store, ctx)
    await evidence.relayed(pool)
    assert await Sealer(pool, load_signing_key(key_file), "kernel-test", ManualClock(evidence.T0)).seal_once() == 1
    rotate_key_file(key_file)  # the service restarted with the new key
    await store.append(ctx(), [StreamAppend("counter", "c", 1, (NewEvent("Counted", {"n": 9}, evidence.T0),))])
    await evidence.relayed(pool)
    assert await Sealer(pool, load_signing_key(key_file), "kernel-test", ManualClock(evidence.T0)).seal_once() == 1
    bodies = [json.loads(b) for b in await pool.fetchval("SELECT array_agg(body ORDER BY seal_number) FROM seals")]
    assert bodies[0]["key_id"] != bodies[1]["key_id"]
    report = await verify_store(pool, load_public_keys(key_file.with_suffix(".pub.pem")))
    assert report.ok and report.seals == 2 and report.unsealed_events == 0, report.as_dict()
    report = await verify_store(pool, load_public_keys(key_file))  # the new key alone
    assert [(f.rule, f.where.split(".")[-1]) for f in report.findings] == [("AUDIT-SEAL-SIGNATURE", "seals seal 1")]

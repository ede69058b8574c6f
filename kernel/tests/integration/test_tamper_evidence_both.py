"""Tamper evidence, `both`: the table against the topic, naming what each alone cannot see; and
the verify command as an auditor runs it."""
import asyncio
import dataclasses
import json
import os
import sys

import orjson
import pytest

from contracts.topics import HEADER_HASH, HEADER_PREV_HASH, events_topic, seals_topic
from thidua_kernel.clock import ManualClock
from thidua_kernel.db import create_pool, migrate
from thidua_kernel.eventstore import PostgresEventStore
from thidua_kernel.kafka_admin import ensure_topics, read_records
from thidua_kernel.seal_format import load_signing_key, new_key_file
from thidua_kernel.sealer import Sealer
from thidua_kernel.verify import verify_both, verify_store


async def test_the_verify_command_exits_0_on_a_sound_log_and_1_naming_the_event_tampered_with(
        evidence, database_url, unique, tmp_path, ctx, broker, kafka_admin, helpers):
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
        store = PostgresEventStore(pool, "progress", ManualClock(evidence.T0))
        await evidence.record_history(store, ctx)
        await evidence.relay_all(pool, broker, kafka_admin, events, helpers)
        await Sealer(pool, load_signing_key(key_file), "progress", ManualClock(evidence.T0),
                     evidence.publisher(broker, seals)).seal_once()
        env = {**os.environ, **kafka_admin.env(), "DATABASE_URL": database_url,
               "THIDUA_SCHEMA_SUFFIX": f"_{unique}", "THIDUA_TOPIC_PREFIX": prefix}
        public = str(key_file.with_suffix(".pub.pem"))
        for source in ("pg", "kafka", "both"):
            code, out = await _verify_command(env, "--source", source, "--public-key", public)
            assert code == 0 and "OK: every chain and seal holds" in out, out
        assert "9 records on the topic cross-checked" in out
        await evidence.insert_forged(pool, "c")
        assert (await _verify_command(env, "--source", "pg", "--public-key", public))[0] == 0
        code, out = await _verify_command(env, "--source", "both", "--public-key", public, "--json")
        assert code == 1 and [(f["rule"], f["kind"], f["event_id"], f["stream"], f["version"])
                              for f in json.loads(out)["findings"]] == [
            ("AUDIT-CROSS", "missing-on-kafka", evidence.FORGED, "counter:c", 2)], out
        await evidence.tamper(pool, ("DELETE FROM events WHERE event_id = $1", evidence.FORGED))
        a3 = await evidence.event_id(pool, "a", 3)
        await evidence.tamper(pool, (
            "UPDATE events SET envelope = jsonb_set(envelope, '{payload,n}', '7') WHERE event_id = $1", a3))
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
        evidence, pool, store, ctx, broker, topic, kafka_admin, helpers):
    seals = f"{topic}-seals"
    await ensure_topics(kafka_admin, [seals], 3)
    sealer = await evidence.sealed_history(pool, store, ctx, evidence.publisher(broker, seals),
                                           relay=lambda: evidence.relay_all(pool, broker, kafka_admin, topic, helpers))
    public = evidence.KEY.public_key()
    report = await verify_both(pool, kafka_admin, topic, seals, public)
    assert report.ok and (report.source, report.events, report.records) == ("both", 9, 9), report.as_dict()
    assert report.scanned == {"pg": 9, "kafka": 9}  # one pass over each source feeds every check

    position = await evidence.insert_forged(pool, "c")  # after the last seal, chained: PostgreSQL alone holds
    assert (await verify_store(pool, public)).ok
    schema = await pool.fetchval("SELECT current_schema()")
    crossed = [("AUDIT-CROSS", "missing-on-kafka", evidence.FORGED, "counter:c", 2,
                f"{schema}.events position {position}; not on {topic}")]
    report = await verify_both(pool, kafka_admin, topic, seals, public)
    assert evidence.named(report) == crossed and report.scanned == {"pg": 10, "kafka": 9}
    assert report.findings[0].message_vi.startswith("đã phát hành")

    assert await sealer.seal_once() == 1  # the next seal vouches for it, as the README says
    sealed = await verify_store(pool, public)
    assert sealed.ok and sealed.unsealed_events == 0
    named = evidence.named(await verify_both(pool, kafka_admin, topic, seals, public))
    assert crossed[0] in named and ("AUDIT-SEAL", "missing", None, "counter:c", 2) in [n[:5] for n in named]


@pytest.mark.parametrize("case", ["record forged", "record altered", "record dropped"])
async def test_both_names_a_topic_copy_that_differs_from_the_store(
        evidence, pool, store, ctx, broker, topic, kafka_admin, helpers, case):
    seals, copy_topic = f"{topic}-seals", f"{topic}-copy"
    await ensure_topics(kafka_admin, [seals, copy_topic], 3)
    await evidence.sealed_history(pool, store, ctx, evidence.publisher(broker, seals),
                                  relay=lambda: evidence.relay_all(pool, broker, kafka_admin, topic, helpers))
    records = await read_records(kafka_admin, topic)
    schema = await pool.fetchval("SELECT current_schema()")
    a3 = next(r for r in records if r.key == b"a" and orjson.loads(r.value)["aggregate_version"] == 3)
    a3_id, a3_position = orjson.loads(a3.value)["event_id"], await pool.fetchval(
        "SELECT position FROM events WHERE stream_id = 'counter:a' AND stream_version = 3")
    copy = list(records)
    if case == "record forged":  # chained correctly onto stream c on the topic: only the store lacks it
        version, body, prev, hash_ = await evidence.forged_successor(pool, "c")
        c1 = next(r for r in records if r.key == b"c")
        copy.append(dataclasses.replace(c1, value=body.encode(), headers=(
            (HEADER_PREV_HASH, prev.hex().encode()), (HEADER_HASH, hash_.hex().encode()))))
        offset = sum(1 for r in records if r.partition == c1.partition)
        expected = ("AUDIT-CROSS", "missing-in-store", evidence.FORGED, "counter:c", 2,
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
    await evidence.produce(kafka_admin, copy_topic, copy)
    report = await verify_both(pool, kafka_admin, copy_topic, seals, evidence.KEY.public_key())
    crossed = [n for n in evidence.named(report) if n[0] == "AUDIT-CROSS"]
    assert crossed == [expected], report.as_dict()["findings"]
    if case == "record forged":  # the copy's own chain and seals hold: only the cross-check sees it
        assert len(report.findings) == 1

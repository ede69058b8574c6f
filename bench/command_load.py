"""The command part of `make bench`: wrk against assess-criterion on a store of growing history.

Three measured runs of the same load, after a short warm-up: on the store as `prepare` left it,
then with 10,000 and with 5,000,000 events already in the progress service's event store.
"""
import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import asyncpg

from contracts.topics import PROGRESS_EVENTS
from thidua_deploy.isolated import BOARD, Stack
from thidua_kernel.db import create_pool
from thidua_kernel.supervision import cancelled

from . import commands

HISTORY_CHUNK = 500_000


async def measure_load(stack: Stack, communes, seconds: float, connections: int, servers: dict[str, int | None],
                       work_dir: Path, profile: Path | None = None) -> dict:
    """One wrk run; figures from the event ids it got back, the Kafka topic and the projection.
    `profile`: a py-spy sample of the progress service over the run (raw folded stacks) goes there."""
    wrk = commands.ensure_wrk()
    timings = commands.Timings()
    topic = stack.topic(PROGRESS_EVENTS)
    ready = asyncio.Event()
    kafka_task = asyncio.create_task(commands.watch_kafka(stack.kafka, topic, timings, ready))
    await ready.wait()
    pool = await create_pool(stack.database_url, f"reporting_{stack.id}", max_size=2)
    projection_task = asyncio.create_task(commands.watch_projection(pool, "ntm_facts", topic, timings))
    try:
        meter = commands.CpuMeter({**{n: stack.pids.get(n) for n in ("registry", "progress", "reporting")}, **servers})
        spy = None if profile is None else subprocess.Popen(
            [str(Path(sys.executable).parent / "py-spy"), "record", "-p", str(stack.pids["progress"]), "-d",
             str(max(1, round(seconds) - 1)), "-r", "100", "--format", "raw", "-o", str(profile), "--nonblocking"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        run = await commands.run_wrk(wrk, stack.url("progress"), BOARD, communes, seconds, connections, 1,
                                     work_dir, timings)
        cpu = meter.spent(wrk=run.cpu_s)  # the load run itself: not the drain below
        if spy is not None:
            await asyncio.to_thread(spy.wait)
        deadline = time.monotonic() + 120
        while len(timings.visible) < len(timings.accepted) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        figures = commands.summarise(timings, run, cpu)
        if run.refused:
            figures["refused_examples"] = run.refused[:3]
        return figures
    finally:
        await cancelled(kafka_task, projection_task)
        await pool.close()


def relay_figures(log: str) -> dict:
    """From the progress relay's log lines: SELECTs of the outbox per relayed batch, events per batch."""
    batches = events = selects = 0
    for line in log.splitlines():
        if '"outbox batch relayed"' in line:
            entry = json.loads(line)
            batches, events, selects = batches + 1, events + entry["events"], entry.get("selects", 0)
    return {"relay_batches": batches, "relay_events_per_batch": round(events / batches, 1) if batches else None,
            "relay_selects_per_batch": round(selects / batches, 2) if batches else None}


async def fill_history(database_url: str, schema: str, communes: list[tuple[str, str]], upto: int) -> int:
    """Fill the progress event store up to `upto` events of synthetic assessments; returns the count.

    A direct INSERT … SELECT (one statement per chunk, in PostgreSQL) is a faithful history for the
    command path: a command touches the event store only through its indexes, the version of its
    commune's stream by (stream_id, stream_version) and the inserts into the btrees on position,
    event_id and (stream_id, stream_version), and these come out the same as after as many real
    commands. What a COPY skips is nothing the command path reads: the outbox (empty again once the
    relay has published, so it is left empty here) and Kafka (the projections never see these
    events, so only the write side carries the history). The rows are realistic: envelopes of
    the real shape and size, 100 events per stream over many synthetic communes, and 100 more on
    each real commune the load then hits, so its versions are deep as well. The synthetic event
    ids ascend (with a random id per row the fill ran at ~7,000 rows/s here, each insert landing on
    a random leaf of the event-id index); the index holds as many entries either way, and the commands'
    own random ids then land on random leaves of it, as they would in a real store.
    """
    conn = await asyncpg.connect(database_url, server_settings={"search_path": schema})
    try:
        have = await conn.fetchval("SELECT count(*) FROM events")
        real = [c for c, _ in communes]
        extra_real = 0 if upto - have < 100 * len(real) * 4 else 100
        if extra_real:
            await conn.execute(_FILL_REAL, real, [d for _, d in communes], extra_real)
            have = await conn.fetchval("SELECT count(*) FROM events")
        synthetic = await conn.fetchval("SELECT count(*) FROM events WHERE stream_id LIKE 'commune_progress:H%'")
        if have < upto:
            # The two unique indexes are built once after the load, not kept up row by row: the
            # same constraints, by the names the migration gave them (the service is idle now).
            await conn.execute("SET maintenance_work_mem = '512MB'")
            await conn.execute("ALTER TABLE events DROP CONSTRAINT events_event_id_key,"
                               " DROP CONSTRAINT events_stream_id_stream_version_key")
            try:
                chunks = [(start, min(start + HISTORY_CHUNK, synthetic + upto - have))
                          for start in range(synthetic, synthetic + upto - have, HISTORY_CHUNK)]
                await _fill_in_parallel(database_url, schema, chunks)
            finally:
                await conn.execute("ALTER TABLE events ADD CONSTRAINT events_event_id_key UNIQUE (event_id),"
                                   " ADD CONSTRAINT events_stream_id_stream_version_key"
                                   " UNIQUE (stream_id, stream_version)")
        await conn.execute("ANALYZE events")
        return await conn.fetchval("SELECT count(*) FROM events")
    finally:
        await conn.close()


# The envelope as text cast to jsonb: jsonb_build_object with timestamps ran at ~15,000 rows/s
# here, the cast at several times that.
async def _fill_in_parallel(database_url: str, schema: str, chunks: list[tuple[int, int]], workers: int = 2) -> None:
    """The chunks on `workers` connections at once (one per core)."""
    queue = list(reversed(chunks))

    async def worker() -> None:
        conn = await asyncpg.connect(database_url, server_settings={"search_path": schema})
        try:
            while queue:
                start, end = queue.pop()
                await conn.execute(_FILL_SYNTHETIC, start, end)
        finally:
            await conn.close()

    await asyncio.gather(*(worker() for _ in range(workers)))


_ENVELOPE = """('{"event_id": "' || x.id || '", "event_type": "CriterionAssessed", "schema_version": 1,'
    || ' "aggregate_type": "commune_progress", "aggregate_id": "' || x.code || '", "aggregate_version": ' || x.v
    || ', "occurred_at": "' || x.day || 'T00:00:00Z", "recorded_at": "' || x.day || 'T00:00:00Z",'
    || ' "actor": {"principal_id": "bench", "role": "province_board", "scope": "20"}, "reason": null,'
    || ' "document_number": null, "correlation_id": "' || x.id || '", "causation_id": null,'
    || ' "producer": "progress", "payload": {"commune_code": "' || x.code || '", "district_code": "'
    || x.district || '", "criteria_set_id": "2009", "criterion": ' || (1 + x.v % 19) || ', "met": '
    || (x.v % 3 <> 0) || ', "indicator_values": {}, "evidence": "BB-history-' || x.v
    || '", "effective_date": "2014-06-30", "region": null, "indicators_judged": []}}')::jsonb"""

# The filled history's hash links are stand-ins (a chain is sequential; this fill is set-based):
# the command path reads only a stream's head hash, so it pays what it would on a real chain.
# `verify` would refuse this history, which is a benchmark's, not a record.
_STAND_IN_HASH = "sha256(convert_to(x.id::text, 'UTF8'))"

_FILL_SYNTHETIC = f"""
INSERT INTO events (event_id, stream_id, stream_version, event_type, recorded_at, envelope, prev_hash, hash)
SELECT x.id::uuid, 'commune_progress:' || x.code, x.v, 'CriterionAssessed', x.day::timestamptz, {_ENVELOPE},
       {_STAND_IN_HASH}, {_STAND_IN_HASH}
FROM (SELECT '00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0') AS id,
             'H' || lpad((i / 100)::text, 6, '0') AS code,
             'HD' || lpad((i / 2000)::text, 4, '0') AS district, (i % 100)::int + 1 AS v,
             (date '2012-01-01' + (i % 3000)::int)::text AS day
      FROM generate_series($1::bigint, $2::bigint - 1) AS g(i)) AS x
"""

_FILL_REAL = f"""
INSERT INTO events (event_id, stream_id, stream_version, event_type, recorded_at, envelope, prev_hash, hash)
SELECT x.id::uuid, 'commune_progress:' || x.code, x.v, 'CriterionAssessed', x.day::timestamptz, {_ENVELOPE},
       {_STAND_IN_HASH}, {_STAND_IN_HASH}
FROM (SELECT gen_random_uuid()::text AS id, c.code, c.district,
             (coalesce((SELECT max(stream_version) FROM events WHERE stream_id = 'commune_progress:' || c.code), 0)
              + k)::int AS v,
             (date '2012-01-01' + k)::text AS day
      FROM unnest($1::text[], $2::text[]) AS c(code, district), generate_series(1, $3::int) AS k) AS x
"""


async def measure_all(stack: Stack, communes, seconds: float, connections: int, servers: dict[str, int | None],
                      work_dir: Path, big_history: int = 5_000_000, profile: Path | None = None) -> dict:
    """Warm-up, then the load on the store as it is, at 10,000 events and at `big_history` events."""
    schema = f"progress_{stack.id}"
    await measure_load(stack, communes, 2, connections, servers, work_dir)  # warm-up: not reported
    figures = await measure_load(stack, communes, seconds, connections, servers, work_dir, profile)
    for upto, key in ((10_000, "10k"), (big_history, "5m")):
        started = time.monotonic()
        count = await fill_history(stack.database_url, schema, communes, upto)
        filled_s = time.monotonic() - started
        again = await measure_load(stack, communes, seconds, connections, servers, work_dir)
        figures |= {
            f"command_p99_ms_at_{key}_events": again["command_p99_ms"],
            f"commands_per_s_at_{key}_events": again["commands_per_s"],
            f"history_events_at_{key}": count,
            f"history_fill_s_at_{key}": round(filled_s, 1),
        }
    return figures | relay_figures(stack.log("progress"))  # over all runs

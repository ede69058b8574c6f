"""NtmFacts: the registry and progress topics folded into the fact tables of one service's schema.

One batch is written with at most one statement per table (inserts through unnest arrays,
appends through binary COPY), never one round trip per event: a rebuild from offset 0 of a
million events has to run at 50,000 events/s or more. Every table is append-only, so the rows a
batch writes do not depend on how the topics were split into batches.
"""
from collections.abc import Iterable, Sequence

import asyncpg

from contracts.topics import PROGRESS_EVENTS, REGISTRY_EVENTS
from thidua_kernel.blue_green import here

from .rows import FactRows, decode_fact_envelope, fact_rows

# Keyed tables: a repeated delivery of an event (the outbox relay publishes at least once) is a no-op.
INSERT_UNIT_CHANGES = """
INSERT INTO ntm_unit_changes (code, stream_version, change, effective_date, recorded_at, level, unit_type, name,
    parent_code, successor_code, successor_codes, document_number)
SELECT c, v, k, d, r, l, t, n, p, s, ss::jsonb, doc
FROM unnest($1::text[], $2::integer[], $3::text[], $4::date[], $5::timestamptz[], $6::text[], $7::text[], $8::text[],
    $9::text[], $10::text[], $11::text[], $12::text[]) AS x(c, v, k, d, r, l, t, n, p, s, ss, doc)
ON CONFLICT (code, stream_version) DO NOTHING
"""
# Member lists are arrays of different lengths, which unnest cannot carry: clusters are few.
INSERT_CLUSTER = """
INSERT INTO ntm_clusters (code, stream_version, effective_from, recorded_at, kind, name, member_codes)
VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code, stream_version) DO NOTHING
"""
INSERT_CRITERIA_SETS = """
INSERT INTO ntm_criteria_sets (set_id, stream_version, recorded_at, decision, effective_from, criteria)
SELECT s, v, r, d, f, c::jsonb
FROM unnest($1::text[], $2::integer[], $3::timestamptz[], $4::text[], $5::date[], $6::text[]) AS x(s, v, r, d, f, c)
ON CONFLICT (set_id, stream_version) DO NOTHING
"""
INSERT_TARGETS = """
INSERT INTO ntm_targets (unit_code, year, stream_version, recorded_at, ntm_rate)
SELECT * FROM unnest($1::text[], $2::integer[], $3::integer[], $4::timestamptz[], $5::double precision[])
ON CONFLICT (unit_code, year, stream_version) DO NOTHING
"""
INSERT_PARTICIPANTS = """
INSERT INTO ntm_participants (code, stream_version, recorded_at, kind, name, parent_code, address, effective_from,
    document_number, personal_data)
SELECT * FROM unnest($1::text[], $2::integer[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[],
    $8::date[], $9::text[], $10::text[])
ON CONFLICT (code, stream_version) DO NOTHING
"""
INSERT_PLEDGES = """
INSERT INTO ntm_pledges (supporter_code, supported_code, stream_version, recorded_at, effective_from, document_number)
SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::timestamptz[], $5::date[], $6::text[])
ON CONFLICT (supporter_code, supported_code, stream_version) DO NOTHING
"""
RECOGNITION_COLUMNS = ("commune_code", "effective_date", "stream_version", "recorded_at", "recognised",
                       "decision_number", "criteria_set_id")
ASSESSMENT_COLUMNS = ("commune_code", "criterion", "effective_date", "stream_version", "recorded_at", "met",
                      "criteria_set_id", "evidence", "indicator_values", "document_number")
# The two indexes of the appended tables (as in migrations/001_ntm_facts.sql). A long replay drops
# them and builds them once at its end: maintaining them row by row cost PostgreSQL more than
# the rows themselves (COPY of assessments: ~110,000 rows/s with the index, ~210,000 without).
# Index name -> (table, columns); the DDL names the current schema (a blue/green build's is its own).
REPLAY_INDEXES = {
    "ntm_recognitions_latest": ("ntm_recognitions", "(commune_code, effective_date, stream_version)"),
    "ntm_assessments_latest": ("ntm_assessments", "(commune_code, criterion, effective_date, stream_version)"),
}
FACT_TABLES = ("ntm_unit_changes", "ntm_clusters", "ntm_criteria_sets", "ntm_targets", "ntm_recognitions",
               "ntm_assessments", "ntm_participants", "ntm_pledges")


def _columns(rows: Iterable[Sequence]) -> list[list]:
    return [list(column) for column in zip(*rows)]


async def write_fact_rows(conn: asyncpg.Connection, rows: FactRows) -> None:
    """Write one batch's rows inside the caller's transaction, one statement per table at most."""
    if rows.unit_changes:
        await conn.execute(INSERT_UNIT_CHANGES, *_columns(rows.unit_changes))
    if rows.clusters:
        await conn.executemany(INSERT_CLUSTER, rows.clusters)
    if rows.criteria_sets:
        await conn.execute(INSERT_CRITERIA_SETS, *_columns(rows.criteria_sets))
    if rows.targets:
        await conn.execute(INSERT_TARGETS, *_columns(rows.targets))
    if rows.participants:
        await conn.execute(INSERT_PARTICIPANTS, *_columns(rows.participants))
    if rows.pledges:
        await conn.execute(INSERT_PLEDGES, *_columns(rows.pledges))
    if rows.recognitions:
        await conn.copy_records_to_table("ntm_recognitions", records=rows.recognitions, columns=RECOGNITION_COLUMNS)
    if rows.assessments:
        await conn.copy_records_to_table("ntm_assessments", records=rows.assessments, columns=ASSESSMENT_COLUMNS)


class NtmFacts:
    """Units over time, clusters, criteria sets, assessments, recognitions, targets, participants
    and support pledges, as facts."""

    name = "ntm_facts"
    topics = (REGISTRY_EVENTS, PROGRESS_EVENTS)
    # Every table it writes: it can be rebuilt blue/green (kernel blue_green.py).
    blue_green_tables = FACT_TABLES

    # rows.py's msgspec structs: only the envelope and payload fields the tables take.
    decoder = staticmethod(decode_fact_envelope)
    # The partitions may commit side by side (each batch with its own partition's offsets). Every
    # row belongs to one aggregate and the Kafka key is the aggregate id, so one aggregate's
    # events are in one partition, in order: the keyed tables (units, clusters, criteria sets,
    # targets, participants, pledges) are keyed by that aggregate plus its stream version (a
    # pledge's aggregate is "supporter:supported"), so two partitions never write the same key;
    # recognitions and assessments are plain appends. No table sums or overwrites across
    # aggregates (the queries fold the facts at read time), so no row needs an order between
    # partitions, and the result is the same for any interleaving.
    partition_parallel = True

    @property
    def helper_processes(self) -> bool:
        """A long replay may run partitions in helper processes, which write the rows only. A
        subclass with its own `write` (progress's CachedNtmFacts tells its unit cache of each
        write) must see every write in its own process, so it replays there."""
        return type(self).write is NtmFacts.write

    def prepare(self, events: list) -> FactRows:
        """Pure CPU: the runner overlaps it with the previous batch's commit."""
        return fact_rows(events)

    async def write(self, conn: asyncpg.Connection, rows: FactRows) -> None:
        # The commit waits for the WAL flush (no `synchronous_commit = off` here): when PostgreSQL
        # crashes and the service runs on, the runner's consumer has moved past the batch, so a
        # commit acknowledged and then lost with the crash would lose its rows for good (the
        # offsets are read again only at a start). Seen in the fault suite: kill -9 PostgreSQL.
        await write_fact_rows(conn, rows)

    async def apply(self, conn: asyncpg.Connection, events: list) -> None:
        await self.write(conn, self.prepare(events))

    async def reset(self, conn: asyncpg.Connection) -> None:
        await conn.execute(f"TRUNCATE {', '.join(FACT_TABLES)}")

    async def before_replay(self, conn: asyncpg.Connection) -> None:
        """A long catch-up begins: the queries are incomplete until it ends anyway."""
        for name in REPLAY_INDEXES:
            await conn.execute(f"DROP INDEX IF EXISTS {await here(conn, name)}")

    async def after_replay(self, conn: asyncpg.Connection) -> None:
        """At every start and after a long catch-up: the indexes are there (a no-op if they are)."""
        async with conn.transaction():
            await conn.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for name, (table, columns) in REPLAY_INDEXES.items():
                await conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {await here(conn, table)} {columns}")

"""NtmFacts: the registry and progress topics folded into reporting's own fact tables.

One batch is written with at most one statement per table (upserts through unnest arrays,
appends through binary COPY), never one round trip per event: a rebuild from offset 0 of a
million events has to run at 50,000 events/s or more.
"""
from collections.abc import Iterable, Sequence

import asyncpg

from contracts.envelope import EventEnvelope
from contracts.topics import PROGRESS_EVENTS, REGISTRY_EVENTS

from .facts import FactRows, fact_rows

UPSERT_UNITS = """
INSERT INTO units (code, level, unit_type, name, parent_code, effective_from)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[])
ON CONFLICT (code) DO UPDATE SET level = EXCLUDED.level, unit_type = EXCLUDED.unit_type, name = EXCLUDED.name,
    parent_code = EXCLUDED.parent_code, effective_from = EXCLUDED.effective_from
"""
UPSERT_DISSOLUTIONS = """
INSERT INTO unit_dissolutions (code, effective_to, successor_code)
SELECT * FROM unnest($1::text[], $2::date[], $3::text[])
ON CONFLICT (code) DO UPDATE SET effective_to = EXCLUDED.effective_to, successor_code = EXCLUDED.successor_code
"""
# Member lists are arrays of different lengths, which unnest cannot carry: clusters are few.
UPSERT_CLUSTER = """
INSERT INTO clusters (code, effective_from, kind, name, member_codes) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (code, effective_from) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name,
    member_codes = EXCLUDED.member_codes
"""
UPSERT_CRITERIA_SETS = """
INSERT INTO criteria_sets (set_id, decision, effective_from, criteria)
SELECT s, d, f, c::jsonb FROM unnest($1::text[], $2::text[], $3::date[], $4::text[]) AS t(s, d, f, c)
ON CONFLICT (set_id) DO UPDATE SET decision = EXCLUDED.decision, effective_from = EXCLUDED.effective_from,
    criteria = EXCLUDED.criteria
"""
UPSERT_TARGETS = """
INSERT INTO targets (unit_code, year, ntm_rate)
SELECT * FROM unnest($1::text[], $2::integer[], $3::double precision[])
ON CONFLICT (unit_code, year) DO UPDATE SET ntm_rate = EXCLUDED.ntm_rate
"""
RECOGNITION_COLUMNS = ("commune_code", "effective_date", "stream_version", "recognised", "decision_number")
ASSESSMENT_COLUMNS = ("commune_code", "criterion", "effective_date", "stream_version", "met", "criteria_set_id")
FACT_TABLES = "units, unit_dissolutions, clusters, recognitions, criteria_sets, criterion_assessments, targets"


def _columns(rows: Iterable[Sequence]) -> list[list]:
    return [list(column) for column in zip(*rows)]


async def write_fact_rows(conn: asyncpg.Connection, rows: FactRows) -> None:
    """Write one batch's rows inside the caller's transaction, one statement per table at most."""
    if rows.units:
        await conn.execute(UPSERT_UNITS, *_columns(rows.units.values()))
    if rows.dissolutions:
        await conn.execute(UPSERT_DISSOLUTIONS, *_columns(rows.dissolutions.values()))
    if rows.clusters:
        await conn.executemany(UPSERT_CLUSTER, list(rows.clusters.values()))
    if rows.criteria_sets:
        await conn.execute(UPSERT_CRITERIA_SETS, *_columns(rows.criteria_sets.values()))
    if rows.targets:
        await conn.execute(UPSERT_TARGETS, *_columns(rows.targets.values()))
    if rows.recognitions:
        await conn.copy_records_to_table("recognitions", records=rows.recognitions, columns=RECOGNITION_COLUMNS)
    if rows.assessments:
        await conn.copy_records_to_table(
            "criterion_assessments", records=rows.assessments, columns=ASSESSMENT_COLUMNS
        )


class NtmFacts:
    """Units, clusters, criteria sets, assessments, recognitions and targets, as facts (R2, P5)."""

    name = "ntm_facts"
    topics = (REGISTRY_EVENTS, PROGRESS_EVENTS)

    light_envelopes = True  # read by field name in facts.py: no pydantic pass per event

    def prepare(self, events: list[EventEnvelope]) -> FactRows:
        """Pure CPU: the runner overlaps it with the previous batch's commit."""
        return fact_rows(events)

    async def write(self, conn: asyncpg.Connection, rows: FactRows) -> None:
        # The rows and the Kafka offsets commit together: a commit lost in a crash loses both,
        # and the batch is read again. So the commit need not wait for the WAL flush.
        await conn.execute("SET LOCAL synchronous_commit = off")
        await write_fact_rows(conn, rows)

    async def apply(self, conn: asyncpg.Connection, events: list[EventEnvelope]) -> None:
        await self.write(conn, self.prepare(events))

    async def reset(self, conn: asyncpg.Connection) -> None:
        await conn.execute(f"TRUNCATE {FACT_TABLES}")

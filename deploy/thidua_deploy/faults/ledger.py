"""The drill's ledger: every event exactly once in PostgreSQL, on Kafka and in each projection.

Read once the pipeline has settled (`settled`): each writing service's events table and outbox,
its topic from offset 0, and the rows each consuming projection keeps per event. A projection's
rows are matched to the events by the key it stores them under, counted (a Counter, so an event
applied twice shows as 2 and a row of no event as an extra key): the rows must equal the events.
"""
from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from contracts.topics import PROGRESS_EVENTS, REGISTRY_EVENTS

from ..isolated import Stack, read_topic

WRITERS = {"registry": REGISTRY_EVENTS, "progress": PROGRESS_EVENTS}
NTM_FACTS_SCHEMAS = ("progress", "awards", "reporting")  # each runs the shared ntm_facts projection
# (event type, projection, table, the SQL of the key it stores one event under, the same key of an event)
CONSUMERS = [
    ("UnitRegistered", "registry.unit_directory", "registry", "unit_events", "event_id::text",
     lambda e: e["event_id"]),
    *[("UnitRegistered", f"{s}.ntm_facts", s, "ntm_unit_changes", "code || '/' || stream_version",
       lambda e: f"{e['aggregate_id']}/{e['aggregate_version']}") for s in NTM_FACTS_SCHEMAS],
    *[("CriterionAssessed", f"{s}.ntm_facts", s, "ntm_assessments", "commune_code || '/' || stream_version",
       lambda e: f"{e['aggregate_id']}/{e['aggregate_version']}") for s in NTM_FACTS_SCHEMAS],
]
EVENTS_SQL = """SELECT event_id::text, event_type, envelope->>'aggregate_id' AS aggregate_id,
    (envelope->>'aggregate_version')::int AS aggregate_version, envelope->'payload'->>'evidence' AS evidence
FROM {schema}.events"""


@dataclass
class Census:
    events: dict[str, list[dict[str, Any]]]  # writer -> its events table
    outbox: dict[str, int]
    kafka: dict[str, Counter[str]]  # writer -> event ids on its topic, counted
    projections: dict[tuple[str, str], Counter[str]]  # (projection, table) -> keys of its rows, counted
    problems: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, int]:
        return {"events_pg": sum(map(len, self.events.values())),
                "events_kafka": sum(sum(c.values()) for c in self.kafka.values()),
                "projection_rows": sum(sum(c.values()) for c in self.projections.values()),
                "duplicates": self.duplicates}

    @property
    def duplicates(self) -> int:
        doubled_on_kafka = sum(n - 1 for c in self.kafka.values() for n in c.values() if n > 1)
        doubled_in_projections = sum(n - 1 for c in self.projections.values() for n in c.values() if n > 1)
        evidence = Counter(e["evidence"] for es in self.events.values() for e in es if e["evidence"])
        doubled_commands = sum(n - 1 for n in evidence.values() if n > 1)  # a command appended twice
        return doubled_on_kafka + doubled_in_projections + doubled_commands


def schema(stack: Stack, service: str) -> str:
    return f"{service}_{stack.id}"


async def _pg_census(stack: Stack) -> tuple[dict, dict, dict]:
    conn = await asyncpg.connect(stack.database_url, timeout=10)
    try:
        events, outbox, projections = {}, {}, {}
        for writer in WRITERS:
            s = schema(stack, writer)
            events[writer] = [dict(r) for r in await conn.fetch(EVENTS_SQL.format(schema=s))]
            outbox[writer] = await conn.fetchval(f"SELECT count(*) FROM {s}.outbox")
        for _, projection, service, table, key_sql, _ in CONSUMERS:
            rows = await conn.fetch(f"SELECT {key_sql} AS key FROM {schema(stack, service)}.{table}")
            projections[(projection, table)] = Counter(r["key"] for r in rows)
        return events, outbox, projections
    finally:
        await conn.close()


def take_census(stack: Stack, acknowledged_event_ids: Iterable[str]) -> Census:
    """Everything recorded now, and what is wrong with it (`problems`, empty when all holds)."""
    events, outbox, projections = asyncio.run(_pg_census(stack))
    kafka = {w: Counter(r["event_id"] for r in read_topic(stack.kafka, stack.topic(t))) for w, t in WRITERS.items()}
    census = Census(events, outbox, kafka, projections)
    problems = census.problems
    in_pg = {e["event_id"] for es in events.values() for e in es}
    missing = set(acknowledged_event_ids) - in_pg
    if missing:
        problems.append(f"{len(missing)} acknowledged events not in PostgreSQL, e.g. {sorted(missing)[:3]}")
    for writer, es in events.items():
        ids = Counter(e["event_id"] for e in es)
        if outbox[writer]:
            problems.append(f"{writer}: {outbox[writer]} events still in the outbox")
        if kafka[writer] != ids:
            problems.append(f"{writer}: Kafka holds {_difference(kafka[writer], ids)}")
    every_event = [e for es in events.values() for e in es]
    for event_type, projection, _, table, _, key in CONSUMERS:
        expected = Counter(key(e) for e in every_event if e["event_type"] == event_type)
        found = projections[(projection, table)]
        if found != expected:
            problems.append(f"{projection} ({table}) holds {_difference(found, expected)}")
    if census.duplicates:
        problems.append(f"{census.duplicates} duplicates")
    return census


def _difference(found: Counter[str], expected: Counter[str]) -> str:
    doubled = [k for k, n in found.items() if n > 1]
    missing = [k for k in expected if k not in found]
    extra = [k for k in found if k not in expected]
    return (f"{sum(found.values())} entries for {sum(expected.values())} events: doubled {doubled[:3]}"
            f" ({len(doubled)}), missing {missing[:3]} ({len(missing)}), of no event {extra[:3]} ({len(extra)})")

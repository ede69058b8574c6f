"""Progress's own projection, batch-oriented: one statement per table per batch, never one per event.

Units, rates and every as-of/known-at view come from the shared NTM facts (thidua_facts'
NtmFacts, run beside this one: bootstrap.py); this projection keeps the criteria sets and
targets lists (GET /criteria-sets, GET /targets).

Each batch arrives in partition order and events of one aggregate share a partition (the key is
the aggregate id), so folding a batch into "last word per key" before writing keeps their order.
The topics are shared by every producer of the deployment: unknown event types are skipped,
and rows keyed by event id make a replayed event harmless.
"""
import asyncpg
import orjson

from contracts.envelope import EventEnvelope
from contracts.progress import CriteriaSetPublished, TargetSet
from contracts.topics import PROGRESS_EVENTS

UPSERT_SETS = """
INSERT INTO criteria_sets (set_id, decision, decision_date, effective_from, title_vi, title_en, criteria,
    first_published_at)
SELECT s, d, dd, ef, tv, te, c::jsonb, pa
FROM unnest($1::text[], $2::text[], $3::date[], $4::date[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
    AS t(s, d, dd, ef, tv, te, c, pa)
ON CONFLICT (set_id) DO UPDATE SET decision = EXCLUDED.decision, decision_date = EXCLUDED.decision_date,
    effective_from = EXCLUDED.effective_from, title_vi = EXCLUDED.title_vi, title_en = EXCLUDED.title_en,
    criteria = EXCLUDED.criteria
"""
UPSERT_TARGETS = """
INSERT INTO targets (unit_code, year, ntm_rate, recorded_at)
SELECT * FROM unnest($1::text[], $2::int[], $3::float8[], $4::timestamptz[])
ON CONFLICT (unit_code, year) DO UPDATE SET ntm_rate = EXCLUDED.ntm_rate, recorded_at = EXCLUDED.recorded_at
"""


class ProgressView:
    """PROGRESS_EVENTS → the lists of criteria sets and targets (GET /criteria-sets, GET /targets).

    Assessments and recognitions are read from the shared facts only (migrations/004 dropped the
    tables this projection once kept of them, which no query read)."""

    name = "progress_view"
    topics = (PROGRESS_EVENTS,)
    # All it writes, and no state elsewhere: it can be rebuilt blue/green (kernel blue_green.py).
    blue_green_tables = ("criteria_sets", "targets")

    async def apply(self, conn: asyncpg.Connection, events: list[EventEnvelope]) -> None:
        sets: dict[str, tuple] = {}
        targets: dict[tuple[str, int], tuple] = {}
        for e in events:
            if e.event_type == "CriteriaSetPublished":
                s = CriteriaSetPublished.model_validate(e.payload)
                criteria = orjson.dumps([c.model_dump(mode="json") for c in s.criteria]).decode()
                sets[s.set_id] = (s.set_id, s.decision, s.decision_date, s.effective_from, s.title_vi, s.title_en,
                                  criteria, e.recorded_at)
            elif e.event_type == "TargetSet":
                t = TargetSet.model_validate(e.payload)
                targets[(t.unit_code, t.year)] = (t.unit_code, t.year, t.ntm_rate, e.recorded_at)
        for sql, rows in ((UPSERT_SETS, list(sets.values())), (UPSERT_TARGETS, list(targets.values()))):
            if rows:
                await conn.execute(sql, *map(list, zip(*rows)))

    async def reset(self, conn: asyncpg.Connection) -> None:
        await conn.execute("TRUNCATE criteria_sets, targets")

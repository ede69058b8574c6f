"""ReferenceProjection: PROGRESS_EVENTS → the criteria sets' publications and entered thresholds,
provinces' regions and communes' plans (P2, P6), for reference_views.

Append-only rows keyed by event id: replays are harmless and `known_at` queries need no more.
It reads light envelopes (the topic is dominated by CriterionAssessed, which it skips on the
event type alone) and validates only the few events it keeps, with the contract models.
"""
from collections.abc import Callable
from dataclasses import dataclass, field

import asyncpg
import orjson

from contracts.progress import CommunePlanRecorded, CriteriaSetPublished, RegionDeclared, ThresholdSet
from contracts.topics import PROGRESS_EVENTS

from .domain.reference import plan_id

INSERT_PUBLICATIONS = """
INSERT INTO criteria_set_publications (event_id, set_id, aggregate_version, recorded_at, content)
SELECT e::uuid, s, v, r::timestamptz, c::jsonb FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[])
    AS t(e, s, v, r, c)
ON CONFLICT (event_id) DO NOTHING
"""
INSERT_THRESHOLDS = """
INSERT INTO threshold_entries (event_id, set_id, aggregate_version, recorded_at, criterion, indicator, region, year,
    comparison, value, unit)
SELECT e::uuid, s, v, r::timestamptz, n, i, g, y, c, x, u
FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::int[], $6::text[], $7::text[], $8::int[], $9::text[],
    $10::float8[], $11::text[]) AS t(e, s, v, r, n, i, g, y, c, x, u)
ON CONFLICT (event_id) DO NOTHING
"""
INSERT_REGIONS = """
INSERT INTO region_declarations (event_id, province_code, region, effective_from, aggregate_version, recorded_at)
SELECT e::uuid, p, g, f, v, r::timestamptz
FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::int[], $6::text[]) AS t(e, p, g, f, v, r)
ON CONFLICT (event_id) DO NOTHING
"""
# Plans carry arrays of different lengths, which unnest cannot: one parameter set per plan.
INSERT_PLAN = """
INSERT INTO commune_plans (event_id, plan_id, commune_code, district_code, period, period_start, period_end,
    content_areas, criteria, document_number, approved_on, aggregate_version, recorded_at)
VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::text::timestamptz)
ON CONFLICT (event_id) DO NOTHING
"""
KEPT = frozenset(("CriteriaSetPublished", "ThresholdSet", "RegionDeclared", "CommunePlanRecorded"))


@dataclass
class ReferenceRows:
    publications: list[tuple] = field(default_factory=list)
    thresholds: list[tuple] = field(default_factory=list)
    regions: list[tuple] = field(default_factory=list)
    plans: list[tuple] = field(default_factory=list)


class ReferenceProjection:
    """`on_set_changed(set_id)` and `on_region_changed(province_code)` hear of every criteria set
    event and region declaration applied (the commands' caches, adapters/criteria_sets.py and
    adapters/regions.py, read that stream again before its next use)."""

    name = "progress_reference"
    topics = (PROGRESS_EVENTS,)
    light_envelopes = True
    blue_green_tables = ("criteria_set_publications", "threshold_entries", "region_declarations", "commune_plans")

    def __init__(self, on_set_changed: Callable[[str], None] = lambda set_id: None,
                 on_region_changed: Callable[[str], None] = lambda province_code: None) -> None:
        self._on_set_changed = on_set_changed
        self._on_region_changed = on_region_changed

    def for_blue_green(self) -> "ReferenceProjection":
        """A blue/green build's instance (kernel blue_green.py): it tells no cache. The caches read
        the event store, not these tables, so a switch needs no after_switch."""
        return ReferenceProjection()

    def prepare(self, events: list) -> ReferenceRows:
        rows = ReferenceRows()
        for e in events:
            kind = e.event_type
            if kind not in KEPT:
                continue
            head = (str(e.event_id),)
            recorded_at = _iso(e.recorded_at)
            if kind == "CriteriaSetPublished":
                s = CriteriaSetPublished.model_validate(e.payload)
                rows.publications.append((*head, s.set_id, e.aggregate_version, recorded_at,
                                          orjson.dumps(s.model_dump(mode="json")).decode()))
            elif kind == "ThresholdSet":
                t = ThresholdSet.model_validate(e.payload)
                rows.thresholds.append((*head, t.set_id, e.aggregate_version, recorded_at, t.criterion, t.indicator,
                                        t.region, t.year, t.comparison, t.value, t.unit))
            elif kind == "RegionDeclared":
                r = RegionDeclared.model_validate(e.payload)
                rows.regions.append((*head, r.province_code, r.region, r.effective_from, e.aggregate_version,
                                     recorded_at))
            else:
                p = CommunePlanRecorded.model_validate(e.payload)
                rows.plans.append((*head, plan_id(p.commune_code, p.period), p.commune_code, p.district_code,
                                   p.period, p.period_start, p.period_end, p.content_areas, p.criteria,
                                   p.document_number, p.approved_on, e.aggregate_version, recorded_at))
        return rows

    async def write(self, conn: asyncpg.Connection, rows: ReferenceRows) -> None:
        for sql, batch in ((INSERT_PUBLICATIONS, rows.publications), (INSERT_THRESHOLDS, rows.thresholds),
                           (INSERT_REGIONS, rows.regions)):
            if batch:
                await conn.execute(sql, *map(list, zip(*batch)))
        if rows.plans:
            await conn.executemany(INSERT_PLAN, rows.plans)
        for set_id in {r[1] for r in (*rows.publications, *rows.thresholds)}:
            self._on_set_changed(set_id)
        for province_code in {r[1] for r in rows.regions}:
            self._on_region_changed(province_code)

    async def apply(self, conn: asyncpg.Connection, events: list) -> None:
        """The one-step form of the Projection protocol (tests, or a runner without `prepare`)."""
        await self.write(conn, self.prepare(events))

    async def reset(self, conn: asyncpg.Connection) -> None:
        await conn.execute("TRUNCATE criteria_set_publications, threshold_entries, region_declarations, commune_plans")


def _iso(value) -> str:
    """Light envelopes carry times as ISO strings; full ones (apply in tests) as datetimes."""
    return value if isinstance(value, str) else value.isoformat()

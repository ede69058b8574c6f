"""Read-only queries over reference_projection's tables: criteria sets with their thresholds,
regions, content areas and communes' plans (P2, P6).

Every query takes `known_at` (recorded time, default: everything recorded): the rows are
append-only, so "as it was known then" is the latest row recorded at or before it. Thresholds
are selected with the same functions the command side judges with (domain/thresholds.py).
"""
from datetime import date, datetime
from typing import Any

import asyncpg
import orjson

from thidua_kernel.errors import NotFound

from . import mapping
from .adapters.reference_data import builtin_reference, content_areas_document
from .domain.model import Threshold
from .domain.reference import ProvinceRegion, RegionDeclaration
from .domain.thresholds import ThresholdEntry, select, with_entries
from .domain.threshold_rules import p2_region_known

KNOWN = "($2::timestamptz IS NULL OR recorded_at <= $2)"  # $2: known_at (None: all recorded)


async def criteria_set(pool: asyncpg.Pool, set_id: str, region: str | None, year: int | None,
                       known_at: datetime | None) -> dict[str, Any]:
    """A set's criteria, indicators and thresholds; `region`/`year` keep the thresholds that judge them."""
    reference = builtin_reference()
    if region is not None:
        p2_region_known(region, reference, general_allowed=True)
    published = await pool.fetchrow(
        f"SELECT content::text, aggregate_version FROM criteria_set_publications WHERE set_id = $1 AND {KNOWN}"
        " ORDER BY aggregate_version DESC LIMIT 1", set_id, known_at)
    if published is None:
        raise NotFound("P2", f"Không có bộ tiêu chí {set_id}.", f"No criteria set {set_id}.", set_id=set_id)
    rows = await pool.fetch(
        f"SELECT criterion, indicator, region, year, comparison, value, aggregate_version FROM threshold_entries"
        f" WHERE set_id = $1 AND {KNOWN} ORDER BY aggregate_version", set_id, known_at)
    entries = [ThresholdEntry(r["criterion"], r["indicator"], Threshold(r["region"], r["value"], r["comparison"],
                                                                          r["year"])) for r in rows]
    entered = {e.key: e.threshold for e in entries}
    content = orjson.loads(published["content"])
    judged = with_entries(mapping.criteria_set_from_payload(content), entries)
    names = {r.id: r for r in (reference.general, *reference.regions)}

    def threshold(number: int, code: str, t: Threshold) -> dict[str, Any]:
        shown = names.get(t.region)
        return {"region": t.region, "region_name_vi": shown.name_vi if shown else None, "comparison": t.comparison,
                "value": t.value, "year": t.year,
                "source": "entered" if entered.get((number, code, t.region, t.year)) == t else "published"}

    return {
        "set_id": judged.set_id, "decision": judged.decision, "decision_date": judged.decision_date,
        "effective_from": judged.effective_from, "title_vi": judged.title_vi, "title_en": judged.title_en,
        "version": max([published["aggregate_version"], *(r["aggregate_version"] for r in rows)]),
        "known_at": known_at,
        "region": region, "year": year,
        "criteria": [
            {"number": c.number, "group": c.group, "name_vi": c.name_vi, "name_en": c.name_en,
             "indicators": [
                 {"code": i.code, "name_vi": i.name_vi, "name_en": i.name_en, "unit": i.unit,
                  "thresholds": [threshold(c.number, i.code, t) for t in select(i.thresholds, region, year)]}
                 for i in c.indicators]}
            for c in judged.criteria],
    }


async def regions(pool: asyncpg.Pool, as_of: date, known_at: datetime | None) -> dict[str, Any]:
    """The regions of the criteria sets, each with the provinces declared in it on `as_of`."""
    reference = builtin_reference()
    rows = await pool.fetch(
        "SELECT province_code, region, effective_from, aggregate_version FROM region_declarations"
        " WHERE ($1::timestamptz IS NULL OR recorded_at <= $1) ORDER BY province_code, aggregate_version", known_at)
    provinces: dict[str, ProvinceRegion] = {}
    for r in rows:
        declared = provinces.setdefault(r["province_code"], ProvinceRegion(r["province_code"]))
        declared.declarations.append(RegionDeclaration(r["region"], r["effective_from"], r["aggregate_version"]))
    members: dict[str, list[str]] = {}
    for code, declared in provinces.items():
        region = declared.region_on(as_of)
        if region is not None:
            members.setdefault(region, []).append(code)
    return {
        "as_of": as_of.isoformat(), "known_at": known_at,
        "general": {"id": reference.general.id, "name_vi": reference.general.name_vi,
                    "name_en": reference.general.name_en},
        "regions": [{"id": r.id, "name_vi": r.name_vi, "name_en": r.name_en,
                     "provinces": sorted(members.get(r.id, []))} for r in reference.regions],
    }


def content_areas() -> dict[str, Any]:
    """P6: the 11 content areas of Decision 800/QĐ-TTg, as shipped."""
    return content_areas_document()


async def commune_plans(pool: asyncpg.Pool, code: str, known_at: datetime | None) -> dict[str, Any]:
    """P6: per period, the commune's latest recorded plan (and how many recordings it took)."""
    names = {a.id: a for a in builtin_reference().content_areas}
    rows = await pool.fetch(
        "SELECT DISTINCT ON (period) period, period_start, period_end, district_code, content_areas, criteria,"
        " document_number, approved_on, recorded_at, count(*) OVER (PARTITION BY period) AS revisions"
        f" FROM commune_plans WHERE commune_code = $1 AND {KNOWN}"
        " ORDER BY period, aggregate_version DESC", code, known_at)
    plans = [
        {**{k: r[k] for k in ("period", "period_start", "period_end", "district_code", "criteria",
                              "document_number", "approved_on", "recorded_at", "revisions")},
         "content_areas": [{"id": a, "name_vi": names[a].name_vi if a in names else None,
                            "name_en": names[a].name_en if a in names else None} for a in r["content_areas"]]}
        for r in sorted(rows, key=lambda r: (r["period_start"], r["period_end"]))
    ]
    return {"commune_code": code, "known_at": known_at, "plans": plans}

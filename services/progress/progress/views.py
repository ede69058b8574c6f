"""Read-only queries over the projections; every one is asked as of a date (U8: units of that date).

The readings match the command side: the set in force at a date is the one with the latest
`effective_from` on or before it (P2); per criterion the assessment in effect is the latest by
effective date, then by stream order, among those made under that set (P4).
"""
from datetime import date
from typing import Any

import asyncpg
import orjson

from thidua_kernel.errors import NotFound

EXISTS_ON = "effective_from <= $1 AND (effective_to IS NULL OR effective_to > $1)"
SET_IN_FORCE = (
    "SELECT set_id, decision, effective_from, criteria FROM criteria_sets WHERE effective_from <= $1"
    " ORDER BY effective_from DESC, first_published_at DESC LIMIT 1"
)
LATEST_ASSESSMENTS = (
    "SELECT DISTINCT ON (commune_code, criterion) commune_code, criterion, met, effective_date, evidence,"
    " indicator_values::text FROM assessments"
    " WHERE commune_code = ANY($1::text[]) AND criteria_set_id = $2 AND effective_date <= $3"
    " ORDER BY commune_code, criterion, effective_date DESC, aggregate_version DESC, recorded_at DESC"
)
STANDINGS = (
    "SELECT DISTINCT ON (commune_code) commune_code, recognised, decision_number, effective_date FROM standings"
    " WHERE commune_code = ANY($1::text[]) AND effective_date <= $2"
    " ORDER BY commune_code, effective_date DESC, aggregate_version DESC, recorded_at DESC"
)
RATES = """
WITH standing AS (
    SELECT DISTINCT ON (commune_code) commune_code, recognised FROM standings WHERE effective_date <= $1
    ORDER BY commune_code, effective_date DESC, aggregate_version DESC, recorded_at DESC),
xa AS (
    SELECT code, parent_code FROM units
    WHERE unit_type = 'rural_commune' AND effective_from <= $1 AND (effective_to IS NULL OR effective_to > $1))
SELECT d.code, d.name, d.parent_code AS province_code, count(xa.code) AS xa_count,
       count(xa.code) FILTER (WHERE s.recognised) AS recognised
FROM units d LEFT JOIN xa ON xa.parent_code = d.code LEFT JOIN standing s ON s.commune_code = xa.code
WHERE d.level = 'district' AND d.effective_from <= $1 AND (d.effective_to IS NULL OR d.effective_to > $1)
GROUP BY d.code, d.name, d.parent_code ORDER BY d.code
"""


async def list_criteria_sets(pool: asyncpg.Pool) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "SELECT set_id, decision, decision_date, effective_from, title_vi, title_en, criteria::text"
        " FROM criteria_sets ORDER BY effective_from, first_published_at"
    )
    return [{**dict(r), "criteria": orjson.loads(r["criteria"])} for r in rows]


async def commune_criteria(pool: asyncpg.Pool, code: str, as_of: date) -> dict[str, Any]:
    """The 19 criteria of one commune as of a date, with `met_count` and (separately, P4) `recognised`."""
    unit = await pool.fetchrow("SELECT code, name, unit_type, parent_code FROM units WHERE code = $1", code)
    if unit is None:
        raise NotFound("U1", f"Không có đơn vị mã {code}.", f"No unit with code {code}.", code=code)
    criteria_set, criteria = await _set_in_force(pool, as_of)
    cells = await _latest(pool, [code], criteria_set, as_of)
    standing = (await _standings(pool, [code], as_of)).get(code)
    rows = [_cell(c, cells.get((code, c["number"]))) for c in criteria]
    met_count = sum(r["met"] for r in rows)
    return {
        "commune_code": code, "name": unit["name"], "unit_type": unit["unit_type"],
        "district_code": unit["parent_code"], "as_of": as_of.isoformat(), "criteria_set": criteria_set,
        "criteria": rows, "met_count": met_count, "all_met": bool(rows) and met_count == len(rows),
        "recognised": bool(standing and standing["recognised"]),
        "standing": standing,
    }


async def district_matrix(pool: asyncpg.Pool, code: str, as_of: date) -> dict[str, Any]:
    """The district's xã (existing on the date) × the criteria of the set in force."""
    district = await pool.fetchrow("SELECT code, name, level FROM units WHERE code = $1", code)
    if district is None or district["level"] != "district":
        raise NotFound("U1", f"Không có huyện mã {code}.", f"No district-level unit with code {code}.", code=code)
    communes = await pool.fetch(
        f"SELECT code, name FROM units WHERE parent_code = $2 AND unit_type = 'rural_commune' AND {EXISTS_ON}"
        " ORDER BY code", as_of, code,
    )
    codes = [c["code"] for c in communes]
    criteria_set, criteria = await _set_in_force(pool, as_of)
    cells = await _latest(pool, codes, criteria_set, as_of)
    standings = await _standings(pool, codes, as_of)
    rows = []
    for c in communes:
        met = [bool(cells.get((c["code"], k["number"]), {}).get("met")) for k in criteria]
        standing = standings.get(c["code"])
        rows.append({"code": c["code"], "name": c["name"], "met": met, "met_count": sum(met),
                     "recognised": bool(standing and standing["recognised"])})
    return {
        "district_code": code, "name": district["name"], "as_of": as_of.isoformat(), "criteria_set": criteria_set,
        "criteria": [{"number": k["number"], "name_vi": k["name_vi"]} for k in criteria], "communes": rows,
    }


async def ntm_rates(pool: asyncpg.Pool, as_of: date) -> dict[str, Any]:
    """P5: per district and province, recognised xã / xã existing on the date (recognised and not revoked)."""
    districts = [dict(r) for r in await pool.fetch(RATES, as_of)]
    provinces: dict[str, dict[str, Any]] = {}
    for d in districts:
        d["rate"] = d["recognised"] / d["xa_count"] if d["xa_count"] else None
        p = provinces.setdefault(d["province_code"], {"code": d["province_code"], "xa_count": 0, "recognised": 0})
        p["xa_count"] += d["xa_count"]
        p["recognised"] += d["recognised"]
    for p in provinces.values():
        p["rate"] = p["recognised"] / p["xa_count"] if p["xa_count"] else None
    return {"as_of": as_of.isoformat(), "districts": districts, "provinces": list(provinces.values())}


async def list_targets(pool: asyncpg.Pool, unit_code: str | None) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "SELECT unit_code, year, ntm_rate FROM targets WHERE $1::text IS NULL OR unit_code = $1"
        " ORDER BY unit_code, year", unit_code,
    )
    return [dict(r) for r in rows]


async def _set_in_force(pool: asyncpg.Pool, as_of: date) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    row = await pool.fetchrow(SET_IN_FORCE, as_of)
    if row is None:
        return None, []
    criteria = sorted(orjson.loads(row["criteria"]), key=lambda c: c["number"])
    return {"set_id": row["set_id"], "decision": row["decision"], "effective_from": row["effective_from"]}, criteria


async def _latest(pool: asyncpg.Pool, codes: list[str], criteria_set: dict | None, as_of: date) -> dict:
    if criteria_set is None or not codes:
        return {}
    rows = await pool.fetch(LATEST_ASSESSMENTS, codes, criteria_set["set_id"], as_of)
    return {(r["commune_code"], r["criterion"]): dict(r) for r in rows}


async def _standings(pool: asyncpg.Pool, codes: list[str], as_of: date) -> dict[str, dict[str, Any]]:
    rows = await pool.fetch(STANDINGS, codes, as_of) if codes else []
    return {r["commune_code"]: {k: r[k] for k in ("recognised", "decision_number", "effective_date")} for r in rows}


def _cell(criterion: dict[str, Any], assessed: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "number": criterion["number"], "group": criterion["group"],
        "name_vi": criterion["name_vi"], "name_en": criterion["name_en"],
        "assessed": assessed is not None, "met": bool(assessed and assessed["met"]),
        "effective_date": assessed["effective_date"] if assessed else None,
        "evidence": assessed["evidence"] if assessed else None,
        "indicator_values": orjson.loads(assessed["indicator_values"]) if assessed else {},
    }

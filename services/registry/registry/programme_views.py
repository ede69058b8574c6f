"""Read-only queries on how units take part, each as of a date: pilots (U4, U5), pledges (U6),
plans (U7), movement registrations (A4), clusters and blocks (U2)."""
from datetime import date
from typing import Any

import asyncpg

from .domain.programme import COMMUNES_PER_SUBORDINATE_UNIT, PILOT_COMMUNES_PER_DISTRICT, plan_status
from .views import IN_FORCE, in_force


async def pilots(pool: asyncpg.Pool, as_of: date) -> dict[str, Any]:
    """The pilots in force, and per district its own pilot communes (U5: fewer than 2 is flagged)."""
    rows = [dict(r) for r in await pool.fetch(
        "SELECT p.level, p.unit_code, p.designated_by, p.effective_from, p.document_number, u.name, u.level AS"
        " unit_level, u.unit_type, u.parent_code FROM pilots p JOIN unit_versions u ON u.code = p.unit_code"
        f" AND {in_force('u')} WHERE p.effective_from <= $1"
        " ORDER BY p.level DESC, p.unit_code", as_of)]
    districts = await pool.fetch(
        f"SELECT code, name FROM unit_versions WHERE {IN_FORCE} AND level = 'district' ORDER BY code", as_of)
    summary = []
    for d in districts:
        own = [r["unit_code"] for r in rows
               if r["level"] == "district" and r["designated_by"] == d["code"] and r["parent_code"] == d["code"]]
        by_province = [r["unit_code"] for r in rows
                       if r["level"] == "province" and r["unit_level"] == "commune" and r["parent_code"] == d["code"]]
        summary.append({"code": d["code"], "name": d["name"], "pilot_communes": own, "count": len(own),
                        "below_minimum": len(own) < PILOT_COMMUNES_PER_DISTRICT,
                        "province_pilot_communes": by_province})
    return {
        "as_of": as_of,
        "minimum_per_district": PILOT_COMMUNES_PER_DISTRICT,
        "province_pilots": [r for r in rows if r["level"] == "province"],
        "district_pilots": [r for r in rows if r["level"] == "district"],
        "districts": summary,
        "districts_below_minimum": [s["code"] for s in summary if s["below_minimum"]],
    }


async def pledges(pool: asyncpg.Pool, as_of: date) -> dict[str, Any]:
    """Pledges in force over units that exist, with the U6 checks: departments supporting no district,
    subordinate units supporting fewer than 2 communes."""
    rows = [dict(r) for r in await pool.fetch(
        "SELECT g.supporter_code, s.kind AS supporter_kind, s.name AS supporter_name, g.supported_code,"
        " u.name AS supported_name, u.level AS supported_level, u.unit_type AS supported_type, g.effective_from,"
        " g.document_number FROM pledges g JOIN participants s ON s.code = g.supporter_code"
        f" JOIN unit_versions u ON u.code = g.supported_code AND {in_force('u')}"
        " WHERE g.effective_from <= $1 ORDER BY g.supporter_code, g.supported_code", as_of)]
    supporters = await pool.fetch(
        "SELECT code, kind, name, parent_code FROM participants WHERE effective_from <= $1"
        " AND kind IN ('department', 'subordinate_unit') ORDER BY code", as_of)
    without, below = [], []
    for s in supporters:
        mine = [r for r in rows if r["supporter_code"] == s["code"]]
        if s["kind"] == "department" and not any(r["supported_level"] == "district" for r in mine):
            without.append({"code": s["code"], "name": s["name"]})
        communes = [r for r in mine if r["supported_type"] in ("rural_commune", "township")]
        if s["kind"] == "subordinate_unit" and len(communes) < COMMUNES_PER_SUBORDINATE_UNIT:
            below.append({"code": s["code"], "name": s["name"], "department": s["parent_code"],
                          "communes": len(communes)})
    return {"as_of": as_of, "pledges": rows, "departments_without_district": without,
            "subordinate_units_below_two_communes": below}


async def plans(pool: asyncpg.Pool, as_of: date) -> dict[str, Any]:
    """Every plan with a deadline and what its record says on `as_of` (U7)."""
    rows = await pool.fetch(
        "SELECT plan_code, owner_code, title, due_date, submitted_on, submission_document FROM plans"
        " WHERE due_date IS NOT NULL ORDER BY due_date, plan_code")
    result = []
    for r in rows:
        status = plan_status(r["due_date"], r["submitted_on"], as_of)
        known = r["submitted_on"] is not None and r["submitted_on"] <= as_of
        result.append({**dict(r), "submitted_on": r["submitted_on"] if known else None,
                       "submission_document": r["submission_document"] if known else None, "status": status})
    counts = {s: sum(1 for p in result if p["status"] == s)
              for s in ("submitted_on_time", "submitted_late", "missing", "pending")}
    return {"as_of": as_of, "plans": result, "counts": counts}


async def movement_registrations(pool: asyncpg.Pool, as_of: date) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "SELECT unit_code, registered_on, document_number FROM movement_registrations WHERE registered_on <= $1"
        " ORDER BY unit_code", as_of)
    return [dict(r) for r in rows]


async def clusters(pool: asyncpg.Pool, as_of: date) -> list[dict[str, Any]]:
    """Clusters and blocks formed by `as_of`, each with its member list in force that day (U2)."""
    rows = await pool.fetch(
        "SELECT c.code, c.kind, c.name, m.member_codes, m.effective_from, f.formed_on FROM cluster_info c"
        " JOIN LATERAL (SELECT member_codes, effective_from FROM cluster_members WHERE code = c.code"
        "   AND effective_from <= $1 ORDER BY effective_from DESC LIMIT 1) m ON true"
        " JOIN LATERAL (SELECT min(effective_from) AS formed_on FROM cluster_members WHERE code = c.code) f ON true"
        " ORDER BY c.code", as_of)
    return [dict(r) for r in rows]

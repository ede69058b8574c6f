"""Read-only queries on how units take part, each at (as_of, known_at): pilots (U4, U5), pledges
(U6), plans (U7), movement registrations (A4), clusters and blocks (U2). Nothing recorded after
known_at is read. The rules (U5, U6, U7) are the shared ones (thidua_facts.domain.programme)
that reporting's consolidated report calls too."""
from typing import Any

import asyncpg

from thidua_facts.domain.programme import (
    COMMUNES_PER_SUBORDINATE_UNIT, PILOT_COMMUNES_PER_DISTRICT, PLAN_STATUSES, PilotOnDay, PledgeOnDay,
    SupporterOnDay, u5_districts_below_two_pilots, u6_pledge_flags, u7_plan_status,
)
from thidua_facts.timeframe import Timeframe

from .views import IN_FORCE, in_force


async def pilots(pool: asyncpg.Pool, tf: Timeframe) -> dict[str, Any]:
    """The pilots in force, and per district its own pilot communes (U5: fewer than 2 is flagged)."""
    rows = [dict(r) for r in await pool.fetch(
        "SELECT p.level, p.unit_code, p.designated_by, p.effective_from, p.document_number, u.name, u.level AS"
        " unit_level, u.unit_type, u.parent_code FROM pilots p JOIN unit_versions u ON u.code = p.unit_code"
        f" AND {in_force('u')} WHERE p.effective_from <= $1 AND p.recorded_at <= $2"
        " ORDER BY p.level DESC, p.unit_code", tf.as_of, tf.known_at)]
    districts = await pool.fetch(
        f"SELECT code, name FROM unit_versions WHERE {IN_FORCE} AND level = 'district' ORDER BY code",
        tf.as_of, tf.known_at)
    names = {d["code"]: d["name"] for d in districts}
    on_day = [PilotOnDay(r["level"], r["unit_code"], r["designated_by"], r["unit_level"], r["parent_code"])
              for r in rows]
    summary = [{"code": d.district_code, "name": names[d.district_code], "pilot_communes": list(d.own),
                "count": len(d.own), "below_minimum": d.below_minimum,
                "province_pilot_communes": list(d.province_pilot_communes)}
               for d in u5_districts_below_two_pilots(on_day, names)]
    return {
        **tf.as_json(),
        "minimum_per_district": PILOT_COMMUNES_PER_DISTRICT,
        "province_pilots": [r for r in rows if r["level"] == "province"],
        "district_pilots": [r for r in rows if r["level"] == "district"],
        "districts": summary,
        "districts_below_minimum": [s["code"] for s in summary if s["below_minimum"]],
    }


async def pledges(pool: asyncpg.Pool, tf: Timeframe) -> dict[str, Any]:
    """Pledges in force over units that exist, with the U6 checks: departments supporting no district,
    subordinate units supporting fewer than 2 communes."""
    rows = [dict(r) for r in await pool.fetch(
        "SELECT g.supporter_code, s.kind AS supporter_kind, s.name AS supporter_name, g.supported_code,"
        " u.name AS supported_name, u.level AS supported_level, u.unit_type AS supported_type, g.effective_from,"
        " g.document_number FROM pledges g JOIN participants s ON s.code = g.supporter_code AND s.recorded_at <= $2"
        f" JOIN unit_versions u ON u.code = g.supported_code AND {in_force('u')}"
        " WHERE g.effective_from <= $1 AND g.recorded_at <= $2 ORDER BY g.supporter_code, g.supported_code",
        tf.as_of, tf.known_at)]
    supporters = {s["code"]: s for s in await pool.fetch(
        "SELECT code, kind, name, parent_code FROM participants WHERE effective_from <= $1 AND recorded_at <= $2"
        " AND kind IN ('department', 'subordinate_unit') ORDER BY code", tf.as_of, tf.known_at)}
    flags = u6_pledge_flags(
        [SupporterOnDay(s["code"], s["kind"]) for s in supporters.values()],
        [PledgeOnDay(r["supporter_code"], r["supported_level"], r["supported_type"]) for r in rows])
    return {
        **tf.as_json(), "pledges": rows,
        "departments_without_district": [{"code": c, "name": supporters[c]["name"]}
                                         for c in flags.departments_without_district],
        "subordinate_units_below_two_communes": [
            {"code": c, "name": supporters[c]["name"], "department": supporters[c]["parent_code"],
             "communes": n} for c, n in flags.subordinate_units_below_minimum],
        "communes_per_subordinate_unit": COMMUNES_PER_SUBORDINATE_UNIT,
    }


async def plans(pool: asyncpg.Pool, tf: Timeframe) -> dict[str, Any]:
    """Every plan with a deadline known at K and what its record says on `as_of` (U7): its latest
    deadline known then (a later one moves it), its submission only when it came by as_of."""
    rows = await pool.fetch(
        "SELECT d.plan_code, d.owner_code, d.title, d.due_date, s.submitted_on, s.submission_document FROM"
        " (SELECT DISTINCT ON (plan_code) plan_code, owner_code, title, due_date FROM plan_deadlines"
        "  WHERE recorded_at <= $2 ORDER BY plan_code, stream_version DESC) d"
        " LEFT JOIN plan_submissions s ON s.plan_code = d.plan_code AND s.recorded_at <= $2"
        "  AND s.submitted_on <= $1"
        " ORDER BY d.due_date, d.plan_code", tf.as_of, tf.known_at)
    result = [{**dict(r), "status": u7_plan_status(r["due_date"], r["submitted_on"], tf.as_of)} for r in rows]
    counts = {s: sum(1 for p in result if p["status"] == s) for s in PLAN_STATUSES}
    return {**tf.as_json(), "plans": result, "counts": counts}


async def movement_registrations(pool: asyncpg.Pool, tf: Timeframe) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "SELECT unit_code, registered_on, document_number FROM movement_registrations WHERE registered_on <= $1"
        " AND recorded_at <= $2 ORDER BY unit_code", tf.as_of, tf.known_at)
    return [dict(r) for r in rows]


async def clusters(pool: asyncpg.Pool, tf: Timeframe) -> list[dict[str, Any]]:
    """Clusters and blocks formed by `as_of`, each with its member list in force that day (U2): the
    list with the latest date on or before it (the later recorded of one date), as known at K."""
    rows = await pool.fetch(
        "SELECT i.code, i.kind, i.name, m.member_codes, m.effective_from, f.formed_on FROM"
        " (SELECT DISTINCT ON (code) code, kind, name FROM cluster_info WHERE recorded_at <= $2"
        "  ORDER BY code, stream_version DESC) i"
        " JOIN LATERAL (SELECT member_codes, effective_from FROM cluster_members WHERE code = i.code"
        "   AND effective_from <= $1 AND recorded_at <= $2 ORDER BY effective_from DESC, stream_version DESC"
        "   LIMIT 1) m ON true"
        " JOIN LATERAL (SELECT min(effective_from) AS formed_on FROM cluster_members WHERE code = i.code"
        "   AND recorded_at <= $2) f ON true"
        " ORDER BY i.code", tf.as_of, tf.known_at)
    return [dict(r) for r in rows]

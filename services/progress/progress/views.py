"""Read-only queries. The as-of views read the shared NTM facts (thidua_facts) at (as_of, known_at):
what was in effect on `as_of` as it was known at `known_at`, so an answer given once is given again.

The readings are the shared ones (thidua_facts.domain): units of the date (U8: parent and type of
that day), the set in force at the date (P2), the latest assessment per criterion by (effective
date, stream version), counted as met only under the set in force (P4), recognised = the latest
recognition fact is a recognition (P4), rates over the xã of the date (P5).
"""
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import asyncpg
import orjson

from contracts.envelope import Actor
from thidua_facts import queries
from thidua_facts.domain.criteria import (
    criteria_met_counts,
    near_standard,
    p2_criteria_set_in_force,
    p4_criteria_met,
)
from thidua_facts.domain.hierarchy import Hierarchy
from thidua_facts.domain.ntm_rate import rank_by_rate
from thidua_facts.model import CRITERIA, AssessmentFact, CriteriaSetFact, RecognitionFact, UnitState
from thidua_facts.present import communes_lacking_json, rate_json, target_json
from thidua_facts.read_model import load_facts
from thidua_facts.timeframe import Timeframe
from thidua_kernel.auth import actor_as_shown
from thidua_kernel.errors import NotFound

from .domain.rules import p1_criterion_number
from .mapping import COMMUNE_PROGRESS
from .view_units import existing, u1_assessed_unit, unit_on, unknown


async def list_criteria_sets(pool: asyncpg.Pool, known_at: datetime) -> list[dict[str, Any]]:
    """Reading: a set first published after known_at is not shown; one shown is in its latest wording."""
    rows = await pool.fetch(
        "SELECT set_id, decision, decision_date, effective_from, title_vi, title_en, criteria::text"
        " FROM criteria_sets WHERE first_published_at <= $1 ORDER BY effective_from, first_published_at", known_at,
    )
    return [{**dict(r), "criteria": orjson.loads(r["criteria"])} for r in rows]


async def list_targets(pool: asyncpg.Pool, unit_code: str | None, known_at: datetime) -> list[dict[str, Any]]:
    """Each unit's target per year (P5), as last set, when that setting was recorded by known_at.

    Reading: this view keeps only the latest setting, so a target set again after known_at is left
    out rather than shown at its earlier value (the earlier value: /targets/progress at known_at).
    """
    rows = await pool.fetch(
        "SELECT unit_code, year, ntm_rate FROM targets WHERE ($1::text IS NULL OR unit_code = $1)"
        " AND recorded_at <= $2 ORDER BY unit_code, year", unit_code, known_at,
    )
    return [dict(r) for r in rows]


async def commune_criteria(pool: asyncpg.Pool, code: str, tf: Timeframe) -> dict[str, Any]:
    """The 19 criteria of one commune at (as_of, known_at), `met_count`, and (separately, P4) `recognised`."""
    async with _snapshot(pool) as conn:
        unit = await unit_on(conn, code, tf)
        u1_assessed_unit(unit)
        criteria_set = p2_criteria_set_in_force(await queries.criteria_set_facts(conn, tf.known_at), tf.as_of,
                                                tf.known_at)
        latest = await queries.latest_assessments(conn, [code], tf.as_of, tf.known_at)
        standing = (await queries.latest_recognitions(conn, [code], tf.as_of, tf.known_at)).get(code)
    met = p4_criteria_met(latest, criteria_set.set_id if criteria_set else None)
    rows = [_criterion_row(n, criteria_set, latest.get((code, n)), (code, n) in met) for n in CRITERIA]
    met_count = sum(r["met"] for r in rows)
    return {
        **tf.as_json(), "commune_code": code, "name": unit.name, "unit_type": unit.unit_type,
        "district_code": unit.parent_code, "criteria_set": _set_json(criteria_set), "criteria": rows,
        "met_count": met_count, "all_met": met_count == len(CRITERIA),
        "recognised": bool(standing and standing.recognised), "standing": _recognition_json(standing),
    }


async def commune_history(pool: asyncpg.Pool, code: str, tf: Timeframe, reader: Actor) -> dict[str, Any]:
    """Every assessment, recognition and revocation of a commune effective by as_of and recorded
    by known_at, in (effective date, stream version) order: the fold's own order."""
    async with _snapshot(pool) as conn:
        changes = await queries.unit_changes_of(conn, code, tf.known_at)
        if not changes:
            raise unknown(code, tf)
        assessments, recognitions = await queries.commune_history(conn, code, tf.as_of, tf.known_at)
        recorded_by = await _recorded_by(conn, code)
    entries = [_assessment_json(a) for a in assessments] + [_recognition_json(r) for r in recognitions]
    entries = [{**e, **recorded_by.get(e["stream_version"], _NOT_IN_STORE)} for e in entries]
    for e in entries:
        e["actor"] = actor_as_shown(e["actor"], reader)
    return {**tf.as_json(), "commune_code": code,
            "events": sorted(entries, key=lambda e: (e["effective_date"], e["stream_version"]))}


_NOT_IN_STORE = {"event_id": None, "actor": None, "correlation_id": None}


async def _recorded_by(conn: asyncpg.Connection, code: str) -> dict[int, dict[str, Any]]:
    """Who recorded each event of the commune's stream, and in which chain, from progress's own
    event store (the facts keep the stream version, not the envelope): stream version → fields."""
    rows = await conn.fetch(
        "SELECT stream_version, event_id, envelope->'actor' AS actor, envelope->>'correlation_id' AS correlation_id"
        " FROM events WHERE stream_id = $1", f"{COMMUNE_PROGRESS}:{code}")
    return {r["stream_version"]: {"event_id": str(r["event_id"]), "actor": orjson.loads(r["actor"]),
                                  "correlation_id": r["correlation_id"]} for r in rows}


async def district_matrix(pool: asyncpg.Pool, code: str, tf: Timeframe) -> dict[str, Any]:
    """The district's xã at as_of (parent and type of that day) × the 19 criteria."""
    return (await district_matrices(pool, [code], tf))[0]


async def district_matrices(pool: asyncpg.Pool, codes: list[str], tf: Timeframe) -> list[dict[str, Any]]:
    """Several districts' matrices from one snapshot, in the order asked: each the answer
    `district_matrix` gives alone (a code that is not a district refuses the whole request, U1)."""
    async with _snapshot(pool) as conn:
        hierarchy = Hierarchy.of(await queries.unit_changes(conn, tf.as_of, tf.known_at), tf.as_of, tf.known_at)
        districts = [_district(hierarchy, code, tf) for code in codes]
        communes = {code: hierarchy.rural_communes_of(code) for code in codes}
        all_codes = sorted({c.code for found in communes.values() for c in found})
        criteria_set = p2_criteria_set_in_force(await queries.criteria_set_facts(conn, tf.known_at), tf.as_of,
                                                tf.known_at)
        latest = await queries.latest_assessments(conn, all_codes, tf.as_of, tf.known_at) if all_codes else {}
        standings = await queries.latest_recognitions(conn, all_codes, tf.as_of, tf.known_at) if all_codes else {}
    met = p4_criteria_met(latest, criteria_set.set_id if criteria_set else None)
    names = [_criterion_names(n, criteria_set) for n in CRITERIA]
    answers = []
    for code, district in zip(codes, districts):
        rows = []
        for c in communes[code]:
            row = [(c.code, n) in met for n in CRITERIA]
            standing = standings.get(c.code)
            rows.append({"code": c.code, "name": c.name, "met": row, "met_count": sum(row),
                         "recognised": bool(standing and standing.recognised)})
        answers.append({**tf.as_json(), "district_code": code, "name": district.name,
                        "criteria_set": _set_json(criteria_set), "criteria": names, "communes": rows})
    return answers


def _district(hierarchy: Hierarchy, code: str, tf: Timeframe) -> UnitState:
    district = existing(hierarchy, code, tf)
    if district.level != "district":
        raise NotFound("U1", f"{code} không phải đơn vị cấp huyện.", f"{code} is not a district-level unit.",
                       code=code, level=district.level)
    return district


async def ntm_rates(pool: asyncpg.Pool, tf: Timeframe) -> dict[str, Any]:
    """P5 at (as_of, known_at): each province and each of its districts, over the xã of that date,
    with the district's rank in its province (competition ranking, exact fractions)."""
    facts = await load_facts(pool, tf.as_of, tf.known_at, assessments=False)
    provinces, districts = [], []
    for province in facts.hierarchy().provinces():
        snapshot = facts.snapshot(province.code)
        provinces.append(rate_json(snapshot.province))
        districts += [{**rate_json(r.unit), "province_code": province.code, "rank": r.rank}
                      for r in rank_by_rate(snapshot.districts)]
    return {**tf.as_json(), "provinces": provinces, "districts": districts}


async def near_standard_communes(pool: asyncpg.Pool, tf: Timeframe, province_code: str | None = None,
                                 district_code: str | None = None) -> dict[str, Any]:
    """Xã with 17 or 18 of the 19 met at as_of (under the set in force) and not recognised (P4)."""
    facts = await load_facts(pool, tf.as_of, tf.known_at, province_code)
    hierarchy = facts.hierarchy()
    communes = (hierarchy.province_rural_communes(province_code) if province_code
                else hierarchy.all_rural_communes())
    if district_code is not None:
        communes = [c for c in communes if c.parent_code == district_code]
    counts = criteria_met_counts(communes, facts.criteria_met())
    in_force = facts.set_in_force()
    return {**tf.as_json(), "criteria_set": _set_json(in_force), "communes": [
        {"code": u.code, "name": u.name, "district_code": u.parent_code, "criteria_met": counts[u.code]}
        for u in near_standard(communes, counts, facts.recognised())]}


async def communes_lacking(pool: asyncpg.Pool, criterion: int, tf: Timeframe,
                           district_code: str | None = None) -> dict[str, Any]:
    """P5 ("by 2012 every commune has its planning"): the xã existing at as_of that do not meet
    `criterion` then, with their district: the shared function the consolidated report uses too."""
    p1_criterion_number(criterion)
    facts = await load_facts(pool, tf.as_of, tf.known_at)
    if district_code is not None:
        existing(facts.hierarchy(), district_code, tf)
    return {**tf.as_json(), "district_code": district_code, "criteria_set": _set_json(facts.set_in_force()),
            **communes_lacking_json(facts, criterion, None, district_code)}


async def targets_progress(pool: asyncpg.Pool, tf: Timeframe) -> dict[str, Any]:
    """P5: each target known at known_at against the rate at min(as_of, 31 Dec of its year)."""
    facts = await load_facts(pool, tf.as_of, tf.known_at, assessments=False)
    hierarchy = facts.hierarchy()
    return {**tf.as_json(), "targets": [target_json(p, hierarchy.name_of(p.target.unit_code))
                                        for p in facts.target_progress()]}


@asynccontextmanager
async def _snapshot(pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    """One read-only snapshot: the projection may commit a batch between two reads."""
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        yield conn


def _set_json(s: CriteriaSetFact | None) -> dict[str, Any] | None:
    return None if s is None else {"set_id": s.set_id, "decision": s.decision,
                                   "effective_from": s.effective_from.isoformat()}


def _criterion_names(number: int, s: CriteriaSetFact | None) -> dict[str, Any]:
    info = next((c for c in s.criteria if c.number == number), None) if s else None
    return {"number": number, "group": info.group if info else None,
            "name_vi": info.name_vi if info else None, "name_en": info.name_en if info else None}


def _criterion_row(number: int, s: CriteriaSetFact | None, a: AssessmentFact | None, met: bool) -> dict[str, Any]:
    return {**_criterion_names(number, s), "assessed": a is not None, "met": met,
            "under_set_in_force": a is not None and s is not None and a.criteria_set_id == s.set_id,
            **({k: v for k, v in _assessment_json(a).items() if k not in ("kind", "criterion", "met")} if a else
               {"criteria_set_id": None, "effective_date": None, "recorded_at": None, "evidence": None,
                "indicator_values": {}, "document_number": None, "stream_version": None})}


def _assessment_json(a: AssessmentFact) -> dict[str, Any]:
    return {"kind": "assessment", "criterion": a.criterion, "met": a.met, "criteria_set_id": a.criteria_set_id,
            "effective_date": a.effective_date.isoformat(), "recorded_at": a.recorded_at.isoformat(),
            "evidence": a.evidence, "indicator_values": a.indicator_values, "document_number": a.document_number,
            "stream_version": a.stream_version}


def _recognition_json(r: RecognitionFact | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"kind": "recognition" if r.recognised else "revocation", "recognised": r.recognised,
            "decision_number": r.decision_number, "criteria_set_id": r.criteria_set_id,
            "effective_date": r.effective_date.isoformat(), "recorded_at": r.recorded_at.isoformat(),
            "stream_version": r.stream_version}

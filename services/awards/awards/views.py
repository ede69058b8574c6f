"""The district ranking by NTM rate (P5), province-wide and per cluster, with the A2/A5
candidates and the tie rule; the shortlist of recognised communes by district (A3, A6)."""
from dataclasses import asdict
from typing import Any

import asyncpg

from thidua_facts.domain.ntm_rate import p4_latest_recognitions, rank_by_rate
from thidua_facts.domain.standings import cluster_of_district, cluster_standings
from thidua_facts.present import cluster_standing_json, rate_json, ranked_districts_json
from thidua_facts.read_model import FactsAt, load_facts
from thidua_facts.timeframe import Timeframe

from .domain.rules import CANDIDATE_NOTES, a2_candidates, a5_candidates

TIE_RULE = {
    "rule": "P5",
    "message_vi": "Xếp hạng theo tỷ lệ xã đạt chuẩn giảm dần (so sánh phân số chính xác); bằng tỷ lệ thì cùng"
                  " hạng và hạng kế tiếp bị bỏ qua (1, 2, 2, 4); cùng hạng liệt kê theo mã; huyện không có xã"
                  " không được xếp hạng và đứng cuối.",
    "message_en": "Ranked by NTM rate descending (exact fractions compared); equal rates share a rank and the"
                  " next rank is skipped (1, 2, 2, 4); ties listed by code; a district with no xã is unranked,"
                  " listed last.",
}


async def district_ranking(pool: asyncpg.Pool, province_code: str, timeframe: Timeframe) -> dict[str, Any]:
    """P5 ranking at (as_of, known_at): a deterministic function of the facts recorded by known_at."""
    facts = await load_facts(pool, timeframe.as_of, timeframe.known_at, province_code, assessments=False)
    return assemble_ranking(facts, province_code)


def assemble_ranking(facts: FactsAt, province_code: str) -> dict[str, Any]:
    """The ranking's JSON from the facts (pure): every figure comes from the shared domain."""
    snapshot = facts.snapshot(province_code)
    ranking = rank_by_rate(snapshot.districts)
    clusters = facts.clusters_in_force()
    return {
        "as_of": facts.as_of.isoformat(),
        "known_at": facts.known_at.isoformat() if facts.known_at else None,
        "province": rate_json(snapshot.province),
        "districts": ranked_districts_json(ranking, cluster_of_district(clusters)),
        # U2: each cluster's rate and its members ranked within it, by the same rule.
        "clusters": [cluster_standing_json(s) for s in cluster_standings(clusters, snapshot)],
        "tie_rule": TIE_RULE,
        "candidates": {"A2": a2_candidates(ranking), "A5": a5_candidates(ranking)},
        "notes": [asdict(note) for note in CANDIDATE_NOTES],
    }


async def recognised_communes(pool: asyncpg.Pool, province_code: str, timeframe: Timeframe) -> dict[str, Any]:
    facts = await load_facts(pool, timeframe.as_of, timeframe.known_at, province_code, assessments=False)
    return assemble_shortlist(facts, province_code)


def assemble_shortlist(facts: FactsAt, province_code: str) -> dict[str, Any]:
    """P4 at as_of: per district of the province (by code), its xã recognised then, each with the
    decision that recognised it; the district's rate beside them."""
    snapshot = facts.snapshot(province_code)
    latest = p4_latest_recognitions(facts.recognitions, facts.as_of, facts.known_at)
    by_district: dict[str, list[dict[str, Any]]] = {}
    for unit in snapshot.communes:
        fact = latest.get(unit.code)
        if unit.code in snapshot.recognised and fact is not None:
            by_district.setdefault(unit.parent_code, []).append({
                "code": unit.code, "name": unit.name, "recognised_on": fact.effective_date.isoformat(),
                "decision_number": fact.decision_number or None})
    districts = [{"code": rate.code, "name": rate.name, "xa": rate.communes, "recognised": rate.recognised,
                  "rate": rate.rate, "communes": by_district.get(rate.code, [])}
                 for rate in sorted(snapshot.districts, key=lambda r: r.code)]
    return {"as_of": facts.as_of.isoformat(), "known_at": facts.known_at.isoformat() if facts.known_at else None,
            "province": rate_json(snapshot.province), "districts": districts}

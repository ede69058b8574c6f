"""The district ranking by NTM rate (P5) and the A2/A5 candidates at (as_of, known_at)."""
from dataclasses import asdict
from typing import Any

import asyncpg

from thidua_facts.domain.ntm_rate import rank_by_rate
from thidua_facts.domain.standings import cluster_of_district
from thidua_facts.present import rate_json, ranked_districts_json
from thidua_facts.read_model import FactsAt, load_facts
from thidua_facts.timeframe import Timeframe

from .domain.rules import CANDIDATE_NOTES, a2_candidates, a5_candidates


async def district_ranking(pool: asyncpg.Pool, province_code: str, timeframe: Timeframe) -> dict[str, Any]:
    """P5 ranking at (as_of, known_at): a deterministic function of the facts recorded by known_at."""
    facts = await load_facts(pool, timeframe.as_of, timeframe.known_at, province_code, assessments=False)
    return assemble_ranking(facts, province_code)


def assemble_ranking(facts: FactsAt, province_code: str) -> dict[str, Any]:
    """The ranking's JSON from the facts (pure): every figure comes from the shared domain."""
    snapshot = facts.snapshot(province_code)
    ranking = rank_by_rate(snapshot.districts)
    return {
        "as_of": facts.as_of.isoformat(),
        "known_at": facts.known_at.isoformat() if facts.known_at else None,
        "province": rate_json(snapshot.province),
        "districts": ranked_districts_json(ranking, cluster_of_district(facts.clusters_in_force())),
        "candidates": {"A2": a2_candidates(ranking), "A5": a5_candidates(ranking)},
        "notes": [asdict(note) for note in CANDIDATE_NOTES],
    }

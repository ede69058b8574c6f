"""The district ranking by NTM rate (P5) and the A2/A5 candidates, as of a date."""
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import asyncpg

from . import queries
from .domain.model import Cluster, RecognitionFact, Unit
from .domain.ntm_rate import UnitRate, province_snapshot, rank_by_rate
from .domain.rules import CANDIDATE_NOTES, a2_candidates, a5_candidates, u2_cluster_of_district


@dataclass(frozen=True)
class RankingFacts:
    """Everything the ranking at one date is computed from, read in one database snapshot."""

    units: list[Unit]
    recognitions: list[RecognitionFact]
    clusters: list[Cluster]


async def load_ranking_facts(pool: asyncpg.Pool, as_of: date) -> RankingFacts:
    # One read-only snapshot: the projection may commit a batch between two of these reads.
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        return RankingFacts(
            await queries.units_registered_by(conn, as_of),
            await queries.recognition_facts_by(conn, as_of),
            await queries.clusters_in_force(conn, as_of),
        )


async def district_ranking(pool: asyncpg.Pool, province_code: str, as_of: date) -> dict[str, Any]:
    """P5 ranking at `as_of`: a deterministic function of the projected facts and the date."""
    return assemble_ranking(await load_ranking_facts(pool, as_of), province_code, as_of)


def assemble_ranking(facts: RankingFacts, province_code: str, as_of: date) -> dict[str, Any]:
    """The ranking's JSON from the facts (pure): every figure comes from the domain modules."""
    snapshot = province_snapshot(facts.units, facts.recognitions, province_code, as_of)
    ranking = rank_by_rate(snapshot.districts)
    clusters = u2_cluster_of_district(facts.clusters)
    return {
        "as_of": as_of.isoformat(),
        "province": _rate(snapshot.province),
        "districts": [
            {
                **_rate(r.unit),
                "cluster": _cluster(clusters.get(r.unit.code)),
                "rank": r.rank,
            }
            for r in ranking
        ],
        "candidates": {"A2": a2_candidates(ranking), "A5": a5_candidates(ranking)},
        "notes": [asdict(note) for note in CANDIDATE_NOTES],
    }


def _rate(rate: UnitRate) -> dict[str, Any]:
    return {"code": rate.code, "name": rate.name, "communes": rate.communes, "recognised": rate.recognised,
            "rate": rate.rate}


def _cluster(cluster: Cluster | None) -> dict[str, str] | None:
    return None if cluster is None else {"code": cluster.code, "name": cluster.name}

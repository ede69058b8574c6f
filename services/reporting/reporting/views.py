"""The consolidated report (R2) as of a date: facts read once, figures from the pure domain."""
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import asyncpg

from . import queries
from .domain.consolidated import (
    CRITERIA,
    ClusterStanding,
    TargetProgress,
    cluster_of_district,
    cluster_standings,
    criteria_attainment,
    criteria_met_counts,
    criteria_met_histogram,
    near_standard,
    target_progress,
)
from .domain.model import Cluster, RecognitionFact, Target, Unit
from .domain.ntm_rate import ProvinceSnapshot, Ranked, UnitRate, province_snapshot, rank_by_rate, rural_communes_on

# R2 sections whose source events no service publishes yet: said, rather than shown as empty.
NOT_YET_RECORDED = ["pilots", "pledges", "nominations", "reporting submissions"]


@dataclass(frozen=True)
class ReportFacts:
    """Everything the report at one date is computed from, read in one database snapshot."""

    units: list[Unit]
    recognitions: list[RecognitionFact]
    clusters: list[Cluster]
    criteria_set: queries.CriteriaSet | None
    targets: list[Target]
    criteria_met: list[tuple[str, int]]


async def load_report_facts(pool: asyncpg.Pool, province_code: str, as_of: date) -> ReportFacts:
    # One read-only snapshot: the projection may commit a batch between two of these reads.
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        units = await queries.units_registered_by(conn, as_of)
        communes = [u.code for u in rural_communes_on(units, province_code, as_of)]
        return ReportFacts(
            units,
            await queries.recognition_facts_by(conn, as_of),
            await queries.clusters_in_force(conn, as_of),
            await queries.criteria_set_in_force(conn, as_of),
            await queries.all_targets(conn),
            await queries.criteria_met(conn, communes, as_of),
        )


async def consolidated_report(pool: asyncpg.Pool, province_code: str, as_of: date) -> dict[str, Any]:
    """R2 at `as_of`: a deterministic function of the projected facts and the date."""
    return assemble_report(await load_report_facts(pool, province_code, as_of), province_code, as_of)


def assemble_report(facts: ReportFacts, province_code: str, as_of: date) -> dict[str, Any]:
    """The report's JSON from the facts (pure): every figure comes from the domain modules."""
    snapshot = province_snapshot(facts.units, facts.recognitions, province_code, as_of)

    @cache
    def snapshot_on(day: date) -> ProvinceSnapshot:
        return snapshot if day == as_of else province_snapshot(facts.units, facts.recognitions, province_code, day)

    counts = criteria_met_counts(snapshot.communes, facts.criteria_met)
    attained = criteria_attainment(snapshot.communes, facts.criteria_met)
    criteria_set = facts.criteria_set
    names = criteria_set.names_vi if criteria_set else {}
    total = len(snapshot.communes)
    unit_names = {u.code: u.name for u in facts.units}
    return {
        "as_of": as_of.isoformat(),
        "province": _rate(snapshot.province),
        "districts": _districts(rank_by_rate(snapshot.districts), cluster_of_district(facts.clusters)),
        "clusters": [_cluster(s) for s in cluster_standings(facts.clusters, snapshot)],
        "criteria_set": None if criteria_set is None else {
            "set_id": criteria_set.set_id,
            "decision": criteria_set.decision,
            "effective_from": criteria_set.effective_from.isoformat(),
        },
        "criteria_attainment": [
            {"criterion": n, "name_vi": names.get(n), "communes_met": attained[n], "communes": total}
            for n in CRITERIA
        ],
        "communes_by_criteria_met": {str(k): v for k, v in criteria_met_histogram(counts).items()},
        "near_standard": [
            {"code": u.code, "name": u.name, "district_code": u.parent_code, "criteria_met": counts[u.code]}
            for u in near_standard(snapshot.communes, counts, snapshot.recognised)
        ],
        "targets": [_target(t, unit_names) for t in target_progress(facts.targets, snapshot_on, as_of)],
        "not_yet_recorded": NOT_YET_RECORDED,
    }


def _rate(rate: UnitRate) -> dict[str, Any]:
    return {"code": rate.code, "name": rate.name, "communes": rate.communes, "recognised": rate.recognised,
            "rate": rate.rate}


def _districts(ranked: list[Ranked], clusters: dict[str, Cluster]) -> list[dict[str, Any]]:
    rows = []
    for r in ranked:
        cluster = clusters.get(r.unit.code)
        rows.append({
            **_rate(r.unit),
            "cluster": None if cluster is None else {"code": cluster.code, "name": cluster.name},
            "rank": r.rank,
        })
    return rows


def _cluster(standing: ClusterStanding) -> dict[str, Any]:
    return {
        **_rate(standing.rate),
        "member_codes": list(standing.cluster.member_codes),
        "members": [{**_rate(m.unit), "rank_in_cluster": m.rank} for m in standing.members],
    }


def _target(progress: TargetProgress, unit_names: dict[str, str]) -> dict[str, Any]:
    actual = progress.actual
    return {
        "unit_code": progress.target.unit_code,
        "unit_name": unit_names.get(progress.target.unit_code),
        "year": progress.target.year,
        "target_rate": progress.target.ntm_rate,
        "evaluated_on": progress.evaluated_on.isoformat(),
        "deadline_passed": progress.deadline_passed,
        "communes": actual.communes if actual else None,
        "recognised": actual.recognised if actual else None,
        "actual_rate": actual.rate if actual else None,
        "met": progress.met,
    }

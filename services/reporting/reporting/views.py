"""The consolidated report (R2) at (as_of, known_at): the shared facts read once, every figure
from the shared domain (thidua_facts), the JSON shape reporting's own."""
from typing import Any

import asyncpg

from thidua_facts.domain.criteria import criteria_attainment, criteria_met_counts, near_standard
from thidua_facts.domain.ntm_rate import rank_by_rate
from thidua_facts.domain.standings import cluster_of_district, cluster_standings
from thidua_facts.model import CRITERIA
from thidua_facts.present import (
    cluster_standing_json,
    communes_lacking_json,
    histogram_json,
    rate_json,
    ranked_districts_json,
    target_json,
)
from thidua_facts.read_model import FactsAt, load_facts
from thidua_facts.timeframe import Timeframe

from .adapters import reading_deps
from .award_queries import load_awards
from .award_report import awards_section
from .deps import Deps
from .domain.awards import AwardFactsKnown
from .domain.programme import ProgrammeAt
from .programme_queries import load_programme
from .programme_report import programme_sections
from .records_loading import OwnRecords, load_records
from .records_report import inspections_section, periodic_reporting_section, proposals_section

# R2 sections whose source events no service publishes yet: said, rather than shown as empty.
# Every section has its source now (nominations and awards from the awards topic, R1, R6, R7).
NOT_YET_RECORDED: list[str] = []
PLANNING = 1  # P1: criterion 1, planning and its implementation


async def consolidated_report(pool: asyncpg.Pool, province_code: str, timeframe: Timeframe,
                              deps: Deps | None = None) -> dict[str, Any]:
    """R2 at (as_of, known_at): a deterministic function of the facts recorded by known_at.

    The read models are read in separate snapshots, and reporting's own records from its event
    store; all are bounded by known_at, so a report for a known_at the projections have passed is
    exact whatever they commit in between. `deps`: the process's (bootstrap.deps); without it the
    records are read through the pool."""
    as_of, known_at = timeframe.as_of, timeframe.known_at
    facts = await load_facts(pool, as_of, known_at, province_code)
    programme = await load_programme(pool, as_of, known_at)
    awards = await load_awards(pool, known_at)
    records = await load_records(deps or reading_deps(pool, province_code), as_of, known_at)
    return assemble_report(facts, province_code, programme, awards, records)


def assemble_report(facts: FactsAt, province_code: str, programme: ProgrammeAt | None = None,
                    awards: AwardFactsKnown | None = None, records: OwnRecords | None = None) -> dict[str, Any]:
    """The report's JSON from the facts (pure); a source not given: its sections are empty."""
    snapshot = facts.snapshot(province_code)
    met = facts.criteria_met()
    counts = criteria_met_counts(snapshot.communes, met)
    attained = criteria_attainment(snapshot.communes, met)
    criteria_set = facts.set_in_force()
    clusters = facts.clusters_in_force()
    hierarchy = facts.hierarchy()
    total = len(snapshot.communes)
    return {
        "as_of": facts.as_of.isoformat(),
        "known_at": facts.known_at.isoformat() if facts.known_at else None,
        "province": rate_json(snapshot.province),
        "districts": ranked_districts_json(rank_by_rate(snapshot.districts), cluster_of_district(clusters)),
        "clusters": [cluster_standing_json(s) for s in cluster_standings(clusters, snapshot)],
        "criteria_set": None if criteria_set is None else {
            "set_id": criteria_set.set_id,
            "decision": criteria_set.decision,
            "effective_from": criteria_set.effective_from.isoformat(),
        },
        "criteria_attainment": [
            {"criterion": n, "name_vi": criteria_set.name_vi(n) if criteria_set else None,
             "communes_met": attained[n], "communes": total}
            for n in CRITERIA
        ],
        "communes_by_criteria_met": histogram_json(counts),
        "near_standard": [
            {"code": u.code, "name": u.name, "district_code": u.parent_code, "criteria_met": counts[u.code]}
            for u in near_standard(snapshot.communes, counts, snapshot.recognised)
        ],
        "targets": [target_json(t, hierarchy.name_of(t.target.unit_code)) for t in facts.target_progress()],
        # P5: "by 2012 every commune has its planning" (criterion 1), the same function as progress's
        # GET /communes/lacking.
        "communes_lacking_planning": communes_lacking_json(facts, PLANNING, province_code),
        **programme_sections(facts, programme or ProgrammeAt(facts.as_of, facts.known_at), province_code,
                             snapshot, counts),
        **_sources(facts, province_code, awards or AwardFactsKnown(), records or OwnRecords()),
        "not_yet_recorded": NOT_YET_RECORDED,
    }


def _sources(facts: FactsAt, province_code: str, awards: AwardFactsKnown, records: OwnRecords) -> dict[str, Any]:
    """Nominations and awards (A8-A11), periodic reporting (R1), inspections (R6), proposals (R7)."""
    hierarchy, participants = facts.hierarchy(), facts.participants_on()

    def name_of(code: str) -> str | None:
        participant = participants.get(code)
        return hierarchy.name_of(code) or (participant.name if participant else None)

    return {
        "awards": awards_section(awards, province_code, facts.as_of, facts.known_at),
        "periodic_reporting": periodic_reporting_section(records.periods, facts.as_of),
        "inspections": inspections_section(records.inspections, facts.as_of, name_of),
        "proposals": proposals_section(records.proposals, facts.as_of, name_of),
    }

"""The shared figures as JSON, so every service shows a rate, a target or a cluster the same way."""
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .domain.criteria import criteria_met_histogram
from .domain.ntm_rate import Ranked, UnitRate
from .domain.standings import ClusterStanding, TargetProgress
from .model import Cluster

if TYPE_CHECKING:
    from .read_model import FactsAt


def rate_json(rate: UnitRate) -> dict[str, Any]:
    return {"code": rate.code, "name": rate.name, "communes": rate.communes, "recognised": rate.recognised,
            "rate": rate.rate}


def cluster_ref(cluster: Cluster | None) -> dict[str, str] | None:
    return None if cluster is None else {"code": cluster.code, "name": cluster.name}


def ranked_districts_json(ranked: list[Ranked], clusters: Mapping[str, Cluster]) -> list[dict[str, Any]]:
    """P5 ranking rows: the rate, the district's cluster (U2) and its competition rank."""
    return [{**rate_json(r.unit), "cluster": cluster_ref(clusters.get(r.unit.code)), "rank": r.rank} for r in ranked]


def cluster_standing_json(standing: ClusterStanding) -> dict[str, Any]:
    return {
        **rate_json(standing.rate),
        "member_codes": list(standing.cluster.member_codes),
        "members": [{**rate_json(m.unit), "rank_in_cluster": m.rank} for m in standing.members],
    }


def target_json(progress: TargetProgress, unit_name: str | None) -> dict[str, Any]:
    actual = progress.actual
    return {
        "unit_code": progress.target.unit_code,
        "unit_name": unit_name,
        "year": progress.target.year,
        "target_rate": progress.target.ntm_rate,
        "evaluated_on": progress.evaluated_on.isoformat(),
        "deadline_passed": progress.deadline_passed,
        "communes": actual.communes if actual else None,
        "recognised": actual.recognised if actual else None,
        "actual_rate": actual.rate if actual else None,
        "met": progress.met,
    }


def histogram_json(counts: Mapping[str, int]) -> dict[str, int]:
    """Number of xã by number of criteria met, keys "0".."19"."""
    return {str(k): v for k, v in criteria_met_histogram(counts).items()}


def communes_lacking_json(facts: "FactsAt", criterion: int, province_code: str | None = None,
                          district_code: str | None = None) -> dict[str, Any]:
    """P5: the xã of as_of not meeting `criterion` (FactsAt.communes_lacking), each with its district."""
    hierarchy = facts.hierarchy()
    in_force = facts.set_in_force()
    lacking = [u for u in facts.communes_lacking(criterion, province_code)
               if district_code is None or u.parent_code == district_code]
    return {"criterion": criterion, "name_vi": in_force.name_vi(criterion) if in_force else None,
            "communes": [{"code": u.code, "name": u.name, "district_code": u.parent_code,
                          "district_name": hierarchy.name_of(u.parent_code or ""),
                          "assessed": (u.code, criterion) in facts.assessments} for u in lacking]}

"""The trace rules of the NTM sections of the consolidated report (R2, P2-P5, U2, U8): rates and
ranks, clusters, criteria attainment, near standard, targets. Pure; readings in each `reading`."""
from datetime import date

from thidua_facts.domain.criteria import criteria_met_counts

from .trace import Family, Located, StreamRef, TraceSources
from .trace_refs import (
    assessment_refs,
    cluster_refs,
    commune_standing_refs,
    criteria_set_refs,
    rate_refs,
    target_refs,
    unit_refs,
)

RATE = "communes|recognised|rate"
NAMES = "code|name"


def _row(at: Located, depth: int = -1) -> dict:
    return at.items[depth]


def _province(s: TraceSources, _: Located) -> list[StreamRef]:
    return rate_refs(s.facts, s.province_code)


def _unit(s: TraceSources, at: Located) -> list[StreamRef]:
    return unit_refs(s.facts, [_row(at)["code"]])


def _district_rate(s: TraceSources, at: Located) -> list[StreamRef]:
    return rate_refs(s.facts, _row(at)["code"])


def _every_district(s: TraceSources, _: Located) -> list[StreamRef]:
    return [r for d in s.report.get("districts", []) for r in rate_refs(s.facts, d["code"])]


def _districts_cluster(s: TraceSources, at: Located) -> list[StreamRef]:
    cluster = _row(at).get("cluster") or {}
    return cluster_refs(s.facts, cluster["code"]) if cluster.get("code") else []


def _in_no_cluster(s: TraceSources, _: Located) -> list[StreamRef]:
    return [r for c in s.facts.clusters_in_force() for r in cluster_refs(s.facts, c.code)]


def _cluster(s: TraceSources, at: Located) -> list[StreamRef]:
    return cluster_refs(s.facts, _row(at, 0)["code"])


def _cluster_rate(s: TraceSources, at: Located) -> list[StreamRef]:
    row = _row(at, 0)
    return [*cluster_refs(s.facts, row["code"]), *(r for m in row["member_codes"] for r in rate_refs(s.facts, m))]


def _member_rate(s: TraceSources, at: Located) -> list[StreamRef]:
    return [*cluster_refs(s.facts, _row(at, 0)["code"]), *rate_refs(s.facts, _row(at)["code"])]


def _set(s: TraceSources, _: Located) -> list[StreamRef]:
    return criteria_set_refs(s.facts)


def _province_communes(s: TraceSources) -> list[str]:
    return [u.code for u in s.facts.hierarchy().province_rural_communes(s.province_code)]


def _attainment(s: TraceSources, at: Located) -> list[StreamRef]:
    return [*criteria_set_refs(s.facts), *assessment_refs(s.facts, _province_communes(s), [_row(at)["criterion"]])]


def _communes_counted(s: TraceSources, _: Located) -> list[StreamRef]:
    hierarchy = s.facts.hierarchy()
    communes = hierarchy.province_rural_communes(s.province_code)
    codes = {s.province_code, *(u.code for u in communes), *(u.parent_code for u in communes if u.parent_code)}
    return unit_refs(s.facts, codes)


def _bucket(s: TraceSources, at: Located) -> list[StreamRef]:
    communes = s.facts.hierarchy().province_rural_communes(s.province_code)
    counts = criteria_met_counts(communes, s.facts.criteria_met())
    counted = [code for code, n in counts.items() if str(n) == at.leaf]
    return [*criteria_set_refs(s.facts), *assessment_refs(s.facts, counted)]


def _commune(s: TraceSources, at: Located) -> list[StreamRef]:
    return commune_standing_refs(s.facts, _row(at)["code"])


def _commune_units(s: TraceSources, at: Located) -> list[StreamRef]:
    row = _row(at)
    return unit_refs(s.facts, [row["code"], *([row["district_code"]] if row.get("district_code") else [])])


def _lacking(s: TraceSources, at: Located) -> list[StreamRef]:
    criterion = s.report["communes_lacking_planning"]["criterion"]
    return [*_commune_units(s, at), *assessment_refs(s.facts, [_row(at)["code"]], [criterion]),
            *criteria_set_refs(s.facts)]


def _target(s: TraceSources, at: Located) -> list[StreamRef]:
    row = _row(at)
    return [*target_refs(s.facts, row["unit_code"], row["year"]), *unit_refs(s.facts, [row["unit_code"]])]


def _target_actual(s: TraceSources, at: Located) -> list[StreamRef]:
    row = _row(at)
    return [*target_refs(s.facts, row["unit_code"], row["year"]),
            *rate_refs(s.facts, row["unit_code"], date.fromisoformat(row["evaluated_on"]))]


NTM_FAMILIES = (
    Family("province/" + NAMES + "|" + RATE, "P5: the province's own changes, and for every xã of the province at"
           " as_of its changes, its district's and its deciding recognition or revocation known at known_at",
           _province),
    Family("districts/*/" + NAMES, "U8: the district's own changes effective by as_of", _unit),
    Family("districts/*/" + RATE, "P5: the district's changes, and for each xã under it at as_of its changes and"
           " its latest recognition or revocation known at known_at (the one that decides it)", _district_rate),
    Family("districts/*/rank", "P5: a rank compares every district: the rate events of all of them", _every_district),
    Family("districts/*/cluster/" + NAMES, "U2: the cluster's formation and member changes in force",
           _districts_cluster),
    Family("districts/*/cluster", "U2: in no cluster: the versions in force of every cluster, none of which has it",
           _in_no_cluster),
    Family("clusters/*/" + NAMES, "U2: the cluster's formation and member changes in force", _cluster),
    Family("clusters/*/member_codes/*", "U2: the cluster's formation and member changes in force", _cluster),
    Family("clusters/*/" + RATE, "U2, P5: the cluster's events and the rate events of each member district",
           _cluster_rate),
    Family("clusters/*/members/*/" + NAMES + "|" + RATE, "U2, P5: the cluster's events and the member's rate events",
           _member_rate),
    Family("clusters/*/members/*/rank_in_cluster", "U2, P5: a rank compares every member: the cluster's events and"
           " the rate events of every member", _cluster_rate),
    Family("criteria_set/*", "P2: the publication of the set in force at as_of known at known_at", _set),
    Family("criteria_attainment/*/criterion|name_vi", "P2: the publication of the set in force", _set),
    Family("criteria_attainment/*/communes_met", "P2, P3: the latest assessment of criterion n at as_of of each xã"
           " of the province, and the set publication they are counted under", _attainment),
    Family("criteria_attainment/*/communes", "U8: the changes of every xã counted, their districts' and the"
           " province's", _communes_counted),
    Family("communes_by_criteria_met/*", "P3: the latest assessments of the xã counted in this bucket (exactly k"
           " criteria met under the set in force), and that set's publication", _bucket),
    Family("near_standard/*/code|name|district_code", "U8: the commune's and its district's changes", _commune_units),
    Family("near_standard/*/criteria_met", "P3, P4: the commune's latest assessments, the set they count under, its"
           " deciding recognition fact (none: not recognised) and its changes", _commune),
    Family("communes_lacking_planning/criterion|name_vi", "P2: the publication of the set in force", _set),
    Family("communes_lacking_planning/communes/*/*", "P5: the commune's and its district's changes, its latest"
           " assessment of criterion 1 (none: never assessed) and the set in force", _lacking),
    Family("targets/*/unit_code|unit_name|year|target_rate|evaluated_on|deadline_passed", "P5: the target's setting"
           " known at known_at and the unit's changes", _target),
    Family("targets/*/communes|recognised|actual_rate|met", "P5: the target's setting and the unit's rate events at"
           " evaluated_on (min(as_of, 31 Dec of its year))", _target_actual),
)

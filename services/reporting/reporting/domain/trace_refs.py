"""The events behind the shared NTM figures, by stream position: the building blocks of the trace
rules. Pure; each reads the facts the report itself was computed from, at its (as_of, known_at).

Streams (the producers' aggregates): a unit's changes are on "unit"/<code> (registry); a
commune's assessments, recognitions and revocations on "commune_progress"/<code>, a criteria
set's publications on "criteria_set"/<set id>, a target on "target"/<unit>-<year> (progress); a
cluster on "cluster"/<code> (registry). A fact row's stream_version is its event's version.
"""
from collections.abc import Iterable
from datetime import date

from thidua_facts.domain.ntm_rate import p4_latest_recognitions
from thidua_facts.model import visible

from .trace import Facts, StreamRef

UNIT, COMMUNE_PROGRESS, CRITERIA_SET, TARGET, CLUSTER = "unit", "commune_progress", "criteria_set", "target", "cluster"


def unit_refs(facts: Facts, codes: Iterable[str], day: date | None = None) -> list[StreamRef]:
    """U8: every change of these units effective by `day` (default as_of) and known at K."""
    wanted, day = set(codes), day or facts.as_of
    return [StreamRef(UNIT, c.code, c.stream_version) for c in facts.unit_changes
            if c.code in wanted and c.effective_date <= day and visible(c.recorded_at, facts.known_at)]


def recognition_refs(facts: Facts, communes: Iterable[str], day: date | None = None) -> list[StreamRef]:
    """P4: per commune, its latest recognition or revocation at (day, K), the one that decides it."""
    wanted = set(communes)
    latest = p4_latest_recognitions((r for r in facts.recognitions if r.commune_code in wanted),
                                    day or facts.as_of, facts.known_at)
    return [StreamRef(COMMUNE_PROGRESS, code, f.stream_version) for code, f in latest.items()]


def assessment_refs(facts: Facts, communes: Iterable[str], criteria: Iterable[int] | None = None) -> list[StreamRef]:
    """P3: the latest assessment at as_of of each (commune, criterion) asked (default: all 19)."""
    wanted, only = set(communes), None if criteria is None else set(criteria)
    return [StreamRef(COMMUNE_PROGRESS, code, a.stream_version) for (code, n), a in facts.assessments.items()
            if code in wanted and (only is None or n in only)]


def criteria_set_refs(facts: Facts) -> list[StreamRef]:
    """P2: the publication of the set in force at (as_of, K), the one whose criteria are counted."""
    in_force = facts.set_in_force()
    return [] if in_force is None else [StreamRef(CRITERIA_SET, in_force.set_id, in_force.stream_version)]


def cluster_refs(facts: Facts, code: str) -> list[StreamRef]:
    """U2: the cluster's formation and every change of its members effective by as_of, known at K."""
    return [StreamRef(CLUSTER, f.code, f.stream_version) for f in facts.clusters
            if f.code == code and visible(f.recorded_at, facts.known_at)
            and (f.name is not None or f.effective_from <= facts.as_of)]


def target_refs(facts: Facts, unit_code: str, year: int) -> list[StreamRef]:
    """P5: the target as known at K (its latest setting, the one judged)."""
    known = [t for t in facts.known_targets() if t.unit_code == unit_code and t.year == year]
    return [StreamRef(TARGET, f"{t.unit_code}-{t.year}", t.stream_version) for t in known]


def commune_standing_refs(facts: Facts, commune: str) -> list[StreamRef]:
    """A commune's criteria met and recognition at as_of: its latest assessments, the set they are
    counted under, its deciding recognition fact, and its own unit changes."""
    return [*assessment_refs(facts, [commune]), *criteria_set_refs(facts), *recognition_refs(facts, [commune]),
            *unit_refs(facts, [commune])]


def rate_refs(facts: Facts, unit_code: str, day: date | None = None) -> list[StreamRef]:
    """P5: the rate of a district or of the province at `day` (default as_of).

    Reading: the unit's own changes, and for each xã counted then (under it at `day`, U8) its
    changes and its deciding recognition fact. A xã that left before `day` is not counted and not
    listed; its departure is a change of that xã's stream, shown by tracing it at an earlier day.
    """
    day = day or facts.as_of
    hierarchy = facts.hierarchy(day)
    unit = hierarchy.state(unit_code)
    if unit is None:
        return []
    if unit.level == "province":
        communes = [u.code for u in hierarchy.province_rural_communes(unit_code)]
        districts = [d.code for d in hierarchy.districts_of(unit_code)]
        parents = {u.parent_code for u in hierarchy.province_rural_communes(unit_code) if u.parent_code}
        codes = {unit_code, *districts, *parents, *communes}
    else:
        communes = [u.code for u in hierarchy.rural_communes_of(unit_code)]
        codes = {unit_code, *communes}
    return [*unit_refs(facts, codes, day), *recognition_refs(facts, communes, day)]

"""Clusters (U2) and targets (P5) at (as_of, known_at): pure functions over the facts.

Readings:

- U2: a cluster's members at (D, K) are those of its latest version by (effective_from, stream
  version) with effective_from <= D, recorded by K; its kind and name are those of its latest
  ClusterFormed recorded by K. Only kind "cluster" (of districts) has NTM standings; blocks group
  departments.
- A cluster's rate sums its member districts existing at D (P5); members that do not exist at D,
  or are not districts of the province, are left out.
- P5 targets: the latest TargetSet per (unit, year) recorded by K (targets are data; a later one
  corrects the earlier). A target is judged at its deadline (31 Dec of its year) when that is on
  or before as_of, else so far, at as_of; `met` compares the exact rate with the target read as
  the decimal it was written as (0.2 is exactly 1/5, not its float), and is None when the unit
  is unknown at that date or has no xã.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from ..model import Cluster, ClusterFact, TargetFact, visible
from .ntm_rate import ProvinceSnapshot, Ranked, UnitRate, rank_by_rate


def clusters_in_force(facts: Iterable[ClusterFact], day: date, known_at: datetime | None,
                      kind: str = "cluster") -> list[Cluster]:
    """U2: each emulation cluster (of districts; kind="block": each block of departments) in its
    version in force at (D, K), by code."""
    members: dict[str, ClusterFact] = {}
    formed: dict[str, ClusterFact] = {}
    for f in facts:
        if not visible(f.recorded_at, known_at):
            continue
        if f.name is not None and (f.code not in formed or f.stream_version > formed[f.code].stream_version):
            formed[f.code] = f
        if f.effective_from <= day:
            held = members.get(f.code)
            if held is None or (f.effective_from, f.stream_version) > (held.effective_from, held.stream_version):
                members[f.code] = f
    return [Cluster(code, formed[code].name or code, members[code].member_codes)
            for code in sorted(members) if code in formed and formed[code].kind == kind]


@dataclass(frozen=True)
class ClusterStanding:
    """A cluster's rate over its member districts existing at D, and each member's rank in it."""

    cluster: Cluster
    rate: UnitRate
    members: tuple[Ranked, ...]


def cluster_standings(clusters: Iterable[Cluster], snapshot: ProvinceSnapshot) -> list[ClusterStanding]:
    """U2 + P5: each cluster's rate and its members' ranks within it, by cluster code."""
    standings = []
    for cluster in sorted(clusters, key=lambda c: c.code):
        members = [r for r in (snapshot.rate_of(code) for code in cluster.member_codes)
                   if r is not None and r.code != snapshot.province.code]
        total = UnitRate(cluster.code, cluster.name, sum(m.communes for m in members),
                         sum(m.recognised for m in members))
        standings.append(ClusterStanding(cluster, total, tuple(rank_by_rate(members))))
    return standings


def cluster_of_district(clusters: Iterable[Cluster]) -> dict[str, Cluster]:
    """U2: each district's cluster; a district listed in two keeps the one with the lower code."""
    found: dict[str, Cluster] = {}
    for cluster in sorted(clusters, key=lambda c: c.code):
        for code in cluster.member_codes:
            found.setdefault(code, cluster)
    return found


def targets_known(facts: Iterable[TargetFact], known_at: datetime | None) -> list[TargetFact]:
    """P5: the latest target per (unit, year) recorded by K, by (year, unit)."""
    latest: dict[tuple[str, int], TargetFact] = {}
    for f in facts:
        if not visible(f.recorded_at, known_at):
            continue
        held = latest.get((f.unit_code, f.year))
        if held is None or f.stream_version > held.stream_version:
            latest[(f.unit_code, f.year)] = f
    return [latest[k] for k in sorted(latest, key=lambda k: (k[1], k[0]))]


@dataclass(frozen=True)
class TargetProgress:
    """A target against the actual rate at min(as_of, 31 Dec of its year) (P5)."""

    target: TargetFact
    evaluated_on: date
    deadline_passed: bool
    actual: UnitRate | None
    met: bool | None


def target_progress(targets: Iterable[TargetFact], rate_on: Callable[[str, date], UnitRate | None],
                    as_of: date) -> list[TargetProgress]:
    """Each target, evaluated at its deadline if that is past, else at `as_of` (so far);
    `rate_on(unit_code, day)` is the unit's P5 rate at that day (None: unknown unit)."""
    result = []
    for target in sorted(targets, key=lambda t: (t.year, t.unit_code)):
        deadline = date(target.year, 12, 31)
        day = min(as_of, deadline)
        actual = rate_on(target.unit_code, day)
        exact = actual.exact_rate if actual is not None else None
        met = None if exact is None else exact >= Fraction(repr(target.ntm_rate))
        result.append(TargetProgress(target, day, deadline <= as_of, actual, met))
    return result

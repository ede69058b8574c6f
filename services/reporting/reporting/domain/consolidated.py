"""The sections of the consolidated report (R2) beyond the district rates: pure functions.

Population of the criteria sections: the xã of the province existing at the date (U8), as for
the rates (see ntm_rate). A criterion is met at D when the commune's latest assessment of it
effective on or before D says so (P3: criteria can be lost again), whichever criteria set that
assessment was made under.
"""
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from .model import Cluster, Target, Unit
from .ntm_rate import ProvinceSnapshot, Ranked, UnitRate, rank_by_rate

CRITERIA = tuple(range(1, 20))  # P1: 19 criteria, numbered 1..19 in every set version
NEAR_STANDARD = (17, 18)  # "near standard": 17 or 18 of 19 met and not recognised


@dataclass(frozen=True)
class ClusterStanding:
    """A cluster's rate over its member districts existing at D, and each member's rank in it."""

    cluster: Cluster
    rate: UnitRate
    members: tuple[Ranked, ...]


def cluster_standings(clusters: Iterable[Cluster], snapshot: ProvinceSnapshot) -> list[ClusterStanding]:
    """U2 + P5: members that do not exist at D (or are not districts of this province) are left out."""
    standings = []
    for cluster in sorted(clusters, key=lambda c: c.code):
        members = [r for r in (snapshot.rate_of(code) for code in cluster.member_codes) if r is not None]
        total = UnitRate(
            cluster.code, cluster.name, sum(m.communes for m in members), sum(m.recognised for m in members)
        )
        standings.append(ClusterStanding(cluster, total, tuple(rank_by_rate(members))))
    return standings


def cluster_of_district(clusters: Iterable[Cluster]) -> dict[str, Cluster]:
    """Each district's cluster; a district listed in two clusters keeps the one with the lower code."""
    found: dict[str, Cluster] = {}
    for cluster in sorted(clusters, key=lambda c: c.code):
        for code in cluster.member_codes:
            found.setdefault(code, cluster)
    return found


def criteria_met_counts(communes: Sequence[Unit], met: Iterable[tuple[str, int]]) -> dict[str, int]:
    """How many criteria each xã meets at D (0 for a xã never assessed)."""
    counts = {u.code: 0 for u in communes}
    for commune_code, criterion in set(met):
        if commune_code in counts and criterion in CRITERIA:
            counts[commune_code] += 1
    return counts


def criteria_attainment(communes: Sequence[Unit], met: Iterable[tuple[str, int]]) -> dict[int, int]:
    """P3/R2: for each criterion 1..19, the number of xã meeting it at D."""
    codes = {u.code for u in communes}
    attained = dict.fromkeys(CRITERIA, 0)
    for commune_code, criterion in set(met):
        if commune_code in codes and criterion in attained:
            attained[criterion] += 1
    return attained


def criteria_met_histogram(counts: dict[str, int]) -> dict[int, int]:
    """Number of xã by number of criteria met, 0..19 (every bucket present)."""
    histogram = dict.fromkeys(range(len(CRITERIA) + 1), 0)
    for count in counts.values():
        histogram[count] += 1
    return histogram


def near_standard(communes: Sequence[Unit], counts: dict[str, int], recognised: frozenset[str]) -> list[Unit]:
    """Xã with 17 or 18 criteria met and not recognised at D (P4: met is not recognised), by code."""
    return [u for u in communes if counts.get(u.code) in NEAR_STANDARD and u.code not in recognised]


@dataclass(frozen=True)
class TargetProgress:
    """A target against the actual rate at min(as_of, 31 Dec of its year) (P5)."""

    target: Target
    evaluated_on: date
    deadline_passed: bool
    actual: UnitRate | None
    met: bool | None


def target_progress(
    targets: Iterable[Target], snapshot_on: Callable[[date], ProvinceSnapshot], as_of: date
) -> list[TargetProgress]:
    """Each target, evaluated at its deadline if that is past, else at `as_of` (so far).

    `met` is None when the unit is unknown at that date or has no xã (no rate to compare).
    """
    result = []
    for target in sorted(targets, key=lambda t: (t.year, t.unit_code)):
        deadline = date(target.year, 12, 31)
        day = min(as_of, deadline)
        actual = snapshot_on(day).rate_of(target.unit_code)
        exact = actual.exact_rate if actual is not None else None
        # The target is read as the decimal it was written as (0.2 is exactly 1/5, not its float).
        met = None if exact is None else exact >= Fraction(repr(target.ntm_rate))
        result.append(TargetProgress(target, day, deadline <= as_of, actual, met))
    return result

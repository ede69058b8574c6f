"""The facts of one (as_of, known_at), read in one database snapshot, and the figures computed
from them by the pure domain functions: the one read model progress, awards and reporting share.
"""
from dataclasses import dataclass, field
from datetime import date, datetime

import asyncpg

from . import queries
from .domain.criteria import p2_criteria_set_in_force, p4_criteria_met, p5_communes_lacking
from .domain.hierarchy import Hierarchy
from .domain.ntm_rate import ProvinceSnapshot, UnitRate, p4_recognised_on, province_snapshot
from .domain.participants import u3_participants_on, u6_pledges_on
from .domain.standings import TargetProgress, clusters_in_force, target_progress, targets_known
from .model import (
    AssessmentFact,
    Cluster,
    ClusterFact,
    CriteriaSetFact,
    ParticipantFact,
    PledgeFact,
    RecognitionFact,
    TargetFact,
    UnitChange,
    UnitState,
)


@dataclass(frozen=True)
class FactsAt:
    """Every fact effective by `as_of` and recorded by `known_at`; `assessments` holds the latest
    assessment per (xã, criterion) at as_of for the xã that were asked about; `participants` (U3)
    and `pledges` (U6): every registration and pledge effective by as_of, recorded by known_at."""

    as_of: date
    known_at: datetime | None
    unit_changes: tuple[UnitChange, ...] = ()
    recognitions: tuple[RecognitionFact, ...] = ()
    clusters: tuple[ClusterFact, ...] = ()
    criteria_sets: tuple[CriteriaSetFact, ...] = ()
    targets: tuple[TargetFact, ...] = ()
    assessments: dict[tuple[str, int], AssessmentFact] = field(default_factory=dict)
    participants: tuple[ParticipantFact, ...] = ()
    pledges: tuple[PledgeFact, ...] = ()
    _hierarchies: dict[date, Hierarchy] = field(default_factory=dict, compare=False, repr=False)

    def hierarchy(self, day: date | None = None) -> Hierarchy:
        """U8: the units at `day` (<= as_of; default as_of), as known at known_at."""
        day = self._within(day)
        if day not in self._hierarchies:
            self._hierarchies[day] = Hierarchy.of(self.unit_changes, day, self.known_at)
        return self._hierarchies[day]

    def recognised(self, day: date | None = None) -> frozenset[str]:
        return p4_recognised_on(self.recognitions, self._within(day), self.known_at)

    def snapshot(self, province_code: str, day: date | None = None) -> ProvinceSnapshot:
        """P5 of one province at `day` (default as_of)."""
        return province_snapshot(self.hierarchy(day), self.recognised(day), province_code)

    def set_in_force(self) -> CriteriaSetFact | None:
        return p2_criteria_set_in_force(self.criteria_sets, self.as_of, self.known_at)

    def criteria_met(self) -> set[tuple[str, int]]:
        """P2/P4: the (xã, criterion) pairs met at as_of under the set in force then."""
        in_force = self.set_in_force()
        return p4_criteria_met(self.assessments, in_force.set_id if in_force else None)

    def communes_lacking(self, criterion: int, province_code: str | None = None) -> list[UnitState]:
        """P5: the xã of as_of (of the province, or all) not meeting `criterion` then (p5_communes_lacking)."""
        hierarchy = self.hierarchy()
        communes = (hierarchy.province_rural_communes(province_code) if province_code
                    else hierarchy.all_rural_communes())
        return p5_communes_lacking(communes, self.criteria_met(), criterion)

    def participants_on(self, day: date | None = None) -> dict[str, ParticipantFact]:
        """U3: the participants registered by `day` (<= as_of; default as_of), as known at known_at,
        by code; the latest registration of a code wins (domain/participants.py)."""
        return u3_participants_on(self.participants, self._within(day), self.known_at)

    def pledges_on(self, day: date | None = None) -> list[PledgeFact]:
        """U6: the pledges effective by `day` (<= as_of; default as_of), as known at known_at."""
        return u6_pledges_on(self.pledges, self._within(day), self.known_at)

    def clusters_in_force(self) -> list[Cluster]:
        return clusters_in_force(self.clusters, self.as_of, self.known_at)

    def known_targets(self) -> list[TargetFact]:
        return targets_known(self.targets, self.known_at)

    def target_progress(self) -> list[TargetProgress]:
        """P5: each target known at K, judged at min(as_of, its deadline)."""
        return target_progress(self.known_targets(), self.rate_of, self.as_of)

    def rate_of(self, unit_code: str, day: date | None = None) -> UnitRate | None:
        """P5: the rate of a province or one of its districts at `day` (None: not known then)."""
        province = self.province_of(unit_code, day)
        return None if province is None else self.snapshot(province, day).rate_of(unit_code)

    def province_of(self, unit_code: str, day: date | None = None) -> str | None:
        """The province a unit sits in at `day` (itself for a province), following parents."""
        hierarchy, code, seen = self.hierarchy(day), unit_code, set()
        while code is not None and code not in seen:
            seen.add(code)
            state = hierarchy.state(code)
            if state is None:
                return None
            if state.level == "province":
                return state.code
            code = state.parent_code
        return None

    def _within(self, day: date | None) -> date:
        # Only facts effective by as_of were read: a later day would silently miss some.
        if day is not None and day > self.as_of:
            raise ValueError(f"{day} is after the facts' as_of {self.as_of}")
        return self.as_of if day is None else day


async def load_facts(pool: asyncpg.Pool, as_of: date, known_at: datetime | None,
                     province_code: str | None = None, *, assessments: bool = True) -> FactsAt:
    """Read the facts of (as_of, known_at) in one read-only snapshot (the projection may commit a
    batch between two reads), participants and pledges included. Latest assessments are read for the xã of the province at as_of
    (every xã when `province_code` is None); `assessments=False` skips them."""
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        units = tuple(await queries.unit_changes(conn, as_of, known_at))
        hierarchy = Hierarchy.of(units, as_of, known_at)
        xa: list[UnitState] = []
        if assessments:
            xa = hierarchy.province_rural_communes(province_code) if province_code else hierarchy.all_rural_communes()
        facts = FactsAt(
            as_of, known_at, units,
            tuple(await queries.recognition_facts(conn, as_of, known_at)),
            tuple(await queries.cluster_facts(conn, known_at)),
            tuple(await queries.criteria_set_facts(conn, known_at)),
            tuple(await queries.target_facts(conn, known_at)),
            await queries.latest_assessments(conn, [u.code for u in xa], as_of, known_at) if xa else {},
            tuple(await queries.participant_facts(conn, as_of, known_at)),
            tuple(await queries.pledge_facts(conn, as_of, known_at)),
        )
    facts._hierarchies[as_of] = hierarchy
    return facts

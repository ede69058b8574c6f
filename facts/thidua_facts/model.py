"""The facts as values: each carries its effective date, its stream version and when it was recorded.

Pure Python, no contracts: the projection (rows.py) and the queries (queries.py) translate.
Every fact is ordered within its stream by (effective date, stream version), and visible at
`known_at` when it was recorded at or before it (`recorded_at <= known_at`).
"""
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

RURAL_COMMUNE = "rural_commune"  # xã: the only unit type NTM criteria and rates apply to (U1, P5)
DISTRICT_LEVEL = "district"
PROVINCE_LEVEL = "province"
CRITERIA = tuple(range(1, 20))  # P1: 19 criteria, numbered 1..19 in every set version

# The kinds of unit change (U8), one per registry event type.
REGISTERED, RENAMED, MOVED, DISSOLVED = "registered", "renamed", "moved", "dissolved"


def visible(recorded_at: datetime, known_at: datetime | None) -> bool:
    """Bitemporal filter: a fact is known at `known_at` when recorded at or before it (None: all)."""
    return known_at is None or recorded_at <= known_at


F = TypeVar("F")
K = TypeVar("K", bound=Hashable)


def latest_per_key(facts: Iterable[F], key: Callable[[F], K], effective: Callable[[F], date], day: date,
                   known_at: datetime | None, *, earliest: bool = False) -> dict[K, F]:
    """Per key, the fact with the latest (effective date, stream version) among those effective by
    `day` and recorded by `known_at` (`earliest`: the first one instead). Every fact carries
    `stream_version` and `recorded_at`."""
    chosen: dict[K, F] = {}
    for fact in facts:
        on = effective(fact)
        if on > day or not visible(fact.recorded_at, known_at):  # type: ignore[attr-defined]
            continue
        k = key(fact)
        held = chosen.get(k)
        if held is None:
            chosen[k] = fact
            continue
        later = (on, fact.stream_version) > (effective(held), held.stream_version)  # type: ignore[attr-defined]
        if later != earliest:
            chosen[k] = fact
    return chosen


@dataclass(frozen=True)
class UnitChange:
    """One change of a unit's stream (U8): registered, renamed (+ unit_type), moved or dissolved.

    `effective_date` is the first day of the new state (for a dissolution: the first day the unit
    no longer exists). Only the fields the change sets are filled.
    """

    code: str
    kind: str
    effective_date: date
    stream_version: int
    recorded_at: datetime
    level: str | None = None
    unit_type: str | None = None
    name: str | None = None
    parent_code: str | None = None
    successor_code: str | None = None
    successor_codes: tuple[str, ...] = ()
    document_number: str | None = None


@dataclass(frozen=True)
class UnitState:
    """A unit as it stood on one day: type, name and parent of that day, and its lifetime so far.

    `effective_to` is set only once the unit is dissolved (the first day it no longer exists).
    """

    code: str
    level: str
    unit_type: str
    name: str
    parent_code: str | None
    effective_from: date
    effective_to: date | None = None
    successor_code: str | None = None
    successor_codes: tuple[str, ...] = ()

    def exists_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    @property
    def is_rural_commune(self) -> bool:
        return self.unit_type == RURAL_COMMUNE


@dataclass(frozen=True)
class AssessmentFact:
    """P3: a commune's assessment of one criterion under one criteria set, from `effective_date`."""

    commune_code: str
    criterion: int
    effective_date: date
    stream_version: int
    recorded_at: datetime
    met: bool
    criteria_set_id: str
    evidence: str | None = None
    indicator_values: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    document_number: str | None = None


@dataclass(frozen=True)
class RecognitionFact:
    """P4: a recognition (recognised=True) or a revocation of a commune, from `effective_date`.

    `stream_version` orders two facts of the commune with the same effective date: the later
    decision wins.
    """

    commune_code: str
    effective_date: date
    stream_version: int
    recorded_at: datetime
    recognised: bool
    decision_number: str = ""
    criteria_set_id: str | None = None


@dataclass(frozen=True)
class ClusterFact:
    """U2: a cluster's (or block's) full member list from `effective_from`.

    ClusterFormed carries kind and name; ClusterMembershipChanged only the members (None there).
    """

    code: str
    effective_from: date
    stream_version: int
    recorded_at: datetime
    member_codes: tuple[str, ...]
    kind: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Cluster:
    """An emulation cluster of districts (U2), in the version in force at the date asked."""

    code: str
    name: str
    member_codes: tuple[str, ...]


@dataclass(frozen=True)
class CriterionInfo:
    number: int
    group: str
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class CriteriaSetFact:
    """P2: one publication of a criteria set version (a re-publication corrects the data)."""

    set_id: str
    stream_version: int
    recorded_at: datetime
    decision: str
    effective_from: date
    criteria: tuple[CriterionInfo, ...]

    def name_vi(self, number: int) -> str | None:
        return next((c.name_vi for c in self.criteria if c.number == number), None)


@dataclass(frozen=True)
class TargetFact:
    """P5: a target NTM rate of a unit (province or district) by 31 December of `year`."""

    unit_code: str
    year: int
    ntm_rate: float
    stream_version: int
    recorded_at: datetime


@dataclass(frozen=True)
class ParticipantFact:
    """U3: a participant other than an administrative unit (department, mass organisation,
    Fatherland Front, subordinate unit, enterprise, official, business person, household,
    People's Committee) taking part from `effective_from` (ParticipantRegistered)."""

    code: str
    kind: str
    name: str | None  # None for an individual recorded sealed: the name is in `personal_data`
    parent_code: str | None
    address: str | None
    effective_from: date
    stream_version: int
    recorded_at: datetime
    document_number: str | None = None
    # Issue 11: an individual's name and address as the event's sealed token (thidua_kernel.sealing);
    # only a holder of the person's key opens it, and nobody once the person is erased.
    personal_data: str | None = None


@dataclass(frozen=True)
class PledgeFact:
    """U6: a supporter (department or subordinate unit) pledged to support a unit (a district or
    a commune) from `effective_from` (SupportPledged)."""

    supporter_code: str
    supported_code: str
    effective_from: date
    stream_version: int
    recorded_at: datetime
    document_number: str | None = None

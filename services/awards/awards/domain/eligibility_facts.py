"""The facts a round's checks and quotas read, as one pure value (A2–A7, A9, P4, P5, U2, U3, U6).

Built from thidua_facts (the shared bitemporal read model) at the round's reference date, and at
the day of the check when that is later. Readings:

- Everything is judged at the reference date D (2011–2015: 31/12/2015), as known at the facts'
  known_at: the units existing at D under the province (U8), their names and parents of D; the
  P5 ranking of its districts at D (thidua_facts.domain.ntm_rate.rank_by_rate, never a copy);
  the xã count of each district at D; each district's cluster in force at D (U2); the
  participants registered by D and the pledges effective by D (U3, U6).
- `recognised_at_check`: the xã recognised on the day of the check (the decision's date) when
  that day is after D; None otherwise. A recognition revoked between D and that day fails (P4).
- An individual registered sealed (issue 11) is named by its code here, so no verdict, message
  or event of awards holds its name; views unseal it for the roles that may read it.
- A participant's district is the first district-level unit up its parent chain (through
  participants and units: a household → its xã → the district); None when the chain never
  reaches one (a province department, a business person from outside the province).
"""
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from thidua_facts.domain.ntm_rate import Ranked, rank_by_rate
from thidua_facts.domain.standings import cluster_of_district
from thidua_facts.model import Cluster

from .nominees import (
    ADDRESS_KINDS,
    DEPARTMENT_KINDS,
    NOMINEE_KIND_OF_COMMUNE_TYPE,
    PARTICIPANT_NOMINEE_KINDS,
    Nominator,
    Nominee,
)


class FactsAt(Protocol):
    """What is read of thidua_facts.read_model.FactsAt (participants/pledges: U3, U6)."""

    as_of: date
    known_at: datetime | None

    def hierarchy(self, day: date | None = None) -> Any: ...
    def recognised(self, day: date | None = None) -> frozenset[str]: ...
    def snapshot(self, province_code: str, day: date | None = None) -> Any: ...
    def clusters_in_force(self) -> list[Any]: ...
    def participants_on(self, day: date | None = None) -> dict[str, Any]: ...
    def pledges_on(self, day: date | None = None) -> list[Any]: ...


@dataclass(frozen=True)
class UnitInfo:
    code: str
    level: str
    unit_type: str
    name: str
    parent_code: str | None


@dataclass(frozen=True)
class ParticipantInfo:
    code: str
    kind: str
    name: str
    parent_code: str | None
    address_present: bool = False


@dataclass(frozen=True)
class EligibilityFacts:
    reference_date: date
    check_date: date | None
    province_code: str
    province_name: str = ""
    ranking: tuple[Ranked, ...] = ()
    recognised_at_reference: frozenset[str] = frozenset()
    recognised_at_check: frozenset[str] | None = None
    units: Mapping[str, UnitInfo] = field(default_factory=dict)
    xa_count: Mapping[str, int] = field(default_factory=dict)
    clusters: tuple[Cluster, ...] = ()  # the emulation clusters in force at D (U2), by code
    participants: Mapping[str, ParticipantInfo] = field(default_factory=dict)
    pledges: tuple[tuple[str, str], ...] = ()  # (supporter, supported), sorted, each pair once
    known_at: datetime | None = None

    def rank_of(self, code: str) -> Ranked | None:
        return next((r for r in self.ranking if r.unit.code == code), None)

    def name_of(self, code: str) -> str:
        if code == self.province_code and self.province_name:
            return self.province_name
        found = self.units.get(code) or self.participants.get(code)
        return found.name if found is not None else code

    def parent_of(self, code: str) -> str | None:
        found = self.units.get(code) or self.participants.get(code)
        return found.parent_code if found is not None else None

    def district_of(self, code: str) -> str | None:
        """The first district-level unit from `code` up its parent chain (itself included)."""
        seen: set[str] = set()
        current: str | None = code
        while current is not None and current not in seen:
            seen.add(current)
            unit = self.units.get(current)
            if unit is not None and unit.level == "district":
                return current
            current = self.parent_of(current)
        return None

    def cluster_of(self, district_code: str | None) -> Cluster | None:
        if district_code is None:
            return None
        return next((c for c in self.clusters if district_code in c.member_codes), None)

    def districts(self) -> list[str]:
        return sorted(c for c, u in self.units.items() if u.level == "district")

    def supported_by(self, supporter: str) -> set[str]:
        return {supported for who, supported in self.pledges if who == supporter}


def _units_of_province(hierarchy: Any, province_code: str) -> dict[str, UnitInfo]:
    """The province and every unit existing at D below it (its districts, their communes)."""
    found: dict[str, UnitInfo] = {}
    province = hierarchy.existing(province_code)
    if province is not None:
        found[province_code] = UnitInfo(province_code, province.level, province.unit_type, province.name, None)
    todo = [province_code]
    while todo:
        for child in hierarchy.children(todo.pop()):
            if child.code not in found:
                found[child.code] = UnitInfo(child.code, child.level, child.unit_type, child.name, child.parent_code)
                todo.append(child.code)
    return found


def _address_present(p: Any) -> bool:
    """A7: an address in clear, or sealed with the name (issue 11): the registry records no
    business person without an address (U3), so a sealed one carries it, unread here."""
    sealed = getattr(p, "personal_data", None) is not None
    return bool((p.address or "").strip()) or (sealed and p.kind in ADDRESS_KINDS)


def eligibility_facts(at_reference: FactsAt, at_check: FactsAt | None, province_code: str) -> EligibilityFacts:
    """The EligibilityFacts of a round: `at_reference` read with as_of = the reference date,
    `at_check` with as_of = the day of the check (None, or not later: no second look)."""
    day = at_reference.as_of
    hierarchy = at_reference.hierarchy(day)
    snapshot = at_reference.snapshot(province_code, day)
    later = at_check is not None and at_check.as_of > day
    participants = {
        code: ParticipantInfo(p.code, p.kind, p.name or p.code, p.parent_code, _address_present(p))
        for code, p in at_reference.participants_on(day).items()
    }
    # Clusters as known at the facts' known_at, in force at D (deduplicated by code).
    district_cluster = cluster_of_district(at_reference.clusters_in_force())
    clusters = {c.code: c for c in district_cluster.values()}
    province = hierarchy.state(province_code)
    return EligibilityFacts(
        reference_date=day,
        check_date=at_check.as_of if later else None,
        province_code=province_code,
        province_name=province.name if province is not None else province_code,
        ranking=tuple(rank_by_rate(snapshot.districts)),
        recognised_at_reference=frozenset(snapshot.recognised),
        recognised_at_check=frozenset(at_check.recognised(at_check.as_of)) if later else None,
        units=_units_of_province(hierarchy, province_code),
        xa_count={d.code: d.communes for d in snapshot.districts},
        clusters=tuple(clusters[c] for c in sorted(clusters)),
        participants=participants,
        pledges=tuple(sorted({(p.supporter_code, p.supported_code) for p in at_reference.pledges_on(day)})),
        known_at=at_reference.known_at,
    )


def resolve_nominee(facts: EligibilityFacts, code: str) -> Nominee | None:
    """A unit of the province at D (district-level → "district"; xã, thị trấn, phường by type) or a
    participant registered by D (its kind as registered); None when neither, or of no nominee kind."""
    unit = facts.units.get(code)
    if unit is not None:
        kind = "district" if unit.level == "district" else NOMINEE_KIND_OF_COMMUNE_TYPE.get(unit.unit_type)
        if kind is None:
            return None
        return Nominee(code, kind, unit.name, facts.district_of(code), unit.parent_code)  # type: ignore[arg-type]
    participant = facts.participants.get(code)
    if participant is None or participant.kind not in PARTICIPANT_NOMINEE_KINDS:
        return None
    return Nominee(code, participant.kind, participant.name, facts.district_of(code),  # type: ignore[arg-type]
                   participant.parent_code, participant.address_present)


def resolve_nominator(facts: EligibilityFacts, code: str) -> Nominator | None:
    """The province itself; a district-level unit of it; a department, mass organisation or
    Fatherland Front participant ("department"). None for anything else."""
    if code == facts.province_code:
        return Nominator(code, "province")
    unit = facts.units.get(code)
    if unit is not None:
        return Nominator(code, "district") if unit.level == "district" else None
    participant = facts.participants.get(code)
    if participant is not None and participant.kind in DEPARTMENT_KINDS:
        return Nominator(code, "department")
    return None

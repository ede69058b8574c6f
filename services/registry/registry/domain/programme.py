"""Who takes part and how (U2–U7): participants, clusters over time, plans; pure Python."""
from dataclasses import dataclass
from datetime import date

from contracts.registry import (
    ClusterFormed, ClusterMembershipChanged, ParticipantRegistered, PlanDue, PlanSubmitted,
)

# U6: a department (and, reading A4, a mass organisation or Fatherland Front committee) supports
# districts; a department's subordinate unit supports communes.
SUPPORTS_DISTRICTS = ("department", "mass_organisation", "fatherland_front")
SUPPORTS_COMMUNES = ("subordinate_unit",)
# U5 (2 pilot communes per district), U6 (2 communes per subordinate unit) and U7 (a plan's
# status) are decided in thidua_facts.domain.programme, shared with reporting.
# U2: departments and provincial organisations sit in emulation blocks.
BLOCK_MEMBER_KINDS = ("department", "mass_organisation", "fatherland_front")


@dataclass(frozen=True)
class Participant:
    code: str
    kind: str
    name: str | None  # None for an individual registered sealed (issue 11): the registry decides without it
    parent_code: str | None
    address: str | None
    effective_from: date
    sealed: bool = False

    def exists_on(self, day: date) -> bool:
        return self.effective_from <= day


def participant_from_events(history: list[tuple[str, dict]]) -> Participant | None:
    for event_type, payload in history:
        if event_type == "ParticipantRegistered":
            p = ParticipantRegistered.model_validate(payload)
            return Participant(p.code, p.kind, p.name, p.parent_code, p.address, p.effective_from,
                               p.personal_data is not None)
    return None


@dataclass(frozen=True)
class Cluster:
    """A cluster (of districts) or block (of departments) with its member lists over time (U2)."""

    code: str
    kind: str
    name: str
    member_codes: tuple[str, ...]
    formed_on: date
    memberships: tuple[tuple[date, tuple[str, ...]], ...] = ()

    def members_on(self, day: date) -> tuple[str, ...]:
        current: tuple[str, ...] = ()
        for since, members in self.memberships:
            if since <= day:
                current = members
        return current


def cluster_from_events(history: list[tuple[str, dict]]) -> Cluster | None:
    cluster: Cluster | None = None
    memberships: dict[date, tuple[str, ...]] = {}
    for event_type, payload in history:
        if event_type == "ClusterFormed":
            e = ClusterFormed.model_validate(payload)
            formed = min(e.effective_from, cluster.formed_on) if cluster else e.effective_from
            cluster = Cluster(e.code, e.kind, e.name, tuple(e.member_codes), formed)
            memberships[e.effective_from] = tuple(e.member_codes)
        elif event_type == "ClusterMembershipChanged" and cluster is not None:
            m = ClusterMembershipChanged.model_validate(payload)
            memberships[m.effective_from] = tuple(m.member_codes)
    if cluster is None:
        return None
    ordered = tuple(sorted(memberships.items()))
    return Cluster(cluster.code, cluster.kind, cluster.name, ordered[-1][1], cluster.formed_on, ordered)


@dataclass(frozen=True)
class Plan:
    plan_code: str
    owner_code: str
    title: str
    due_date: date
    submitted_on: date | None = None
    document_number: str | None = None


def plan_from_events(history: list[tuple[str, dict]]) -> Plan | None:
    plan: Plan | None = None
    for event_type, payload in history:
        if event_type == "PlanDue":
            d = PlanDue.model_validate(payload)
            plan = Plan(d.plan_code, d.owner_code, d.title, d.due_date,
                        plan.submitted_on if plan else None, plan.document_number if plan else None)
        elif event_type == "PlanSubmitted" and plan is not None:
            s = PlanSubmitted.model_validate(payload)
            plan = Plan(plan.plan_code, plan.owner_code, plan.title, plan.due_date, s.submitted_on, s.document_number)
    return plan

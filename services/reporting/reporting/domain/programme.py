"""How units take part in the movement, as facts (U3-U7, A4), and what is in force at (D, K).

Pure Python. Each fact carries its stream version and when it was recorded; it is known at
`known_at` when recorded at or before it (thidua_facts.model.visible), exactly as the NTM facts.

Readings (the registry's own, services/registry/registry/programme_views.py and its projection):

- Participants, pilots, pledges and movement registrations are each written once per stream by
  the registry (a second designation, pledge or registration is refused or a no-op): the first
  fact of a stream known at K (lowest stream version) is the one. A repeated delivery carries the
  same stream version, so it changes nothing.
- A participant, pilot or pledge is in force at D from its effective_from; a registration from
  its registered_on. None of them ends (no event withdraws one).
- U7: a plan's deadline is its latest PlanDue known at K (a later one moves it); its submission
  the first PlanSubmitted known at K. A submission dated after D is not known on D. Decided in
  thidua_facts.domain.programme.u7_plans_at, which the registry's SQL is proven to agree with.
"""
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, TypeVar

from thidua_facts.domain.programme import Plan, PlanDueFact, PlanSubmittedFact, u7_plans_at
from thidua_facts.model import PledgeFact, visible  # U6: the shared fact, same fields

__all__ = [
    "MovementFact", "ParticipantFact", "PilotFact", "Plan", "PlanDueFact", "PlanSubmittedFact", "PledgeFact",
    "ProgrammeAt", "first_known",
]


@dataclass(frozen=True)
class ParticipantFact:
    """U3: a participant other than an administrative unit, from `effective_from`."""

    code: str
    kind: str
    name: str
    parent_code: str | None
    effective_from: date
    stream_version: int
    recorded_at: datetime


@dataclass(frozen=True)
class PilotFact:
    """U4 (level "province") or U5 (level "district"): `unit_code` is a pilot from `effective_from`."""

    level: str
    unit_code: str
    designated_by: str
    effective_from: date
    stream_version: int
    recorded_at: datetime
    document_number: str | None = None


@dataclass(frozen=True)
class MovementFact:
    """A4/R5: `unit_code` registered with the movement on `registered_on`."""

    unit_code: str
    registered_on: date
    stream_version: int
    recorded_at: datetime
    document_number: str | None = None


class _Fact(Protocol):
    @property
    def stream_version(self) -> int: ...
    @property
    def recorded_at(self) -> datetime: ...


F = TypeVar("F", bound=_Fact)
K = TypeVar("K", bound=Hashable)


def first_known(facts: Iterable[F], key: Callable[[F], K], known_at: datetime | None,
                day: Callable[[F], date] | None = None, as_of: date | None = None) -> dict[K, F]:
    """Per stream key, the first fact (lowest stream version) known at K and, when `day` is
    given, in force at `as_of` (its day on or before it)."""
    first: dict[K, F] = {}
    for fact in facts:
        if not visible(fact.recorded_at, known_at):
            continue
        if day is not None and as_of is not None and day(fact) > as_of:
            continue
        k = key(fact)
        held = first.get(k)
        if held is None or fact.stream_version < held.stream_version:
            first[k] = fact
    return first


@dataclass(frozen=True)
class ProgrammeAt:
    """The programme facts read for (as_of, known_at), and what is in force then."""

    as_of: date
    known_at: datetime | None
    participants: tuple[ParticipantFact, ...] = ()
    pilots: tuple[PilotFact, ...] = ()
    pledges: tuple[PledgeFact, ...] = ()
    plan_deadlines: tuple[PlanDueFact, ...] = ()
    plan_submissions: tuple[PlanSubmittedFact, ...] = ()
    registrations: tuple[MovementFact, ...] = ()

    def participants_known(self) -> dict[str, ParticipantFact]:
        """Every participant known at K, whatever its date (for names and placement)."""
        return first_known(self.participants, lambda p: p.code, self.known_at)

    def participants_in_force(self) -> dict[str, ParticipantFact]:
        return first_known(self.participants, lambda p: p.code, self.known_at,
                           lambda p: p.effective_from, self.as_of)

    def pilots_in_force(self) -> list[PilotFact]:
        found = first_known(self.pilots, lambda p: (p.level, p.unit_code), self.known_at,
                            lambda p: p.effective_from, self.as_of)
        return sorted(found.values(), key=lambda p: (p.level != "province", p.unit_code))

    def pledges_in_force(self) -> list[PledgeFact]:
        found = first_known(self.pledges, lambda p: (p.supporter_code, p.supported_code), self.known_at,
                            lambda p: p.effective_from, self.as_of)
        return sorted(found.values(), key=lambda p: (p.supporter_code, p.supported_code))

    def plans(self) -> list[Plan]:
        return u7_plans_at(self.plan_deadlines, self.plan_submissions, self.as_of, self.known_at)

    def registrations_in_force(self) -> list[MovementFact]:
        found = first_known(self.registrations, lambda r: r.unit_code, self.known_at,
                            lambda r: r.registered_on, self.as_of)
        return sorted(found.values(), key=lambda r: r.unit_code)

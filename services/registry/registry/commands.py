"""Registry commands, as the HTTP API receives them (imperative names).

Dates: `effective_from` / `effective_date` is the first day of the new state (a merger effective
1 Jan 2020 has effective_date 2020-01-01: the absorbed commune existed up to 31 Dec 2019).
`document_number` is the decision that did it; structural changes of units require one.
"""
from datetime import date
from typing import Literal

from pydantic import Field

from contracts.registry import ParticipantKind, UnitType
from thidua_kernel.http import CommandBody

Code = Field(pattern=r"^[0-9A-Za-z_.-]{1,32}$")
Name = Field(min_length=1, max_length=200)
Decision = Field(min_length=1, max_length=200)


class RegisterUnit(CommandBody):
    """A unit, possibly historical (e.g. a commune merged away in 2019–2020), from `effective_from`."""

    code: str = Code
    unit_type: UnitType
    name: str = Name
    parent_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    effective_from: date
    document_number: str | None = None
    reason: str | None = None


class ImportProvinceUnits(CommandBody):
    """Import a province's units from a reference data set: the pre-2025 set as units existing from
    `effective_from`, or the 2025 set as a change at `effective_from` (2025-07-01 or later)."""

    province_code: str = Code
    source: Literal["vietnamadminunits-legacy", "vietnamadminunits-2025"] = "vietnamadminunits-legacy"
    effective_from: date
    document_number: str | None = None
    reason: str | None = None


class RenameUnit(CommandBody):
    code: str = Code
    name: str = Name
    unit_type: UnitType | None = None  # a reclassification decided together with the name
    effective_date: date
    document_number: str = Decision
    reason: str | None = None


class MoveUnit(CommandBody):
    code: str = Code
    parent_code: str = Code
    effective_date: date
    document_number: str = Decision
    reason: str | None = None


class DissolveUnit(CommandBody):
    code: str = Code
    effective_date: date
    successor_code: str | None = None
    document_number: str = Decision
    reason: str | None = None


class MergeUnits(CommandBody):
    """The absorbed units cease to exist at `effective_date`; `into_code` takes them over. If
    `into_code` is not registered, it is registered from that date (give `name` and `unit_type`;
    the parent defaults to the first absorbed unit's); if it is, `name` / `unit_type` rename it."""

    absorbed_codes: list[str] = Field(min_length=1)
    into_code: str = Code
    effective_date: date
    name: str | None = Field(default=None, min_length=1, max_length=200)
    unit_type: UnitType | None = None
    parent_code: str | None = None
    document_number: str = Decision
    reason: str | None = None


class SplitPart(CommandBody):
    code: str = Code
    name: str = Name
    unit_type: UnitType
    parent_code: str | None = None  # defaults to the split unit's parent on the date
    latitude: float | None = None
    longitude: float | None = None


class SplitUnit(CommandBody):
    """The unit ceases to exist at `effective_date`; the parts are registered from that date."""

    code: str = Code
    parts: list[SplitPart] = Field(min_length=2)
    effective_date: date
    successor_code: str | None = None  # the part that takes over the unit's records, if any
    document_number: str = Decision
    reason: str | None = None


class RegisterParticipant(CommandBody):
    code: str = Code
    kind: ParticipantKind
    name: str = Name
    parent_code: str | None = None
    address: str | None = Field(default=None, max_length=500)
    effective_from: date
    document_number: str | None = None
    reason: str | None = None


class DesignatePilot(CommandBody):
    unit_code: str = Code
    level: Literal["province", "district"]
    effective_from: date
    document_number: str | None = None
    reason: str | None = None


class PledgeSupport(CommandBody):
    supporter_code: str = Code
    supported_code: str = Code
    effective_from: date
    document_number: str | None = None
    reason: str | None = None


class SetPlanDeadline(CommandBody):
    plan_code: str = Code
    owner_code: str = Code
    title: str = Field(min_length=1, max_length=300)
    due_date: date
    document_number: str | None = None
    reason: str | None = None


class SubmitPlan(CommandBody):
    plan_code: str = Code
    submitted_on: date
    document_number: str = Decision
    reason: str | None = None


class RegisterMovement(CommandBody):
    unit_code: str = Code
    registered_on: date
    document_number: str | None = None
    reason: str | None = None


class FormCluster(CommandBody):
    code: str = Code
    kind: Literal["cluster", "block"] = "cluster"
    name: str = Name
    member_codes: list[str] = Field(min_length=1)
    effective_from: date
    document_number: str | None = None
    reason: str | None = None


class ChangeClusterMembers(CommandBody):
    """The full member list of a cluster or block from `effective_from`."""

    code: str = Code
    member_codes: list[str] = Field(min_length=1)
    effective_from: date
    document_number: str | None = None
    reason: str | None = None

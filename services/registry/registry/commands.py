"""Registry commands, as the HTTP API receives them (imperative names).

Dates: `effective_from` / `effective_date` is the first day of the new state (a merger effective
1 Jan 2020 has effective_date 2020-01-01: the absorbed commune existed up to 31 Dec 2019).
`document_number` is the decision that did it; structural changes of units require one.
Bounds are the kernel's (thidua_kernel.limits): codes, text lengths, dates 1945..2100,
coordinates; strict types.
"""
from typing import Literal

from pydantic import Field

from contracts.registry import ParticipantKind, UnitType
from thidua_kernel.http import CommandBody
from thidua_kernel.limits import Code, Day, DocumentNumber, Latitude, Longitude, Name, Text

Reason = Text | None
Codes = Field(min_length=1, max_length=1000)


class RegisterUnit(CommandBody):
    """A unit, possibly historical (e.g. a commune merged away in 2019–2020), from `effective_from`."""

    code: Code
    unit_type: UnitType
    name: Name
    parent_code: Code | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    effective_from: Day
    document_number: DocumentNumber | None = None
    reason: Reason = None


class ImportProvinceUnits(CommandBody):
    """Import a province's units from a reference data set: the pre-2025 set as units existing from
    `effective_from`, or the 2025 set as a change at `effective_from` (2025-07-01 or later)."""

    province_code: Code
    source: Literal["vietnamadminunits-legacy", "vietnamadminunits-2025"] = "vietnamadminunits-legacy"
    effective_from: Day
    document_number: DocumentNumber | None = None
    reason: Reason = None


class RenameUnit(CommandBody):
    code: Code
    name: Name
    unit_type: UnitType | None = None  # a reclassification decided together with the name
    effective_date: Day
    document_number: DocumentNumber
    reason: Reason = None


class MoveUnit(CommandBody):
    code: Code
    parent_code: Code
    effective_date: Day
    document_number: DocumentNumber
    reason: Reason = None


class DissolveUnit(CommandBody):
    code: Code
    effective_date: Day
    successor_code: Code | None = None
    document_number: DocumentNumber
    reason: Reason = None


class MergeUnits(CommandBody):
    """The absorbed units cease to exist at `effective_date`; `into_code` takes them over. If
    `into_code` is not registered, it is registered from that date (give `name` and `unit_type`;
    the parent defaults to the first absorbed unit's); if it is, `name` / `unit_type` rename it."""

    absorbed_codes: list[Code] = Codes
    into_code: Code
    effective_date: Day
    name: Name | None = None
    unit_type: UnitType | None = None
    parent_code: Code | None = None
    document_number: DocumentNumber
    reason: Reason = None


class SplitPart(CommandBody):
    code: Code
    name: Name
    unit_type: UnitType
    parent_code: Code | None = None  # defaults to the split unit's parent on the date
    latitude: Latitude | None = None
    longitude: Longitude | None = None


class SplitUnit(CommandBody):
    """The unit ceases to exist at `effective_date`; the parts are registered from that date."""

    code: Code
    parts: list[SplitPart] = Field(min_length=2, max_length=100)
    effective_date: Day
    successor_code: Code | None = None  # the part that takes over the unit's records, if any
    document_number: DocumentNumber
    reason: Reason = None


class RegisterParticipant(CommandBody):
    code: Code
    kind: ParticipantKind
    name: Name
    parent_code: Code | None = None
    address: Text | None = None
    effective_from: Day
    document_number: DocumentNumber | None = None
    reason: Reason = None


class ErasePersonalData(CommandBody):
    """Issue 11: erase an individual's personal data (crypto-shredding); the legal basis is required."""

    participant_code: Code
    document_number: DocumentNumber
    reason: Text


class DesignatePilot(CommandBody):
    unit_code: Code
    level: Literal["province", "district"]
    effective_from: Day
    document_number: DocumentNumber | None = None
    reason: Reason = None


class PledgeSupport(CommandBody):
    supporter_code: Code
    supported_code: Code
    effective_from: Day
    document_number: DocumentNumber | None = None
    reason: Reason = None


class SetPlanDeadline(CommandBody):
    plan_code: Code
    owner_code: Code
    title: Name
    due_date: Day
    document_number: DocumentNumber | None = None
    reason: Reason = None


class SubmitPlan(CommandBody):
    plan_code: Code
    submitted_on: Day
    document_number: DocumentNumber
    reason: Reason = None


class RegisterMovement(CommandBody):
    unit_code: Code
    registered_on: Day
    document_number: DocumentNumber | None = None
    reason: Reason = None


class FormCluster(CommandBody):
    code: Code
    kind: Literal["cluster", "block"] = "cluster"
    name: Name
    member_codes: list[Code] = Codes
    effective_from: Day
    document_number: DocumentNumber | None = None
    reason: Reason = None


class ChangeClusterMembers(CommandBody):
    """The full member list of a cluster or block from `effective_from`."""

    code: Code
    member_codes: list[Code] = Codes
    effective_from: Day
    document_number: DocumentNumber | None = None
    reason: Reason = None

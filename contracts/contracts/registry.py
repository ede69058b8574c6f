"""Payloads published by the registry service on REGISTRY_EVENTS."""
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

UnitLevel = Literal["province", "district", "commune"]
# Official unit types (GSO): tỉnh; thành phố / huyện / thị xã / quận; xã / thị trấn / phường / đặc khu
# (the special zones of the 2025 set are commune-level).
UnitType = Literal[
    "province", "city", "rural_district", "town", "urban_district",
    "rural_commune", "township", "ward", "special_zone",
]
ParticipantKind = Literal[
    "department", "mass_organisation", "fatherland_front", "subordinate_unit", "enterprise",
    "official", "business_person", "household", "people_committee",
]

# Participants who are individuals: their names and addresses are personal data, shown only to
# the roles that need them (registry /participants) and never in the consolidated report.
INDIVIDUAL_KINDS = frozenset({"household", "official", "business_person"})


class _Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class UnitRegistered(_Payload):
    """An administrative unit exists from `effective_from` (U1, U4: code + parent, never name)."""

    code: str
    level: UnitLevel
    unit_type: UnitType
    name: str
    parent_code: str | None
    latitude: float | None = None
    longitude: float | None = None
    effective_from: date
    source: str


class UnitDissolved(_Payload):
    """A unit ceases to exist at `effective_to` (merged into `successor_code` where there is one; U8).

    `effective_to` is the first day the unit no longer exists. A merge dissolves each absorbed
    unit with `successor_code` = the absorbing unit; a split dissolves the old unit with
    `successor_codes` = the new units (and `successor_code` the one that takes its records, if any).
    """

    code: str
    effective_to: date
    successor_code: str | None = None
    successor_codes: list[str] | None = None


class UnitRenamed(_Payload):
    """U8: a unit is renamed from `effective_date` (the first day of the new name); the decision is
    the envelope's `document_number`. `unit_type`, when given, is a reclassification decided
    together with the name (e.g. "Thị trấn Bình Gia" becoming "Xã Bình Gia" in 2025), never a
    change of level."""

    code: str
    name: str
    effective_date: date
    unit_type: UnitType | None = None


class UnitMoved(_Payload):
    """U8: a unit sits under `parent_code` from `effective_date` (the first day under the new parent)."""

    code: str
    parent_code: str
    effective_date: date


class ClusterFormed(_Payload):
    """An emulation cluster (of districts) or block (of departments) with its members (U2)."""

    code: str
    kind: Literal["cluster", "block"]
    name: str
    member_codes: list[str]
    effective_from: date


class ClusterMembershipChanged(_Payload):
    """U2: the full member list of a cluster or block from `effective_from` on."""

    code: str
    member_codes: list[str]
    effective_from: date


class ParticipantRegisteredV1(_Payload):
    """ParticipantRegistered as published until version 2 (schema_version 1): an individual's
    name and address in clear. Still in the log, read through the upcaster, never written again."""

    code: str
    kind: ParticipantKind
    name: str
    parent_code: str | None = None
    address: str | None = None
    effective_from: date


class ParticipantRegistered(_Payload):
    """U3: a participant other than an administrative unit takes part from `effective_from`.

    `parent_code`: the department of a subordinate unit; the commune of a household; the unit at
    whose level a mass organisation, Fatherland Front committee or People's Committee sits;
    optional for the others. A business person must carry an address (U3, A7).

    Version 2 (issue 11, crypto-shredding): for an individual (INDIVIDUAL_KINDS) `name` and
    `address` are null and both travel only in `personal_data`, a sealed token
    ("pd1.<key id>.<nonce>.<ciphertext>", AES-256-GCM under a key of that person alone, kept by
    the registry and never published). Erasing the person destroys the key (PersonalDataErased);
    the event stays as it was. Other participants carry `name` (and `address`) in clear and no
    token. A version 1 event is read as version 2 unchanged (`personal_data` null): an individual
    recorded before version 2 has its name in clear in that log, until the log is migrated by the
    registry's import, which re-records it as version 2, sealed (registry/import_sealing.py).
    """

    code: str
    kind: ParticipantKind
    name: str | None
    parent_code: str | None = None
    address: str | None = None
    effective_from: date
    personal_data: str | None = None


class PersonalDataErased(_Payload):
    """Issue 11: the personal data of individual participant `code` was lawfully erased: its key
    is destroyed, so no reader can open its sealed name and address again. Carries no personal
    data; the legal basis is the envelope's `document_number`, the reason its `reason`."""

    code: str


class PilotDesignated(_Payload):
    """U4/U5: a pilot (chỉ đạo điểm) of the province (districts, communes) or of a district (its
    own communes), designated by the unit `designated_by`, from `effective_from`."""

    unit_code: str
    level: Literal["province", "district"]
    designated_by: str
    effective_from: date


class SupportPledged(_Payload):
    """U6: a department supports a district; a subordinate unit supports a commune (xã, thị trấn)."""

    supporter_code: str
    supported_code: str
    effective_from: date


class PlanDue(_Payload):
    """U7: a plan `owner_code` must deliver by `due_date` (a later PlanDue moves the deadline)."""

    plan_code: str
    owner_code: str
    title: str
    due_date: date


class PlanSubmitted(_Payload):
    """U7: the plan came, on `submitted_on`, as document `document_number`."""

    plan_code: str
    owner_code: str
    submitted_on: date
    document_number: str


class MovementRegistered(_Payload):
    """A4/R5: a unit or participant registered to take part in the movement on `registered_on`."""

    unit_code: str
    registered_on: date


EVENT_TYPES = {
    "UnitRegistered": UnitRegistered,
    "UnitRenamed": UnitRenamed,
    "UnitMoved": UnitMoved,
    "UnitDissolved": UnitDissolved,
    "ClusterFormed": ClusterFormed,
    "ClusterMembershipChanged": ClusterMembershipChanged,
    "ParticipantRegistered": ParticipantRegistered,
    "PilotDesignated": PilotDesignated,
    "SupportPledged": SupportPledged,
    "PlanDue": PlanDue,
    "PlanSubmitted": PlanSubmitted,
    "MovementRegistered": MovementRegistered,
    "PersonalDataErased": PersonalDataErased,
}

# Every published version of the event types whose payload changed shape, oldest first (as in
# contracts.awards); the newest is what the registry writes.
VERSIONS = {
    "ParticipantRegistered": {1: ParticipantRegisteredV1, 2: ParticipantRegistered},
}

"""Payloads published by the registry service on REGISTRY_EVENTS."""
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

UnitLevel = Literal["province", "district", "commune"]
# Official unit types (GSO): tỉnh; thành phố / huyện / thị xã; xã / thị trấn / phường.
UnitType = Literal["province", "city", "rural_district", "town", "rural_commune", "township", "ward"]


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
    """A unit ceases to exist at `effective_to` (merged into `successor_code` where there is one; U8)."""

    code: str
    effective_to: date
    successor_code: str | None = None


class ClusterFormed(_Payload):
    """An emulation cluster (of districts) or block (of departments) with its members (U2)."""

    code: str
    kind: Literal["cluster", "block"]
    name: str
    member_codes: list[str]
    effective_from: date


EVENT_TYPES = {
    "UnitRegistered": UnitRegistered,
    "UnitDissolved": UnitDissolved,
    "ClusterFormed": ClusterFormed,
}

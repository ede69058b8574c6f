"""Registry commands, as the HTTP API receives them (imperative names)."""
from datetime import date
from typing import Literal

from pydantic import Field

from contracts.registry import UnitType
from thidua_kernel.http import CommandBody

Code = Field(pattern=r"^[0-9A-Za-z_.-]{1,32}$")


class RegisterUnit(CommandBody):
    code: str = Code
    unit_type: UnitType
    name: str = Field(min_length=1, max_length=200)
    parent_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    effective_from: date
    document_number: str | None = None
    reason: str | None = None


class ImportProvinceUnits(CommandBody):
    """Import a province's district- and commune-level units from a reference data set."""

    province_code: str = Code
    source: Literal["vietnamadminunits-legacy"] = "vietnamadminunits-legacy"
    effective_from: date
    document_number: str | None = None
    reason: str | None = None


class FormCluster(CommandBody):
    code: str = Code
    kind: Literal["cluster", "block"] = "cluster"
    name: str = Field(min_length=1, max_length=200)
    member_codes: list[str] = Field(min_length=1)
    effective_from: date
    document_number: str | None = None
    reason: str | None = None

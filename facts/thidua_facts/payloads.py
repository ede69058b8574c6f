"""The payload fields the NTM facts read, per event type: msgspec structs, decoded in one pass.

Only what the rows need (the projection's "decode only what it needs"); a payload missing one of
these fields is unreadable (rows.UnreadableEvent names it), extra fields are ignored.
"""
from datetime import date
from typing import Any

import msgspec


class _Registered(msgspec.Struct, gc=False):
    code: str
    level: str
    unit_type: str
    name: str
    effective_from: date
    parent_code: str | None = None


class _Renamed(msgspec.Struct, gc=False):
    code: str
    name: str
    effective_date: date
    unit_type: str | None = None


class _Moved(msgspec.Struct, gc=False):
    code: str
    parent_code: str
    effective_date: date


class _Dissolved(msgspec.Struct, gc=False):
    code: str
    effective_to: date
    successor_code: str | None = None
    successor_codes: list[str] | None = None


class _ClusterFormed(msgspec.Struct, gc=False):
    code: str
    kind: str
    name: str
    member_codes: list[str]
    effective_from: date


class _ClusterChanged(msgspec.Struct, gc=False):
    code: str
    member_codes: list[str]
    effective_from: date


class _CriteriaSet(msgspec.Struct, gc=False):
    set_id: str
    decision: str
    effective_from: date
    criteria: list[Any]


class _Assessed(msgspec.Struct, gc=False):
    commune_code: str
    criterion: int
    met: bool
    criteria_set_id: str
    effective_date: date
    evidence: str | None = None
    indicator_values: dict[str, Any] | None = None


class _Result(msgspec.Struct, gc=False):
    criterion: int
    met: bool
    evidence: str | None = None
    indicator_values: dict[str, Any] | None = None


class _MatrixAssessed(msgspec.Struct, gc=False):
    commune_code: str
    criteria_set_id: str
    effective_date: date
    results: list[_Result]


class _Recognised(msgspec.Struct, gc=False):
    commune_code: str
    criteria_set_id: str
    decision_number: str
    effective_date: date


class _Revoked(msgspec.Struct, gc=False):
    commune_code: str
    decision_number: str
    effective_date: date


class _Target(msgspec.Struct, gc=False):
    unit_code: str
    year: int
    ntm_rate: float


class _Participant(msgspec.Struct, gc=False):
    code: str
    kind: str
    name: str | None  # None for an individual sealed in personal_data (version 2, issue 11)
    effective_from: date
    parent_code: str | None = None
    address: str | None = None
    personal_data: str | None = None


class _Pledge(msgspec.Struct, gc=False):
    supporter_code: str
    supported_code: str
    effective_from: date

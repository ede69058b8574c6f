"""The facts the report is computed from, as this service holds them: pure values, no contracts."""
from dataclasses import dataclass
from datetime import date

RURAL_COMMUNE = "rural_commune"  # xã: the only unit type NTM criteria and rates apply to (U1)
DISTRICT_LEVEL = "district"


@dataclass(frozen=True)
class Unit:
    """An administrative unit with its lifetime [effective_from, effective_to) (U8)."""

    code: str
    level: str
    unit_type: str
    name: str
    parent_code: str | None
    effective_from: date
    effective_to: date | None = None

    def exists_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    @property
    def is_rural_commune(self) -> bool:
        return self.unit_type == RURAL_COMMUNE


@dataclass(frozen=True)
class RecognitionFact:
    """One recognition (P4) or revocation of a commune, effective from `effective_date`.

    `stream_order` is the event's version in the commune's stream: it orders two facts of the
    same commune with the same effective date (the later decision wins).
    """

    commune_code: str
    effective_date: date
    stream_order: int
    recognised: bool


@dataclass(frozen=True)
class Cluster:
    """An emulation cluster of districts (U2), in the version in force at the date asked."""

    code: str
    name: str
    member_codes: tuple[str, ...]


@dataclass(frozen=True)
class Target:
    """A target NTM rate of a unit (province or district) by 31 December of `year` (P5)."""

    unit_code: str
    year: int
    ntm_rate: float

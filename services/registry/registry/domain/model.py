"""Units and clusters as aggregates rebuilt from their events; pure Python."""
from dataclasses import dataclass
from datetime import date

from contracts.registry import ClusterFormed, UnitDissolved, UnitRegistered

LEVEL_OF_TYPE = {
    "province": "province",
    "city": "district",
    "rural_district": "district",
    "town": "district",
    "rural_commune": "commune",
    "township": "commune",
    "ward": "commune",
}
PARENT_LEVEL = {"province": None, "district": "province", "commune": "district"}


@dataclass(frozen=True)
class Unit:
    code: str
    level: str
    unit_type: str
    name: str
    parent_code: str | None
    effective_from: date
    effective_to: date | None = None

    def exists_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


def unit_from_events(history: list[tuple[str, dict]]) -> Unit | None:
    """Fold a unit's (event type, payload) history into its current state."""
    unit: Unit | None = None
    for event_type, payload in history:
        if event_type == "UnitRegistered":
            e = UnitRegistered.model_validate(payload)
            unit = Unit(e.code, e.level, e.unit_type, e.name, e.parent_code, e.effective_from)
        elif event_type == "UnitDissolved" and unit is not None:
            gone = UnitDissolved.model_validate(payload)
            unit = Unit(**{**unit.__dict__, "effective_to": gone.effective_to})
    return unit


@dataclass(frozen=True)
class Cluster:
    code: str
    kind: str
    name: str
    member_codes: tuple[str, ...]


def cluster_from_events(history: list[tuple[str, dict]]) -> Cluster | None:
    cluster = None
    for event_type, payload in history:
        if event_type == "ClusterFormed":
            e = ClusterFormed.model_validate(payload)
            cluster = Cluster(e.code, e.kind, e.name, tuple(e.member_codes))
    return cluster

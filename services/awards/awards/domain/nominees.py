"""Who may be nominated and who nominates (U3, A10, A11): values, no facts.

A nominee is an administrative unit of the province (a district-level unit, a xã, a thị trấn, a
phường) or a registered participant (U3) of a kind an award kind may name. A nominator is the
province (its board, for the council), a district, or a department / mass organisation /
Fatherland Front committee (NominatorKind "department").
"""
from dataclasses import dataclass

from contracts.awards import NominatorKind, NomineeKind
from contracts.registry import INDIVIDUAL_KINDS

# Commune-level unit types (U1) as nominee kinds; every district-level unit is a "district".
NOMINEE_KIND_OF_COMMUNE_TYPE: dict[str, NomineeKind] = {
    "rural_commune": "rural_commune", "township": "township", "ward": "ward",
}
# Participant kinds (U3) that may be nominated, as they are registered.
PARTICIPANT_NOMINEE_KINDS: frozenset[str] = frozenset({
    "department", "mass_organisation", "fatherland_front", "subordinate_unit", "enterprise",
    "official", "business_person", "household",
})
# Participant kinds that nominate as a "department" (A4, A9(e), A9(f)).
DEPARTMENT_KINDS: frozenset[str] = frozenset({"department", "mass_organisation", "fatherland_front"})
# INDIVIDUAL_KINDS (U3: official, business_person, household) from contracts.registry.
# A7: the individual kinds that must carry a concrete address.
ADDRESS_KINDS: frozenset[str] = frozenset({"business_person"})


@dataclass(frozen=True)
class Nominee:
    """A unit or participant as a nomination names it: kind, name, its district (a commune's
    district, a district itself, a participant's first district up its parent chain) and parent."""

    code: str
    kind: NomineeKind
    name: str
    district_code: str | None
    parent_code: str | None
    address_present: bool = False

    @property
    def is_individual(self) -> bool:
        return self.kind in INDIVIDUAL_KINDS


@dataclass(frozen=True)
class Nominator:
    """The unit that submits a nomination (A11), by its code and NominatorKind."""

    unit_code: str
    kind: NominatorKind

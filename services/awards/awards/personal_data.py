"""Individuals' names in awards' JSON views (reading chosen, as in the registry):

an individual nominee's (official, business person, household) name and achievement file are
shown to the province board and the records officer, to a district officer for individuals of its
own district, and to a department officer for those its own unit nominated; everyone else gets
the name null and `personal_data_withheld: true` (not a 403: the rest of the round is the
movement's public business), and the name is taken out of every message about the nominee.
"""
from typing import Any

from contracts.envelope import Actor
from thidua_kernel.auth import DEPARTMENT_OFFICER, DISTRICT_OFFICER, PROVINCE_BOARD, RECORDS_OFFICER

from .domain.nominees import INDIVIDUAL_KINDS, Nominee

SEES_ALL = (PROVINCE_BOARD, RECORDS_OFFICER)


def sees(actor: Actor, nominee: Nominee, nominating_unit: str | None = None) -> bool:
    """Whether `actor` may read this nominee's personal data."""
    if nominee.kind not in INDIVIDUAL_KINDS or actor.role in SEES_ALL:
        return True
    if actor.role == DISTRICT_OFFICER:
        return nominee.district_code == actor.scope
    if actor.role == DEPARTMENT_OFFICER:
        return nominating_unit == actor.scope
    return False


def nominee_json(nominee: Nominee, shown: bool) -> dict[str, Any]:
    return {"code": nominee.code, "kind": nominee.kind, "name": nominee.name if shown else None,
            "district": nominee.district_code, "personal_data_withheld": not shown}


def scrub(value: Any, name: str, code: str) -> Any:
    """`value` (verdicts, messages, figures) with every occurrence of `name` replaced by `code`."""
    if isinstance(value, str):
        return value.replace(name, code) if name else value
    if isinstance(value, list):
        return [scrub(v, name, code) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, name, code) for k, v in value.items()}
    return value

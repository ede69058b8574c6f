"""Individuals' names in awards' JSON views (reading chosen, as in the registry):

an individual nominee's (official, business person, household) name and achievement file are
shown to the province board and the records officer, to a district officer for individuals of its
own district, and to a department officer for those its own unit nominated; everyone else gets
the name null and `personal_data_withheld: true` (not a 403: the rest of the round is the
movement's public business), and the name is taken out of every message about the nominee.

Issue 11 (crypto-shredding): an individual registered sealed is named by its code in everything
awards records and judges (its events, verdicts, messages); the name shown to a role that may see
it is unsealed at read time (adapters/sealed_names.py). Once the person is erased (the key
destroyed) every role gets `name` null and `personal_data_erased: true`.
"""
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class PersonalNames:
    """The unsealed names of the individuals a view shows (by code), and those erased."""

    opened: dict[str, str | None]
    erased: frozenset[str]

    def name_of(self, nominee: Nominee) -> str | None:
        if nominee.code in self.erased:
            return None
        return self.opened.get(nominee.code, nominee.name)


NO_NAMES = PersonalNames({}, frozenset())
SealedNames = Callable[[Iterable[str], Iterable[str]], Awaitable[PersonalNames]]


async def no_sealed_names(codes: Iterable[str], opened: Iterable[str]) -> PersonalNames:
    """For tests without a key store: every name is what the facts hold."""
    return NO_NAMES


async def names_for(sealed_names: SealedNames, shown: Iterable[tuple[Nominee, bool]]) -> PersonalNames:
    """One look-up for the individuals of a view: opened only where `shown` says so."""
    individuals = [(n, s) for n, s in shown if n.is_individual]
    if not individuals:
        return NO_NAMES
    return await sealed_names([n.code for n, _ in individuals], [n.code for n, s in individuals if s])


def printed_name(nominee: Nominee, shown: bool, names: PersonalNames) -> str:
    """An individual's name as a document prints it (issue 11): the unsealed name for a role
    that may read it; the code otherwise; the code marked as erased once the person is erased."""
    if nominee.code in names.erased:
        return f"{nominee.code} (dữ liệu cá nhân đã xóa)"
    return (names.name_of(nominee) or nominee.code) if shown else nominee.code


def nominee_json(nominee: Nominee, shown: bool, names: PersonalNames = NO_NAMES) -> dict[str, Any]:
    erased = nominee.code in names.erased
    return {"code": nominee.code, "kind": nominee.kind,
            "name": names.name_of(nominee) if shown and not erased else None,
            "district": nominee.district_code, "personal_data_withheld": not shown,
            "personal_data_erased": erased}


def scrub(value: Any, name: str, code: str) -> Any:
    """`value` (verdicts, messages, figures) with every occurrence of `name` replaced by `code`."""
    if isinstance(value, str):
        return value.replace(name, code) if name else value
    if isinstance(value, list):
        return [scrub(v, name, code) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, name, code) for k, v in value.items()}
    return value

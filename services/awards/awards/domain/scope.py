"""Who may nominate whom (A11, AUTH-SCOPE): the nominee must lie inside the nominating unit.

Readings:
- province: any nominee of the province (and any registered participant).
- district: its own units and participants whose parent chain reaches it (the district itself
  included: a chain of length zero), i.e. the nominee's district is the nominator.
- department (a department, mass organisation or Fatherland Front committee): itself, its
  subordinate units (participants whose parent is it) and its staff (individuals whose parent is
  it or one of its subordinate units).
- The nominator's kind must be one the award kind lists in `nominated_by` (A10, refused 422).
  A nominee outside the nominator is refused 403 AUTH-SCOPE, as an officer acting outside its
  scope is everywhere else.
"""
from contracts.awards import AwardKind
from thidua_kernel.errors import DomainRefusal, NotAuthorised

from .eligibility_facts import EligibilityFacts
from .messages import en_name
from .nominees import Nominator, Nominee


def within(nominee: Nominee, nominator: Nominator, facts: EligibilityFacts) -> bool:
    if nominator.kind == "province":
        return True
    if nominator.kind == "district":
        return facts.district_of(nominee.code) == nominator.unit_code or (
            nominee.code not in facts.units and nominee.code not in facts.participants
            and nominee.district_code == nominator.unit_code)
    unit = nominator.unit_code
    if nominee.code == unit or nominee.parent_code == unit:
        return True
    parent = facts.participants.get(nominee.parent_code or "")
    return nominee.is_individual and parent is not None and parent.parent_code == unit


def check_scope(kind: AwardKind, nominee: Nominee, nominator: Nominator, facts: EligibilityFacts) -> None:
    if nominator.kind not in kind.nominated_by:
        raise DomainRefusal(
            "A10", f"{kind.name_vi} không do cấp {nominator.kind} đề nghị (chỉ: {', '.join(kind.nominated_by)})",
            f"{kind.name_en} is not nominated by a {nominator.kind} (only: {', '.join(kind.nominated_by)})",
            award_kind=kind.code, nominator_kind=nominator.kind, nominated_by=list(kind.nominated_by))
    if not within(nominee, nominator, facts):
        name = facts.name_of(nominator.unit_code)
        raise NotAuthorised(
            "AUTH-SCOPE", f"{nominee.name} không thuộc {name}, nên {name} không đề nghị được",
            f"{en_name(nominee.name)} is not within {en_name(name)}, which therefore may not nominate it",
            nominee=nominee.code, nominating_unit=nominator.unit_code, nominator_kind=nominator.kind)

"""Who may record an organisation's own business: its support pledges (U6) and its plans (U7).

Reading chosen: a department_officer (scope: its department, mass organisation or Fatherland Front
committee, a registered participant) acts for its own organisation only: the participant of its
code and the subordinate units registered under it (the units U6 asks to support two communes each;
they have no accounts of their own). A pledge or plan of any other supporter or owner is refused
with 403 AUTH-SCOPE. The province board acts for everyone; a district officer as before: plans
of its district (and of participants under it), no pledges (403 AUTH-ROLE).
"""
from contracts.envelope import Actor
from thidua_kernel.auth import DEPARTMENT_OFFICER, require_province_board, require_unit_scope


def within_own_organisation(actor: Actor, path: list[str]) -> bool:
    """`path` (province down to a participant, `loading.path_of`) runs through the officer's organisation."""
    return actor.role == DEPARTMENT_OFFICER and actor.scope in path


def require_organisation_scope(actor: Actor, path: list[str], action: str) -> None:
    """Plans: the board anywhere, a district officer inside its district, a department officer
    inside its own organisation; anyone else 403 AUTH-SCOPE (or AUTH-ROLE for a reading role)."""
    if within_own_organisation(actor, path):
        return
    require_unit_scope(actor, path, action)


def require_may_pledge(actor: Actor, supporter_path: list[str], action: str) -> None:
    """Pledges: the board, or a department officer for its own organisation (AUTH-SCOPE for another)."""
    if actor.role == DEPARTMENT_OFFICER:
        require_organisation_scope(actor, supporter_path, action)
        return
    require_province_board(actor, action)

"""Who may act on a round (A11, every write checks its actor).

Readings chosen:
- Defining rounds, loading presets, setting prizes and recording emulation scores: the province
  board (the Emulation Board, for the council).
- Submitting: the board for any nominating unit (it nominates for the province, e.g. the
  Government's flag, and may enter a unit's paper file); a district officer only as its own
  district; a department officer only as its own department or organisation. Whom a nominating
  unit may nominate (inside its district; itself, its subordinate units and their staff) is the
  domain's rule, judged from the facts.
- Receiving, reviewing, deciding and conferring: the board; for a kind decided by the nominating
  unit itself (A9(f): a department's or a district chair's certificate) also that unit's officer.
- Withdrawing: the nominating unit's officer, or the board.
"""
from contracts.awards import AwardKind
from contracts.envelope import Actor
from thidua_kernel.auth import DEPARTMENT_OFFICER, DISTRICT_OFFICER, PROVINCE_BOARD, require_province_board
from thidua_kernel.errors import NotAuthorised

from .domain.round_state import NominationState

UNIT_OFFICERS = (DISTRICT_OFFICER, DEPARTMENT_OFFICER)


def _refused(actor: Actor, vi: str, en: str, **figures: object) -> NotAuthorised:
    return NotAuthorised("AUTH-SCOPE", f"Tài khoản {actor.principal_id} ({actor.role}, phạm vi {actor.scope}) {vi}.",
                         f"{actor.principal_id} ({actor.role}, scope {actor.scope}) {en}.",
                         principal=actor.principal_id, role=actor.role, scope=actor.scope, **figures)


def _officer_of(actor: Actor, unit_code: str) -> bool:
    return actor.role in UNIT_OFFICERS and actor.scope == unit_code


def may_nominate_as(actor: Actor, nominating_unit: str) -> None:
    if actor.role == PROVINCE_BOARD or _officer_of(actor, nominating_unit):
        return
    raise _refused(actor, f"không được đề nghị khen thưởng thay đơn vị {nominating_unit}",
                   f"may not nominate on behalf of {nominating_unit}", nominating_unit=nominating_unit)


def may_withdraw(actor: Actor, held: NominationState) -> None:
    if actor.role == PROVINCE_BOARD or _officer_of(actor, held.nominating_unit):
        return
    raise _refused(actor, f"không được rút hồ sơ {held.nomination_id} (đơn vị đề nghị: {held.nominating_unit})",
                   f"may not withdraw {held.nomination_id} (nominated by {held.nominating_unit})",
                   nomination_id=held.nomination_id, nominating_unit=held.nominating_unit)


def may_handle(actor: Actor, held: NominationState, kind: AwardKind | None, step_vi: str, step_en: str) -> None:
    """Receive, review, decide, confer: the board; the nominating unit's officer for its own kinds."""
    if actor.role == PROVINCE_BOARD:
        return
    if kind is not None and kind.decided_by == "nominating_unit" and _officer_of(actor, held.nominating_unit):
        return
    decided_by = kind.decided_by if kind is not None else "province_board"
    if decided_by == "province_board":  # a role question: only the board handles these kinds
        require_province_board(actor, f"{step_vi} hồ sơ đề nghị khen thưởng / {step_en} nominations")
    raise _refused(actor, f"không được {step_vi} hồ sơ {held.nomination_id}",
                   f"may not {step_en} {held.nomination_id}", nomination_id=held.nomination_id,
                   nominating_unit=held.nominating_unit, decided_by=decided_by)

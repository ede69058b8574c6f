"""Who may act on a period's submissions (R1, every write checks its actor).

Readings chosen:
- Opening a period, returning and approving a submission: the province board.
- Drafting and submitting: the board (entering a paper report) or the unit's own officer: a
  district officer for its district only, a department officer for its own department, mass
  organisation or Fatherland Front committee only (scope = the unit's code).
- The day of a step: a unit's officer records today only (the injected clock); the board may give
  an earlier day (a paper report received then). No step is dated in the future.
"""
from datetime import date

from contracts.envelope import Actor
from thidua_kernel.auth import DEPARTMENT_OFFICER, DISTRICT_OFFICER, PROVINCE_BOARD
from thidua_kernel.errors import DomainRefusal, NotAuthorised

UNIT_OFFICERS = (DISTRICT_OFFICER, DEPARTMENT_OFFICER)


def may_report_for(actor: Actor, unit_code: str) -> None:
    if actor.role == PROVINCE_BOARD or (actor.role in UNIT_OFFICERS and actor.scope == unit_code):
        return
    raise NotAuthorised("AUTH-SCOPE",
                        f"Tài khoản {actor.principal_id} ({actor.role}, phạm vi {actor.scope}) không được báo cáo"
                        f" thay đơn vị {unit_code}.",
                        f"{actor.principal_id} ({actor.role}, scope {actor.scope}) may not report for {unit_code}.",
                        principal=actor.principal_id, role=actor.role, scope=actor.scope, unit=unit_code)


def step_day(actor: Actor, given: date | None, today: date, earliest: date) -> date:
    """The day a step is recorded at (see the module's reading)."""
    day = given or today
    if day > today:
        raise DomainRefusal("R1", f"Ngày {day} ở tương lai (hôm nay {today}).",
                            f"{day} is in the future (today is {today}).", day=str(day), today=str(today))
    if day != today and actor.role != PROVINCE_BOARD:
        raise NotAuthorised("AUTH-ROLE", f"Chỉ Ban Thi đua – Khen thưởng được ghi ngày {day} khác hôm nay ({today}).",
                            f"Only the province board may record a day ({day}) other than today ({today}).",
                            principal=actor.principal_id, role=actor.role, day=str(day), today=str(today))
    if day < earliest:
        raise DomainRefusal("R1", f"Ngày {day} trước ngày mở kỳ báo cáo {earliest}.",
                            f"{day} is before the period was opened on {earliest}.", day=str(day),
                            opened_on=str(earliest))
    return day

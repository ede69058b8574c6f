"""R6 decisions and the view of an inspection at a date (pure): readings in domain/inspections.py."""
from datetime import date, datetime, timezone

import pytest

from contracts.reporting import FollowUpAction, InspectionRecorded
from reporting.domain.inspections import (
    InspectionState,
    decide_action_done,
    decide_record,
    fold_inspection,
    inspection_json,
)
from thidua_kernel.errors import DomainRefusal, NotFound

TODAY = date(2015, 6, 1)
T1 = datetime(2014, 6, 10, 3, tzinfo=timezone.utc)
T2 = datetime(2014, 9, 15, 3, tzinfo=timezone.utc)
VISIT = InspectionRecorded(code="KT-01", team=["Nguyễn Văn A", "Trần Thị B"], unit_code="180",
                           visited_on=date(2014, 6, 10), findings="Quy hoạch chưa công khai",
                           actions=[FollowUpAction(code="A1", description="Công khai quy hoạch", due_on=date(2014, 9, 30)),
                                    FollowUpAction(code="A2", description="Lập kế hoạch vốn", due_on=date(2014, 12, 31))])


def recorded() -> InspectionState:
    return fold_inspection("KT-01", [("InspectionRecorded", VISIT.model_dump(mode="json"), T1)])


def rule_of(call) -> str:
    with pytest.raises((DomainRefusal, NotFound)) as refused:
        call()
    assert refused.value.message_vi and refused.value.message_en
    return refused.value.rule


def test_a_visit_is_recorded_once_and_the_same_record_again_appends_nothing():
    assert decide_record(InspectionState("KT-01"), VISIT, TODAY, "district") == VISIT
    assert decide_record(recorded(), VISIT, TODAY, "district") is None
    other = VISIT.model_copy(update={"unit_code": "185"})
    assert rule_of(lambda: decide_record(recorded(), other, TODAY, "district")) == "R6"


@pytest.mark.parametrize("change, level", [
    ({"visited_on": date(2015, 6, 2)}, "district"),  # in the future
    ({}, None),  # not a district or commune of the province that day
    ({"actions": [FollowUpAction(code="A1", description="x", due_on=date(2014, 7, 1))] * 2}, "commune"),
    ({"actions": [FollowUpAction(code="A1", description="x", due_on=date(2014, 6, 9))]}, "commune"),
])
def test_a_wrong_visit_is_refused_naming_r6(change, level):
    assert rule_of(lambda: decide_record(InspectionState("KT-01"), VISIT.model_copy(update=change), TODAY,
                                         level)) == "R6"


def test_an_action_is_done_once_between_the_visit_and_today():
    done = decide_action_done(recorded(), "A1", date(2014, 9, 15), "Đã niêm yết", TODAY)
    assert done is not None and done.inspection_code == "KT-01" and done.done_on == date(2014, 9, 15)
    state = fold_inspection("KT-01", [("InspectionRecorded", VISIT.model_dump(mode="json"), T1),
                                      ("InspectionActionDone", done.model_dump(mode="json"), T2)])
    assert state.version == 2
    assert decide_action_done(state, "A1", date(2014, 9, 15), None, TODAY) is None
    assert rule_of(lambda: decide_action_done(state, "A1", date(2014, 9, 20), None, TODAY)) == "R6"
    assert rule_of(lambda: decide_action_done(state, "A9", date(2014, 9, 20), None, TODAY)) == "R6"
    assert rule_of(lambda: decide_action_done(state, "A2", date(2014, 6, 9), None, TODAY)) == "R6"
    assert rule_of(lambda: decide_action_done(state, "A2", date(2015, 6, 2), None, TODAY)) == "R6"
    assert rule_of(lambda: decide_action_done(InspectionState("NO"), "A1", TODAY, None, TODAY)) == "R6"


def test_actions_at_a_date_are_done_late_open_or_overdue_with_their_days():
    late = decide_action_done(recorded(), "A1", date(2014, 10, 5), None, TODAY)
    events = [("InspectionRecorded", VISIT.model_dump(mode="json"), T1),
              ("InspectionActionDone", late.model_dump(mode="json"), T2)]
    state = fold_inspection("KT-01", events)
    by_code = lambda as_of: {a["code"]: a for a in inspection_json(state, as_of)["actions"]}  # noqa: E731
    early = by_code(date(2014, 9, 1))
    assert early["A1"]["status"] == "open" and early["A2"]["status"] == "open"
    before_mark = by_code(date(2014, 10, 1))  # the mark dated 5 Oct does not count on 1 Oct
    assert before_mark["A1"]["status"] == "overdue" and before_mark["A1"]["days_overdue"] == 1
    later = inspection_json(state, date(2015, 1, 15))
    actions = {a["code"]: a for a in later["actions"]}
    assert actions["A1"]["status"] == "done_late" and actions["A1"]["done_on"] == "2014-10-05"
    assert actions["A2"]["status"] == "overdue" and actions["A2"]["days_overdue"] == 15
    assert later["overdue_actions"] == ["A2"] and later["open_actions"] == 1
    known_before = fold_inspection("KT-01", events, known_at=T1)  # the mark not yet known
    assert inspection_json(known_before, date(2015, 1, 15))["overdue_actions"] == ["A1", "A2"]

"""R2's sections from reporting's own records, pure: periodic reporting (R1) with the late and
missing units named, inspections (R6) with their overdue actions, proposals (R7) with their
status at as_of, each over the periods, visits and proposals chosen by its reading."""
from datetime import date, datetime, timedelta, timezone

from contracts.reporting import (
    FollowUpAction, InspectionActionDone, InspectionRecorded, PeriodOpened, ProposalAnswered, ProposalRecorded,
)

from reporting.domain.inspections import fold_inspection
from reporting.domain.proposals import fold_proposal
from reporting.records_report import PeriodRecord, inspections_section, periodic_reporting_section, proposals_section
from reporting.text_sources import source_lines

T = datetime(2016, 1, 1, tzinfo=timezone(timedelta(hours=7)))
NAMES = {"180": "Huyện Tràng Định", "181": "Huyện Bình Gia", "SNN": "Sở Nông nghiệp"}
KINDS = {"180": "district", "181": "district", "SNN": "department"}


def period(code: str, kind: str, year: int, half: int | None, starts: date, ends: date, due: date) -> PeriodOpened:
    return PeriodOpened(code=code, kind=kind, year=year, half=half, starts_on=starts, ends_on=ends, due_on=due,
                        grace_days=5, opened_on=starts, expected_units=["180", "181", "SNN"])


H1 = period("2015-H1", "half_year", 2015, 1, date(2015, 1, 1), date(2015, 6, 30), date(2015, 7, 15))
YEAR = period("2015", "year", 2015, None, date(2015, 1, 1), date(2015, 12, 31), date(2016, 1, 15))
H2 = period("2015-H2", "half_year", 2015, 2, date(2015, 7, 1), date(2015, 12, 31), date(2016, 1, 15))
NEXT = period("2016-H1", "half_year", 2016, 1, date(2016, 1, 1), date(2016, 6, 30), date(2016, 7, 15))


def record(p: PeriodOpened, reported: dict) -> PeriodRecord:
    return PeriodRecord(p, KINDS, NAMES, reported)


def test_the_periods_started_by_as_of_with_late_and_missing_units_named():
    # 180 on time, 181 late (after due + 5 days' grace), SNN missing.
    periods = [record(NEXT, {}), record(YEAR, {}),
               record(H1, {"180": date(2015, 7, 10), "181": date(2015, 7, 25), "SNN": None}), record(H2, {})]
    s = periodic_reporting_section(periods, date(2015, 12, 31))
    assert [p["period_code"] for p in s["periods"]] == ["2015-H1", "2015", "2015-H2"]  # not 2016-H1: not started
    h1 = s["periods"][0]
    assert h1["province"] == {"owed": 3, "submitted": 2, "on_time": 1, "completeness_pct": 66.7,
                              "timeliness_pct": 33.3}
    assert (h1["deadline"], h1["overdue"]) == ("2015-07-20", True)
    assert h1["late_units"] == [
        {"unit_code": "181", "name": "Huyện Bình Gia", "kind": "district", "reported_on": "2015-07-25"},
        {"unit_code": "SNN", "name": "Sở Nông nghiệp", "kind": "department", "reported_on": None}]
    assert h1["missing_units"] == [{"unit_code": "SNN", "name": "Sở Nông nghiệp", "kind": "department"}]
    assert h1["by_kind"]["district"]["completeness_pct"] == 100.0
    assert s["periods"][1]["late_units"] == [] and len(s["periods"][1]["missing_units"]) == 3  # not due yet
    # The same period judged earlier: 181 had not reported yet, and the deadline had not passed.
    early = periodic_reporting_section([record(H1, {"180": date(2015, 7, 10), "181": None, "SNN": None})],
                                       date(2015, 7, 12))["periods"][0]
    assert early["overdue"] is False and early["late_units"] == []
    assert [u["unit_code"] for u in early["missing_units"]] == ["181", "SNN"]


def visit(code: str, unit: str, visited: date, *actions: tuple[str, date]) -> InspectionRecorded:
    return InspectionRecorded(code=code, team=["Nguyễn Văn An"], unit_code=unit, visited_on=visited,
                              findings="Quy hoạch chưa công khai",
                              actions=[FollowUpAction(code=c, description=f"Việc {c}", due_on=d) for c, d in actions])


def inspection(record_: InspectionRecorded, *done: tuple[str, date]):
    events = [("InspectionRecorded", record_.model_dump(mode="json"), T)]
    events += [("InspectionActionDone", InspectionActionDone(inspection_code=record_.code, action_code=c,
                                                             done_on=d).model_dump(mode="json"), T) for c, d in done]
    return fold_inspection(record_.code, events)


def test_the_inspections_of_the_year_and_older_ones_still_overdue():
    states = [inspection(visit("KT-2015-02", "181", date(2015, 10, 1), ("A1", date(2015, 11, 30))),
                         ("A1", date(2015, 11, 20))),
              inspection(visit("KT-2014-01", "180", date(2014, 6, 10), ("A1", date(2014, 9, 30)),
                               ("A2", date(2015, 3, 31)))),
              inspection(visit("KT-2013-01", "180", date(2013, 6, 10), ("A1", date(2013, 9, 30))),
                         ("A1", date(2013, 9, 1))),
              inspection(visit("KT-2016-01", "180", date(2016, 3, 1)))]
    s = inspections_section(states, date(2015, 12, 31), NAMES.get)
    assert [i["code"] for i in s["inspections"]] == ["KT-2014-01", "KT-2015-02"]  # 2013's: all done; 2016's: later
    old, new = s["inspections"]
    assert old["overdue_actions"] == ["A1", "A2"] and old["unit_name"] == "Huyện Tràng Định"
    assert {a["code"]: a["days_overdue"] for a in old["actions"]} == {"A1": 457, "A2": 275}
    assert new["actions"][0]["status"] == "done" and new["overdue_actions"] == []
    assert s["overdue_actions"] == 2 and s["year"] == 2015


def proposal(code: str, proposed: date, answer: tuple[date, bool | None] | None = None):
    events = [("ProposalRecorded", ProposalRecorded(code=code, proposer_code="180", addressed_to=["SNV"],
                                                    subject="Điều chỉnh lộ trình", content="Lùi thời hạn",
                                                    proposed_on=proposed).model_dump(mode="json"), T)]
    if answer is not None:
        events.append(("ProposalAnswered", ProposalAnswered(proposal_code=code, answer="Đồng ý", answered_on=answer[0],
                                                            accepted=answer[1]).model_dump(mode="json"), T))
    return fold_proposal(code, events)


def test_the_proposals_of_the_year_and_older_ones_still_open_with_their_status_at_as_of():
    states = [proposal("KN-3", date(2015, 3, 1), (date(2015, 4, 1), True)),
              proposal("KN-4", date(2015, 5, 1), (date(2016, 2, 1), False)),  # answered after as_of: open then
              proposal("KN-1", date(2014, 3, 1)),  # an older one still open
              proposal("KN-2", date(2014, 4, 1), (date(2014, 5, 1), None)),  # an older one answered: left out
              proposal("KN-5", date(2016, 1, 5))]  # after as_of
    s = proposals_section(states, date(2015, 12, 31), NAMES.get)
    assert [(p["code"], p["status"]) for p in s["proposals"]] == [("KN-1", "open"), ("KN-3", "accepted"),
                                                                   ("KN-4", "open")]
    assert s["counts"] == {"open": 2, "answered": 0, "accepted": 1, "rejected": 0}
    assert s["proposals"][0]["proposer_name"] == "Huyện Tràng Định" and s["proposals"][2]["answer"] is None
    later = proposals_section(states, date(2016, 3, 1), NAMES.get)
    assert [(p["code"], p["status"]) for p in later["proposals"]] == [("KN-1", "open"), ("KN-5", "open")]


def test_the_text_shows_each_source_under_its_heading():
    report = {
        "awards": {"rounds": [], "counts": {}},
        "periodic_reporting": periodic_reporting_section(
            [record(H1, {"180": date(2015, 7, 10), "181": date(2015, 7, 25), "SNN": None})], date(2015, 12, 31)),
        "inspections": inspections_section(
            [inspection(visit("KT-2015-02", "181", date(2015, 10, 1), ("A1", date(2015, 11, 30))))],
            date(2015, 12, 31), NAMES.get),
        "proposals": proposals_section([proposal("KN-3", date(2015, 3, 1))], date(2015, 12, 31), NAMES.get),
    }
    text = "\n".join(source_lines(report))
    for heading in ("11. Đề nghị khen thưởng", "12. Báo cáo định kỳ", "13. Kiểm tra của Hội đồng (R6), năm 2015",
                    "14. Kiến nghị"):
        assert heading in text
    assert "Kỳ 2015-H1 — nộp chậm: Huyện Bình Gia (nộp 25/07/2015); chưa nộp: Sở Nông nghiệp." in text
    assert "66,7%" in text and "Quá hạn" in text and "Chưa trả lời" in text

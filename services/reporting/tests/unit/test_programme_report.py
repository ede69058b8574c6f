"""The report's programme sections (U4-U7, R1, R5, A4) and their text, on the province of
reporting/testing.py with a few NTM facts: a pilot commune's standing is the report's own."""
from datetime import date, datetime, timedelta

from thidua_facts.model import AssessmentFact, CriteriaSetFact, CriterionInfo, RecognitionFact
from thidua_facts.read_model import FactsAt
from thidua_facts.testing import T0

from reporting.testing import LATE_PILOT, programme_at, programme_events, unit_changes
from reporting.text_report import render
from reporting.views import assemble_report

SET = CriteriaSetFact("qd491", 1, T0, "491/QĐ-TTg", date(2009, 4, 16),
                      (CriterionInfo(1, "I", "Quy hoạch", "Planning"),))


def report(as_of: date, known_at: datetime | None = None) -> dict:
    met = {("a", n): AssessmentFact("a", n, date(2012, 3, 1), n, T0, True, "qd491") for n in range(1, 20)}
    met |= {("b", n): AssessmentFact("b", n, date(2012, 3, 1), n, T0, n <= 15, "qd491") for n in range(1, 20)}
    facts = FactsAt(as_of, known_at, tuple(unit_changes()),
                    recognitions=(RecognitionFact("a", date(2012, 6, 1), 20, T0, True, "1/QĐ-UBND"),),
                    criteria_sets=(SET,), assessments=met)
    return assemble_report(facts, "20", programme_at(programme_events(), as_of, known_at))


def test_pilots_with_each_pilot_communes_standing_at_the_date():
    pilots = report(date(2012, 12, 31))["pilots"]
    assert [(p["code"], p["name"], p["level"]) for p in pilots["province_pilots"]] == [
        ("180", "Huyện Tràng Định", "district"), ("a", "Xã Chi Lăng", "commune"), ("e", "Xã Tô Hiệu", "commune")]
    assert pilots["province_pilot_districts"] == [{
        "code": "180", "name": "Huyện Tràng Định", "level": "district", "unit_type": "rural_district",
        "parent_code": "20", "designated_by": "20", "effective_from": "2011-12-16", "document_number": "108/KH-UBND",
        "communes": 3, "recognised": 1, "rate": 1 / 3}]  # the thị trấn t is not counted (U1)
    assert [(c["code"], c["criteria_met"], c["recognised"]) for c in pilots["province_pilot_communes"]] == [
        ("a", 19, True), ("e", 0, False)]
    districts = {d["code"]: d for d in pilots["districts"]}
    assert [(c["code"], c["criteria_met"], c["recognised"]) for c in districts["180"]["pilot_communes"]] == [
        ("b", 15, False), ("c", 0, False)]
    assert (districts["180"]["count"], districts["180"]["below_minimum"], districts["180"]["province_pilot_communes"]
            ) == (2, False, ["a"])
    assert (districts["181"]["count"], districts["181"]["below_minimum"]) == (1, True)
    assert pilots["districts_below_minimum"] == ["181"] and pilots["minimum_per_district"] == 2
    then = report(date(2012, 12, 31), LATE_PILOT - timedelta(seconds=1))["pilots"]
    assert then["districts_below_minimum"] == ["180", "181"]


def test_pledges_plans_and_registrations_of_the_province_only():
    r = report(date(2012, 4, 15))
    assert [(p["supporter_name"], p["supported_name"]) for p in r["pledges"]["pledges"]][:2] == [
        ("Chi cục Phát triển nông thôn", "Xã Chi Lăng"), ("Chi cục Phát triển nông thôn", "Thị trấn Thất Khê")]
    assert r["pledges"]["departments_without_district"] == [{"code": "SGT", "name": "Sở Giao thông"}]
    assert r["pledges"]["subordinate_units_below_two_communes"] == []
    plans = r["plans"]
    assert [p["plan_code"] for p in plans["plans"]] == ["DA-SNN", "QH-180", "QH-181", "KH-SGT"]  # not KH-OUT
    assert plans["counts"] == {"submitted_on_time": 1, "submitted_late": 1, "missing": 1, "pending": 1}
    assert plans["late_or_missing"] == [
        {"plan_code": "QH-180", "owner_code": "180", "owner_name": "Huyện Tràng Định", "title": "Kế hoạch 180",
         "due_date": "2012-02-29", "submitted_on": "2012-03-15", "submission_document": "QH-180/KH",
         "status": "submitted_late", "days_late": 15},
        {"plan_code": "QH-181", "owner_code": "181", "owner_name": "Huyện Bình Gia", "title": "Kế hoạch 181",
         "due_date": "2012-02-29", "submitted_on": None, "submission_document": None, "status": "missing",
         "days_late": 46}]
    assert plans["plans"][0]["owner_name"] == "Sở Nông nghiệp"
    assert r["movement_registrations"] == [
        {"unit_code": "180", "name": "Huyện Tràng Định", "registered_on": "2011-12-20", "document_number": None},
        {"unit_code": "SNN", "name": "Sở Nông nghiệp", "registered_on": "2012-01-05", "document_number": None}]


def test_the_text_report_has_the_programme_sections_in_vietnamese():
    text = render(report(date(2012, 12, 31)))
    for heading in ("7. Chỉ đạo điểm (U4, U5)", "8. Đăng ký hỗ trợ (U6)", "9. Kế hoạch theo thời hạn (U7)",
                    "10. Đăng ký tham gia phong trào thi đua (A4)", "11. Đề nghị khen thưởng"):
        assert heading in text
    assert "Xã Đề Thám (15/19 TC); Xã Hùng Sơn (0/19 TC)" in text and "Chưa đủ 2 xã" in text
    assert "Sở, ngành chưa đăng ký hỗ trợ huyện nào: Sở Giao thông (SGT)." in text
    assert "Nộp chậm 15 ngày" in text and "Chưa nộp, quá hạn 306 ngày" in text
    assert "chỉ đạo điểm (U4, U5)" not in text.split("11. Đề nghị khen thưởng")[1]


def test_an_individual_is_named_by_code_only():
    """A household that registered with the movement: the report sent up keeps its code, not its
    name (personal data; the registry shows it to the roles that need it)."""
    from contracts.registry import MovementRegistered, ParticipantRegistered
    from reporting.testing import START, at
    from thidua_facts.testing import envelope

    household = [
        envelope("ParticipantRegistered", ParticipantRegistered(
            code="HO-a-1", kind="household", name="Hộ ông Hoàng Văn Páo", parent_code="a", effective_from=START),
            "HO-a-1", 1, at(START)),
        envelope("MovementRegistered", MovementRegistered(unit_code="HO-a-1", registered_on=date(2012, 1, 5)),
                 "HO-a-1", 2, at(date(2012, 1, 5)))]
    facts = FactsAt(date(2012, 4, 15), None, tuple(unit_changes()), criteria_sets=(SET,))
    r = assemble_report(facts, "20", programme_at([*programme_events(), *household], date(2012, 4, 15), None))
    registrations = {m["unit_code"]: m["name"] for m in r["movement_registrations"]}
    assert registrations["HO-a-1"] is None and registrations["SNN"] == "Sở Nông nghiệp"
    assert "Páo" not in str(r) and "Páo" not in render(r)

"""The assembled report (JSON) and its plain-text rendering, on a small hand-made province."""
from datetime import date, timedelta
from fractions import Fraction

from thidua_facts.model import AssessmentFact, ClusterFact, CriteriaSetFact, CriterionInfo, RecognitionFact
from thidua_facts.model import TargetFact
from thidua_facts.read_model import FactsAt
from thidua_facts.testing import T0, registered

from reporting.domain.awards import STATUSES
from reporting.text_format import RATE_LEGEND_VI, pct, pct_decimal, percent
from reporting.text_report import render
from reporting.views import assemble_report

UNITS = (
    registered("20", "province", None, name="Tỉnh Lạng Sơn"),
    registered("178", "city", "20", name="Thành phố Lạng Sơn"),
    registered("180", "rural_district", "20", name="Huyện Tràng Định"),
    registered("p1", "ward", "178", name="Phường Chi Lăng"),
    registered("x1", "rural_commune", "178", name="Xã Mai Pha"),
    registered("x2", "rural_commune", "180", name="Xã Chi Lăng"),
    registered("x3", "rural_commune", "180", name="Xã Đề Thám"),
)
SET = CriteriaSetFact("qd491", 1, T0, "491/QĐ-TTg", date(2009, 4, 16),
                      (CriterionInfo(1, "I", "Quy hoạch", "Planning"), CriterionInfo(2, "II", "Giao thông", "Transport")))


def assessed(commune: str, criterion: int, set_id: str = "qd491") -> AssessmentFact:
    return AssessmentFact(commune, criterion, date(2013, 1, 1), criterion, T0, True, set_id)


def facts(as_of: date, known_at=None) -> FactsAt:
    latest = {(a.commune_code, a.criterion): a for a in [assessed("x2", n) for n in range(1, 18)] + [assessed("x1", 1)]}
    latest[("x3", 1)] = assessed("x3", 1, "another-set")  # made under a set not in force: not counted
    return FactsAt(
        as_of, known_at, UNITS,
        recognitions=(RecognitionFact("x1", date(2014, 1, 1), 2, T0, True, "1/QĐ-UBND"),),
        clusters=(ClusterFact("noi-dia", date(2012, 1, 1), 1, T0, ("178",), "cluster", "Cụm nội địa"),
                  ClusterFact("bien-gioi", date(2012, 1, 1), 1, T0, ("180",), "cluster", "Cụm 5 huyện biên giới")),
        criteria_sets=(SET,),
        targets=(TargetFact("20", 2015, 0.2, 1, T0),),
        assessments=latest,
    )


def test_the_report_carries_every_r2_section_it_can_and_names_the_missing_ones():
    report = assemble_report(facts(date(2016, 1, 1)), "20")
    assert report["province"] == {"code": "20", "name": "Tỉnh Lạng Sơn", "communes": 3, "recognised": 1,
                                  "rate": 1 / 3}
    assert [(d["code"], d["rank"], d["rate"], d["cluster"]["code"]) for d in report["districts"]] == [
        ("178", 1, 1.0, "noi-dia"), ("180", 2, 0.0, "bien-gioi")]
    assert report["clusters"][0]["code"] == "bien-gioi" and report["clusters"][0]["members"][0]["rank_in_cluster"] == 1
    attainment = {a["criterion"]: a for a in report["criteria_attainment"]}
    assert attainment[1] == {"criterion": 1, "name_vi": "Quy hoạch", "communes_met": 2, "communes": 3}
    assert attainment[19]["name_vi"] is None and attainment[17]["communes_met"] == 1
    assert report["communes_by_criteria_met"]["17"] == 1 and report["communes_by_criteria_met"]["0"] == 1
    assert report["near_standard"] == [{"code": "x2", "name": "Xã Chi Lăng", "district_code": "180", "criteria_met": 17}]
    assert report["targets"] == [{
        "unit_code": "20", "unit_name": "Tỉnh Lạng Sơn", "year": 2015, "target_rate": 0.2,
        "evaluated_on": "2015-12-31", "deadline_passed": True, "communes": 3, "recognised": 1,
        "actual_rate": 1 / 3, "met": True}]
    assert report["not_yet_recorded"] == []  # every R2 section has its source
    # No programme facts, award facts or own records given: those sections are there, and empty.
    assert report["awards"] == {"rounds": [], "counts": {s: 0 for s in STATUSES}}
    assert report["periodic_reporting"] == {"periods": []}
    assert report["inspections"] == {"year": 2016, "inspections": [], "overdue_actions": 0}
    assert report["proposals"]["proposals"] == [] and report["proposals"]["year"] == 2016
    assert report["pilots"]["province_pilots"] == [] and report["pilots"]["districts_below_minimum"] == ["178", "180"]
    assert report["pledges"]["pledges"] == [] and report["plans"]["plans"] == []
    assert report["movement_registrations"] == []
    assert report["as_of"] == "2016-01-01" and report["known_at"] is None


def test_the_same_facts_and_timeframe_give_the_same_report():
    known_at = T0 + timedelta(days=1)
    assert assemble_report(facts(date(2016, 1, 1), known_at), "20") == assemble_report(facts(date(2016, 1, 1), known_at), "20")


def test_the_text_report_prints_the_same_figures_under_vietnamese_headings():
    text = render(assemble_report(facts(date(2013, 6, 30)), "20"))
    assert "Tính đến ngày 30/06/2013 — Tỉnh Lạng Sơn: 0/3 xã đạt chuẩn nông thôn mới (0,00%)" in text
    assert RATE_LEGEND_VI in text
    assert "1. Tỷ lệ xã đạt chuẩn nông thôn mới theo huyện, thành phố" in text
    assert "Chưa đạt (chưa đến hạn)" in text  # 2015 target, judged so far in 2013
    assert "Xã Chi Lăng" in text and "7. Chỉ đạo điểm (U4, U5)" in text and "11. Đề nghị khen thưởng" in text


def test_rates_print_two_decimals_rounded_half_up_from_the_exact_fraction():
    assert pct(30, 176) == "17,05%"  # 17.0454...%
    assert pct(1, 8) == "12,50%" and pct(1, 3) == "33,33%" and pct(2, 3) == "66,67%"
    assert percent(Fraction(1, 80000)) == "0,00%" and percent(Fraction(1, 20000)) == "0,01%"  # exactly 0.005%: up
    assert pct(0, 0) == "—" and pct(176, 176) == "100,00%"
    assert pct_decimal(0.35) == "35,00%" and pct_decimal(0.00005) == "0,01%"  # not 0.00004999... as a float


def test_the_report_lists_the_xa_lacking_planning_in_json_and_text():
    report = assemble_report(facts(date(2016, 1, 1)), "20")
    lacking = report["communes_lacking_planning"]
    # x1 and x2 meet criterion 1; x3's assessment is under a set not in force (P4): it lacks it.
    assert (lacking["criterion"], lacking["name_vi"]) == (1, "Quy hoạch")
    assert lacking["communes"] == [{"code": "x3", "name": "Xã Đề Thám", "district_code": "180",
                                    "district_name": "Huyện Tràng Định", "assessed": True}]
    text = render(report)
    assert "15. Xã chưa đạt tiêu chí 1 (quy hoạch): 1 xã" in text and "Huyện Tràng Định" in text.split("15. ")[1]

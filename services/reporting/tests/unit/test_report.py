"""The assembled report (JSON) and its plain-text rendering, on a small hand-made province."""
from datetime import date

from reporting.domain.model import Cluster, RecognitionFact, Target, Unit
from reporting.queries import CriteriaSet
from reporting.text_report import render
from reporting.views import ReportFacts, assemble_report

START = date(2011, 1, 1)
UNITS = [
    Unit("20", "province", "province", "Tỉnh Lạng Sơn", None, START),
    Unit("178", "district", "city", "Thành phố Lạng Sơn", "20", START),
    Unit("180", "district", "rural_district", "Huyện Tràng Định", "20", START),
    Unit("p1", "commune", "ward", "Phường Chi Lăng", "178", START),
    Unit("x1", "commune", "rural_commune", "Xã Mai Pha", "178", START),
    Unit("x2", "commune", "rural_commune", "Xã Chi Lăng", "180", START),
    Unit("x3", "commune", "rural_commune", "Xã Đề Thám", "180", START),
]
FACTS = ReportFacts(
    units=UNITS,
    recognitions=[RecognitionFact("x1", date(2014, 1, 1), 1, True)],
    clusters=[Cluster("noi-dia", "Cụm nội địa", ("178",)), Cluster("bien-gioi", "Cụm 5 huyện biên giới", ("180",))],
    criteria_set=CriteriaSet("qd491", "491/QĐ-TTg", date(2009, 4, 16), {1: "Quy hoạch", 2: "Giao thông"}),
    targets=[Target("20", 2015, 0.2)],
    criteria_met=[("x2", n) for n in range(1, 18)] + [("x1", 1)],
)


def test_the_report_carries_every_r2_section_it_can_and_names_the_missing_ones():
    report = assemble_report(FACTS, "20", date(2016, 1, 1))
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
    assert report["not_yet_recorded"] == ["pilots", "pledges", "nominations", "reporting submissions"]


def test_the_same_facts_and_date_give_the_same_report():
    assert assemble_report(FACTS, "20", date(2016, 1, 1)) == assemble_report(FACTS, "20", date(2016, 1, 1))


def test_the_text_report_prints_the_same_figures_under_vietnamese_headings():
    text = render(assemble_report(FACTS, "20", date(2013, 6, 30)))
    assert "Tính đến ngày 30/06/2013 — Tỉnh Lạng Sơn: 0/3 xã đạt chuẩn nông thôn mới (0,0%)" in text
    assert "1. Tỷ lệ xã đạt chuẩn nông thôn mới theo huyện, thành phố" in text
    assert "Chưa đạt (chưa đến hạn)" in text  # 2015 target, judged so far in 2013
    assert "Xã Chi Lăng" in text and "chỉ đạo điểm" in text

"""The demo's path across all four services, checked against figures computed here by hand."""
from collections import Counter

from vietnamadminunits.database import query

from thidua_deploy.demo_round import Caller, run_round
from thidua_deploy.isolated import wait_until

RECOGNISED = {"185": 3, "180": 2, "187": 2, "182": 1}  # xã brought to the standard, per district
NEAR = ("184", 17)  # one xã of Văn Quan meets criteria 1..17 only


def rural_communes_by_district() -> dict[str, list[str]]:
    """Straight from the reference package, not through any service: the independent answer."""
    rows = query("SELECT districtCode, wardCode FROM admin_units_legacy"
                 " WHERE provinceCode = '20' AND wardType = 'Xã' ORDER BY wardCode")
    by_district: dict[str, list[str]] = {}
    for row in rows:
        by_district.setdefault(row["districtCode"], []).append(row["wardCode"])
    return by_district


def post(client, path: str, body: dict) -> dict:
    response = client.post(path, json=body)
    assert response.status_code in (200, 201), response.text
    return response.json()


def assess_all(progress, commune: str, district: str, met_up_to: int, day: str) -> None:
    for n in range(1, 20):
        post(progress, "/commands/assess-criterion", {
            "commune_code": commune, "district_code": district, "criterion": n, "met": n <= met_up_to,
            "effective_date": day, "evidence": f"BB-{commune}-{n}"})


def test_ranking_and_report_follow_from_the_recorded_history(stack):
    stack.start_all()
    xa = rural_communes_by_district()
    with stack.client("registry") as registry, stack.client("progress") as progress:
        post(registry, "/commands/import-province-units", {"province_code": "20", "effective_from": "2011-01-01"})
        post(registry, "/commands/form-cluster", {"code": "inland", "name": "Cụm nội địa", "effective_from": "2012-01-01",
                                                   "member_codes": ["178", "185", "181", "184", "187", "186"]})
        post(registry, "/commands/form-cluster", {"code": "border", "name": "Cụm 5 huyện biên giới",
                                                   "effective_from": "2012-01-01",
                                                   "member_codes": ["180", "182", "183", "188", "189"]})
        post(progress, "/commands/publish-builtin-criteria-set", {"set_id": "2009"})
        first = xa["185"][0]
        wait_until(lambda: progress.get(f"/communes/{first}/criteria").status_code == 200, 60)
        post(progress, "/commands/set-target", {"unit_code": "20", "year": 2015, "ntm_rate": 0.2})
        recognised = []
        for district, count in RECOGNISED.items():
            for commune in xa[district][:count]:
                assess_all(progress, commune, district, 19, "2014-06-30")
                post(progress, "/commands/recognise-commune", {
                    "commune_code": commune, "district_code": district,
                    "document_number": f"{len(recognised) + 1}/QĐ-UBND", "effective_date": "2014-12-15"})
                recognised.append(commune)
        near = xa[NEAR[0]][0]
        assess_all(progress, near, NEAR[0], NEAR[1], "2015-06-30")

    rates = {d: RECOGNISED.get(d, 0) / len(codes) for d, codes in xa.items()}
    ordered = sorted(rates, key=lambda d: (-rates[d], d))
    expected_rank = {d: 1 + sum(1 for other in rates if rates[other] > rates[d]) for d in rates}

    with stack.client("awards") as awards:
        ranking = wait_until(lambda: (r := awards.get("/rankings/districts", params={"as_of": "2015-12-31"}).json())
                             ["province"]["recognised"] == len(recognised) and r, 60)
    with_rate = [d for d in ranking["districts"] if d["rate"] is not None]
    assert [d["code"] for d in with_rate] == [d for d in ordered if d in xa]
    for d in with_rate:
        assert abs(d["rate"] - rates[d["code"]]) < 1e-9 and d["rank"] == expected_rank[d["code"]]
        assert d["communes"] == len(xa[d["code"]])
    total = sum(len(c) for c in xa.values())
    assert ranking["province"]["communes"] == total
    assert set(ranking["candidates"]["A2"]) == {d for d in rates if expected_rank[d] == 1}

    with stack.client("reporting") as reporting:
        report = wait_until(lambda: (r := reporting.get("/reports/consolidated", params={"as_of": "2015-12-31"}).json())
                            ["province"]["recognised"] == len(recognised)
                            and sum(c["communes_met"] for c in r["criteria_attainment"]) > 0 and r, 60)
        before = reporting.get("/reports/consolidated", params={"as_of": "2013-12-31"}).json()
    assert report["province"]["communes"] == total
    assert abs(report["province"]["rate"] - len(recognised) / total) < 1e-9
    assert {d["code"]: d["rank"] for d in report["districts"] if d["rate"] is not None} == {
        d: expected_rank[d] for d in xa}
    meeting = {c["criterion"]: c["communes_met"] for c in report["criteria_attainment"]}
    assert meeting == {n: len(recognised) + (1 if n <= NEAR[1] else 0) for n in range(1, 20)}
    assert [c["code"] for c in report["near_standard"]] == [near]
    target = next(t for t in report["targets"] if t["unit_code"] == "20" and t["year"] == 2015)
    assert target["met"] is False and abs(target["actual_rate"] - len(recognised) / total) < 1e-9
    inland = next(c for c in report["clusters"] if c["code"] == "inland")
    inland_xa = sum(len(xa[d]) for d in ["178", "185", "181", "184", "187", "186"] if d in xa)
    assert inland["communes"] == inland_xa and inland["recognised"] == RECOGNISED["185"] + RECOGNISED["187"]
    assert before["province"]["recognised"] == 0
    assert Counter(c["criterion"] for c in report["criteria_attainment"]) == Counter(range(1, 20))
    check_demo_round(stack, xa, expected_rank)


def check_demo_round(stack, xa: dict[str, list[str]], rank: dict[str, int]) -> None:
    """`make demo`'s round on this history: the Government flag to the first district, a provincial
    flag to the best of ranks 2–3 in each cluster, each officer's district its PM-certificate and
    flag communes; the fourth refused under A5 with its rank and rate; the documents written."""
    clusters = {"inland": ["178", "185", "181", "184", "187", "186"], "border": ["180", "182", "183", "188", "189"]}
    first = next(d for d in rank if rank[d] == 1)
    flags = {min((d for d in members if rank[d] in (2, 3)), key=lambda d: (rank[d], d)) for members in clusters.values()}
    officers = {"185": "demo-district-185", "180": "demo-district-180"}
    expected = {f"2011-2015/government_flag/{first}", *(f"2011-2015/provincial_flag_district/{d}" for d in flags)}
    for d in officers:
        expected |= {f"2011-2015/pm_certificate/{xa[d][0]}", f"2011-2015/provincial_flag_commune/{xa[d][1]}"}
    with stack.client("awards") as awards:
        outcome = run_round(Caller(awards), stack.run_dir / "documents", officers)
    assert set(outcome.conferred) == expected
    fourth = next(d for d in rank if rank[d] == 4)
    r, n = RECOGNISED[fourth], len(xa[fourth])
    tenths = (2000 * r + n) // (2 * n)  # one decimal, half up: 1/16 = 6,25% → 6,3%
    share = f"{r}/{n} xã = {tenths // 10},{tenths % 10}%"
    assert outcome.refusal["rule"] == "A5" and f"xếp thứ 4 tại 31/12/2015 ({share})" in outcome.refusal["message_vi"]
    from docx import Document

    doc = Document(outcome.documents["decision-provincial.docx"])
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "121/QĐ-UBND" in text
    assert outcome.documents["national-nomination.xlsx"].read_bytes()[:2] == b"PK"

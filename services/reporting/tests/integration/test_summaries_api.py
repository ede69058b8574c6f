"""R3, R4 and R5 through reporting's HTTP API on the real broker and database: registry, progress
and reporting in this process (ASGI); reporting learns the units, pilots, registrations, criteria
and recognitions only from the topics. Lạng Sơn's units from the reference package; Bắc Sơn (185)
a province pilot, registered with the movement in 2011, one xã recognised in 2012 and one in 2013;
one xã of Tràng Định (180) in 2014; the board records an inspection, a proposal and opens the 2013
yearly period. The figures are checked against answers worked out here from the reference package's xã."""
from fractions import Fraction
from pathlib import Path

import pytest
from vietnamadminunits.database import query

from thidua_deploy.in_process import new_stack_id, provisioned_kafka, provisioned_urls, running

pytestmark = pytest.mark.asyncio(loop_scope="function")

TOKENS = Path(__file__).resolve().parents[4] / "tests" / "tokens.test.json"
BOARD, VIEWER = "demo-province-board", "demo-viewer"
RECOGNISED = (("185", 0, "2012-12-15", "12/QĐ-UBND"), ("185", 1, "2013-10-01", "13/QĐ-UBND"),
              ("180", 0, "2014-12-15", "14/QĐ-UBND"))


def rural_communes(district: str) -> list[str]:
    """Straight from the reference package, not through any service."""
    rows = query("SELECT wardCode FROM admin_units_legacy WHERE provinceCode = '20' AND wardType = 'Xã'"
                 f" AND districtCode = '{district}' ORDER BY wardCode")
    return [r["wardCode"] for r in rows]


async def ok(client, path: str, body: dict, token: str = BOARD) -> dict:
    answer = await client.post(path, json=body, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


async def test_yearly_summary_and_thematic_reports_through_the_api(kafka_admin, database_url, pg_role_passwords,
                                                                  wait_until):
    stack_id = new_stack_id()
    urls = provisioned_urls(database_url, pg_role_passwords, stack_id)
    kafka = provisioned_kafka(kafka_admin, stack_id)
    xa = {d: rural_communes(d) for d in ("180", "185")}
    async with (running("registry", kafka["registry"], urls["registry"], TOKENS, stack_id, BOARD) as (_, registry),
                running("progress", kafka["progress"], urls["progress"], TOKENS, stack_id, BOARD) as (_, progress),
                running("reporting", kafka["reporting"], urls["reporting"], TOKENS, stack_id, VIEWER) as (_, api)):
        recorded_at = await _record(registry, progress, xa, wait_until)

        async def get(path: str, status: int = 200, **params) -> dict:
            answer = await api.get(path, params=params)
            assert answer.status_code == status, answer.text
            return answer.json()

        async def reporting_knows_them() -> bool:
            report = await get("/reports/consolidated", as_of="2015-12-31")
            return report["province"]["recognised"] == len(RECOGNISED) and bool(report["movement_registrations"])

        await wait_until(reporting_knows_them)
        await _board_records(api)
        await _thematic(get, xa, recorded_at)
        await _yearly(get, xa)


async def _record(registry, progress, xa: dict[str, list[str]], wait_until) -> str:
    """Record the history in registry and progress; answer when the second recognition was recorded."""
    await ok(registry, "/commands/import-province-units", {"province_code": "20", "effective_from": "2011-01-01"})
    await ok(registry, "/commands/register-participant", {"code": "SNV", "kind": "department", "name": "Sở Nội vụ",
                                                          "parent_code": "20", "effective_from": "2012-01-01"})
    await ok(registry, "/commands/designate-pilot", {"unit_code": "185", "level": "province",
                                                     "effective_from": "2011-12-16", "document_number": "108/KH-UBND"})
    await ok(registry, "/commands/register-movement", {"unit_code": "185", "registered_on": "2011-12-20"})
    await ok(progress, "/commands/publish-builtin-criteria-set", {"set_id": "2009"})

    async def progress_knows_units() -> bool:
        return (await progress.get(f"/communes/{xa['185'][0]}/criteria")).status_code == 200

    await wait_until(progress_knows_units)
    await ok(progress, "/commands/set-target", {"unit_code": "20", "year": 2015, "ntm_rate": 0.2})
    moments = []
    for district, index, day, number in RECOGNISED:
        commune = xa[district][index]
        await ok(progress, "/commands/assess-district-matrix", {
            "district_code": district, "effective_date": day,
            "cells": [{"commune_code": commune, "criterion": n, "met": True} for n in range(1, 20)]})
        answer = await ok(progress, "/commands/recognise-commune", {
            "commune_code": commune, "district_code": district, "document_number": number, "effective_date": day})
        moments.append(answer["recorded_at"])
    return moments[1]


async def _board_records(api) -> None:
    """R6, R7 and R1 facts of 2013, recorded by the board in reporting."""
    await ok(api, "/commands/record-inspection", {
        "code": "KT-2013-01", "team": ["Nguyễn Văn An"], "unit_code": "185", "visited_on": "2013-06-10",
        "findings": "Xã điểm đạt 15/19 tiêu chí", "actions": []})
    await ok(api, "/commands/record-proposal", {
        "code": "KN-185-01", "proposer_code": "185", "addressed_to": ["SNV"], "subject": "Điều chỉnh lộ trình",
        "content": "Đề nghị bổ sung vốn", "proposed_on": "2013-03-01"})
    await ok(api, "/commands/open-period", {"kind": "year", "year": 2013, "due_on": "2014-01-15", "grace_days": 5,
                                            "opened_on": "2013-12-01"})


async def _thematic(get, xa: dict[str, list[str]], second_recorded_at: str) -> None:
    report = await get("/reports/thematic", plan="2011-2015")
    assert (report["as_of"], report["start"], report["plan_over"]) == ("2015-12-31", "2011-01-01", True)
    trend = {d["code"]: d for d in report["trend"]["districts"]}
    assert len(trend) == 11
    bac_son, trang_dinh = len(xa["185"]), len(xa["180"])
    assert [(p["year"], p["recognised"], p["communes"]) for p in trend["185"]["years"]] == [
        (2011, 0, bac_son), (2012, 1, bac_son), (2013, 2, bac_son), (2014, 2, bac_son), (2015, 2, bac_son)]
    assert [p["change"]["rate"] for p in trend["185"]["years"]] == [
        0.0, float(Fraction(1, bac_son)), float(Fraction(2, bac_son) - Fraction(1, bac_son)), 0.0, 0.0]
    assert [p["rate"] for p in trend["180"]["years"]][2:4] == [0.0, 1 / trang_dinh]
    results = report["results"]
    assert [(d["code"], d["rank"]) for d in results["districts"]][:2] == (
        [("185", 1), ("180", 2)] if Fraction(2, bac_son) > Fraction(1, trang_dinh) else [("180", 1), ("185", 2)])
    province = results["province"]
    [target] = results["targets"]
    assert target["met"] == (Fraction(province["recognised"], province["communes"]) >= Fraction(1, 5))
    milestones = {m["code"]: m for m in report["milestones"]}
    assert [r["unit_code"] for r in milestones["2011-launch"]["facts"]["movement_registrations"]] == ["185"]
    evaluation = milestones["2012-pilot-evaluation"]["facts"]
    [pilot] = evaluation["province_pilot_districts"]
    assert (pilot["code"], pilot["recognised"], pilot["communes"]) == ("185", 1, bac_son)
    assert set(evaluation["districts_below_minimum"]) == set(trend)  # no district named its own 2 pilots
    assert [r["code"] for r in milestones["2015-summary"]["facts"]["recognised_in_plan"]] == sorted(
        [xa["185"][0], xa["185"][1], xa["180"][0]])
    assert [p["period_code"] for p in report["periodic_reports"]] == ["2013"]
    # As known when the second recognition was recorded: the 2014 one not yet; asked again: the same.
    earlier = await get("/reports/thematic", plan="2011-2015", known_at=second_recorded_at)
    assert {d["code"]: d["years"][-1]["recognised"] for d in earlier["trend"]["districts"]}["180"] == 0
    assert earlier["milestones"][0] == milestones["2011-launch"]
    assert await get("/reports/thematic", plan="2011-2015", known_at=second_recorded_at) == earlier
    assert (await get("/reports/thematic", 422, plan="2021-2025"))["error"]["rule"].startswith("INPUT")


async def _yearly(get, xa: dict[str, list[str]]) -> None:
    report = await get("/reports/yearly-summary", year=2013)
    bac_son = len(xa["185"])
    rates = {d["code"]: d for d in report["rates"]["districts"]}
    assert (rates["185"]["start"]["recognised"], rates["185"]["end"]["recognised"]) == (1, 2)
    assert rates["185"]["change"] == {"recognised": 1, "rate": float(Fraction(1, bac_son))}
    assert [(r["code"], r["decision_number"], r["effective_date"]) for r in report["recognitions"]["recognised"]] == [
        (xa["185"][1], "13/QĐ-UBND", "2013-10-01")]
    # The xã recognised in 2013 was assessed in 2013 (19 gained); the 2012 one kept its 19.
    assert (report["criteria"]["gained"], report["criteria"]["lost"]) == (19, 0)
    assert [i["code"] for i in report["inspections"]["inspections"]] == ["KT-2013-01"]
    [period] = report["periodic_reports"]
    assert period["period_code"] == "2013" and period["province"]["submitted"] == 0
    assert period["totals"]["province"]["approved_units"] == 0  # nothing reported yet: nothing added up
    assert {u["unit_code"] for u in period["missing_units"]} == set(rates) | {"SNV"}  # the districts and the department owe it
    assert [p["code"] for p in report["proposals"]["proposals"]] == ["KN-185-01"]
    assert (await get("/reports/yearly-summary", 422, year=2099))["error"]["rule"] == "R3"
    assert (await get("/reports/yearly-summary", year=2012))["proposals"]["proposals"] == []

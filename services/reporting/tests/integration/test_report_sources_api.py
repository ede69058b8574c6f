"""R2's sources over the real broker and database: registry, awards and reporting in this process.
A round of awards run through the awards service's API (real events on the awards topic, which
reporting's `award_facts` projection reads), a period with one unit on time, one late and the
rest missing, an inspection with an overdue action and a proposal, all in the consolidated report
(JSON and text); asked again with an earlier known_at, the report does not see what came later."""
import pytest

from thidua_deploy.recorded_history import BOARD, board_records, ok, register_departments, summary_round

pytestmark = pytest.mark.asyncio(loop_scope="function")

AS_OF = "2016-06-30"


async def test_the_consolidated_report_has_its_sources(stack):
    s = await stack(("registry", "demo-province-board"), ("awards", "demo-province-board"),
                    ("reporting", "demo-viewer"))
    registry, awards, reporting = s.clients["registry"], s.clients["awards"], s.clients["reporting"]
    await ok(registry, "import-province-units", {"province_code": "20", "effective_from": "2011-01-01"})
    await register_departments(registry)

    async def both_know_them() -> bool:
        seen = [await s.db.fetchval(f'SELECT count(DISTINCT code) FROM "{schema}".ntm_participants')
                for schema in (s.schema, s.schema.replace("reporting_", "awards_", 1))]
        return seen == [2, 2]

    await s.wait_until(both_know_them)
    reviewed = (await summary_round(awards))["answers"][2]  # SNNPTNT's review
    before_late = (await board_records(reporting))["before_late"]

    async def report_knows_the_round() -> dict | None:
        report = (await reporting.get("/reports/consolidated", params={"as_of": AS_OF})).json()
        rounds = report["awards"]["rounds"]
        return report if rounds and rounds[0]["counts"]["conferred"] == 1 else None

    report = await s.wait_until(report_knows_the_round)
    _check_now(report)
    _check_earlier(await _get(reporting, reviewed["recorded_at"]), await _get(reporting, before_late))
    text = (await reporting.get("/reports/consolidated.txt", params={"as_of": AS_OF})).text
    assert "11. Đề nghị khen thưởng và khen thưởng (A8–A11)" in text and "15/QĐ-UBND" in text
    assert "Kỳ 2015-H2 — nộp chậm: Huyện Bắc Sơn (nộp 01/02/2016); chưa nộp: Thành phố Lạng Sơn;" in text
    assert "13. Kiểm tra của Hội đồng (R6), năm 2016 — 1 việc khắc phục quá hạn" in text
    # The projection has kernel's rebuild route; rebuilt from offset 0, the report is the same.
    rebuilt = await reporting.post("/projections/award_facts/rebuild", headers=BOARD)
    assert rebuilt.status_code == 202, rebuilt.text

    async def caught_up_again() -> bool:
        status = (await reporting.get("/projections/award_facts")).json()
        return status["state"] == "caught_up" and (await _get(reporting, report["known_at"])) == report

    await s.wait_until(caught_up_again)


async def _get(reporting, known_at: str) -> dict:
    answer = await reporting.get("/reports/consolidated", params={"as_of": AS_OF, "known_at": known_at})
    assert answer.status_code == 200, answer.text
    return answer.json()


def _check_now(report: dict) -> None:
    [r] = report["awards"]["rounds"]
    assert {n["nominee_code"]: n["status"] for n in r["nominations"]} == {"180": "withdrawn", "SNNPTNT": "conferred"}
    assert r["awards"] == [{
        "nomination_id": "tk-2011-2015/bk-so/SNNPTNT", "award_kind": "bk-so", "award_name_vi": "Bằng khen sở",
        "nominee_code": "SNNPTNT", "nominee_kind": "department", "nominee_name": "Sở Nông nghiệp và Phát triển nông thôn",
        "decision_number": "15/QĐ-UBND", "decision_date": "2016-04-01", "conferred_on": "2016-05-19",
        "certificate_number": "BK-7"}]
    [period] = report["periodic_reporting"]["periods"]
    assert period["period_code"] == "2015-H2" and period["province"]["submitted"] == 2
    assert period["province"]["on_time"] == 1 and period["province"]["owed"] == 13  # 11 districts, 2 departments
    assert {u["unit_code"]: u["name"] for u in period["late_units"]}["185"] == "Huyện Bắc Sơn"
    assert "185" not in {u["unit_code"] for u in period["missing_units"]} and len(period["missing_units"]) == 11
    [visit] = report["inspections"]["inspections"]
    assert visit["overdue_actions"] == ["A1"] and visit["actions"][0]["days_overdue"] == 61
    assert visit["unit_name"] == "Huyện Tràng Định"
    [proposal] = report["proposals"]["proposals"]
    assert (proposal["code"], proposal["status"], proposal["proposer_name"]) == ("KN-2016-01", "open", "Huyện Tràng Định")
    assert report["not_yet_recorded"] == []


def _check_earlier(reviewed: dict, before_late: dict) -> None:
    """As known when SNNPTNT's review was recorded: reviewed, no award, no period yet; as known
    when 185's draft was recorded: its late submission not there (missing, and late at D)."""
    [r] = reviewed["awards"]["rounds"]
    assert {n["nominee_code"]: n["status"] for n in r["nominations"]} == {"180": "withdrawn", "SNNPTNT": "reviewed"}
    assert r["awards"] == [] and reviewed["periodic_reporting"]["periods"] == []  # the period was opened later
    assert reviewed["inspections"]["inspections"] == [] and reviewed["proposals"]["proposals"] == []
    [period] = before_late["periodic_reporting"]["periods"]
    assert period["province"]["submitted"] == 1
    assert {"unit_code": "185", "name": "Huyện Bắc Sơn", "kind": "district"} in period["missing_units"]
    assert {"unit_code": "185", "name": "Huyện Bắc Sơn", "kind": "district", "reported_on": None} in period["late_units"]
    assert before_late["inspections"]["inspections"] == []

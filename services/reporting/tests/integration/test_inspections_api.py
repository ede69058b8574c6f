"""R6 and R7 through reporting's HTTP API, in this process (the `edge` a server runs), on the
session's Kafka and PostgreSQL: the registry records Lạng Sơn's units and three participants;
reporting learns them only from the registry's topic, then records inspections and proposals.
Every refusal names its rule and writes nothing; a retry with the same Idempotency-Key gets the
first answer; the views answer at (as_of, known_at)."""
import pytest

pytestmark = pytest.mark.asyncio(loop_scope="function")
BOARD = {"Authorization": "Bearer demo-province-board"}
DISTRICT_180 = {"Authorization": "Bearer demo-district-180"}
DISTRICT_185 = {"Authorization": "Bearer demo-district-185"}
DEPARTMENT_SNN = {"Authorization": "Bearer demo-department-snn"}
PARTICIPANTS = (("SNNPTNT", "department", "Sở Nông nghiệp và Phát triển nông thôn"),
                ("SNV", "department", "Sở Nội vụ"), ("HND", "mass_organisation", "Hội Nông dân tỉnh"))
VISIT = {"code": "KT-2014-01", "team": ["Nguyễn Văn An", "Hoàng Thị Bình"], "unit_code": "180",
         "visited_on": "2014-06-10", "findings": "Quy hoạch xã chưa được công khai đầy đủ",
         "actions": [{"code": "A1", "description": "Công khai quy hoạch", "due_on": "2014-09-30"},
                     {"code": "A2", "description": "Lập kế hoạch huy động vốn", "due_on": "2014-12-31"}]}
PROPOSAL = {"code": "KN-180-01", "proposer_code": "180", "addressed_to": ["SNV", "SNNPTNT"],
            "subject": "Điều chỉnh lộ trình tiêu chí môi trường", "content": "Đề nghị lùi thời hạn đến 2016",
            "proposed_on": "2014-03-01"}


async def refused(client, path: str, body: dict, headers: dict, status: int, rule: str) -> dict:
    answer = await client.post(path, json=body, headers=headers)
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert error["rule"] == rule and error["message_vi"] and error["message_en"], error
    return error


async def ok(client, path: str, body: dict, headers: dict = BOARD, key: str | None = None) -> dict:
    answer = await client.post(path, json=body, headers={**headers, **({"Idempotency-Key": key} if key else {})})
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_inspections_and_proposals_through_the_api(stack):
    s = await stack(("registry", "demo-province-board"), ("reporting", "demo-viewer"))
    registry, reporting, db, schema = s.clients["registry"], s.clients["reporting"], s.db, s.schema
    await ok(registry, "/commands/import-province-units", {"province_code": "20", "effective_from": "2011-01-01"})
    for code, kind, name in PARTICIPANTS:
        await ok(registry, "/commands/register-participant", {"code": code, "kind": kind, "name": name,
                                                              "parent_code": "20", "effective_from": "2012-01-01"})

    async def reporting_knows_them() -> bool:
        participants = await db.fetchval(f"SELECT count(DISTINCT code) FROM {schema}.ntm_participants")
        units = await db.fetchval(f"SELECT count(*) FROM {schema}.ntm_unit_changes WHERE code = '180'")
        return participants == 3 and units == 1

    await s.wait_until(reporting_knows_them)
    await _inspections(reporting)
    await _proposals(reporting)
    counts = dict(await db.fetch(f"SELECT event_type, count(*) FROM {schema}.events GROUP BY event_type"))
    assert counts == {"InspectionRecorded": 1, "InspectionActionDone": 1, "ProposalRecorded": 2,
                      "ProposalAnswered": 1}


async def _inspections(reporting) -> None:
    first = await ok(reporting, "/commands/record-inspection", VISIT, key="kt-1")
    assert first["unchanged"] is False and first["version"] == 1 and len(first["events"]) == 1
    assert await ok(reporting, "/commands/record-inspection", VISIT, key="kt-1") == first  # idempotent retry
    again = await ok(reporting, "/commands/record-inspection", VISIT)
    assert again["unchanged"] is True and again["events"] == []
    await refused(reporting, "/commands/record-inspection", VISIT, DISTRICT_180, 403, "AUTH-ROLE")
    await refused(reporting, "/commands/record-inspection", {**VISIT, "unit_code": "185"}, BOARD, 422, "R6")
    await refused(reporting, "/commands/record-inspection", {**VISIT, "code": "KT-X", "unit_code": "99999"},
                  BOARD, 422, "R6")
    await refused(reporting, "/commands/record-inspection", {**VISIT, "code": "KT-X", "visited_on": "2099-01-01"},
                  BOARD, 422, "R6")
    await refused(reporting, "/commands/record-inspection", {**VISIT, "code": "KT-X", "team": []}, BOARD, 422,
                  "INPUT")
    done = await ok(reporting, "/commands/mark-inspection-action-done",
                    {"inspection_code": "KT-2014-01", "action_code": "A1", "done_on": "2014-09-15"})
    await refused(reporting, "/commands/mark-inspection-action-done",
                  {"inspection_code": "KT-2014-01", "action_code": "A1", "done_on": "2014-09-20"}, BOARD, 422, "R6")
    await refused(reporting, "/commands/mark-inspection-action-done",
                  {"inspection_code": "KT-9", "action_code": "A1"}, BOARD, 404, "R6")
    at_end = (await reporting.get("/inspections", params={"year": 2014, "as_of": "2015-01-15"})).json()
    [visit] = at_end["inspections"]
    assert {a["code"]: a["status"] for a in visit["actions"]} == {"A1": "done", "A2": "overdue"}
    assert [(a["inspection_code"], a["code"], a["days_overdue"]) for a in at_end["overdue_actions"]] == [
        ("KT-2014-01", "A2", 15)]
    before_mark = (await reporting.get("/inspections/KT-2014-01",
                                       params={"as_of": "2015-01-15", "known_at": first["recorded_at"]})).json()
    assert before_mark["overdue_actions"] == ["A1", "A2"] and before_mark["version"] == 1
    assert done["recorded_at"] > first["recorded_at"]
    assert (await reporting.get("/inspections", params={"year": 2015})).json()["inspections"] == []
    assert (await reporting.get("/inspections", params={"unit": "185"})).json()["inspections"] == []
    missing = await reporting.get("/inspections/KT-9")
    assert missing.status_code == 404 and missing.json()["error"]["rule"] == "R6"


async def _proposals(reporting) -> None:
    mine = await ok(reporting, "/commands/record-proposal", PROPOSAL, DISTRICT_180)
    assert mine["version"] == 1
    await refused(reporting, "/commands/record-proposal", {**PROPOSAL, "code": "KN-X"}, DISTRICT_185, 403, "AUTH-SCOPE")
    await refused(reporting, "/commands/record-proposal", {**PROPOSAL, "code": "KN-X", "proposer_code": "HND"},
                  DEPARTMENT_SNN, 403, "AUTH-SCOPE")
    await refused(reporting, "/commands/record-proposal", {**PROPOSAL, "code": "KN-X", "addressed_to": ["HND"]},
                  BOARD, 422, "R7")
    await refused(reporting, "/commands/record-proposal", {**PROPOSAL, "code": "KN-X", "proposer_code": "XYZ"},
                  BOARD, 422, "R7")
    await ok(reporting, "/commands/record-proposal", {**PROPOSAL, "code": "KN-HND-01", "proposer_code": "HND",
                                                      "addressed_to": ["SNV"], "proposed_on": "2014-04-02"})
    answer = {"proposal_code": "KN-180-01", "answer": "Đồng ý lùi đến năm 2016", "accepted": True,
              "answered_on": "2014-05-01"}
    await refused(reporting, "/commands/answer-proposal", answer, DISTRICT_180, 403, "AUTH-ROLE")
    await ok(reporting, "/commands/answer-proposal", answer)
    await refused(reporting, "/commands/answer-proposal", {**answer, "accepted": False}, BOARD, 422, "R7")
    codes = lambda body: [p["code"] for p in body["proposals"]]  # noqa: E731
    now = (await reporting.get("/proposals")).json()
    assert codes(now) == ["KN-180-01", "KN-HND-01"] and now["counts"]["accepted"] == 1
    assert codes((await reporting.get("/proposals", params={"status": "open"})).json()) == ["KN-HND-01"]
    assert codes((await reporting.get("/proposals", params={"status": "answered"})).json()) == ["KN-180-01"]
    april = (await reporting.get("/proposals/KN-180-01", params={"as_of": "2014-04-30"})).json()
    assert april["status"] == "open" and april["answer"] is None
    bad = await reporting.get("/proposals", params={"status": "maybe"})
    assert bad.status_code == 422
